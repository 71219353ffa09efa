import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from './client';
import { feedbackComments, feedbackReplies } from './schema';

/** Viewers' comments and the replies to them (issue 16). */
export type CommentRow = typeof feedbackComments.$inferSelect;
export type ReplyRow = typeof feedbackReplies.$inferSelect;

/**
 * Inserts a comment only while the share holds fewer than `cap`, in one statement (so parallel
 * posts cannot pass the cap together). True when it was stored.
 */
export async function insertCommentIfRoom(db: Database, row: CommentRow, cap: number): Promise<boolean> {
  const r = row;
  const inserted = await db.orm.insert(feedbackComments).select(sql`select ${r.id}, ${r.shareId}, ${r.page}, ${r.anchor}, ${r.text}, ${r.name}, ${r.createdAt}, ${r.version}, ${r.resolvedAt}
    where (select count(*) from ${feedbackComments} where ${feedbackComments.shareId} = ${r.shareId}) < ${cap}`).returning({ id: feedbackComments.id });
  return inserted.length === 1;
}

/** Inserts a reply only while its comment has fewer than `cap`. True when it was stored. */
export async function insertReplyIfRoom(db: Database, row: ReplyRow, cap: number): Promise<boolean> {
  const r = row;
  const inserted = await db.orm.insert(feedbackReplies).select(sql`select ${r.id}, ${r.commentId}, ${r.shareId}, ${r.text}, ${r.name}, ${r.byOwner ? 1 : 0}, ${r.createdAt}
    where (select count(*) from ${feedbackReplies} where ${feedbackReplies.commentId} = ${r.commentId}) < ${cap}`).returning({ id: feedbackReplies.id });
  return inserted.length === 1;
}

export async function findComment(db: Database, shareId: string, id: string): Promise<CommentRow | undefined> {
  const rows = await db.orm.select().from(feedbackComments).where(and(eq(feedbackComments.shareId, shareId), eq(feedbackComments.id, id))).limit(1);
  return rows[0];
}

/** Marks a comment resolved at `at`, or open again with null. */
export async function setResolved(db: Database, shareId: string, id: string, at: number | null): Promise<void> {
  await db.orm.update(feedbackComments).set({ resolvedAt: at }).where(and(eq(feedbackComments.shareId, shareId), eq(feedbackComments.id, id)));
}

/** A share's comments (of one page when `page` is given), oldest first, with their replies, oldest first. */
export async function commentsOf(db: Database, shareId: string, page?: string): Promise<{ comments: CommentRow[]; replies: ReplyRow[] }> {
  const { orm } = db;
  const where = page === undefined ? eq(feedbackComments.shareId, shareId) : and(eq(feedbackComments.shareId, shareId), eq(feedbackComments.page, page));
  const [comments, replies] = await Promise.all([
    orm.select().from(feedbackComments).where(where).orderBy(asc(feedbackComments.createdAt), asc(feedbackComments.id)),
    orm.select().from(feedbackReplies).where(eq(feedbackReplies.shareId, shareId)).orderBy(asc(feedbackReplies.createdAt), asc(feedbackReplies.id)),
  ]);
  return { comments, replies };
}
