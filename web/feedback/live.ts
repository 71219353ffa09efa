/** How often an open page asks whether the link has a new version. */
const POLL_MS = 1000;

/**
 * Polls `GET /__share/live` about once a second with the last ETag (a 304 costs no body) and
 * reloads the page when the link shows another version than the one it was served from. Stops
 * while the tab is hidden and asks at once when it is shown again.
 */
export function startLive(version: number): void {
  let etag = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async () => {
    timer = undefined;
    if (document.hidden) return;
    try {
      const res = await fetch('/__share/live', { cache: 'no-store', credentials: 'same-origin', headers: etag ? { 'if-none-match': etag } : {} });
      if (res.status === 200) {
        etag = res.headers.get('etag') ?? '';
        const now = ((await res.json()) as { version: number }).version;
        if (now !== version) return location.reload();
      }
    } catch { /* offline for a moment: try again next time */ }
    schedule();
  };
  const schedule = () => { if (timer === undefined && !document.hidden) timer = setTimeout(poll, POLL_MS); };
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) { clearTimeout(timer); timer = undefined; } else void poll();
  });
  schedule();
}
