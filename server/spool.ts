import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import type { Spool, SpooledUpload } from '../app/spool';

const SUFFIX = '.upload';
/** Bytes read from the spooled file at a time while an archive is streamed. */
const CHUNK = 256 * 1024;

function upload(handle: FileHandle, path: string, size: number): SpooledUpload {
  let closed = false;
  return {
    size,
    async read(offset, length) {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
    async *chunks(offset, end) {
      // One buffer for the whole pass: a chunk need only last until the next is asked for (ZipSource).
      const buffer = new Uint8Array(Math.min(CHUNK, Math.max(0, end - offset)));
      for (let at = offset; at < end;) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - at), at);
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
        at += bytesRead;
      }
    },
    async discard() {
      if (!closed) { closed = true; await handle.close().catch(() => {}); }
      await rm(path, { force: true });
    },
  };
}

/**
 * The body's chunks. From the socket when the runtime knows the request's `IncomingMessage`:
 * its iterator reads a chunk only when the last is written, so an upload arriving faster than the
 * disk takes it waits in the socket. (The web stream @hono/node-server makes with `Readable.toWeb`
 * counts chunks, not bytes, against a high-water mark of 16,384, so it would queue nearly all of a
 * fast upload in memory.) The iterator leaves the socket open when a refusal stops it early, so
 * the rest can be drained and the refusal read (server/drain.ts).
 */
function bodyOf(request: Request, incoming: Readable | undefined): AsyncIterable<Uint8Array> {
  if (incoming) return incoming.iterator({ destroyOnReturn: false });
  return (request.body ?? []) as AsyncIterable<Uint8Array>;
}

/**
 * Zip uploads spooled to files in `dir` (DATA_DIR/spool), created 0600 in a 0700 folder like the
 * blob files, so a 100 MiB zip is never held in memory: the body is written as it arrives,
 * counted against the limit, and read back by range. `incomingOf` finds a request's Node stream
 * (server/runtime.ts). A crash can leave a file behind; the server sweeps them all at start and
 * old ones with each cleanup run.
 */
export function diskSpool(dir: string, incomingOf: (request: Request) => Readable | undefined = () => undefined): Spool {
  return {
    async write(request, { maxBytes, tooLarge }) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, `${randomUUID()}${SUFFIX}`);
      const handle = await open(path, 'wx+', 0o600);
      let size = 0;
      try {
        for await (const chunk of bodyOf(request, incomingOf(request))) {
          size += chunk.byteLength;
          if (size > maxBytes) throw tooLarge();
          await handle.write(chunk);
        }
      } catch (err) {
        await handle.close().catch(() => {});
        await rm(path, { force: true });
        throw err;
      }
      return upload(handle, path, size);
    },
    async sweep(before) {
      let removed = 0;
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!name.endsWith(SUFFIX)) continue;
        const path = join(dir, name);
        const info = await stat(path).catch(() => null);
        if (info && info.mtimeMs < before) { await rm(path, { force: true }); removed++; }
      }
      return removed;
    },
  };
}
