import { basename, resolve } from 'node:path';
import type { PublishRequest, ShareInfo, UploadPlan } from '../core/api-types';
import { ServerError, ShareApi } from './api';
import { collect, type LocalFile } from './collect';
import { resolveServer } from './config';
import { CliError, EXIT } from './errors';
import { referenceWarnings } from '../core/bundle-warnings';
import { describeFindings, isEnvFileName, scanFiles } from '../core/secrets';
import { findBySource, upsertShare, type SavedShare } from './state';

export interface PublishOptions {
  path: string;
  server?: string;
  entry?: string;
  /** Make a fresh link instead of updating the one this path had. */
  fresh?: boolean;
  force?: boolean;
  allowSecrets?: boolean;
  /** Expiry, view limit and password for the link (see cli/lifecycle-flags.ts), and whether it is a single-page app. */
  settings?: Pick<PublishRequest, 'expires' | 'maxViews' | 'password' | 'spa'>;
  /** API key to publish with (a key-only server refuses anonymous publishes). */
  key?: string;
  /** Called as bytes reach the server: (sent so far, bytes to send). */
  onProgress?: (sent: number, total: number) => void;
  /** Notes worth telling a person (e.g. the previous link is gone). */
  onNote?: (message: string) => void;
}

export interface PublishOutcome {
  share: ShareInfo;
  /** True when an existing link got a new version. */
  updated: boolean;
  source: string;
  files: number;
  /** Bytes of the whole bundle, and of what was actually uploaded (files the server lacked). */
  totalBytes: number;
  sentBytes: number;
  /** Missing or outside references, skipped symbolic links, secrets allowed through. */
  warnings: string[];
}

const CONCURRENCY = 4;

async function uploadMissing(api: ShareApi, plan: UploadPlan, token: string, files: LocalFile[], onProgress?: PublishOptions['onProgress']): Promise<number> {
  const byHash = new Map(files.map((f) => [f.sha256, f]));
  const queue = plan.missing.map((h) => byHash.get(h)!).filter(Boolean);
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
  return sent;
}

/**
 * Publishes a path (HTML file, folder or zip) or updates the link this machine made for it, and
 * returns what happened without printing anything: the CLI command and the MCP server both use it.
 * Nothing is uploaded if the bundle holds likely secrets, unless `allowSecrets`.
 */
export async function publishPath(opts: PublishOptions): Promise<PublishOutcome> {
  const source = resolve(opts.path);
  const server = resolveServer(opts.server);
  if (isEnvFileName(basename(source)) && !opts.allowSecrets) {
    throw new CliError(`refusing to share ${opts.path}: it is an environment file, which holds secrets by convention`, EXIT.secrets);
  }
  const bundle = await collect(opts.path, opts.entry);
  const warnings = [...bundle.warnings, ...referenceWarnings(bundle.files, bundle.entry)];
  const findings = scanFiles(bundle.files);
  if (findings.length > 0) {
    if (!opts.allowSecrets) throw new CliError(describeFindings(findings), EXIT.secrets);
    warnings.push(`sharing ${findings.length} likely secret${findings.length === 1 ? '' : 's'} because of --allow-secrets`);
  }
  const api = new ShareApi(server);
  const manifest = { files: bundle.files.map(({ path, size, sha256 }) => ({ path, size, sha256 })), entry: bundle.entry, ...opts.settings };

  const previous = opts.fresh ? undefined : findBySource(source, server);
  let plan: UploadPlan | undefined;
  if (previous) {
    try {
      plan = await api.update(previous.id, previous.ownerToken, { ...manifest, baseVersion: previous.version ?? undefined, force: opts.force === true });
    } catch (err) {
      if (err instanceof ServerError && err.status === 409) throw new CliError(`${previous.url} was changed by someone else since your last update; run again with --force to replace it`);
      if (!(err instanceof ServerError && (err.status === 404 || err.status === 410 || err.status === 403))) throw err;
      opts.onNote?.(`the previous link ${previous.url} is gone (${err.message}); making a new one`);
    }
  }
  const token = plan ? previous!.ownerToken : undefined;
  if (!plan) plan = await api.create(manifest, opts.key);
  const ownerToken = token ?? plan.ownerToken!;
  warnings.push(...(plan.warnings ?? []));
  const sentBytes = await uploadMissing(api, plan, ownerToken, bundle.files, opts.onProgress);
  const share = await api.finalize(plan, ownerToken);
  const updated = previous?.id === share.id;
  const now = new Date().toISOString();
  const saved: SavedShare = {
    id: share.id, url: share.url, server, ownerToken, source, version: share.version,
    createdAt: updated ? previous!.createdAt : now, updatedAt: now,
  };
  upsertShare(saved);
  return {
    share, updated, source, files: bundle.files.length, warnings, sentBytes,
    totalBytes: bundle.files.reduce((n, f) => n + f.size, 0),
  };
}
