import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { PublishResult, ShareInfo } from '../../core/api-types';
import { ApiError, badRequest } from '../../core/errors';
import { accessWords } from '../../core/expiry-words';
import { formatBytes } from '../../core/limits';
import { manageLink } from '../../core/manage-link';
import type { Deps } from '../deps';
import { appOrigin } from '../lib/hosts';
import { SHARE_ID_PATTERN } from '../lib/ids';
import { ownedShare } from '../services/auth';
import { readShareSettings } from '../services/options';
import { publishHeld, updateHeld } from '../services/publish-bytes';
import { planVersion } from '../services/publish';
import { admitUpdate } from '../services/budgets';
import { collectInline, type InlineBundle } from '../services/publish-text';
import { shareInfo } from '../services/share-info';
import { viewerStatuses } from '../services/allowlist';
import { admitPublisher, listSharesOfKey, revokeShare } from '../services/shares';
import { strict } from '../../core/mcp-schema';
import { registerFeedbackTools } from './feedback-tools';

/** Who is calling, as the `/mcp` route read it from the HTTP request. */
export interface McpCaller {
  requestUrl: string;
  /** The request's `Authorization: Bearer` secret (an API key, or an owner token), or null. */
  bearer: string | null;
  clientIp: string | null;
}

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

const viewerOptions = {
  feedback: z.boolean().optional().describe('Collect viewer feedback: viewers\' errors, failed loads and pinned comments reach you (get_feedback), and open pages reload on a new version; left out on update keeps it'),
  live: z.boolean().optional().describe('Open pages reload within two seconds of a new version (implied by feedback); left out on update keeps it'),
};
const lifecycle = {
  expires: z.string().min(1).optional().describe('When the link ends: 1h, 24h, 7d, 30d … or never (if the server allows it); default the server\'s'),
  password: z.string().min(1).optional().describe('Visitors must enter this password first'),
  maxViews: z.number().int().positive().optional().describe('The link ends after this many page views (burn after reading)'),
  allow: z.array(z.string().min(1)).max(100).optional().describe('Only these people may open the link: email addresses, or "*@domain" for everyone at a domain (at most 100). Each viewer gets a one-time code by email. Only if the user names who may see it'),
  ...viewerOptions,
};
const inlineFile = z.object({
  path: z.string().min(1).describe('Path inside the prototype, e.g. index.html or css/site.css'),
  text: z.string().optional().describe('The file as UTF-8 text'),
  base64: z.string().optional().describe('The file as standard base64, for binary files (images, fonts)'),
}).strict();
const ownerToken = z.string().min(1).optional().describe('The owner token the publish answered; not needed when this connection\'s API key made the link');
const linkArg = z.string().min(1).describe('The link (https://<id>.<domain>/) or its 14-character id');

/**
 * Registers the remote tools on `server`: share_html, share_files, update_share, revoke_share,
 * get_share, list_shares, and the feedback tools (mcp/feedback-tools.ts). They run the REST API's own services (collect through core/bundle.ts,
 * admitPublisher's rate limits, ownedShare's token check), so no rule exists twice.
 */
export function registerRemoteTools(server: McpServer, deps: Deps, caller: McpCaller): void {
  const run = async (work: () => Promise<string>): Promise<ToolResult> => {
    try {
      return { content: [{ type: 'text', text: await work() }] };
    } catch (err) {
      if (!(err instanceof ApiError)) deps.log.error('mcp_tool_error', { message: (err as Error)?.message, stack: (err as Error)?.stack });
      const message = err instanceof ApiError ? `${err.message} (${err.code})` : 'something went wrong on the server; try again.';
      return { content: [{ type: 'text', text: `share failed: ${message} Nothing was changed.` }], isError: true };
    }
  };
  const publish = async (bundle: InlineBundle, options: { expires?: string; password?: string; maxViews?: number; allow?: string[]; feedback?: boolean; live?: boolean }) => {
    const keyId = await admitPublisher(deps, caller.bearer, caller.clientIp);
    const held = await collectInline(deps, bundle);
    const settings = await readShareSettings(deps, options, { keyed: keyId !== null, isUpdate: false, clientIp: caller.clientIp, shareId: null });
    const result = await publishHeld(deps, caller.requestUrl, held.manifest, held.bytes, settings, keyId);
    return published(result, manageLink(appOrigin(caller.requestUrl, deps.config), result.id, result.ownerToken!), held.warnings, deps.clock.now());
  };
  const owned = (link: string, token: string | undefined, allowEnded = false) => ownedShare(deps, shareIdOf(link, deps.config.contentDomain), token ?? caller.bearer, { allowEnded });
  const note = 'Answers the public link on the first line, then a private manage link for the user only (never post it publicly) and the owner token this connection needs to update or revoke it.';

  server.registerTool('share_html', {
    title: 'Share HTML text',
    description: `Publish a complete HTML document given as text (inline its CSS and JS) as a public page, up to ${formatBytes(deps.config.limits.maxFileBytes)}. ${note}`,
    inputSchema: strict('share_html', { html: z.string().min(1).describe('The whole HTML document'), title: z.string().max(200).optional().describe('Title for the link (default: the page\'s <title>)'), ...lifecycle, allowSecrets: z.boolean().optional().describe('Share even though likely secrets were found (only if the user confirms they are meant to be public)') }),
    annotations: { openWorldHint: true },
  }, async ({ html, title, allowSecrets, ...options }) => run(() => publish({ files: [{ path: 'index.html', text: html }], title, allowSecrets }, options)));

  server.registerTool('share_files', {
    title: 'Share several files',
    description: `Publish a prototype of several files given as content (text, or base64 for binary) as one public link; index.html (or the only page, or "entry") opens at /. The same rules as every client apply: paths, skipped files, limits (${formatBytes(deps.config.limits.maxShareBytes)} in all), and likely secrets are refused unless allowSecrets. ${note}`,
    inputSchema: strict('share_files', { files: z.array(inlineFile).min(1).describe('The files, each with "path" and exactly one of "text" or "base64"'), entry: z.string().optional().describe('Page to open at / when there is no index.html'), title: z.string().max(200).optional(), ...lifecycle, allowSecrets: z.boolean().optional() }),
    annotations: { openWorldHint: true },
  }, async ({ files, entry, title, allowSecrets, ...options }) => run(() => publish({ files, entry, title, allowSecrets }, options)));

  server.registerTool('update_share', {
    title: 'Update a link',
    description: 'Replace what a link shows with new content (html, or files), at the same URL, and optionally change its expiry, password (null removes it), view limit (null removes it), allowlist (replaces it; null or [] removes it), feedback or live updates. Needs the owner token, or this connection\'s API key if it made the link.',
    inputSchema: strict('update_share', {
      link: linkArg, ownerToken,
      html: z.string().min(1).optional().describe('A whole new HTML document (instead of files)'),
      files: z.array(inlineFile).min(1).optional().describe('The new set of files (instead of html)'),
      entry: z.string().optional(), allowSecrets: z.boolean().optional(),
      baseVersion: z.number().int().positive().optional().describe('The version this update was made from; refused if someone updated since'),
      expires: lifecycle.expires, password: z.string().min(1).nullable().optional(), maxViews: z.number().int().positive().nullable().optional(),
      allow: z.array(z.string().min(1)).max(100).nullable().optional().describe('Who may open the link (replaces the list): email addresses or "*@domain"; null or [] removes the allowlist'),
      ...viewerOptions,
    }),
    annotations: { openWorldHint: true, destructiveHint: true },
  }, async ({ link, ownerToken: token, html, files, entry, allowSecrets, baseVersion, ...options }) => run(async () => {
    if ((html === undefined) === (files === undefined)) throw badRequest('invalid_arguments', 'Give exactly one of "html" or "files".');
    const share = await owned(link, token);
    await admitUpdate(deps, share, token ?? caller.bearer, caller.clientIp);
    const held = await collectInline(deps, { files: files ?? [{ path: 'index.html', text: html! }], entry, allowSecrets });
    // Every check that can refuse the update runs before a password is hashed, as on the REST API.
    const slot = await planVersion(deps, share, held.manifest, baseVersion, false);
    const settings = await readShareSettings(deps, options, { keyed: share.apiKeyId !== null, isUpdate: true, clientIp: caller.clientIp, shareId: share.id, current: share });
    const { info, unchanged } = await updateHeld(deps, caller.requestUrl, share, held.manifest, held.bytes, settings, slot);
    const count = `${info.files} file${info.files === 1 ? '' : 's'}`;
    const what = unchanged
      ? `Unchanged: the link already shows ${info.files === 1 ? 'this file' : `these ${count}`} (version ${info.version}), so no new version was made.`
      : `Updated the link (version ${info.version}): ${count}, ${formatBytes(info.bytes)}.`;
    return [info.url, what, `The link ${accessWords(info, deps.clock.now())}.`, ...held.warnings.map((w) => `warning: ${w}`), '', JSON.stringify(info, null, 2)].join('\n');
  }));

  server.registerTool('revoke_share', {
    title: 'Revoke a link',
    description: 'Take a link back: every URL of it answers 410 Gone from then on and its files are deleted. Cannot be undone. Needs the owner token, or this connection\'s API key if it made the link.',
    inputSchema: strict('revoke_share', { link: linkArg, ownerToken }),
    annotations: { destructiveHint: true, idempotentHint: true },
  }, async ({ link, ownerToken: token }) => run(async () => {
    const info = await revokeShare(deps, caller.requestUrl, await owned(link, token, true));
    return `Revoked ${info.url}: every URL of it now answers 410 Gone.`;
  }));

  server.registerTool('get_share', {
    title: 'Read a link\'s state',
    description: 'A link\'s state (live, revoked, expired, taken_down), version, views, expiry, view limit, whether it has a password, its allowlist and, for an allowlisted link, each person\'s status ("viewers": invited, code_sent or opened, with first and last opened times and wrong codes), as JSON. Needs the owner token, or this connection\'s API key if it made the link.',
    inputSchema: strict('get_share', { link: linkArg, ownerToken }),
    annotations: { readOnlyHint: true },
  }, async ({ link, ownerToken: token }) => run(async () => {
    const share = await owned(link, token, true);
    const viewers = await viewerStatuses(deps, share.id);
    return JSON.stringify({ ...(await shareInfo(deps, caller.requestUrl, share)), ...(viewers ? { viewers } : {}) }, null, 2);
  }));

  server.registerTool('list_shares', {
    title: 'List links',
    description: 'List the links this connection\'s API key created, newest first, with their state, as JSON. Needs the connector to send an API key (Authorization: Bearer shk_…); links published without one are not listed.',
    inputSchema: strict('list_shares', {}),
    annotations: { readOnlyHint: true },
  }, async () => run(async () => JSON.stringify(await listSharesOfKey(deps, caller.requestUrl, caller.bearer), null, 2)));

  registerFeedbackTools(server, deps, { run, owned, link: linkArg, ownerToken });
}

/** A publish's result text: the link, what was published and when it expires (core/expiry-words.ts, as the local tools and the CLI say it), then the secrets. */
function published(result: PublishResult, manageUrl: string, warnings: string[], now: number): string {
  const { ownerToken: token, ...info } = result;
  return [
    info.url,
    `Published a new link: ${info.files} file${info.files === 1 ? '' : 's'}, ${formatBytes(info.bytes)}.`,
    `The link ${accessWords(info, now)}.`,
    `Manage link (private: give it only to the user; whoever has it can update or revoke the link): ${manageUrl}`,
    `Owner token (secret; pass it as ownerToken to update_share, revoke_share and get_share): ${token}`,
    ...warnings.map((w) => `warning: ${w}`),
    '',
    JSON.stringify({ ...info, manageUrl } satisfies ShareInfo & { manageUrl: string }, null, 2),
  ].join('\n');
}

/** A share id from a link (`https://<id>.<content domain>/…`) or a bare id. Errors: 404 `not_found`, like an unknown id. */
export function shareIdOf(link: string, contentDomain: string): string {
  const trimmed = link.trim().toLowerCase();
  if (SHARE_ID_PATTERN.test(trimmed)) return trimmed;
  let host = '';
  try { host = new URL(trimmed).hostname; } catch { /* not a URL */ }
  const id = host.endsWith(`.${contentDomain}`) ? host.slice(0, -contentDomain.length - 1) : '';
  if (!SHARE_ID_PATTERN.test(id)) throw new ApiError(404, 'not_found', `${link} is not a link of this service (https://<id>.${contentDomain}/) nor a share id.`);
  return id;
}
