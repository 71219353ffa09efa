import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskStore } from '../../server/disk';

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const text = async (body: ReadableStream<Uint8Array>) => new Response(body).text();

describe('the disk BlobStore', () => {
  it('stores, reads whole and by range, and deletes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'share-disk-'));
    const store = diskStore(root);
    const key = `abcdefghij0123/${hash('x')}`;
    await store.put(key, new TextEncoder().encode('hello disk store'), 'text/plain');
    const whole = (await store.get(key))!;
    expect(whole.size).toBe(16);
    expect(await text(whole.body)).toBe('hello disk store');
    const part = (await store.get(key, { offset: 6, length: 4 }))!;
    expect(await text(part.body)).toBe('disk');
    expect(readdirSync(join(root, 'abcdefghij0123'))).toEqual([hash('x')]);
    await store.delete([key, `abcdefghij0123/${hash('never stored')}`]);
    expect(await store.get(key)).toBeNull();
    expect(existsSync(join(root, 'abcdefghij0123'))).toBe(false);
    await store.ping();
  });

  it('refuses every key that is not <share id>/<sha256>, so none can leave the folder', async () => {
    const store = diskStore(mkdtempSync(join(tmpdir(), 'share-disk-')));
    const h = hash('y');
    for (const key of [`../${h}`, `a/../../${h}`, `/etc/${h}`, `abc/${h}/x`, `abc/${h.toUpperCase()}`, `abc/..`, `ABC/${h}`, `abc\\${h}`, h, `abc/${h}.tmp`]) {
      await expect(store.put(key, new Uint8Array(1), 'x'), key).rejects.toThrow(/invalid blob key/);
      await expect(store.get(key), key).rejects.toThrow(/invalid blob key/);
    }
  });

  it('never shows a temp file under a real key, and sweeps leftovers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'share-disk-'));
    mkdirSync(join(root, 'shareid1'));
    const h = hash('z');
    writeFileSync(join(root, 'shareid1', `${h}.1a2b3c.tmp`), 'half a fi');
    const store = diskStore(root);
    expect(await store.get(`shareid1/${h}`)).toBeNull();
    expect(await store.removeTempFiles()).toBe(1);
    expect(readdirSync(join(root, 'shareid1'))).toEqual([]);
  });
});
