import { Hono } from 'hono';
import type { AppEnv } from '../deps';
import { ownedShare } from '../services/auth';
import { addReply, resolveComment } from '../services/comments';
import { shareFeedback } from '../services/feedback';
import { badRequest } from '../../core/errors';
import { readBody, readJson } from './body';
import { bearer, idParam } from './params';

/**
 * The owner's side of viewer feedback (issue 16), under `/api/shares`: read it, reply to a
 * comment, resolve one. Owner token or the creating API key, like every owner route.
 */
export const feedbackApi = new Hono<AppEnv>();

feedbackApi.get('/:id/feedback', async (c) => {
  const deps = c.get('deps');
  return c.json(await shareFeedback(deps, await ownedShare(deps, idParam(c), bearer(c), { allowEnded: true })));
});

feedbackApi.post('/:id/comments/:commentId/replies', async (c) => {
  const deps = c.get('deps');
  const share = await ownedShare(deps, idParam(c), bearer(c));
  return c.json(await addReply(deps, share.id, c.req.param('commentId'), await readJson(c), true), 201);
});

feedbackApi.post('/:id/comments/:commentId/resolve', async (c) => {
  const deps = c.get('deps');
  const share = await ownedShare(deps, idParam(c), bearer(c));
  // The body is optional: none (or `{}`) resolves; `{"resolved": false}` opens the comment again.
  const bytes = await readBody(c, 1024, 'invalid_json');
  let body: { resolved?: unknown } = {};
  if (bytes.byteLength > 0) {
    try { body = JSON.parse(new TextDecoder().decode(bytes)) ?? {}; } catch { throw badRequest('invalid_json', 'The request body is not valid JSON.'); }
  }
  return c.json(await resolveComment(deps, share.id, c.req.param('commentId'), typeof body === 'object' ? (body.resolved ?? true) : body));
});
