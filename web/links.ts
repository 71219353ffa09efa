import { linkInfo, publishUpdate, revokeLink, type LinkInfo } from './api';
import { pickedFromDrop, pickedFromFiles, type Pick } from './collect';
import { byId, copyText, describeExpiry, formatDate, h, onDrop, showProgress } from './dom';
import { feedbackSection, loadFeedback } from './feedback-panel';
import { limitsFrom } from './home';
import { allowPanel } from './allow-panel';
import { Preparer, problemText } from './prepare';
import { Problem } from './problem';
import { forgetLink, loadLinks, rememberLink, type SavedLink } from './store';

const STATE_LABEL = new Map(Object.entries({
  live: 'Live', revoked: 'Revoked', expired: 'Expired', taken_down: 'Taken down', pending: 'Not finished', gone: 'Gone',
}));

/** Where the cards' links live: this browser's Your links by default; the manage page passes the one link its fragment names. */
export interface LinkSource {
  load: typeof loadLinks;
  remember: typeof rememberLink;
  forget: typeof forgetLink;
}

/** "Your links": what this browser created, refreshed from the API, with open/copy/update/revoke. */
export function initLinks(source: LinkSource = { load: loadLinks, remember: rememberLink, forget: forgetLink }): void {
  const { load: loadLinks, remember: rememberLink, forget: forgetLink } = source;
  const list = byId('links');
  const empty = byId('empty');
  const limits = limitsFrom(list);

  /**
   * Redraws every card; `keepOpen` keeps a card whose Update… panel is open, so a refresh never
   * wipes an update in progress, and reopens a "Who can open it" panel that was open, so the
   * refresh after the page loads does not fold it away under the sharer's pointer.
   */
  function render(keepOpen = false) {
    const links = loadLinks();
    empty.hidden = links.length > 0;
    const open = new Map(keepOpen ? Array.from(list.querySelectorAll<HTMLLIElement>('li[data-open]'), (li) => [li.dataset.id, li]) : []);
    const people = new Set(keepOpen ? Array.from(list.querySelectorAll('details.allow[open]'), (d) => d.closest<HTMLLIElement>('li[data-id]')?.dataset.id) : []);
    list.replaceChildren(...links.map((l) => open.get(l.id) ?? card(l)));
    for (const li of list.querySelectorAll<HTMLLIElement>('li[data-id]')) if (people.has(li.dataset.id)) li.querySelector('details.allow')?.setAttribute('open', '');
  }

  function card(link: SavedLink): HTMLLIElement {
    const live = link.state === 'live';
    const status = h('p', { class: 'msg', role: 'status' });
    const say = (text: string) => { status.textContent = text; };
    const titleId = `t-${link.id}`;
    const open = h('a', { class: 'button', href: link.url, target: '_blank', rel: 'noopener noreferrer' }, 'Open');
    const copy = h('button', { type: 'button' }, 'Copy link');
    const update = h('button', { type: 'button', 'aria-expanded': 'false' }, 'Update…');
    const revoke = h('button', { type: 'button', class: 'danger' }, 'Revoke…');
    const forget = h('button', { type: 'button' }, 'Remove from list');
    const confirmYes = h('button', { type: 'button', class: 'danger' }, 'Yes, revoke it');
    const confirmNo = h('button', { type: 'button' }, 'Cancel');
    const confirm = h('div', { class: 'confirm', hidden: true, role: 'group', 'aria-label': 'Confirm revoke' },
      h('p', {}, 'Revoke this link? Anyone who opens it will see that it was revoked. This cannot be undone.'), confirmYes, ' ', confirmNo);
    const files = h('input', { type: 'file', multiple: true, class: 'visually-hidden', tabindex: '-1', 'aria-label': 'New files for this link' });
    const folder = h('input', { type: 'file', webkitdirectory: true, class: 'visually-hidden', tabindex: '-1', 'aria-label': 'New folder for this link' });
    const pickFiles = h('button', { type: 'button' }, 'Choose files');
    const pickFolder = h('button', { type: 'button' }, 'Choose a folder');
    const bar = h('progress', { max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
    const prepSummary = h('p', { class: 'summary', role: 'status' });
    const checks = h('div', { class: 'checks' });
    const go = h('button', { type: 'button', class: 'primary', hidden: true, disabled: true }, 'Update the link');
    const updatePanel = h('div', { class: 'update drop', hidden: true },
      h('p', {}, 'Drop new files, a folder or a zip here to replace what this link shows. The link stays the same.'), pickFiles, ' ', pickFolder, files, folder,
      prepSummary, checks, go, bar);
    const meta = h('dl', { class: 'meta' },
      h('div', {}, h('dt', {}, 'Created'), h('dd', {}, formatDate(link.createdAt))),
      live && h('div', {}, h('dt', {}, 'Expires'), h('dd', {}, describeExpiry(link.expiresAt))),
      typeof link.views === 'number' && h('div', {}, h('dt', {}, 'Views'), h('dd', {}, String(link.views))));
    const li = h('li', { class: `card state-${link.state}`, 'aria-labelledby': titleId, 'data-id': link.id },
      h('div', { class: 'card-head' }, h('h2', { id: titleId }, link.title || 'Untitled page'), h('span', { class: 'badge' }, STATE_LABEL.get(link.state) ?? link.state)),
      h('p', { class: 'url' }, h('a', { href: link.url, target: '_blank', rel: 'noopener noreferrer' }, link.url)),
      h('p', { class: 'what' }, whatItHolds(link)),
      meta,
      live && feedbackSection(link, (message) => { render(true); document.querySelector(`[data-id="${link.id}"] .msg`)?.replaceChildren(message); }),
      h('div', { class: 'actions' }, live && open, ' ', live && copy, ' ', live && update, ' ', live && revoke, ' ', !live && forget),
      live && allowPanel(link, say, async () => {
        rememberLink(await linkInfo(link.id, link.ownerToken));
        const said = status.textContent ?? '';
        render(true);
        const fresh = document.querySelector<HTMLLIElement>(`[data-id="${link.id}"]`);
        fresh?.querySelector<HTMLDetailsElement>('details.allow')?.setAttribute('open', '');
        fresh?.querySelector('.msg')?.replaceChildren(said);
      }),
      confirm, live && updatePanel, status);

    copy.addEventListener('click', async () => say((await copyText(link.url)) ? 'Link copied.' : `Could not copy: the link is ${link.url}`));
    // An open question (Revoke…) keeps its card through a refresh, as an open Update… panel does.
    revoke.addEventListener('click', () => { confirm.hidden = false; li.toggleAttribute('data-open', true); confirmNo.focus(); });
    confirmNo.addEventListener('click', () => { confirm.hidden = true; li.toggleAttribute('data-open', !updatePanel.hidden); revoke.focus(); });
    confirmYes.addEventListener('click', async () => {
      confirmYes.disabled = true;
      try {
        rememberLink(await revokeLink(link.id, link.ownerToken));
        render();
        document.querySelector(`[data-id="${link.id}"] .msg`)?.replaceChildren('Revoked. The link now says so to anyone who opens it.');
      } catch (err) {
        confirmYes.disabled = false;
        say(problemText(err, limits));
      }
    });
    forget.addEventListener('click', () => { forgetLink(link.id); render(); });
    update.addEventListener('click', () => {
      updatePanel.hidden = !updatePanel.hidden;
      li.toggleAttribute('data-open', !updatePanel.hidden);
      update.setAttribute('aria-expanded', String(!updatePanel.hidden));
      if (!updatePanel.hidden) pickFiles.focus();
    });
    pickFiles.addEventListener('click', () => files.click());
    pickFolder.addEventListener('click', () => folder.click());

    let busy = false;
    // Checks first (secrets, missing files, which page opens); with nothing to ask, the update goes at once.
    const prep: Preparer = new Preparer(limits, {
      summary: prepSummary, checks, error: say, chooseFolder: () => folder.click(),
      ready: (ok) => {
        go.hidden = !prep.asked;
        go.disabled = !ok || busy;
        if (ok && !prep.asked) void send(false);
      },
    });
    const send = async (force: boolean) => {
      const bundle = prep.bundle;
      if (busy || !bundle || !prep.isReady) return;
      busy = true;
      go.disabled = true;
      bar.hidden = false;
      try {
        const { info, unchanged } = await publishUpdate(link.id, link.ownerToken, link.version, bundle, force, (sent, total) => showProgress(bar, status, sent, total));
        rememberLink(info, undefined, bundle.title, bundle.label);
        render();
        document.querySelector(`[data-id="${link.id}"] .msg`)?.replaceChildren(unchanged
          ? `Unchanged: these are the files the link already shows (version ${info.version}), so nothing was sent and it stays as it was.`
          : `Updated: version ${info.version} is live at the same link.`);
      } catch (err) {
        bar.hidden = true;
        if (err instanceof Problem && err.code === 'version_conflict') {
          const again = h('button', { type: 'button' }, 'Replace it anyway');
          again.addEventListener('click', () => void send(true));
          status.replaceChildren(`${problemText(err, limits)} `, again);
        } else {
          say(problemText(err, limits));
        }
      } finally {
        busy = false;
        go.disabled = !prep.isReady;
      }
    };
    const take = (read: () => Promise<Pick>) => { if (!busy) { say(''); void prep.take(read); } };
    go.addEventListener('click', () => void send(false));
    files.addEventListener('change', () => { const f = Array.from(files.files ?? []); files.value = ''; take(async () => pickedFromFiles(f)); });
    folder.addEventListener('change', () => { const f = Array.from(folder.files ?? []); folder.value = ''; take(async () => pickedFromFiles(f, true)); });
    if (live) {
      onDrop(li, (data) => {
        updatePanel.hidden = false;
        li.toggleAttribute('data-open', true);
        update.setAttribute('aria-expanded', 'true');
        // Entries must be taken from the DataTransfer during the drop event, before any await.
        const picked = pickedFromDrop(data);
        take(() => picked);
      });
    }
    return li;
  }

  /** Brings every saved link up to date (state, expiry, views, title) from the API. */
  async function refresh() {
    await Promise.all(loadLinks().map(async (link) => {
      try {
        rememberLink(await linkInfo(link.id, link.ownerToken));
      } catch (err) {
        if (err instanceof Problem && err.status === 404) rememberLink({ ...toInfo(link), state: 'gone' as LinkInfo['state'] });
      }
    }));
    await loadFeedback(loadLinks());
    render(true);
  }

  // A drop elsewhere on the page would open the file instead: ignore it.
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => e.preventDefault());
  render();
  void refresh();
}

/**
 * What tells two links apart when their pages share a title: what was picked, the page it opens
 * and its file count, e.g. `From “site” · opens index.html · 3 files`.
 */
export function whatItHolds(link: SavedLink): string {
  const parts: string[] = [];
  if (link.source) parts.push(`From “${link.source}”`);
  if (link.entry) parts.push(`${parts.length ? 'opens' : 'Opens'} ${link.entry}`);
  if (typeof link.files === 'number' && link.files > 0) parts.push(`${link.files} file${link.files === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

function toInfo(link: SavedLink): LinkInfo {
  return { id: link.id, url: link.url, state: link.state as LinkInfo['state'], version: link.version, title: link.title, createdAt: link.createdAt, updatedAt: link.createdAt, expiresAt: link.expiresAt, files: 0, bytes: 0 };
}
