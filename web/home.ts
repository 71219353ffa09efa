import { manageLink } from '../core/manage-link';
import type { Limits } from '../core/limits';
import { publishNew, type LinkInfo } from './api';
import { pickedFromDrop, pickedFromFiles, type Pick } from './collect';
import { byId, copyText, describeExpiry, h, onDrop, showProgress } from './dom';
import { Preparer, problemText } from './prepare';
import { rememberLink } from './store';
import { allowFromText } from './allow-panel';
import { allowWords } from '../core/expiry-words';

export function limitsFrom(el: HTMLElement): Limits {
  return { maxFileBytes: Number(el.dataset.maxFile), maxShareBytes: Number(el.dataset.maxShare), maxFiles: Number(el.dataset.maxFiles) };
}

/** Shows an SVG QR code for a link inside `box` (uqr is loaded on demand). */
export async function renderQr(box: HTMLElement, url: string): Promise<void> {
  const { qrSvg } = await import('./qr');
  const svg = new DOMParser().parseFromString(qrSvg(url), 'image/svg+xml').documentElement;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `QR code for ${url}`);
  box.replaceChildren(document.importNode(svg, true));
}

/** The home page: pick or drop → summary → options → upload with progress → the link. */
export function initHome(): void {
  const form = byId<HTMLFormElement>('publish');
  const limits = limitsFrom(form);
  const drop = byId('drop');
  const filesInput = byId<HTMLInputElement>('pick-files');
  const folderInput = byId<HTMLInputElement>('pick-folder');
  const summary = byId('summary');
  const submit = byId<HTMLButtonElement>('submit');
  const error = byId('error');
  const progressBox = byId('progress');
  const bar = byId<HTMLProgressElement>('progress-bar');
  const progressText = byId('progress-text');
  const result = byId('result');
  const checks = h('div', { id: 'checks', class: 'checks' });
  summary.after(checks);
  let busy = false;

  const setError = (text: string) => { error.textContent = text; error.hidden = !text; };
  const prep = new Preparer(limits, {
    summary, checks, error: setError,
    ready: (ok) => { submit.disabled = !ok || busy; if (ok && !prep.asked) submit.focus(); },
    chooseFolder: () => folderInput.click(),
  });

  function take(read: () => Promise<Pick>) {
    if (busy) return;
    // A drop on the finished page starts over with the new files.
    result.hidden = true;
    form.hidden = false;
    void prep.take(read);
  }

  byId('choose-files').addEventListener('click', () => filesInput.click());
  byId('choose-folder').addEventListener('click', () => folderInput.click());
  filesInput.addEventListener('change', () => { const files = Array.from(filesInput.files ?? []); filesInput.value = ''; take(async () => pickedFromFiles(files)); });
  folderInput.addEventListener('change', () => { const files = Array.from(folderInput.files ?? []); folderInput.value = ''; take(async () => pickedFromFiles(files, true)); });
  // Entries must be taken from the DataTransfer during the drop event, before any await.
  onDrop(drop, (data) => { const picked = pickedFromDrop(data); take(() => picked); });
  // A drop that misses the zone would navigate away to the file: catch it anywhere on the page.
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => { e.preventDefault(); if (e.dataTransfer) { const picked = pickedFromDrop(e.dataTransfer); take(() => picked); } });

  const stop = (message: string) => {
    busy = false;
    setError(message);
    form.removeAttribute('aria-busy');
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLSelectElement>('input, button, select')) el.disabled = false;
    progressBox.hidden = true;
    byId('allow').focus();
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const bundle = prep.bundle;
    if (!bundle || !prep.isReady || busy) return;
    busy = true;
    setError('');
    form.setAttribute('aria-busy', 'true');
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLSelectElement>('input, button, select')) el.disabled = true;
    progressBox.hidden = false;
    let allow: string[];
    try {
      allow = allowFromText(byId<HTMLInputElement>('allow').value);
    } catch (err) {
      return stop((err as Error).message);
    }
    const opts = { expires: byId<HTMLSelectElement>('expires').value, password: byId<HTMLInputElement>('password').value, spa: byId<HTMLInputElement>('spa').checked, feedback: byId<HTMLInputElement>('feedback').checked, allow };
    try {
      const { info, token } = await publishNew(bundle, opts, (sent, total) => showProgress(bar, progressText, sent, total));
      rememberLink(info, token, bundle.title, bundle.label);
      form.hidden = true;
      showResult(info, !!opts.password);
      showManageLink(info.id, token);
    } catch (err) {
      setError(problemText(err, limits));
    } finally {
      busy = false;
      progressBox.hidden = true;
      form.removeAttribute('aria-busy');
      for (const el of form.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLSelectElement>('input, button, select')) el.disabled = false;
      submit.disabled = !prep.isReady;
    }
  });

  function showManageLink(id: string, token: string) {
    const manage = byId<HTMLAnchorElement>('manage-link');
    manage.href = manageLink(location.origin, id, token);
    manage.textContent = manage.href;
  }

  function showResult(info: LinkInfo, withPassword: boolean) {
    const url = info.url;
    const shown = byId<HTMLAnchorElement>('link-url');
    shown.href = url;
    shown.textContent = url;
    byId<HTMLAnchorElement>('open-link').href = url;
    // Say only what the server confirmed: a password the server did not acknowledge protects nothing.
    const password = !withPassword ? '' : info.passwordProtected !== true
      ? ' The service did not confirm the password: treat this link as public.'
      : ' Visitors need the password you set.';
    const root = info.root ? ` Every page is inside ${info.root}, so it is served as the link's root.` : '';
    // As for the password: only what the server confirmed.
    const feedback = info.feedback === true ? ' Viewer feedback is on: Your links shows their errors and comments.' : '';
    const people = info.allow?.length ? ` Only ${allowWords(info.allow)} can open it, with a code sent by email.` : '';
    byId('result-expiry').textContent = `Expires: ${describeExpiry(info.expiresAt)}.${people}${password}${root}${feedback}`;
    result.hidden = false;
    byId('result-title').focus();
    void renderQr(byId('qr'), url);
  }

  byId('copy-link').addEventListener('click', async () => {
    const ok = await copyText(byId<HTMLAnchorElement>('link-url').href);
    byId('copy-status').textContent = ok ? 'Copied.' : 'Could not copy: select the link above and copy it.';
  });
  byId('again').addEventListener('click', () => {
    result.hidden = true;
    form.hidden = false;
    prep.reset();
    byId('copy-status').textContent = '';
    byId<HTMLInputElement>('password').value = '';
    byId<HTMLInputElement>('allow').value = '';
    byId('choose-files').focus();
  });
}
