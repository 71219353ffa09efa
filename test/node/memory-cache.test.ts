import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskStore } from '../../server/disk';
import { memoryCached } from '../../server/memory-cache';

const key = (n: number) => `abcdefghijklmn/${String(n).padStart(64, '0')}`;
const text = async (o: { body: ReadableStream<Uint8Array> } | null) => new Response(o!.body).text();

describe('memoryCached over the real disk store', () => {
  it('serves a small object from memory once read, ranges included, and forgets it on delete', async () => {
    const root = mkdtempSync(join(tmpdir(), 'share-cache-'));
    const disk = diskStore(root);
    const store = memoryCached(disk, { maxObjectBytes: 1024, maxTotalBytes: 4096 });
    await store.put(key(1), new TextEncoder().encode('hello cache'), 'text/plain');
    rmSync(join(root, 'abcdefghijklmn'), { recursive: true }); // the disk copy is gone: only memory can answer
    expect(await text(await store.get(key(1)))).toBe('hello cache');
    const part = await store.get(key(1), { offset: 6, length: 5 });
    expect(part!.size).toBe(11);
    expect(await text(part)).toBe('cache');
    await store.delete([key(1)]);
    expect(await store.get(key(1))).toBeNull();
  });

  it('streams large objects from the store without keeping them, and evicts the least recently used', async () => {
    const root = mkdtempSync(join(tmpdir(), 'share-cache-'));
    const store = memoryCached(diskStore(root), { maxObjectBytes: 1024, maxTotalBytes: 2048 });
    await store.put(key(2), new Uint8Array(2000).fill(65), 'application/octet-stream');
    for (const n of [3, 4, 5]) await store.put(key(n), new Uint8Array(900).fill(n), 'application/octet-stream');
    rmSync(join(root, 'abcdefghijklmn'), { recursive: true });
    expect(await store.get(key(2))).toBeNull(); // never cached: too large
    expect(await store.get(key(3))).toBeNull(); // evicted: 3 × 900 B > 2048 B
    expect((await store.get(key(5)))!.size).toBe(900);
  });
});
