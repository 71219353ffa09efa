import { endpoint } from './endpoint';

/** How often an open page asks whether the link has a new version. */
const POLL_MS = 1000;

/** Answers of the poll after which asking again is pointless (a 429 or a 5xx is worth another try). */
const FINAL = new Set([401, 403, 404, 405, 410, 451]);

/**
 * Polls `GET /__share/live` about once a second with the last ETag (a 304 costs no body) and
 * reloads the page when the link shows another version than the one it was served from. Stops
 * while the tab is hidden and asks at once when it is shown again. Stops for good on an answer
 * that will not change by asking again: the link ended (410 revoked or expired, 451 taken down),
 * lost its live updates (404) or its unlock (401, 403); the page stays as it is, not reloaded.
 */
export function startLive(version: number): void {
  let etag = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const poll = async () => {
    timer = undefined;
    if (document.hidden || stopped) return;
    try {
      const res = await fetch(endpoint('live'), { cache: 'no-store', credentials: 'same-origin', headers: etag ? { 'if-none-match': etag } : {} });
      if (res.status === 200) {
        etag = res.headers.get('etag') ?? '';
        const now = ((await res.json()) as { version: number }).version;
        if (now !== version) return location.reload();
      } else if (FINAL.has(res.status)) {
        stopped = true;
        return;
      }
    } catch { /* offline for a moment: try again next time */ }
    schedule();
  };
  const schedule = () => { if (timer === undefined && !document.hidden && !stopped) timer = setTimeout(poll, POLL_MS); };
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) { clearTimeout(timer); timer = undefined; } else void poll();
  });
  schedule();
}
