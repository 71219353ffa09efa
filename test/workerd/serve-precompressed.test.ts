import { brotliCompressSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { appWith } from './app-with';
import { enc, publish } from './helpers';

const JS = `console.log(${JSON.stringify('precompressed game code '.repeat(200))})`;
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...new Array(500).fill(0)]);
const DATA = enc.encode('level data '.repeat(300));
const gz = (b: Uint8Array | string) => new Uint8Array(gzipSync(typeof b === 'string' ? enc.encode(b) : b));
const br = (b: Uint8Array | string) => new Uint8Array(brotliCompressSync(typeof b === 'string' ? enc.encode(b) : b));

/** Large enough to reach the decoder in many chunks. */
const BIG = enc.encode(Array.from({ length: 60_000 }, (_, i) => `line ${i} ${(i * 7919) % 10007}\n`).join(''));

const EXPORT = {
  'Build/big.data.br': br(BIG),
  'index.html': '<script src="Build/game.loader.js"></script>',
  'Build/game.js.gz': gz(JS),
  'Build/game.wasm.gz': gz(WASM),
  'Build/game.framework.js.br': br(JS),
  'Build/game.data.br': br(DATA),
  'icons/logo.svgz': gz('<svg xmlns="http://www.w3.org/2000/svg"/>'),
  'backup.tar.gz': gz('not a web resource'),
};

/** The app itself (no HTTP client in between that could decode): raw bytes as sent. */
const app = appWith();
let id: string;
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => app(`http://${id}.localhost:8787${path}`, { method, headers });
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

beforeAll(async () => { id = (await publish(EXPORT)).id; });

describe('pre-compressed files: Content-Encoding, the inner type, Vary', () => {
  const cases: [string, 'gzip' | 'br', string, Uint8Array | string][] = [
    ['/Build/game.js.gz', 'gzip', 'text/javascript', JS],
    ['/Build/game.wasm.gz', 'gzip', 'application/wasm', WASM],
    ['/Build/game.framework.js.br', 'br', 'text/javascript', JS],
    ['/Build/game.data.br', 'br', 'application/octet-stream', DATA],
    ['/icons/logo.svgz', 'gzip', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
  ];
  for (const [path, coding, type, plain] of cases) {
    const stored = EXPORT[path.slice(1) as keyof typeof EXPORT] as Uint8Array;
    const expectedPlain = typeof plain === 'string' ? enc.encode(plain) : plain;

    it(`${path}: sent as stored to a client that accepts ${coding}`, async () => {
      const res = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(coding);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.headers.get('content-length')).toBe(String(stored.byteLength));
      expect(await bytes(res)).toEqual(stored);
    });

    it(`${path}: decompressed for a client that does not accept ${coding}`, async () => {
      for (const accept of [undefined, 'identity', coding === 'br' ? 'gzip, deflate' : 'br']) {
        const res = await get(path, accept ? { 'accept-encoding': accept } : {});
        expect(res.status, accept).toBe(200);
        expect(res.headers.get('content-encoding'), accept).toBeNull();
        expect(res.headers.get('content-type')).toBe(type);
        expect(res.headers.get('vary')).toBe('Accept-Encoding');
        expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}-identity"$/);
        expect(await bytes(res)).toEqual(expectedPlain);
      }
    });
  }

  it('the two representations have different ETags, each revalidating to 304', async () => {
    const encoded = await get('/Build/game.js.gz', { 'accept-encoding': 'gzip' });
    const plain = await get('/Build/game.js.gz');
    await encoded.arrayBuffer(); await plain.arrayBuffer();
    expect(encoded.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    expect((await get('/Build/game.js.gz', { 'accept-encoding': 'gzip', 'if-none-match': encoded.headers.get('etag')! })).status).toBe(304);
    expect((await get('/Build/game.js.gz', { 'if-none-match': plain.headers.get('etag')! })).status).toBe(304);
  });

  it('HEAD and Range: ranges of the stored bytes when sent encoded; none when decompressed', async () => {
    const head = await get('/Build/game.wasm.gz', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.headers.get('content-encoding')).toBe('gzip');
    expect(await head.text()).toBe('');
    const part = await get('/Build/game.wasm.gz', { 'accept-encoding': 'gzip', range: 'bytes=0-9' });
    expect(part.status).toBe(206);
    expect(await bytes(part)).toEqual(EXPORT['Build/game.wasm.gz'].slice(0, 10));
    const whole = await get('/Build/game.wasm.gz', { range: 'bytes=0-9' });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('none');
    expect(await bytes(whole)).toEqual(WASM);
  });

  it('a large brotli file decompresses whole, streamed, also through the Worker entry', async () => {
    expect(BIG.byteLength).toBeGreaterThan(800_000);
    const res = await get('/Build/big.data.br');
    expect(await bytes(res)).toEqual(BIG);
    const { SELF } = await import('cloudflare:test');
    const viaWorker = await SELF.fetch(`http://${id}.localhost:8787/Build/game.js.gz`, { headers: { 'accept-encoding': 'identity' } });
    expect(viaWorker.headers.get('content-encoding')).toBeNull();
    expect(await viaWorker.text()).toBe(JS);
    // Not a speed goal: inflating ~1 MB can take seconds on a loaded 2-core CI box.
  }, 60_000);

  it('an archive (x.tar.gz) is a download, served as it is', async () => {
    const res = await get('/backup.tar.gz', { 'accept-encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(await bytes(res)).toEqual(EXPORT['backup.tar.gz']);
  });
});
