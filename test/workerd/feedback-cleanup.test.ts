import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { runCleanup } from '../../app/jobs/cleanup';
import { silentLogger } from '../../app/lib/log';
import { depsFromEnv, type Env } from '../../worker/index';
import { api, publish } from './helpers';
import { feedbackApp, origin } from './feedback-helpers';

async function rows(id: string): Promise<number> {
  let n = 0;
  for (const table of ['feedback_errors', 'feedback_missing', 'feedback_comments', 'feedback_replies']) {
    n += Number((await env.DB.prepare(`select count(*) as n from ${table} where share_id = ?`).bind(id).first<{ n: number }>())!.n);
  }
  return n;
}

async function leaveFeedback(id: string, token: string) {
  const { post, send, feedback } = feedbackApp();
  await post(id, '/__share/errors', { page: '/', events: [{ kind: 'error', message: 'boom' }] });
  const comment = JSON.parse((await post(id, '/__share/comments', { page: '/', anchor: { selector: 'p', text: 'x', x: 0, y: 0 }, text: 'hi' })).text);
  await post(id, `/__share/comments/${comment.id}/replies`, { text: 'reply' });
  await send(`${origin(id)}/missing.png`);
  await feedback(id, token);
  expect(await rows(id)).toBe(4);
}

describe('feedback goes with the link', () => {
  it('revoking a link deletes its errors, missing paths, comments and replies', async () => {
    const { id, token } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true });
    await leaveFeedback(id, token);
    expect((await api(`/api/shares/${id}`, { method: 'DELETE', token })).status).toBe(200);
    expect(await rows(id)).toBe(0);
  });

  it('the cleanup job ending an expired link deletes its feedback', async () => {
    const { id, token } = await publish({ 'index.html': '<p>x</p>' }, { feedback: true, expires: '1h' });
    await leaveFeedback(id, token);
    const base = depsFromEnv(env as unknown as Env);
    const report = await runCleanup({ ...base, log: silentLogger, clock: { now: () => Date.now() + 2 * 3600_000 } });
    expect(report.expiredShares).toBeGreaterThanOrEqual(1);
    expect(await rows(id)).toBe(0);
  });
});
