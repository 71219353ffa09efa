/**
 * The absolute URL of one of the share origin's own endpoints (`/__share/<path>`). Built on
 * `location.origin`, never left relative: a relative URL given to fetch or sendBeacon resolves
 * against the document's base URL (HTML §"document base URL"), so a page with `<base href>` on
 * another host would send its viewers' reports, comments and polls to that host.
 */
export const endpoint = (path: string): string => `${location.origin}/__share/${path}`;
