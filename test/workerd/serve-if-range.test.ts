import { describe, expect, it } from 'vitest';
import { enc, publish, updateShare, visit } from './helpers';

const V1 = 'version one '.repeat(100);
const V2 = 'VERSION TWO '.repeat(100);

describe('If-Range: a 206 only for the version the client already holds', () => {
  it('resuming with the old ETag after an update gets the whole new file, never a mix', async () => {
    const share = await publish({ 'index.html': '<p>r</p>', 'big.txt': V1 });
    const first = await visit(share.id, '/big.txt', { headers: { range: 'bytes=0-499' } });
    expect(first.status).toBe(206);
    const oldEtag = first.headers.get('etag')!;
    expect(await first.text()).toBe(V1.slice(0, 500));
    await updateShare(share.id, share.token, { 'index.html': '<p>r</p>', 'big.txt': V2 });
    const resumed = await visit(share.id, '/big.txt', { headers: { range: 'bytes=500-', 'if-range': oldEtag } });
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get('content-range')).toBeNull();
    expect(await resumed.text()).toBe(V2);
  });

  it('the current strong ETag keeps the range; a weak ETag or a date does not', async () => {
    const share = await publish({ 'index.html': '<p>r</p>', 'big.txt': V1 });
    const etag = (await visit(share.id, '/big.txt', { method: 'HEAD' })).headers.get('etag')!;
    const same = await visit(share.id, '/big.txt', { headers: { range: 'bytes=500-', 'if-range': etag } });
    expect(same.status).toBe(206);
    expect(await same.text()).toBe(V1.slice(500));
    for (const ifRange of [`W/${etag}`, 'Wed, 21 Oct 2015 07:28:00 GMT', '"0000"']) {
      const res = await visit(share.id, '/big.txt', { headers: { range: 'bytes=500-', 'if-range': ifRange } });
      expect(res.status, ifRange).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(enc.encode(V1));
    }
    const plain = await visit(share.id, '/big.txt', { headers: { range: 'bytes=500-' } });
    expect(plain.status).toBe(206);
    await plain.arrayBuffer();
  });
});
