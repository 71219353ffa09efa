import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import type { ShareFeedback } from '../../core/api-types';
import { createApp } from '../../app/app';
import type { Config } from '../../app/config';
import type { Deps } from '../../app/deps';
import { silentLogger } from '../../app/lib/log';
import { depsFromEnv, type Env } from '../../worker/index';
import { workerFetch } from '../../worker/wait-until';
import { flushMissing } from '../../app/services/missing';

export const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
export const origin = (id: string) => `http://${id}.localhost:8787`;

/**
 * The real app over env.DB/env.BLOBS, entered like the Worker entry (`workerFetch`), with the
 * request's deferred work (`deps.defer`) awaited before `send` returns, so counts are written.
 */
export function feedbackApp(change: Partial<Config> = {}) {
  const base = depsFromEnv(env as unknown as Env);
  const deps: Deps = { ...base, log: silentLogger, config: { ...base.config, ...change } };
  const app = createApp(deps);
  const send = async (url: string, init: RequestInit = {}) => {
    const ctx = createExecutionContext();
    const headers = new Headers(init.headers);
    if (!headers.has('user-agent')) headers.set('user-agent', BROWSER);
    const res = await workerFetch(app)(new Request(url, { ...init, headers }), env, ctx);
    const body = new Uint8Array(await res.arrayBuffer());
    await waitOnExecutionContext(ctx);
    return { res, body, text: new TextDecoder().decode(body) };
  };
  /** A POST from the share's own page (Origin and Fetch Metadata as Chromium sends them). */
  const post = (id: string, path: string, json: unknown, headers: Record<string, string> = {}) => send(`${origin(id)}${path}`, {
    method: 'POST', body: JSON.stringify(json),
    headers: { 'content-type': 'application/json', origin: origin(id), 'sec-fetch-site': 'same-origin', 'cf-connecting-ip': '198.51.100.20', ...headers },
  });
  const feedback = async (id: string, token: string): Promise<ShareFeedback> => {
    await flushMissing(deps);
    const { res, text } = await send(`http://localhost:8787/api/shares/${id}/feedback`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`feedback: ${res.status} ${text}`);
    return JSON.parse(text) as ShareFeedback;
  };
  return { app, deps, send, post, feedback };
}
