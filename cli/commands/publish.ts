import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { UploadPlan } from '../../worker/api-types';
import { ServerError, ShareApi } from '../api';
import { collect, type LocalFile } from '../collect';
import { resolveServer } from '../config';
import { CliError, EXIT } from '../errors';
import { dim, formatBytes, info, warn } from '../output';
import { findBySource, upsertShare, type SavedShare } from '../state';
import { LIFECYCLE_HELP, LIFECYCLE_OPTIONS, readLifecycle, splitPassword } from '../lifecycle-flags';

export const publishHelp = `Usage: share <path> [options]

Publish an HTML file, a folder (its index.html opens first) or a .zip, and print the link.
Sharing the same path again from this machine updates the same link.

Options:
  --server URL   share server (default: $SHARE_SERVER, config file, http://localhost:8787)
  --entry PAGE   page to open at / when the folder has no index.html
  --new          make a fresh link instead of updating the previous one for this path
  --force        update even if someone else changed the link since your last update
  --json         print one JSON object ({"id","url",...}) instead of the bare link
  -h, --help     show this help
${LIFECYCLE_HELP}

Examples:
  share ./index.html
  share ./dist --json
  share prototype.zip --server https://share.example.com`;

const CONCURRENCY = 4;

async function uploadMissing(api: ShareApi, plan: UploadPlan, token: string, files: LocalFile[]): Promise<number> {
  const byHash = new Map(files.map((f) => [f.sha256, f]));
  const queue = plan.missing.map((h) => byHash.get(h)!).filter(Boolean);
  let sent = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      await api.upload(plan, token, f, f.bytes);
      sent += f.size;
    }
  }));
  return sent;
}

export async function publish(rawArgv: string[]): Promise<void> {
  const options = { server: { type: 'string' }, entry: { type: 'string' }, new: { type: 'boolean' }, force: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...LIFECYCLE_OPTIONS } as const;
  const pw = splitPassword(rawArgv, options);
  const { values, positionals } = parseArgs({ args: pw.argv, allowPositionals: true, options });
  if (values.help) return void process.stdout.write(`${publishHelp}\n`);
  if (positionals.length !== 1) throw new CliError(`expected one path to share, got ${positionals.length} (see share --help)`, EXIT.usage);
  const started = Date.now();
  const source = resolve(positionals[0]);
  const server = resolveServer(values.server);
  const lifecycle = await readLifecycle(values, pw);
  const bundle = await collect(positionals[0], values.entry);
  for (const w of bundle.warnings) warn(w);
  const api = new ShareApi(server);
  const manifest = { files: bundle.files.map(({ path, size, sha256 }) => ({ path, size, sha256 })), entry: bundle.entry, ...lifecycle.settings };

  const previous = values.new ? undefined : findBySource(source, server);
  let plan: UploadPlan | undefined;
  let token: string;
  if (previous) {
    try {
      plan = await api.update(previous.id, previous.ownerToken, { ...manifest, baseVersion: previous.version ?? undefined, force: values.force === true });
    } catch (err) {
      if (err instanceof ServerError && err.status === 409) throw new CliError(`${previous.url} was changed by someone else since your last update; run again with --force to replace it`);
      if (!(err instanceof ServerError && (err.status === 404 || err.status === 410 || err.status === 403))) throw err;
      info(dim(`the previous link ${previous.url} is gone (${err.message}); making a new one`));
    }
  }
  if (plan) {
    token = previous!.ownerToken;
  } else {
    plan = await api.create(manifest, lifecycle.key);
    token = plan.ownerToken!;
  }
  const total = bundle.files.reduce((n, f) => n + f.size, 0);
  const sent = await uploadMissing(api, plan, token, bundle.files);
  const share = await api.finalize(plan, token);
  const now = new Date().toISOString();
  const saved: SavedShare = {
    id: share.id, url: share.url, server, ownerToken: token, source, version: share.version,
    createdAt: previous && previous.id === share.id ? previous.createdAt : now, updatedAt: now,
  };
  upsertShare(saved);
  const verb = previous && previous.id === share.id ? `updated (version ${share.version})` : 'published';
  info(dim(`${verb} ${bundle.files.length} file${bundle.files.length === 1 ? '' : 's'} (${formatBytes(total)}, sent ${formatBytes(sent)}) in ${((Date.now() - started) / 1000).toFixed(1)}s`));
  if (values.json) process.stdout.write(`${JSON.stringify({ ...share, updated: verb !== 'published', source })}\n`);
  else process.stdout.write(`${share.url}\n`);
}
