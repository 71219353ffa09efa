type Kind = 'error' | 'rejection' | 'resource' | 'csp';
interface Report { kind: Kind; message: string; source: string | null }

/** Events one page load reports at most; a page that throws in a loop stays one small stream. */
const MAX_EVENTS = 50;

/**
 * Reports what went wrong in this viewer's browser to `POST /__share/errors`, batched (a second
 * after the first event, and when the page is hidden or left, by sendBeacon): uncaught errors,
 * unhandled rejections, resources that failed to load (a capture-phase `error` listener sees
 * `<script>`, `<img>`, `<link>` failures, blocked third-party scripts included) and CSP
 * violations. Only the message and the URL it names: never page content, form values or cookies.
 */
export function startReports(): void {
  let queue: Report[] = [];
  let sent = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (beacon: boolean) => {
    clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const body = JSON.stringify({ page: location.pathname, events: queue });
    queue = [];
    if (beacon && navigator.sendBeacon?.('/__share/errors', new Blob([body], { type: 'application/json' }))) return;
    fetch('/__share/errors', { method: 'POST', body, keepalive: true, credentials: 'same-origin', headers: { 'content-type': 'application/json' } }).catch(() => undefined);
  };
  const add = (kind: Kind, message: string, source: string | null) => {
    if (sent >= MAX_EVENTS || (source && source.includes('/__share/'))) return;
    sent++;
    queue.push({ kind, message: message.slice(0, 500), source: source ? source.slice(0, 500) : null });
    timer ??= setTimeout(() => flush(false), 1000);
  };
  addEventListener('error', (e) => {
    const target = e.target as (Element & { src?: string; href?: string; currentSrc?: string }) | null;
    if (target && target !== (window as unknown) && target instanceof Element) {
      const url = target.currentSrc || target.src || target.href || '';
      add('resource', `failed to load <${target.tagName.toLowerCase()}>`, url || null);
      return;
    }
    const err = e as ErrorEvent;
    add('error', err.message || String(err.error ?? 'error'), err.filename ? `${err.filename}:${err.lineno}:${err.colno}` : null);
  }, true);
  addEventListener('unhandledrejection', (e) => {
    const reason = (e as PromiseRejectionEvent).reason as { message?: string; stack?: string } | undefined;
    add('rejection', `Unhandled rejection: ${reason?.message ?? String(reason)}`, null);
  });
  document.addEventListener('securitypolicyviolation', (e) => {
    add('csp', `${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'}`, e.blockedURI || e.sourceFile || null);
  });
  addEventListener('pagehide', () => flush(true));
  document.addEventListener('visibilitychange', () => { if (document.hidden) flush(true); });
}
