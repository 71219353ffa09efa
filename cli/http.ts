import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The parts of an HTTP answer the CLI reads (a subset of the Fetch `Response`, so either fits). */
export interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface SendOptions {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal: AbortSignal;
  /** Called once the whole body has been handed to the operating system: from then on the server may have all of it. */
  onSent?: () => void;
}

/**
 * One HTTP(S) request with node:http rather than the global `fetch`. Why: every `share` run
 * makes a few small requests, and loading undici (fetch's implementation, compiled on first use)
 * costs about 25 ms of CPU per run, more than the requests themselves on a local network (see
 * bench/RESULTS.md). Resolves once the status and headers arrived; `text()` reads the body.
 * Rejects with the socket's error (`err.code`: ECONNREFUSED, ENOTFOUND, …) or, once `signal`
 * aborts, with its reason — on either side of the headers.
 */
export function send(url: string, opts: SendOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const body = typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body;
    const headers = { ...opts.headers, ...(body ? { 'content-length': String(body.byteLength) } : {}) };
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, { method: opts.method, headers });
    const onAbort = () => req.destroy(opts.signal.reason);
    if (opts.signal.aborted) return reject(opts.signal.reason);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => {
      opts.signal.removeEventListener('abort', onAbort);
      reject(opts.signal.aborted ? opts.signal.reason : err);
    });
    if (opts.onSent) req.on('finish', opts.onSent);
    req.on('response', (res: IncomingMessage) => resolve(answerOf(res, opts.signal, () => opts.signal.removeEventListener('abort', onAbort))));
    req.end(body);
  });
}

function answerOf(res: IncomingMessage, signal: AbortSignal, done: () => void): Answer {
  const status = res.statusCode ?? 0;
  return {
    status,
    statusText: res.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    headers: { get: (name) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; } },
    text: () => new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { done(); resolve(Buffer.concat(chunks).toString('utf8')); });
      res.on('error', (err) => { done(); reject(signal.aborted ? signal.reason : err); });
      res.on('aborted', () => { done(); reject(signal.aborted ? signal.reason : new Error('the connection closed before the answer ended')); });
    }),
  };
}
