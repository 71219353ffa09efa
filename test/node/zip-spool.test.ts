import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../core/hash';
import { Gate } from '../../app/lib/gate';
import { sha256HexInPlace } from '../../server/hash';
import { diskSpool } from '../../server/spool';
import { startNodeServer } from '../helpers/node-server';

const streamOf = (bytes: Uint8Array, piece = 1000) => new ReadableStream<Uint8Array>({
  start(controller) {
    for (let at = 0; at < bytes.length; at += piece) controller.enqueue(bytes.slice(at, at + piece));
    controller.close();
  },
});
const requestOf = (bytes: Uint8Array) => new Request('http://localhost/api/shares', { method: 'POST', body: streamOf(bytes), duplex: 'half' } as RequestInit);
const tooLarge = () => new Error('too large');

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk.slice());
  return new Uint8Array(Buffer.concat(parts));
}

describe('the Node zip spool (DATA_DIR/spool)', () => {
  it('writes a body to a private file and reads it back by range and in chunks, then deletes it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'share-spool-')), 'spool');
    const bytes = randomBytes(700_000);
    const upload = await diskSpool(dir).write(requestOf(bytes), { length: null, maxBytes: 1_000_000, tooLarge });
    expect(upload.size).toBe(bytes.length);
    const [file] = readdirSync(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await upload.read(123_456, 1000)).equals(bytes.subarray(123_456, 124_456))).toBe(true);
    expect(Buffer.from(await collect(upload.chunks(10, 650_000))).equals(bytes.subarray(10, 650_000))).toBe(true);
    await upload.discard();
    await upload.discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops at the limit with the caller\'s error and leaves no file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'share-spool-')), 'spool');
    await expect(diskSpool(dir).write(requestOf(new Uint8Array(5000)), { length: null, maxBytes: 4999, tooLarge })).rejects.toThrow('too large');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sweeps uploads older than the cutoff, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'share-spool-'));
    for (const name of ['old.upload', 'new.upload', 'other.txt']) writeFileSync(join(dir, name), 'x');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, 'old.upload'), hourAgo, hourAgo);
    utimesSync(join(dir, 'other.txt'), hourAgo, hourAgo);
    expect(await diskSpool(dir).sweep(Date.now() - 60_000)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['new.upload', 'other.txt']);
    expect(existsSync(join(dir, 'old.upload'))).toBe(false);
  });
});

describe('the Node server and its spool', () => {
  it('removes uploads a crash left in DATA_DIR/spool when it starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'share-spool-start-'));
    mkdirSync(join(dataDir, 'spool'), { recursive: true });
    writeFileSync(join(dataDir, 'spool', 'left-by-a-crash.upload'), new Uint8Array(1000));
    const server = await startNodeServer({ dataDir });
    try {
      expect(readdirSync(join(dataDir, 'spool'))).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('hashing zip entries on Node', () => {
  it('sha256HexInPlace gives the core\'s sha256Hex, across its 1 MiB slices', async () => {
    for (const size of [0, 1, 1024 * 1024, 3 * 1024 * 1024 + 7]) {
      const bytes = randomBytes(size);
      expect(await sha256HexInPlace(bytes), String(size)).toBe(await sha256Hex(bytes));
    }
  });
});

describe('the zip publish gate', () => {
  it('admits up to its limit, refuses past it, and frees a place once per release', () => {
    const gate = new Gate(2);
    const a = gate.enter();
    const b = gate.enter();
    expect(a && b).toBeTruthy();
    expect(gate.enter()).toBeNull();
    a!();
    a!();
    const c = gate.enter();
    expect(c).toBeTruthy();
    expect(gate.enter()).toBeNull();
  });
});
