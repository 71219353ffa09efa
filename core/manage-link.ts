/**
 * The private manage link of a share: `<app origin>/manage#<id>.<owner token>`. The secret sits in
 * the fragment, which browsers never send to a server nor put in a `Referer` (RFC 9110 §10.1.3,
 * URL Standard), so it stays out of logs; the manage page reads it from `location.hash` and calls
 * only the app's own API with it. The id rides along so the page needs no lookup by token.
 */
export function manageLink(appOrigin: string, id: string, ownerToken: string): string {
  return `${appOrigin.replace(/\/+$/, '')}/manage#${id}.${ownerToken}`;
}

/** The id and owner token of a manage link's fragment (`#<id>.<token>`, with or without `#`), or null. */
export function parseManageFragment(hash: string): { id: string; ownerToken: string } | null {
  const match = /^#?([0-9a-z]{14})\.([A-Za-z0-9_-]{16,128})$/.exec(hash.trim());
  return match ? { id: match[1], ownerToken: match[2] } : null;
}
