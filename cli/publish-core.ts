import { statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { PublishRequest, ShareInfo, UploadPlan } from '../core/api-types';
import { ServerError, ShareApi } from './api';
import type { BundleFile } from '../core/bundle';
import { isEnvFileName } from '../core/skip';
import { collect } from './collect';
import { resolveServer } from './config';
import { Deadline, timeoutMs } from './deadline';
import { CliError, EXIT, isCliError, oneLine } from './errors';
import { refuseOwnFiles } from './own-files';
import { publishOnce } from './publish-once';
import { withSourceLock } from './source-lock';
import { checkStateWritable, findBySource, markEnded, upsertShare, type SavedShare } from './state';
import { referenceWarnings } from '../core/bundle-warnings';
import { say } from './words';

export interface PublishOptions {
  path: string;
  server?: string;
  entry?: string;
  /** Make a fresh link instead of updating the one this path had. */
  fresh?: boolean;
  force?: boolean;
  allowSecrets?: boolean;
  /**
   * Expiry, view limit, password and allowlist for the link (see cli/lifecycle-flags.ts), whether
   * it is a single-page app, and viewer feedback and live updates (cli/feedback-flags.ts).
   */
  settings?: Pick<PublishRequest, 'expires' | 'maxViews' | 'password' | 'spa' | 'allow' | 'feedback' | 'live'>;
  /** API key to publish with (a key-only server refuses anonymous publishes). */
  key?: string;
  /** Overall bound in ms (default: SHARE_TIMEOUT or 90 s; see deadline.ts). */
  timeoutMs?: number;
  /** A caller's cancellation (an MCP client's): honoured until finalize is sent, never after. */
  signal?: AbortSignal;
  /** Runs under the source lock before the path is read: share_html writes its page here. */
  prepare?: () => void;
  /** Called as bytes reach the server: (sent so far, bytes to send). */
  onProgress?: (sent: number, total: number) => void;
  /** Notes worth telling a person (e.g. the previous link is gone). */
  onNote?: (message: string) => void;
}

export interface PublishOutcome {
  share: ShareInfo;
  /** True when an existing link got a new version. */
  updated: boolean;
  /** True when the files were the ones the link already shows: no version was made, nothing was sent. */
  unchanged: boolean;
  source: string;
  files: number;
  /** Bytes of the whole bundle, and of what was actually uploaded (files the server lacked). */
  totalBytes: number;
  sentBytes: number;
  /** How many files were uploaded (the ones whose bytes the server lacked). */
  sentFiles: number;
  /** Missing or outside references, skipped symbolic links, secrets allowed through, a token that could not be saved. */
  warnings: string[];
  /** The published files' paths, in bundle order. */
  paths: string[];
  /** The owner token: in the state file, and here for a caller that must show it when saving failed. */
  ownerToken: string;
}

const CONCURRENCY = 4;

/** Uploads the files whose hashes the plan lists as missing; returns the bytes and files sent. */
async function uploadMissing(api: ShareApi, plan: UploadPlan, token: string, files: BundleFile[], onProgress?: PublishOptions['onProgress']): Promise<{ bytes: number; files: number }> {
  const byHash = new Map(files.map((f) => [f.sha256, f]));
  const queue = plan.missing.map((h) => byHash.get(h)!).filter(Boolean);
  const count = queue.length;
  const toSend = queue.reduce((n, f) => n + f.size, 0);
  let sent = 0;
  onProgress?.(0, toSend);
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      await api.upload(plan, token, f, f.bytes);
      sent += f.size;
      onProgress?.(sent, toSend);
    }
  }));
  return { bytes: sent, files: count };
}

/**
 * Sends finalize and learns its outcome. An API error means nothing changed; any other failure
 * (time ran out, the connection dropped, a proxy answered) leaves it unknown whether the version
 * went live, so the share's state is asked for with a short budget of its own. Returns the live
 * share, or null when even that could not tell.
 */
async function finalizeConfirmed(api: ShareApi, plan: UploadPlan, token: string): Promise<{ share: ShareInfo; late: boolean } | null> {
  try {
    return { share: await api.finalize(plan, token), late: false };
  } catch (err) {
    if (err instanceof ServerError) throw err;
    try {
      const info = await api.info(plan.id, token, AbortSignal.timeout(10_000));
      if (info.state === 'live' && info.version === plan.version) return { share: info, late: true };
      throw err;
    } catch (checkErr) {
      if (checkErr === err) throw err;
      return null;
    }
  }
}

/** Files a single HTML file brings along, as absolute paths, to check them like the path itself. */
function referencedPaths(source: string, files: BundleFile[]): string[] {
  if (extname(source).toLowerCase() === '.zip' || statSync(source).isDirectory()) return [];
  return files.map((f) => join(dirname(source), ...f.path.split('/')));
}

/**
 * Publishes a path (HTML file, folder or zip) or updates the link this machine made for it, and
 * returns what happened without printing anything: the CLI command and the MCP server both use it.
 * Every local precondition (config, the path, the secret scan, a readable and writable state
 * folder) is checked before the first byte is uploaded; once finalize has been sent, the outcome
 * is always returned as a success, with a warning if something local failed after it.
 */
export async function publishPath(opts: PublishOptions): Promise<PublishOutcome> {
  const source = resolve(opts.path);
  const server = resolveServer(opts.server);
  refuseOwnFiles(source);
  if (isEnvFileName(basename(source)) && !opts.allowSecrets) {
    throw new CliError(`refusing to share ${opts.path}: it is an environment file, which holds secrets by convention`, EXIT.secrets);
  }
  const deadline = new Deadline(opts.timeoutMs ?? timeoutMs(), opts.signal);
  return withSourceLock(source, server, deadline.signal, async () => {
    opts.prepare?.();
    // The secret scan runs inside collect (the core's one collect step).
    const bundle = await collect(opts.path, { entry: opts.entry, allowSecrets: opts.allowSecrets });
    refuseOwnFiles(source, referencedPaths(source, bundle.files));
    const warnings = [...bundle.warnings, ...referenceWarnings(bundle.files, bundle.entry)];
    checkStateWritable();
    const api = new ShareApi(server, deadline);
    const manifest = {
      files: bundle.files.map(({ path, size, sha256 }) => ({ path, size, sha256 })), entry: bundle.entry,
      ...(bundle.title ? { title: bundle.title } : {}), ...opts.settings,
    };
    const previous = opts.fresh ? undefined : findBySource(source, server);
    // A first publish of a small bundle goes in one request (publish-once.ts); updates and large bundles in three steps.
    const once = previous ? undefined : await publishOnce({ api, server, source, bundle, manifest, warnings, key: opts.key, onProgress: opts.onProgress });
    if (once) return { ...once, updated: false, unchanged: false, source, files: bundle.files.length, sentBytes: bundle.bytes, sentFiles: bundle.files.length, totalBytes: bundle.bytes, paths: bundle.files.map((f) => f.path) };

    let plan: UploadPlan | undefined;
    let sent: { bytes: number; files: number };
    try {
      if (previous) {
        try {
          plan = await api.update(previous.id, previous.ownerToken, { ...manifest, baseVersion: previous.version ?? undefined, force: opts.force === true });
        } catch (err) {
          if (err instanceof ServerError && err.status === 409) throw new CliError(`${previous.url} was changed by someone else since your last update; nothing was published: ${say('replace')}`);
          if (!(err instanceof ServerError && (err.status === 404 || err.status === 410 || err.status === 403))) throw err;
          markEnded(previous.id, server);
          opts.onNote?.(`the previous link ${previous.url} is gone (${err.message}); making a new one`);
        }
      }
      if (!plan) plan = await api.create(manifest, opts.key);
      warnings.push(...(plan.warnings ?? []));
      sent = await uploadMissing(api, plan, plan.ownerToken ?? previous!.ownerToken, bundle.files, opts.onProgress);
      // The last moment a cancellation or the deadline can stop the publish: after this, it may be live.
      deadline.signal.throwIfAborted();
    } catch (err) {
      if (!deadline.signal.aborted || !isCliError(err)) throw err;
      const kept = plan && previous?.id === plan.id ? `${previous.url} still serves its previous version` : 'nothing was published';
      throw new CliError(`${kept}: ${err.message}`, err.code);
    }
    const ownerToken = plan.ownerToken ?? previous!.ownerToken;
    const sameLink = previous?.id === plan.id;
    const unchanged = sameLink && plan.unchanged === true;
    const updated = sameLink && !unchanged;
    const now = new Date().toISOString();
    const entry = (share: Pick<ShareInfo, 'id' | 'url' | 'version'>): SavedShare => ({
      id: share.id, url: share.url, server, ownerToken, source, version: share.version,
      createdAt: sameLink ? previous!.createdAt : now, updatedAt: now,
    });

    const done = await finalizeConfirmed(api, plan, ownerToken);
    if (!done) {
      // Unknown outcome: keep the token so the link can be checked and revoked, and say so.
      let kept = `its owner token is saved: ${say('list')} shows its state, ${say('revoke')} takes it back`;
      try { upsertShare(entry({ id: plan.id, url: plan.url, version: plan.version })); } catch { kept = `its owner token (keep it to revoke the link) is ${ownerToken}`; }
      throw new CliError(`the server did not confirm the publish: ${plan.url} may be live. ${kept}`, EXIT.timeout);
    }
    const { share } = done;
    if (done.late) warnings.push('the server confirmed the link only after the time limit had passed');
    try {
      upsertShare(entry(share));
    } catch (err) {
      warnings.push(`the link is live, but its owner token could not be saved (${oneLine(err)}). Keep this owner token: it is the only way to update or revoke the link: ${ownerToken}`);
    }
    return {
      share, updated, unchanged, source, files: bundle.files.length, warnings, sentBytes: sent.bytes, sentFiles: sent.files, ownerToken,
      totalBytes: bundle.bytes, paths: bundle.files.map((f) => f.path),
    };
  });
}
