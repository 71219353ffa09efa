import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../helpers/mail-codes';
import type { MailMessage } from '../../app/mail';
import { httpMailer, type HttpMailBody } from '../../app/mail-http';

/**
 * The HTTP email adapter (the Worker's mailer) against a local node:http server that records each
 * request exactly as it arrived and answers as the test says.
 */

const KEY = 're_live_0123456789abcdefSECRET';
const FROM = 'share <no-reply@share.example>';

interface Recorded { method: string; url: string; headers: IncomingMessage['headers']; body: string }

const stops: (() => Promise<void>)[] = [];
afterEach(async () => { await Promise.all(stops.splice(0).map((stop) => stop())); });

async function startApi(answer: (res: ServerResponse) => void): Promise<{ url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/emails`, requests };
}

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const message: MailMessage = {
  to: 'alice@acme.example',
  subject: 'Your code for "Q3 prototype" on share.example',
  text: 'Your code is 482913.\nhttps://k3x9.usercontent.example/',
  html: '<p>Your code is <b>482913</b>.</p>',
};


describe('HTTP email API mailer', () => {
  it('POSTs Resend\'s request: Bearer key, JSON {from, to: [address], subject, text, html}; a 200 {id} is success', async () => {
    const api = await startApi(json(200, { id: '49a3999c-0ce1-4ea6-ab68-afcd6dc2e794' }));
    const mailer = httpMailer({ url: api.url, apiKey: KEY, from: FROM });
    expect(mailer.kind).toBe('http');
    await mailer.send(message);
    expect(api.requests).toHaveLength(1);
    const [req] = api.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/emails');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req.body) as HttpMailBody;
    expect(body).toEqual({ from: FROM, to: ['alice@acme.example'], subject: message.subject, text: message.text, html: message.html });
    expect(Object.keys(body)).toEqual(['from', 'to', 'subject', 'text', 'html']);
  });

  it('any 2xx is accepted (a relay answering 202 with no body)', async () => {
    const api = await startApi((res) => { res.writeHead(202); res.end(); });
    await httpMailer({ url: api.url, apiKey: KEY, from: FROM }).send(message);
    expect(api.requests).toHaveLength(1);
  });

  it('a 4xx fails with the status and the provider\'s message, never the key (even when the provider echoes it)', async () => {
    const api = await startApi(json(401, { statusCode: 401, name: 'validation_error', message: `API key is invalid: Bearer ${KEY}` }));
    const err = await failure(httpMailer({ url: api.url, apiKey: KEY, from: FROM }).send(message));
    expect(err.message).toBe(`email API at ${new URL(api.url).host} answered 401: API key is invalid: Bearer [redacted]`);
    expect(err.message).not.toContain(KEY);
  });

  it('a 5xx with a non-JSON body fails with the status alone', async () => {
    const api = await startApi((res) => { res.writeHead(503, { 'content-type': 'text/html' }); res.end(`<html>upstream down ${KEY}</html>`); });
    const err = await failure(httpMailer({ url: api.url, apiKey: KEY, from: FROM }).send(message));
    expect(err.message).toBe(`email API at ${new URL(api.url).host} answered 503`);
  });

  it('a provider that never answers fails the send at the timeout instead of holding the request', async () => {
    const api = await startApi(() => { /* never answers */ });
    const started = performance.now();
    const err = await failure(httpMailer({ url: api.url, apiKey: KEY, from: FROM, timeoutMs: 300 }).send(message));
    const ms = performance.now() - started;
    expect(err.message).toBe(`email API at ${new URL(api.url).host} did not answer within 0.3 s`);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3000);
    expect(api.requests).toHaveLength(1);
  });

  it('an endpoint nobody listens on fails as unreachable', async () => {
    const api = await startApi(json(200, {}));
    await stops.pop()!();
    const err = await failure(httpMailer({ url: api.url, apiKey: KEY, from: FROM }).send(message));
    expect(err.message).toMatch(/^email API at 127\.0\.0\.1:\d+ could not be reached \(ECONNREFUSED\)$/);
    expect(err.message).not.toContain(KEY);
  });
});
