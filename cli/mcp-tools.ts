import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { accessWords } from '../core/expiry-words';
import { strict } from '../core/mcp-schema';
import { DEFAULT_LIMITS, formatBytes } from '../core/limits';
import { resolveApiKey } from './config';
import { lifecycleSettings } from './lifecycle-flags';
import { listShares } from './commands/list';
import { linkState } from './link-state';
import { revokeLink } from './commands/revoke';
import { CliError, debugEnabled, EXIT, isCliError, oneLine } from './errors';
import { pagePath, removeTempPage, writePage } from './html-pages';
import { toolPath } from './mcp-paths';
import { publishPath, type PublishOutcome } from './publish-core';
import { feedbackLines } from './feedback-flags';
import { READ_ONLY_FEEDBACK_TOOLS, registerFeedbackTools } from './mcp-feedback-tools';

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/** share_html takes what the server takes for one file (MAX_FILE_BYTES' default), in UTF-8 bytes. */
export const HTML_LIMIT_BYTES = DEFAULT_LIMITS.maxFileBytes;

/**
 * Outcomes the client never received: a call it cancelled (or timed out) that had already taken
 * effect, e.g. a link that went live during finalize. Each is sent at once as a log notification
 * (notifications/message), written to stderr, and added to the next tool result, so a live link
 * is never left unreported.
 */
export class LateReports {
  private pending: string[] = [];
  constructor(private readonly notify: (text: string) => void) {}

  add(text: string): void {
    this.pending.push(text);
    this.notify(text);
  }

  /** `text` followed by every report not yet delivered in a result. */
  attach(text: string): string {
    if (this.pending.length === 0) return text;
    const out = `${text}\n\nNote: ${this.pending.join('\n\nNote: ')}`;
    this.pending = [];
    return out;
  }
}

function describe(out: PublishOutcome, asked: { feedback?: boolean; live?: boolean }): string {
  const files = `${out.files} file${out.files === 1 ? '' : 's'}`;
  const what = out.unchanged
    ? `Unchanged: the link already shows ${out.files === 1 ? 'this file' : `these ${files}`} (version ${out.share.version}), so no new version was made and nothing was sent.`
    : `${out.updated ? `Updated the existing link (version ${out.share.version})` : 'Published a new link'}: ${files}, ${formatBytes(out.totalBytes)} (sent ${formatBytes(out.sentBytes)}).`;
  const access = accessWords(out.share, Date.now());
  const lines = [out.share.url, what, `The link ${access}.`];
  const shown = out.paths.slice(0, 50).join(', ');
  lines.push(`Files: ${shown}${out.paths.length > 50 ? `, and ${out.paths.length - 50} more` : ''}.`);
  const told = feedbackLines(out.share, asked);
  lines.push(...told.notes.map((n) => `${n[0].toUpperCase()}${n.slice(1)}.`));
  for (const w of [...out.warnings, ...told.warnings]) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

/** Registers share_path, share_html, revoke_share, list_shares and the feedback tools (mcp-feedback-tools.ts) on `server`. */
export function registerTools(server: McpServer, late: LateReports, log: (line: string) => void): void {
  /** Runs a tool: failures become tool errors; results of cancelled calls that took effect become late reports. */
  const run = async (tool: string, signal: AbortSignal, work: () => Promise<string>): Promise<ToolResult> => {
    const effects = tool !== 'list_shares' && !READ_ONLY_FEEDBACK_TOOLS.includes(tool);
    try {
      const text = await work();
      // The SDK drops the result of a cancelled call: what it did is reported another way.
      if (signal.aborted) {
        if (effects) late.add(`a ${tool} call was cancelled by the client after it had taken effect:\n${text}`);
        return { content: [{ type: 'text', text }] };
      }
      return { content: [{ type: 'text', text: late.attach(text) }] };
    } catch (err) {
      if (!isCliError(err)) log(`${tool}: ${debugEnabled() && err instanceof Error ? err.stack : oneLine(err)}`);
      const message = isCliError(err) ? err.message : `unexpected error: ${oneLine(err)}`;
      if (signal.aborted) {
        if (effects && /may be live/.test(message)) late.add(`a ${tool} call was cancelled by the client, and then: ${message}`);
        return { content: [{ type: 'text', text: `share failed: ${message}` }], isError: true };
      }
      return { content: [{ type: 'text', text: late.attach(`share failed: ${message}`) }], isError: true };
    }
  };
  const linkNote = 'Returns the public link on the first line, then what was published and when the link expires (tell the user that date). Gives up after SHARE_TIMEOUT seconds (default 50); a link that went live is always reported, even after a cancel (in the next result and as a log message).';
  /** Expiry, password, view limit and allowlist, as share_path and share_html take them (the CLI's --expires, --password, --max-views, --allow). */
  const lifecycle = {
    expires: z.string().min(1).optional().describe("When the link stops working: 1h, 24h, 7d, 30d (m, h, d, w units) or never; default the server's (usually 7d). Only if the user asks; the server refuses more than it allows"),
    password: z.string().min(1).optional().describe('Visitors must type this password first. Only if the user asks for one; tell them the password goes to visitors separately'),
    maxViews: z.number().int().min(1).optional().describe('The link stops working after this many page views (1 = burn after reading). Only if the user asks'),
    feedback: z.boolean().optional().describe('Collect viewer feedback: the pages report viewers\' errors and failed loads, viewers can pin comments, and open pages reload on a new version; read it with get_feedback. Use when the user wants reviews or comments from the people they send it to, or wants to know whether it works for them. false turns it off; left out keeps the link\'s setting'),
    live: z.boolean().optional().describe('Open pages reload within 2 s of each new version (no reports, no comments). Implied by feedback. false turns it off; left out keeps the link\'s setting'),
    allow: z.array(z.string().min(1)).max(100).optional().describe('Only these people may open the link: email addresses, or "*@domain" for everyone at a domain (at most 100). Each viewer types their address on the page and gets a one-time code by email. Only if the user names who may see it; on an update it replaces the list, and [] removes it'),
  };
  const publishWith = ({ feedback, live, ...args }: { expires?: string; password?: string; maxViews?: number; allow?: string[]; feedback?: boolean; live?: boolean }) => ({
    settings: { ...lifecycleSettings(args), ...(feedback === undefined ? {} : { feedback }), ...(live === undefined ? {} : { live }) }, key: resolveApiKey(undefined),
  });

  server.registerTool('share_path', {
    title: 'Share a file or folder',
    description: `Publish an HTML file, a folder (its index.html opens first) or a .zip on this machine as a public link. The path must be absolute (~ and $HOME are expanded). A single HTML file brings the local files it references (CSS, JS, images). Sharing the same path again updates the same link. Refuses bundles holding likely API keys unless allowSecrets, and share's own config folder always. ${linkNote}`,
    inputSchema: strict('share_path', {
      path: z.string().min(1).describe('Absolute path of the .html file, folder or .zip to share (~ and $HOME are expanded)'),
      entry: z.string().optional().describe('Page to open at / when a folder has no index.html'),
      newLink: z.boolean().optional().describe('Make a fresh link instead of updating the previous one for this path'),
      allowSecrets: z.boolean().optional().describe('Share even though likely secrets were found (only if the user confirms they are meant to be public)'),
      ...lifecycle,
    }),
    annotations: { openWorldHint: true },
  }, async ({ path, entry, newLink, allowSecrets, ...access }, extra) => run('share_path', extra.signal, async () => describe(
    await publishPath({ path: toolPath(path), entry, fresh: newLink, allowSecrets, signal: extra.signal, ...publishWith(access) }), access,
  )));

  server.registerTool('share_html', {
    title: 'Share HTML text',
    description: `Publish a complete HTML document given as text as a public page, up to ${formatBytes(HTML_LIMIT_BYTES)} (UTF-8); for larger HTML, write it to a file and use share_path. Give it a name to update it later: calling share_html again with the same name replaces that page at the same link, while every distinct name (any script, case and punctuation count) is its own link; without a name every call makes a new link. ${linkNote}`,
    inputSchema: strict('share_html', {
      html: z.string().min(1).describe(`The whole HTML document (inline its CSS and JS), at most ${formatBytes(HTML_LIMIT_BYTES)}`),
      name: z.string().min(1).max(64).optional().describe('A short stable name for this page, e.g. "q3-report"; calling again with the same name updates the same link. Without it, each call makes a new link'),
      allowSecrets: z.boolean().optional().describe('Share even though likely secrets were found'),
      ...lifecycle,
    }),
    annotations: { openWorldHint: true },
  }, async ({ html, name, allowSecrets, ...access }, extra) => run('share_html', extra.signal, async () => {
    const bytes = Buffer.byteLength(html, 'utf8');
    if (bytes > HTML_LIMIT_BYTES) {
      throw new CliError(`the HTML is ${formatBytes(bytes)}, over share_html's limit of ${formatBytes(HTML_LIMIT_BYTES)}. Write it to a file (large images or data as separate files next to it) and call share_path with the file's absolute path. Nothing was published`, EXIT.refused);
    }
    const options = publishWith(access);
    const file = pagePath(name);
    try {
      return describe(await publishPath({ path: file, allowSecrets, signal: extra.signal, prepare: () => writePage(file, html), ...options }), access);
    } finally {
      // An unnamed page is never shared again from its folder: the folder goes once the call is over.
      if (name === undefined) removeTempPage(file);
    }
  }));

  server.registerTool('revoke_share', {
    title: 'Revoke a link',
    description: 'Take a link created on this machine back: every URL of it answers 410 Gone from then on and its files are deleted. Cannot be undone.',
    inputSchema: strict('revoke_share', { link: z.string().min(1).describe('The link (or its 14-character id) to revoke') }),
    annotations: { destructiveHint: true, idempotentHint: true },
  }, async ({ link }, extra) => run('revoke_share', extra.signal, async () => {
    const { url, warnings } = await revokeLink(link);
    return [`Revoked ${url}: every URL of it now answers 410 Gone.`, ...warnings.map((w) => `warning: ${w}`)].join('\n');
  }));

  server.registerTool('get_share', {
    title: 'Read a link\'s state and who opened it',
    description: 'A link created on this machine: its state, version, views, expiry, whether it has a password, its allowlist, and for an allowlisted link each person\'s status ("viewers": invited, code_sent or opened, with first and last opened times and wrong codes), as JSON.',
    inputSchema: strict('get_share', { link: z.string().min(1).describe('The link (or its 14-character id)') }),
    annotations: { readOnlyHint: true },
  }, async ({ link }, extra) => run('get_share', extra.signal, async () => JSON.stringify(await linkState(link), null, 2)));

  server.registerTool('list_shares', {
    title: 'List links',
    description: 'List the links created on this machine with their state (live, revoked, expired), expiry and the path each was shared from, most recently updated first, as JSON. If the server cannot be reached, a warning line after the JSON says so and the states read "unknown".',
    inputSchema: strict('list_shares', {}),
    annotations: { readOnlyHint: true },
  }, async (_args, extra) => run('list_shares', extra.signal, async () => {
    const { shares, problems } = await listShares();
    const warnings = problems.map((p) => `warning: ${p.message.replace(/\.$/, '')}. The states shown as "unknown" could not be checked.`);
    return [JSON.stringify(shares, null, 2), ...warnings].join('\n');
  }));

  registerFeedbackTools(server, run);
}
