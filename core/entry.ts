export type EntryChoice = { entry: string } | { entry: null; reason: 'none' | 'ambiguous'; choices: string[] };

const isHtml = (p: string) => /\.html?$/i.test(p);

/**
 * Which page a bundle opens on: `index.html` at the top, else its only HTML file. Shared by the
 * CLI (to fail before uploading) and the server (to refuse a bundle it could not serve at `/`).
 */
export function pickEntry(paths: string[], requested?: string): EntryChoice {
  if (requested) return paths.includes(requested) ? { entry: requested } : { entry: null, reason: 'none', choices: [] };
  if (paths.includes('index.html')) return { entry: 'index.html' };
  if (paths.includes('index.htm')) return { entry: 'index.htm' };
  const pages = paths.filter(isHtml);
  if (pages.length === 1) return { entry: pages[0] };
  return { entry: null, reason: pages.length === 0 ? 'none' : 'ambiguous', choices: pages.slice(0, 20) };
}
