import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobStore, ByteRange, StoredObject } from '../app/storage';

/** `<share id>/<sha256>` and nothing else: no dots, no separators beyond the one, so no key can leave the folder. */
const KEY_PATTERN = /^([0-9a-z]{1,63})\/([0-9a-f]{64})$/;
const TEMP_SUFFIX = '.tmp';

function parseKey(key: string): [string, string] {
  const m = KEY_PATTERN.exec(key);
  if (!m) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  return [m[1], m[2]];
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

export interface DiskStore extends BlobStore {
  /** Deletes temp files a crash left mid-write; they were never visible under a real key. */
  removeTempFiles(): Promise<number>;
}

/**
 * Bundle files in a local folder, one subfolder per share. A file is written under a temp name,
 * flushed, then renamed into place: rename is atomic on one filesystem, so a crash leaves either
 * the whole file or no file under its key, never half of one.
 */
export function diskStore(root: string): DiskStore {
  const pathOf = (key: string) => {
    const [share, hash] = parseKey(key);
    return { dir: join(root, share), file: join(root, share, hash) };
  };
  return {
    async put(key, bytes) {
      const { dir, file } = pathOf(key);
      const temp = `${file}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // A delete of the share's last file may remove the emptied folder in between: make it again once.
      const handle = await open(temp, 'w', 0o600).catch(async (err) => {
        if (!isMissing(err)) throw err;
        await mkdir(dir, { recursive: true, mode: 0o700 });
        return open(temp, 'w', 0o600);
      });
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temp, file);
      } catch (err) {
        await unlink(temp).catch(() => {});
        throw err;
      }
    },
    async get(key, range?: ByteRange): Promise<StoredObject | null> {
      const { file } = pathOf(key);
      let handle;
      try {
        handle = await open(file, 'r');
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
      const { size } = await handle.stat();
      const span = range ? { start: range.offset, end: range.offset + range.length - 1 } : {};
      const stream = handle.createReadStream({ ...span, autoClose: true });
      return { body: Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, size };
    },
    async delete(keys) {
      const dirs = new Set<string>();
      for (const key of keys) {
        const { dir, file } = pathOf(key);
        await unlink(file).catch((err) => { if (!isMissing(err)) throw err; });
        dirs.add(dir);
      }
      // An emptied share folder goes too; one still holding files (or temp files) stays.
      for (const dir of dirs) await rmdir(dir).catch(() => {});
    },
    async ping() {
      await access(root, constants.R_OK | constants.W_OK);
    },
    async removeTempFiles() {
      let removed = 0;
      for (const share of await readdir(root).catch(() => [] as string[])) {
        const dir = join(root, share);
        if (!(await stat(dir)).isDirectory()) continue;
        for (const name of await readdir(dir)) {
          if (name.endsWith(TEMP_SUFFIX)) { await rm(join(dir, name), { force: true }); removed++; }
        }
      }
      return removed;
    },
  };
}
