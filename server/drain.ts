import type { IncomingMessage } from 'node:http';

/**
 * Reads and discards what is left of a request body the app answered without reading (an upload
 * refused by its declared size, say) before the answer goes out, so the client can finish sending
 * and then read the refusal, as it does on Workers. Otherwise Node's HTTP server closes a socket
 * whose request is incomplete right after responding, and a client still writing sees a broken
 * pipe instead of the JSON error. Bounded by bytes and time: past either, the connection is cut.
 */
export function drainUnreadBody(incoming: IncomingMessage, maxBytes: number, timeoutMs = 30_000): Promise<void> {
  if (incoming.method === 'GET' || incoming.method === 'HEAD' || incoming.complete || incoming.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => { clearTimeout(timer); resolve(); };
    const cut = () => { incoming.socket?.destroy(); done(); };
    const timer = setTimeout(cut, timeoutMs);
    timer.unref();
    incoming.on('data', (chunk: Buffer) => { seen += chunk.length; if (seen > maxBytes) cut(); });
    incoming.once('end', done);
    incoming.once('close', done);
    incoming.once('error', done);
    incoming.resume();
  });
}
