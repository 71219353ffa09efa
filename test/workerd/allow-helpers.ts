import { configFromVars, type Config } from '../../app/config';
import { logMailer } from '../../app/mail';
import { appWith } from './app-with';

export const FORM = 'application/x-www-form-urlencoded';

/** A movable clock: tests step it forward to expire codes. */
export function movableClock() {
  let ahead = 0;
  return { now: () => Date.now() + ahead, advance: (ms: number) => { ahead += ms; } };
}

/**
 * The real app over the test's D1/R2 with the development log mailer writing into a list (what
 * the server prints to stdout), so a test reads a code as a developer would from the log.
 */
export function allowApp(change: Partial<Config> = {}, limits: Partial<Config['allow']> = {}) {
  const lines: string[] = [];
  const clock = movableClock();
  const call = appWith({ ...change, allow: { ...configFromVars({}).allow, ...limits } }, () => ({ mailer: logMailer((line) => lines.push(line)), clock }));
  const mails = () => lines.map((l) => JSON.parse(l) as { event: string; to: string; subject: string; text: string });
  /** Waits for the deferred mail to `address` (the n-th one, counting from 1) and returns its code. */
  async function codeFor(address: string, nth = 1): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const mine = mails().filter((m) => m.to === address);
      if (mine.length >= nth) return /Your code: (\d{6})/.exec(mine[nth - 1].text)![1];
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no code mailed to ${address}: ${JSON.stringify(mails())}`);
  }
  const visit = (id: string, path = '/', init: RequestInit & { ip?: string } = {}) => call(`http://${id}.localhost:8787${path}`, { redirect: 'manual', ...init });
  const post = (id: string, fields: Record<string, string>, opts: { path?: string; ip?: string; cookie?: string } = {}) => visit(id, opts.path ?? '/', {
    method: 'POST', body: new URLSearchParams(fields), ip: opts.ip ?? '203.0.113.9',
    headers: { 'content-type': FORM, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
  });
  /** Asks for a code and enters it: the viewer cookie (`name=value`), or null when refused. */
  async function unlock(id: string, address: string, opts: { path?: string; ip?: string } = {}) {
    const before = mails().filter((m) => m.to === address).length;
    await post(id, { email: address }, opts);
    const code = await codeFor(address, before + 1);
    const res = await post(id, { email: address, code }, opts);
    return { res, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
  }
  return { call, clock, mails, codeFor, visit, post, unlock };
}

/** Waits for deferred writes (the app's `defer` runs them unawaited in tests). */
export const settle = () => new Promise((r) => setTimeout(r, 50));
