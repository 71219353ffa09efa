import type { LinkInfo } from './api';

/** A link made in this browser. The owner token lives only here, in the app origin's localStorage. */
export interface SavedLink {
  id: string;
  url: string;
  ownerToken: string;
  title: string | null;
  createdAt: string;
  expiresAt: string | null;
  version: number | null;
  state: string;
  views?: number;
  /** What was picked to make it: a file, folder or zip name (`Your files` for several files). */
  source?: string;
  /** The page it opens and how many files it has, from the server. */
  entry?: string | null;
  files?: number;
  /** Who may open it (empty or absent: anyone with the link). */
  allow?: string[];
}

const KEY = 'share.links.v1';

export function loadLinks(): SavedLink[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as SavedLink[]).filter((l) => l && typeof l.id === 'string' && typeof l.ownerToken === 'string') : [];
  } catch {
    return [];
  }
}

function saveLinks(links: SavedLink[]): void {
  localStorage.setItem(KEY, JSON.stringify(links));
}

/**
 * Newest first; an existing link keeps its token and place. `source` is what was picked for the
 * publish or update (kept from before when not given); title, entry page and file count follow the
 * server's answer, which follows the current version.
 */
export function rememberLink(info: LinkInfo, ownerToken?: string, title?: string | null, source?: string): SavedLink | undefined {
  const links = loadLinks();
  const old = links.find((l) => l.id === info.id);
  const token = ownerToken ?? old?.ownerToken;
  if (!token) return undefined;
  const link = savedLinkOf(info, token, title ?? info.title ?? old?.title, source ?? old?.source, old);
  saveLinks(old ? links.map((l) => (l.id === info.id ? link : l)) : [link, ...links]);
  return link;
}

/**
 * A link as Your links keeps it: what the API said, its owner token, the title this browser knows
 * (else the server's), what it was made from (`source`), and the entry page and file count
 * (`old`'s when the answer lacks them).
 */
export function savedLinkOf(info: LinkInfo, ownerToken: string, title?: string | null, source?: string, old?: SavedLink): SavedLink {
  return {
    id: info.id, url: info.url, ownerToken, title: title ?? info.title ?? null, createdAt: info.createdAt,
    expiresAt: info.expiresAt, version: info.version, state: info.state, ...(typeof info.views === 'number' ? { views: info.views } : {}),
    ...(source ? { source } : {}), entry: info.entry ?? old?.entry ?? null, files: info.files || old?.files,
    ...((info.allow ?? old?.allow)?.length ? { allow: info.allow ?? old?.allow } : {}),
  };
}

export function forgetLink(id: string): void {
  saveLinks(loadLinks().filter((l) => l.id !== id));
}
