import { parseManageFragment } from '../core/manage-link';
import { linkInfo, type LinkInfo } from './api';
import { byId } from './dom';
import { initLinks } from './links';
import { Problem } from './problem';
import { loadLinks, rememberLink, savedLinkOf, type SavedLink } from './store';

/**
 * The manage page: the link's id and owner token come from `location.hash` (never sent to any
 * server), the link's state from this origin's API with the token as a bearer, and the card is
 * Your links' own (web/links.ts) over a one-link source. Nothing is saved in this browser until
 * the person asks; once saved, changes are written to Your links too.
 */
export async function initManage(): Promise<void> {
  const empty = byId('empty');
  const keep = byId('keep');
  const add = byId<HTMLButtonElement>('add-link');
  const said = byId('keep-msg');
  // Pasting another manage link into this tab changes only the fragment: start over with it.
  window.addEventListener('hashchange', () => location.reload());
  const secret = parseManageFragment(location.hash);
  if (!secret) { empty.hidden = false; return; }
  let info: LinkInfo;
  try {
    info = await linkInfo(secret.id, secret.ownerToken);
  } catch (err) {
    byId('manage-problem').textContent = err instanceof Problem && (err.status === 403 || err.status === 404)
      ? 'This manage link does not match any link (it may have been mistyped, or the link was deleted).'
      : `Could not load the link: ${(err as Error).message}`;
    empty.hidden = false;
    return;
  }
  const saved = () => loadLinks().some((l) => l.id === secret.id);
  let current = info;
  let link: SavedLink = savedLinkOf(info, secret.ownerToken);
  const remember = (next: LinkInfo, _token?: string, title?: string | null) => {
    current = next;
    link = savedLinkOf(next, secret.ownerToken, title ?? link.title);
    return saved() ? rememberLink(next, secret.ownerToken, link.title) : link;
  };
  initLinks({ load: () => [link], remember, forget: () => { /* nothing is listed here but this one link */ } });
  keep.hidden = false;
  const showSaved = () => { add.disabled = saved(); said.textContent = saved() ? 'This link is in this browser\'s Your links.' : ''; };
  add.addEventListener('click', () => { rememberLink(current, secret.ownerToken, link.title); showSaved(); });
  showSaved();
}
