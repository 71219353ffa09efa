import { statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { resolveServer } from './config';
import { oneLine } from './errors';
import { dim, info, warn } from './output';
import { publishPath, type PublishOptions, type PublishOutcome } from './publish-core';
import { outcomeJson, sentWords } from './publish-report';
import { WatchLoop } from './watch-loop';
import { watchFiles, watchTree, type FileWatcher } from './watch-files';

/** Quiet time after the last change before an update starts: a save storm is one update. */
export const QUIET_MS = 300;

export interface WatchOptions {
  /** The first publish, already made and printed by the publish command. */
  first: PublishOutcome;
  /** How every later update publishes: the same path, server and flags (no `fresh`: the same link). */
  publish: Omit<PublishOptions, 'fresh' | 'signal' | 'onProgress' | 'onNote'>;
  /** One JSON object per update on stdout instead of a line of words. */
  json: boolean;
}

const clock = () => new Date().toTimeString().slice(0, 8);

/** `index.html, css/site.css and 3 more`: the changed paths a line names. */
function named(paths: string[]): string {
  if (paths.length === 0) return '';
  const shown = paths.slice(0, 3).join(', ');
  return ` (${shown}${paths.length > 3 ? ` and ${paths.length - 3} more` : ''})`;
}

/** The files a lone HTML file's watch covers: the page and what it brought along; a zip is watched alone. */
function lonePaths(source: string, out: PublishOutcome): string[] {
  if (extname(source).toLowerCase() === '.zip') return [source];
  return [source, ...out.paths.map((p) => join(dirname(source), ...p.split('/')))];
}

/**
 * `share <path> --watch`, after the first publish: re-shares the path to the same link
 * `QUIET_MS` after the last save, one update at a time, and prints one line per update on stdout
 * (`12:03:04 version 5 is live: …`) or one JSON object with `--json`. Each update is a full
 * publishPath run: it reads the path again, takes the source lock (cli/source-lock.ts), has its
 * own deadline (the timeout applies per update) and uploads only the files the server lacks. A
 * failed update is printed on stderr and the watch goes on. Resolves on SIGINT or SIGTERM, after
 * cancelling an update not yet finalized, with the link printed: the command then exits 0.
 */
export async function watchAndShare(opts: WatchOptions): Promise<void> {
  const source = resolve(opts.publish.path);
  const server = resolveServer(opts.publish.server);
  let current = opts.first;
  let controller: AbortController | undefined;

  const update = async (changed: string[]) => {
    controller = new AbortController();
    const started = Date.now();
    try {
      const out = await publishPath({ ...opts.publish, signal: controller.signal, onNote: (m) => info(dim(m)) });
      // The link ended meanwhile (revoked elsewhere, expired): publishPath made a new one; say so where the link was said.
      if (out.share.url !== current.share.url && !opts.json) process.stdout.write(`${out.share.url}\n`);
      current = out;
      watcher.setFiles(lonePaths(source, out));
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...outcomeJson(out, server), changed })}\n`);
      else if (out.unchanged) process.stdout.write(`${clock()} unchanged${named(changed)}: the link still shows version ${out.share.version}, nothing was sent\n`);
      else process.stdout.write(`${clock()} version ${out.share.version} is live${named(changed)}: ${sentWords(out)} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
      for (const w of out.warnings) warn(w);
    } catch (err) {
      if (controller.signal.aborted) return;
      process.stderr.write(`share: ${clock()} update failed: ${oneLine(err)}. ${current.share.url} still shows version ${current.share.version}; waiting for the next save\n`);
    } finally {
      controller = undefined;
    }
  };

  const loop = new WatchLoop(QUIET_MS, update);
  const onChange = (path: string) => loop.change(path);
  const watcher: FileWatcher = statSync(source).isDirectory()
    ? watchTree(source, onChange)
    : watchFiles(dirname(source), lonePaths(source, current), onChange);
  info(dim(`watching ${opts.publish.path} for changes; every save updates ${current.share.url} (Ctrl-C to stop)`));

  await new Promise<void>((done) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) process.exit(130); // A second Ctrl-C: stop now.
      stopping = true;
      watcher.close();
      controller?.abort();
      await loop.stop();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      info(`stopped watching; ${current.share.url} stays live (version ${current.share.version})`);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
