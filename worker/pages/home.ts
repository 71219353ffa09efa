import type { Config } from '../config';
import { formatBytes } from '../lib/limits';

/** A plain landing page until the web app exists: how to share from a terminal. */
export function homePage(config: Config): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>share</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328}code{background:#f0f2f4;padding:.1rem .3rem;border-radius:4px}</style></head><body><h1>share</h1><p>Turn an HTML file or folder into a short link.</p><p><code>npx share ./index.html</code> prints the link; <code>npx share revoke &lt;link&gt;</code> takes it back.</p><p>Limits: ${formatBytes(config.limits.maxFileBytes)} per file, ${formatBytes(config.limits.maxShareBytes)} per share, ${config.limits.maxFiles} files.</p><p><a href="/report">Report a link</a> that is harmful or illegal.</p></body></html>`;
}
