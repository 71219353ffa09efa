import { formatBytes, type Limits } from '../core/limits';
import { describeFinding, type SecretFinding } from '../core/secrets';
import { makeBundle, type Bundle, type Choices, type Pick } from './collect';
import { h } from './dom';
import { friendlyError } from './messages';
import { placeMissing } from './missing';
import { Problem } from './problem';

/** Where a Preparer shows itself, and what it tells its page. */
export interface PrepareView {
  /** One line: what will be published. */
  summary: HTMLElement;
  /** Where the checks go: entry picker, secrets, missing references, notes, the file list. */
  checks: HTMLElement;
  /** Shows a refusal in words; '' hides it. */
  error: (text: string) => void;
  /** Called whenever the bundle becomes ready to publish, or stops being so. */
  ready: (ok: boolean) => void;
  /** Opens the folder picker ("Choose the folder instead"). */
  chooseFolder: () => void;
}

export function problemText(err: unknown, limits: Limits): string {
  if (err instanceof Problem) return friendlyError(err, limits);
  return 'Something went wrong in this page. Please reload it and try again.';
}

/**
 * The checks between picking files and publishing them, shared by "Share a page" and "Update…":
 * the core collects the bundle (core/bundle.ts), and anything it cannot decide alone becomes a
 * question on the page: which page opens first, whether likely keys may go public (only through
 * an explicit "Publish anyway"), and what to do about files a lone page loads but were not picked.
 * Nothing is sent from here; `bundle` is set only when the person may publish.
 */
export class Preparer {
  bundle: Bundle | null = null;
  /** True once a question was shown: a caller that publishes on its own must then wait for a click. */
  asked = false;
  private pick: Pick | null = null;
  private choices: Choices = {};
  private pages: string[] = [];
  private allowMissing = false;
  private findings: SecretFinding[] = [];
  /** The lone page's path, kept when the person chooses its folder instead, to open that page first. */
  private preferEntry?: string;
  private run = 0;

  constructor(private limits: Limits, private view: PrepareView) {}

  /** Starts over with newly picked files. */
  async take(read: () => Promise<Pick>): Promise<void> {
    const prefer = this.preferEntry;
    this.reset();
    const run = this.run;
    this.view.summary.textContent = 'Reading files…';
    let pick: Pick;
    try {
      pick = await read();
    } catch (err) {
      if (run !== this.run) return;
      this.view.summary.textContent = '';
      return this.view.error(problemText(err, this.limits));
    }
    // Files picked again while these were being read win.
    if (run !== this.run) return;
    this.pick = pick;
    if (prefer && this.pick.kind === 'folder') this.choices.entry = prefer;
    await this.prepare(prefer !== undefined);
  }

  /** Forgets everything picked and answered. */
  reset(): void {
    this.run++;
    Object.assign(this, { bundle: null, asked: false, pick: null, choices: {}, pages: [], allowMissing: false, findings: [], preferEntry: undefined });
    this.view.summary.textContent = '';
    this.view.checks.replaceChildren();
    this.view.error('');
    this.view.ready(false);
  }

  /** Whether the bundle may be published now: collected, and any missing files answered for. */
  get isReady(): boolean {
    return this.bundle !== null && (this.bundle.missing.length === 0 || this.allowMissing);
  }

  private async prepare(preferred = false): Promise<void> {
    if (!this.pick) return;
    const run = ++this.run;
    this.bundle = null;
    this.view.ready(false);
    this.view.error('');
    try {
      const bundle = await makeBundle(this.pick, this.limits, this.choices);
      if (run !== this.run) return;
      this.bundle = bundle;
      this.findings = bundle.findings;
    } catch (err) {
      if (run !== this.run) return;
      if (preferred && err instanceof Problem && err.code === 'no_entry_page') {
        // The lone page is not in the chosen folder: open whatever the folder itself would.
        delete this.choices.entry;
        return this.prepare();
      }
      if (err instanceof Problem && err.code === 'likely_secrets') this.findings = (err.details as { findings: SecretFinding[] }).findings;
      else if (err instanceof Problem && err.code === 'ambiguous_entry') this.pages = (err.details as { choices: string[] }).choices;
      else {
        this.view.summary.textContent = '';
        this.view.checks.replaceChildren();
        return this.view.error(problemText(err, this.limits));
      }
    }
    this.render();
    this.view.ready(this.isReady);
  }

  private render(): void {
    const b = this.bundle;
    const n = b?.files.length ?? 0;
    this.view.summary.textContent = b
      ? `${b.label}: ${n} file${n === 1 ? '' : 's'}, ${formatBytes(b.bytes)}. Opens ${b.entry}${b.title ? ` (“${b.title}”)` : ''}.`
      : 'Please answer the question below; nothing is sent before that.';
    const parts: (HTMLElement | null)[] = [this.entryPicker(), this.secretsPanel(), b && b.missing.length ? this.missingPanel(b) : null];
    this.asked ||= parts.some(Boolean);
    const notes = b?.warnings.filter((w) => !w.startsWith('missing: ')) ?? [];
    if (notes.length) parts.push(h('ul', { class: 'notes', 'aria-label': 'Notes' }, ...notes.map((w) => h('li', {}, w))));
    if (b) parts.push(h('details', { class: 'files' }, h('summary', {}, `Show the ${n} file${n === 1 ? '' : 's'}`), h('ul', {}, ...b.files.map((f) => h('li', {}, f.path)))));
    this.view.checks.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  }

  /** Several pages and no index.html: the person picks the page that opens first. */
  private entryPicker(): HTMLElement | null {
    if (this.pages.length === 0) return null;
    const select = h('select', {}, h('option', { value: '' }, 'Choose a page…'),
      ...this.pages.map((p) => h('option', { value: p, selected: p === this.choices.entry }, p)));
    select.addEventListener('change', () => { this.choices.entry = select.value || undefined; void this.prepare(); });
    return h('div', { class: 'check entry' },
      h('label', {}, 'There are several pages and no index.html. Which page should the link open first?', select));
  }

  /** Likely keys: listed as file:line with a redacted preview; publishing them takes an explicit choice. */
  private secretsPanel(): HTMLElement | null {
    if (this.findings.length === 0) return null;
    const allow = h('input', { type: 'checkbox', checked: this.choices.allowSecrets === true });
    allow.addEventListener('change', () => { this.choices.allowSecrets = allow.checked; void this.prepare(); });
    const many = this.findings.length > 1;
    return h('div', { class: 'check warn secrets', role: 'alert' },
      h('p', {}, h('strong', {}, `This looks like it contains ${many ? 'secret keys' : 'a secret key'}.`),
        ` Nothing has been sent. Anyone with the link could read ${many ? 'them' : 'it'} and use ${many ? 'them' : 'it'}:`),
      h('ul', { class: 'findings' }, ...this.findings.map((f) => h('li', {}, describeFinding(f)))),
      h('p', {}, `Remove ${many ? 'them' : 'it'} and choose the files again, or:`),
      h('label', { class: 'choice' }, allow, ` Publish anyway — ${many ? 'these keys' : 'this key'} will be public`));
  }

  /** A lone page loads files that were not picked: offer the folder, adding them, or an explicit "without them". */
  private missingPanel(b: Bundle): HTMLElement {
    const lines = b.warnings.filter((w) => w.startsWith('missing: '));
    const folder = h('button', { type: 'button' }, 'Choose the folder instead');
    const add = h('button', { type: 'button' }, 'Add the missing files');
    const input = h('input', { type: 'file', multiple: true, class: 'visually-hidden', tabindex: '-1', 'aria-label': 'The missing files' });
    const without = h('input', { type: 'checkbox', checked: this.allowMissing });
    folder.addEventListener('click', () => { this.preferEntry = b.entry; this.view.chooseFolder(); });
    add.addEventListener('click', () => input.click());
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []);
      input.value = '';
      this.choices.added = [...(this.choices.added ?? []), ...placeMissing(files, b.missing.map((m) => m.path))];
      void this.prepare();
    });
    without.addEventListener('change', () => { this.allowMissing = without.checked; this.view.ready(this.isReady); });
    return h('div', { class: 'check warn missing' },
      h('p', {}, h('strong', {}, `${b.entry} loads ${lines.length === 1 ? 'a file' : 'files'} you did not pick`), ', so the page would look broken:'),
      h('ul', {}, ...lines.map((w) => h('li', {}, w))),
      h('p', { class: 'row' }, folder, ' ', add, input),
      h('label', { class: 'choice' }, without, ' Create the link without them (the page will look broken)'));
  }
}
