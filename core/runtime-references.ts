/**
 * Files a page loads at run time, named by a string literal in its scripts or in its web app
 * manifest. Static forms only: a URL built at run time cannot be known without running the page,
 * and is at worst a missing file the user fixes by sharing the folder instead.
 */

/** A string literal: '…', "…" or a backtick template without `${…}`. */
const LITERAL = String.raw`(["'\x60])([^"'\x60\n$]+)\1`;

/**
 * Loads that resolve against the DOCUMENT's URL (HTML spec: fetch, workers and service worker
 * registration take URLs relative to the document's base URL, even when called from a script file
 * that lives elsewhere): `fetch('…')`, `new Worker('…')`, `new SharedWorker('…')`,
 * `navigator.serviceWorker.register('…')`, `new EventSource('…')`, `new Audio('…')`.
 */
export function documentLoads(js: string): string[] {
  const re = new RegExp(String.raw`(?:(?:^|[^\w$.])(?:fetch|new\s+(?:Worker|SharedWorker|EventSource|Audio))|\bserviceWorker\s*\.\s*register)\s*\(\s*${LITERAL}`, 'g');
  return [...js.matchAll(re)].map((m) => m[2]);
}

/**
 * Loads that resolve against the SCRIPT's own URL: `new URL('…', import.meta.url)` (the bundler
 * idiom for assets next to a module) and `importScripts('…', '…')` in a classic worker.
 */
export function scriptLoads(js: string): string[] {
  const out: string[] = [];
  const urlRe = new RegExp(String.raw`new\s+URL\s*\(\s*${LITERAL}\s*,\s*import\.meta\.url\s*\)`, 'g');
  for (const m of js.matchAll(urlRe)) out.push(m[2]);
  for (const call of js.matchAll(/(?:^|[^\w$.])importScripts\s*\(([^)]*)\)/g)) {
    for (const m of call[1].matchAll(new RegExp(LITERAL, 'g'))) out.push(m[2]);
  }
  return out;
}

/**
 * Files a web app manifest names (W3C Web App Manifest: `icons[].src`, `screenshots[].src`,
 * `shortcuts[].icons[].src`, `start_url`), resolved against the manifest's own URL. Text that is
 * not JSON names nothing.
 */
export function manifestReferences(json: string): string[] {
  let m: unknown;
  try { m = JSON.parse(json); } catch { return []; }
  if (!m || typeof m !== 'object') return [];
  const srcs = (list: unknown) => (Array.isArray(list) ? list.map((i) => (i && typeof i === 'object' ? (i as { src?: unknown }).src : undefined)) : []);
  const manifest = m as { icons?: unknown; screenshots?: unknown; shortcuts?: unknown; start_url?: unknown };
  const shortcuts = Array.isArray(manifest.shortcuts) ? manifest.shortcuts.flatMap((s) => srcs((s as { icons?: unknown })?.icons)) : [];
  return [...srcs(manifest.icons), ...srcs(manifest.screenshots), ...shortcuts, manifest.start_url]
    .filter((s): s is string => typeof s === 'string' && s.trim() !== '');
}
