import { randomBytes } from 'node:crypto';
import { deflateSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/errors';
import { DEFAULT_LIMITS } from '../../core/limits';
import { bytesSource, openZip, readZip, unpackZip } from '../../core/zip';
import { CP437, decodeCp437 } from '../../core/zip/cp437';
import { crc32 } from '../../core/zip/crc32';
import { inflateNative } from '../../core/zip/inflate';
import { inflateFflate } from '../../core/zip/inflate-fflate';
import { overlappingZip, unicodePathField, writeZip } from '../helpers/zip-writer';
import { entryData } from '../workerd/zip-tools';

/**
 * The one zip reader's refusals and name rules (issue 12 fault 5, issue 13 item 10), on zips
 * written byte by byte (test/helpers/zip-writer.ts). The server path runs the same reader through
 * the API in test/workerd/zip-layout.test.ts.
 */

const enc = new TextEncoder();
const page = { name: 'index.html', data: enc.encode('<p>hi</p>') };
const paths = async (zip: Uint8Array) => (await readZip(zip, DEFAULT_LIMITS)).map((f) => f.path).sort();

async function refusal(zip: Uint8Array): Promise<ApiError> {
  const err = await readZip(zip, DEFAULT_LIMITS).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('each entry owns its bytes', () => {
  it('records that share bytes → 400 zip_overlap (the 54 KB zip of 999 records on one 100 KB entry)', async () => {
    const zip = overlappingZip();
    expect(zip.byteLength).toBeLessThan(60 * 1024);
    const err = await refusal(zip);
    expect([err.status, err.code]).toEqual([400, 'zip_overlap']);
    expect(err.message).toMatch(/share bytes/);
  });

  it('two records on the same offset with different names → 400 zip_overlap', async () => {
    const zip = writeZip([page, { name: 'a.txt', data: enc.encode('a') }], { records: (rs) => [rs[0], { ...rs[1], localOffset: 0 }] });
    expect((await refusal(zip)).code).toBe('zip_overlap');
  });

  it('a record pointing into the central directory → 400 zip_overlap', async () => {
    const zip = writeZip([page], { records: (rs, dir) => [...rs, { ...rs[0], name: enc.encode('x.txt'), localOffset: dir }] });
    expect((await refusal(zip)).message).toContain('x.txt points into');
  });

  it('a record whose data runs into the next entry → 400 zip_overlap', async () => {
    const zip = writeZip([page, { name: 'a.txt', data: enc.encode('abc') }], { records: (rs) => [{ ...rs[0], compressedSize: rs[0].compressedSize + 5 }, rs[1]] });
    expect((await refusal(zip)).code).toBe('zip_overlap');
  });

  it('bytes between entries that no entry accounts for → 400 zip_gap, small or large', async () => {
    for (const gap of [1, 100, 70_000]) {
      const zip = writeZip([page, { name: 'a.txt', data: enc.encode('a') }], { before: { 1: new Uint8Array(gap) } });
      const err = await refusal(zip);
      expect(err.code, String(gap)).toBe('zip_gap');
      expect(err.message).toContain(`${gap} bytes after the entry index.html`);
    }
  });

  it('bytes before the first entry, before the directory or after the end record → 400 zip_gap', async () => {
    expect((await refusal(writeZip([page], { before: { 0: enc.encode('MZ stub') } }))).message).toContain('before its first entry');
    expect((await refusal(writeZip([page], { beforeDirectory: new Uint8Array(8) }))).code).toBe('zip_gap');
    const trailing = new Uint8Array([...writeZip([page]), 1, 2, 3]);
    expect((await refusal(trailing)).message).toContain('3 bytes after its end record');
  });

  it('a local header naming another file than its record → 400 invalid_zip', async () => {
    const zip = writeZip([page, { name: 'a.txt', data: enc.encode('a') }], { records: (rs) => [rs[0], { ...rs[1], name: enc.encode('b.txt') }] });
    expect((await refusal(zip)).message).toContain('local name');
  });

  it('bytes whose CRC-32 differs from the directory → 400 zip_checksum', async () => {
    const zip = writeZip([page, { name: 'a.txt', data: enc.encode('abc'), method: 0 }]);
    entryData(zip, 'a.txt')[0] = 0x78;
    expect((await refusal(zip)).code).toBe('zip_checksum');
  });

  it('a local header whose CRC or sizes disagree with the directory → 400 invalid_zip', async () => {
    const zip = writeZip([page, { name: 'a.txt', data: enc.encode('abc') }], { records: (rs) => [rs[0], { ...rs[1], crc: rs[1].crc ^ 1 }] });
    expect((await refusal(zip)).message).toContain('local header disagrees');
  });

  it('entries with data descriptors, with and without the signature, are read', async () => {
    expect(await paths(writeZip([{ ...page, descriptor: true }, { name: 'a.txt', data: enc.encode('a'), method: 0, descriptor: true }]))).toEqual(['a.txt', 'index.html']);
  });
});

describe('compression ratio', () => {
  it('over 1 MiB at more than 1000:1 → 400 zip_ratio, before anything is unpacked', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>x</p>'), 'zeros.bin': new Uint8Array(2 * 1024 * 1024) });
    const err = await refusal(zip);
    expect([err.code, err.message]).toEqual(['zip_ratio', expect.stringContaining('zeros.bin would unpack 2 MiB')]);
  });

  it('small blank files and ordinary text stay within it', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>x</p>'.repeat(20_000)), 'blank.bin': new Uint8Array(512 * 1024) });
    expect(await paths(zip)).toEqual(['blank.bin', 'index.html']);
  });
});

describe('entry names', () => {
  it('CP437 without the UTF-8 flag: all 256 bytes decode, none to U+FFFD', () => {
    expect(CP437).toHaveLength(256);
    expect(new Set(CP437).size).toBe(256);
    expect(CP437.includes('\uFFFD')).toBe(false);
    expect(decodeCp437(new Uint8Array([0x63, 0x61, 0x66, 0x82, 0x80, 0x9c, 0xe1, 0xff]))).toBe('caféÇ£ß\u00a0');
  });

  it('a CP437 name (café.png, "crème" and "hôtel", which also decode as Shift_JIS to one stray kanji) stays CP437', async () => {
    const names = [[0x63, 0x61, 0x66, 0x82], [0x63, 0x72, 0x8a, 0x6d, 0x65], [0x68, 0x93, 0x74, 0x65, 0x6c]].map((b) => new Uint8Array([...b, 0x2e, 0x74, 0x78, 0x74]));
    expect(new TextDecoder('shift_jis', { fatal: true, ignoreBOM: true }).decode(names[1])).toMatch(/^cr[\u4e00-\u9fff]e\.txt$/);
    expect(await paths(writeZip([page, ...names.map((name) => ({ name, data: enc.encode('x') }))]))).toEqual(['café.txt', 'crème.txt', 'hôtel.txt', 'index.html']);
  });

  it('Shift_JIS names (画像/ロゴ.png, テスト.txt, ソース.js whose second byte is "\\") are read as Shift_JIS', async () => {
    const names = [
      [0x89, 0xe6, 0x91, 0x9c, 0x2f, 0x83, 0x8d, 0x83, 0x53, 0x2e, 0x70, 0x6e, 0x67],
      [0x83, 0x65, 0x83, 0x58, 0x83, 0x67, 0x2e, 0x74, 0x78, 0x74],
      [0x83, 0x5c, 0x81, 0x5b, 0x83, 0x58, 0x2e, 0x6a, 0x73],
    ].map((b) => new Uint8Array(b));
    expect(await paths(writeZip([page, ...names.map((name) => ({ name, data: enc.encode('x') }))]))).toEqual(['index.html', 'ソース.js', 'テスト.txt', '画像/ロゴ.png']);
  });

  it('one archive, one code page: a name that is not valid Shift_JIS makes every legacy name CP437', async () => {
    const names = [new Uint8Array([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), new Uint8Array([0x63, 0x61, 0x66, 0x82])];
    expect(await paths(writeZip([page, ...names.map((name) => ({ name, data: enc.encode('x') }))]))).toEqual(['café', 'index.html', 'âeâXâg']);
  });

  it('the Info-ZIP Unicode Path field wins over the header name when its CRC matches, and is ignored when not', async () => {
    const header = new Uint8Array([0x63, 0x61, 0x66, 0x82, 0x2e, 0x74, 0x78, 0x74]);
    const zip = writeZip([page,
      { name: header, data: enc.encode('x'), extra: unicodePathField(header, 'naïve/café.txt') },
      { name: 'old.txt', data: enc.encode('y'), extra: unicodePathField(enc.encode('old.txt'), 'new.txt', crc32(enc.encode('other'))) },
    ]);
    expect(await paths(zip)).toEqual(['index.html', 'naïve/café.txt', 'old.txt']);
  });

  it('the UTF-8 flag and valid UTF-8 without it are read as UTF-8', async () => {
    expect(await paths(writeZip([page, { name: 'ünï/日本.txt', data: enc.encode('x'), flags: 0x800 }, { name: 'naïve.txt', data: enc.encode('y') }]))).toEqual(['index.html', 'naïve.txt', 'ünï/日本.txt']);
  });

  it('a name flagged UTF-8 that is not valid UTF-8 → 400 zip_name_encoding naming the entry (never a U+FFFD name)', async () => {
    const err = await refusal(writeZip([page, { name: new Uint8Array([0x62, 0xff, 0x2e, 0x74, 0x78, 0x74]), data: enc.encode('x'), flags: 0x800 }]));
    expect([err.status, err.code]).toEqual([400, 'zip_name_encoding']);
    expect(err.message).toContain('b\uFFFD.txt');
  });

  it('backslashes are separators: css\\style.css is css/style.css, and ..\\ or \\ or C:\\ are still refused', async () => {
    expect(await paths(writeZip([page, { name: 'css\\style.css', data: enc.encode('p{}') }]))).toEqual(['css/style.css', 'index.html']);
    for (const name of ['..\\evil.html', 'a\\..\\..\\evil.html', '\\etc\\evil.html', 'C:\\evil.html']) {
      const err = await refusal(writeZip([page, { name, data: enc.encode('x') }]));
      expect([err.code, name]).toEqual(['invalid_path', name]);
    }
  });
});

describe('unpacking one entry at a time', () => {
  it('with reuse, every entry comes in the same buffer, valid until the next is asked for', async () => {
    const zip = zipSync({ 'index.html': enc.encode('<p>a</p>'), 'b.txt': enc.encode('bbbbbbbb'), 'c.txt': enc.encode('cc') });
    const source = bytesSource(zip, 7);
    const plan = await openZip(source, DEFAULT_LIMITS);
    const seen: { path: string; text: string; buffer: ArrayBufferLike }[] = [];
    for await (const f of unpackZip(source, plan, { reuse: true })) seen.push({ path: f.path, text: new TextDecoder().decode(f.bytes), buffer: f.bytes.buffer });
    expect(seen.map((s) => [s.path, s.text])).toEqual([['index.html', '<p>a</p>'], ['b.txt', 'bbbbbbbb'], ['c.txt', 'cc']]);
    expect(new Set(seen.map((s) => s.buffer)).size).toBe(1);
  });

  it('never unpacks what it skips: an ignored entry whose data is corrupt is no refusal', async () => {
    const zip = writeZip([page, { name: '.gitignore', data: enc.encode('junk.bin\n') }, { name: 'junk.bin', data: enc.encode('x'.repeat(100)) }]);
    entryData(zip, 'junk.bin')[0] = 0xff; // BFINAL=1, BTYPE=11: a reserved block type
    expect(await paths(zip)).toEqual(['index.html']);
    // The same entry, not ignored, is unpacked and refused.
    const kept = writeZip([page, { name: 'junk.bin', data: enc.encode('x'.repeat(100)) }]);
    entryData(kept, 'junk.bin')[0] = 0xff;
    expect((await refusal(kept)).code).toBe('invalid_zip');
  });
});

describe('the two inflaters (the platform\'s DecompressionStream, fflate where it has no deflate-raw)', () => {
  const record = (data: Uint8Array, compressed: Uint8Array) => ({ name: 'x', rawName: new Uint8Array(0), flags: 0, method: 8, crc: crc32(data), compressedSize: compressed.length, size: data.length, localOffset: 0, end: 0, isSymlink: false });
  async function* piecesOf(bytes: Uint8Array, size = 1000) {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }
  const run = async (inflate: 'native' | 'fflate', data: Uint8Array, compressed: Uint8Array, limit = data.length) => {
    const parts: Uint8Array[] = [];
    let total = 0;
    const write = (chunk: Uint8Array) => {
      total += chunk.length;
      if (total > limit) throw new ApiError(400, 'zip_size_mismatch', 'too much');
      parts.push(chunk.slice());
    };
    if (inflate === 'native') await inflateNative(piecesOf(compressed), write);
    else await inflateFflate(record(data, compressed), piecesOf(compressed), write);
    return new Uint8Array(Buffer.concat(parts));
  };

  for (const inflate of ['native', 'fflate'] as const) {
    it(`${inflate}: unpacks text, random bytes and nothing alike`, async () => {
      for (const data of [enc.encode('hello zip '.repeat(5000)), new Uint8Array(randomBytes(70_000)), new Uint8Array(0)]) {
        expect(await run(inflate, data, deflateSync(data))).toEqual(data);
      }
    });

    it(`${inflate}: stops a lying entry at its declared size, and refuses corrupt data`, async () => {
      const zeros = new Uint8Array(20 * 1024 * 1024);
      await expect(run(inflate, zeros, deflateSync(zeros), 1024)).rejects.toThrow('too much');
      const corrupt = deflateSync(enc.encode('x'.repeat(1000)));
      corrupt[0] = 0xff;
      await expect(run(inflate, new Uint8Array(1000), corrupt)).rejects.toThrow();
    });
  }
});
