import type { FeedbackError } from '../../core/api-types';
import { badRequest } from '../../core/errors';
import { sha256Hex } from '../../core/hash';
import { addErrorStatements, type ErrorCount } from '../db/feedback';
import type { Deps } from '../deps';
import { browserFamily } from '../lib/user-agent';
import { pagePath } from './comments';
import { FEEDBACK_CAPS } from './feedback-limits';

const KINDS = new Set<FeedbackError['kind']>(['error', 'rejection', 'resource', 'csp']);

/**
 * Stores one error report of a viewer's browser: `{page, events: [{kind, message, source}]}`
 * (at most FEEDBACK_CAPS.eventsPerReport events are read; texts are cut to
 * FEEDBACK_CAPS.messageChars). Events are grouped by kind, message, source and page, each group
 * counted once per event, with the browser and OS family of the request's User-Agent; nothing
 * else of the request (no IP, no cookie) is kept. Groups past FEEDBACK_CAPS.errorGroups are
 * dropped. Errors: 400 `invalid_feedback`.
 */
export async function storeErrorReport(deps: Deps, shareId: string, body: Record<string, unknown>, userAgent: string | null): Promise<number> {
  const page = pagePath(body.page);
  if (!Array.isArray(body.events)) throw badRequest('invalid_feedback', '"events" must be a list.');
  const at = deps.clock.now();
  const browser = browserFamily(userAgent);
  const groups = new Map<string, ErrorCount>();
  for (const raw of body.events.slice(0, FEEDBACK_CAPS.eventsPerReport) as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const e = raw as Record<string, unknown>;
    if (!KINDS.has(e.kind as FeedbackError['kind']) || typeof e.message !== 'string') continue;
    const kind = e.kind as FeedbackError['kind'];
    const message = e.message.trim().slice(0, FEEDBACK_CAPS.messageChars) || '(no message)';
    const source = typeof e.source === 'string' && e.source.trim() ? e.source.trim().slice(0, FEEDBACK_CAPS.messageChars) : null;
    const groupKey = (await sha256Hex(new TextEncoder().encode(JSON.stringify([kind, message, source, page])))).slice(0, 32);
    const group = groups.get(groupKey) ?? { shareId, groupKey, kind, message, source, page, count: 0, at, browser };
    group.count++;
    groups.set(groupKey, group);
  }
  if (groups.size > 0) await deps.db.commit(addErrorStatements(deps.db, [...groups.values()], FEEDBACK_CAPS.errorGroups));
  return groups.size;
}
