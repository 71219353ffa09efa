import { parseArgs } from 'node:util';
import type { ShareStats, ViewerStatus } from '../../core/api-types';
import { ShareApi } from '../api';
import { viewerWords } from '../../core/expiry-words';
import { resolveTarget } from '../target';

export const statsHelp = `Usage: share stats <link|id> [options]

Page views of a link you shared: the total, when it was last viewed, views and estimated unique
visitors per day (last 30 days, UTC) and the sites that sent visitors (Referer host only).
For a link with an allowlist (share <path> --allow), each person too: invited, code sent, or
opened (first and last time, to the minute), and wrong codes entered; a *@domain entry lists
the addresses of that domain that asked for a code.
Only pages count (not assets, revalidations, bots or prefetches); views appear within a few
seconds. Unique visitors are counted from a daily-rotating salted hash: no IP is stored.

Options:
  --server URL   share server (default: the one the link was created on)
  --key KEY      API key, for links this machine did not create
  --json         print the stats as JSON (the GET /api/shares/:id/stats answer, with
                 "viewers" for an allowlisted link)
  -h, --help     show this help

Examples:
  share stats https://k3x9m2p7q4zr7a.example-usercontent.com/
  share stats k3x9m2p7q4zr7a --json | jq .views`;

/** One line per person on an allowlisted link: who, their status and when, wrong codes. */
export function formatViewers(viewers: ViewerStatus[]): string[] {
  const width = Math.max(6, ...viewers.map((v) => (v.address ?? `${v.entry} (nobody yet)`).length));
  const lines = [`${'person'.padEnd(width)}  status`];
  for (const v of viewers) {
    const via = v.address && v.entry !== v.address ? ` (via ${v.entry})` : '';
    lines.push(`${(v.address ?? `${v.entry} (nobody yet)`).padEnd(width)}  ${viewerWords(v)}${via}`);
  }
  return lines;
}

/** The human view: totals first, then only the days that had views, then referrers. */
export function formatStats(s: ShareStats): string {
  const lines = [`${s.views} view${s.views === 1 ? '' : 's'}${s.lastViewedAt ? `, last ${s.lastViewedAt.slice(0, 19).replace('T', ' ')} UTC` : ''}`];
  const active = s.days.filter((d) => d.views > 0);
  if (active.length > 0) {
    lines.push('', 'day         views  unique visitors');
    for (const d of active) lines.push(`${d.day}  ${String(d.views).padStart(5)}  ${String(d.uniqueVisitors).padStart(15)}`);
  }
  if (s.topReferrers.length > 0) {
    lines.push('', 'top referrers');
    for (const r of s.topReferrers) lines.push(`${String(r.views).padStart(6)}  ${r.host}`);
  }
  if (s.viewers) lines.push('', ...formatViewers(s.viewers));
  return lines.join('\n');
}

export async function stats(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { server: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${statsHelp}\n`);
  const target = resolveTarget(positionals[0], values, 'stats');
  const result = await new ShareApi(target.server).stats(target.id, target.secret);
  process.stdout.write(`${values.json ? JSON.stringify(result, null, 2) : formatStats(result)}\n`);
}
