import type { ShareFeedback } from '../../core/api-types';
import { errorGroupCount, errorGroupsOf, missingPathsOf } from '../db/feedback';
import type { ShareRow } from '../db/shares';
import type { Deps } from '../deps';
import { isoTime } from '../lib/time';
import { listComments } from './comments';
import { FEEDBACK_CAPS } from './feedback-limits';

/**
 * `GET /api/shares/:id/feedback` (and the MCP tool `get_feedback`): a share's error groups (most
 * recently seen first), the paths its current version still lacks (most asked for first), its
 * comments with replies, and a `capped` note for each cap reached, saying what happens there.
 */
export async function shareFeedback(deps: Deps, share: ShareRow): Promise<ShareFeedback> {
  const [errors, groups, missing, comments] = await Promise.all([
    errorGroupsOf(deps.db, share.id, FEEDBACK_CAPS.errorGroups),
    errorGroupCount(deps.db, share.id),
    missingPathsOf(deps.db, share.id, FEEDBACK_CAPS.missingPaths),
    listComments(deps, share.id),
  ]);
  const capped: string[] = [];
  if (groups >= FEEDBACK_CAPS.errorGroups) capped.push(`error groups: ${groups} of ${FEEDBACK_CAPS.errorGroups}; new kinds of errors are dropped, the counts of these keep growing`);
  if (missing.stored >= FEEDBACK_CAPS.missingPaths) capped.push(`missing paths: ${missing.stored} of ${FEEDBACK_CAPS.missingPaths}; new paths are dropped, the counts of these keep growing`);
  if (comments.length >= FEEDBACK_CAPS.comments) capped.push(`comments: ${comments.length} of ${FEEDBACK_CAPS.comments}; new comments are refused`);
  return {
    id: share.id, feedback: share.feedback,
    errors: errors.map((e) => ({
      kind: e.kind, message: e.message, source: e.source, page: e.page, count: e.count,
      firstSeen: isoTime(e.firstSeen), lastSeen: isoTime(e.lastSeen), browsers: e.browsers.split('\n').filter(Boolean),
    })),
    missing: missing.rows.map((m) => ({ path: m.path, count: m.count, firstSeen: isoTime(m.firstSeen), lastSeen: isoTime(m.lastSeen) })),
    comments, capped,
  };
}
