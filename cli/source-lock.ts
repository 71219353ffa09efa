import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from './config';
import { CliError, EXIT } from './errors';
import { lock } from './file-lock';

/** In this process: the tail of the queue of publishes per source, so they run one after another. */
const queues = new Map<string, Promise<void>>();

function waitFor(done: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return done;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    done.then(() => { signal.removeEventListener('abort', onAbort); resolve(); });
  });
}

const unwritable = (dir: string, err: unknown) => new CliError(
  `cannot write share's state folder ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}), where the owner tokens of your links are kept, so nothing was uploaded. Make it writable, or set XDG_CONFIG_HOME to a writable folder`,
  EXIT.failure,
);

/**
 * Runs `fn` while no other publish of the same source to the same server runs, in this process
 * (an MCP server handling two calls at once) or in another (two CLI runs, two MCP servers). Two
 * publishes of one path, or one share_html name, would otherwise both find no saved link and
 * make two. The lock between processes is `locks/<hash>.lock` in the state folder; taking it
 * also proves the folder is writable before anything is uploaded. Waiting ends with `signal`.
 */
export async function withSourceLock<T>(source: string, server: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  const key = createHash('sha256').update(`${server}\n${source}`).digest('hex').slice(0, 32);
  const before = queues.get(key) ?? Promise.resolve();
  let finished!: () => void;
  const mine = new Promise<void>((resolve) => { finished = resolve; });
  const tail = before.then(() => mine);
  const busy = (reason: unknown): never => {
    const why = reason instanceof Error ? reason.message : String(reason);
    throw new CliError(`nothing was published: it waited for another share of the same path or name, still running (${why})`, (reason as CliError)?.code ?? EXIT.failure);
  };
  queues.set(key, tail);
  try {
    await waitFor(before, signal).catch(busy);
    const dir = join(configDir(), 'locks');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw unwritable(dir, err);
    }
    const release = await lock(join(dir, `${key}.lock`), { staleMs: 15 * 60_000, signal }).catch((err: unknown) => {
      if (signal?.aborted) return busy(signal.reason);
      throw unwritable(dir, err);
    });
    try {
      return await fn();
    } finally {
      release();
    }
  } finally {
    finished();
    if (queues.get(key) === tail) queues.delete(key);
  }
}
