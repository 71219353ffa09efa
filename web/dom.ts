/** Small DOM helpers: elements are built with textContent, never innerHTML, so titles and names stay text. */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

/** Copies with the Clipboard API; false when the browser refuses (no permission, not a secure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "in 3 days", "never", "expired": what an expiry means to the person reading the list. */
export function describeExpiry(iso: string | null, now = Date.now()): string {
  if (!iso) return 'Never';
  const ms = Date.parse(iso) - now;
  if (ms <= 0) return `Expired ${formatDate(iso)}`;
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const hours = ms / 3_600_000;
  const text = hours < 1 ? rtf.format(Math.round(ms / 60_000), 'minute') : hours < 48 ? rtf.format(Math.round(hours), 'hour') : rtf.format(Math.round(hours / 24), 'day');
  return `${formatDate(iso)} (${text})`;
}

/**
 * Makes an element accept dropped files and folders. `dragover` must be cancelled for `drop` to
 * fire; a counter keeps the highlight steady while the pointer crosses child elements.
 */
export function onDrop(zone: HTMLElement, handle: (data: DataTransfer) => void): void {
  let depth = 0;
  zone.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; zone.classList.add('over'); });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; });
  zone.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; zone.classList.remove('over'); } });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    e.stopPropagation();
    depth = 0;
    zone.classList.remove('over');
    if (e.dataTransfer) handle(e.dataTransfer);
  });
}

/** Shows progress in a <progress> bar and a live text line screen readers announce. */
export function showProgress(bar: HTMLProgressElement, text: HTMLElement, sent: number, total: number): void {
  const pct = total === 0 ? 100 : Math.floor((sent / total) * 100);
  bar.value = pct;
  text.textContent = total === 0 ? 'Nothing new to send…' : `Sending… ${pct}%`;
}
