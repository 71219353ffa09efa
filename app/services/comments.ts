import type { FeedbackComment } from '../../core/api-types';
import { ApiError, badRequest } from '../../core/errors';
import { commentsOf, findComment, insertCommentIfRoom, insertReplyIfRoom, setResolved, type CommentRow, type ReplyRow } from '../db/comments';
import type { Deps } from '../deps';
import { lowerAlnumIds } from '../lib/ids';
import { isoTime } from '../lib/time';
import { FEEDBACK_CAPS } from './feedback-limits';

const commentId = lowerAlnumIds(16);
/** Comment ids as they appear in URLs: 16 of [0-9a-z]. */
export const COMMENT_ID_PATTERN = /^[0-9a-z]{16}$/;

/** A comment as the API, the MCP tools and the script see it: text stays text (the script renders it with textContent). */
export function toComment(row: CommentRow, replies: ReplyRow[]): FeedbackComment {
  return {
    id: row.id, page: row.page, anchor: JSON.parse(row.anchor) as FeedbackComment['anchor'], text: row.text, name: row.name,
    createdAt: isoTime(row.createdAt)!, version: row.version, resolved: row.resolvedAt !== null, resolvedAt: isoTime(row.resolvedAt),
    replies: replies.filter((r) => r.commentId === row.id).map((r) => ({ text: r.text, name: r.name, byOwner: r.byOwner, createdAt: isoTime(r.createdAt)! })),
  };
}

/** A share's comments with their replies (of one page when `page` is given), oldest first. */
export async function listComments(deps: Deps, shareId: string, page?: string): Promise<FeedbackComment[]> {
  const { comments, replies } = await commentsOf(deps.db, shareId, page);
  return comments.map((c) => toComment(c, replies));
}

/** A text field of a posted body: trimmed, at most `max` characters, required or not. Errors: 400 `invalid_feedback`. */
export function textField(value: unknown, name: string, max: number, required: boolean): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (required) throw badRequest('invalid_feedback', `"${name}" is required.`);
    return null;
  }
  if (typeof value !== 'string') throw badRequest('invalid_feedback', `"${name}" must be text.`);
  const text = value.trim();
  if (text.length > max) throw badRequest('invalid_feedback', `"${name}" is longer than ${max} characters.`);
  return text;
}

/** A page path as the script sends it (`/`, `/about.html`): must start with one slash. */
export function pagePath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) throw badRequest('invalid_feedback', '"page" must be the page\'s path, e.g. "/".');
  return value.slice(0, FEEDBACK_CAPS.pathChars);
}

/**
 * A viewer's new comment on `version` of a share, from the posted body `{page, anchor: {selector,
 * text, x, y}, text, name?}`. Stored as given text, never interpreted. Errors: 400
 * `invalid_feedback`; 409 `feedback_full` at FEEDBACK_CAPS.comments (nothing is replaced).
 */
export async function addComment(deps: Deps, shareId: string, version: number, body: Record<string, unknown>): Promise<FeedbackComment> {
  const anchor = (body.anchor ?? {}) as Record<string, unknown>;
  if (typeof anchor !== 'object' || Array.isArray(anchor)) throw badRequest('invalid_feedback', '"anchor" must be an object.');
  const fraction = (v: unknown, name: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) throw badRequest('invalid_feedback', `"anchor.${name}" must be a number from 0 to 1.`);
    return Math.round(v * 10000) / 10000;
  };
  const row: CommentRow = {
    id: commentId(), shareId, page: pagePath(body.page),
    anchor: JSON.stringify({
      selector: textField(anchor.selector, 'anchor.selector', FEEDBACK_CAPS.selectorChars, false) ?? '',
      text: (typeof anchor.text === 'string' ? anchor.text : '').trim().slice(0, FEEDBACK_CAPS.anchorTextChars),
      x: fraction(anchor.x, 'x'), y: fraction(anchor.y, 'y'),
    }),
    text: textField(body.text, 'text', FEEDBACK_CAPS.commentChars, true)!,
    name: textField(body.name, 'name', FEEDBACK_CAPS.nameChars, false),
    createdAt: deps.clock.now(), version, resolvedAt: null,
  };
  if (!(await insertCommentIfRoom(deps.db, row, FEEDBACK_CAPS.comments))) {
    throw new ApiError(409, 'feedback_full', `This link already holds ${FEEDBACK_CAPS.comments} comments, the most it keeps; the sharer can resolve or re-share to make room.`);
  }
  return toComment(row, []);
}

/**
 * A reply to a comment of the share, by its owner (`byOwner`) or a viewer (with an optional
 * name). Errors: 404 `not_found` (no such comment on this share), 400 `invalid_feedback`,
 * 409 `feedback_full` at FEEDBACK_CAPS.replies.
 */
export async function addReply(deps: Deps, shareId: string, id: string, body: Record<string, unknown>, byOwner: boolean): Promise<FeedbackComment> {
  const comment = await existingComment(deps, shareId, id);
  const reply: ReplyRow = {
    id: commentId(), commentId: id, shareId, text: textField(body.text, 'text', FEEDBACK_CAPS.commentChars, true)!,
    name: byOwner ? null : textField(body.name, 'name', FEEDBACK_CAPS.nameChars, false), byOwner, createdAt: deps.clock.now(),
  };
  if (!(await insertReplyIfRoom(deps.db, reply, FEEDBACK_CAPS.replies))) {
    throw new ApiError(409, 'feedback_full', `This comment already has ${FEEDBACK_CAPS.replies} replies, the most it keeps.`);
  }
  return oneComment(deps, shareId, comment.id);
}

/** Marks a comment resolved (or open again). Errors: 404 `not_found`, 400 `invalid_feedback`. */
export async function resolveComment(deps: Deps, shareId: string, id: string, resolved: unknown = true): Promise<FeedbackComment> {
  if (typeof resolved !== 'boolean') throw badRequest('invalid_feedback', '"resolved" must be true or false.');
  const comment = await existingComment(deps, shareId, id);
  if ((comment.resolvedAt !== null) !== resolved) await setResolved(deps.db, shareId, id, resolved ? deps.clock.now() : null);
  return oneComment(deps, shareId, id);
}

async function existingComment(deps: Deps, shareId: string, id: string): Promise<CommentRow> {
  const comment = COMMENT_ID_PATTERN.test(id) ? await findComment(deps.db, shareId, id) : undefined;
  if (!comment) throw new ApiError(404, 'not_found', 'No comment with that id on this link.');
  return comment;
}

async function oneComment(deps: Deps, shareId: string, id: string): Promise<FeedbackComment> {
  const { comments, replies } = await commentsOf(deps.db, shareId);
  return toComment(comments.find((c) => c.id === id)!, replies);
}
