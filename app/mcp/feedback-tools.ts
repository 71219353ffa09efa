import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ShareFeedback } from '../../core/api-types';
import { strict } from '../../core/mcp-schema';
import type { ShareRow } from '../db/shares';
import type { Deps } from '../deps';
import { addReply, resolveComment } from '../services/comments';
import { shareFeedback } from '../services/feedback';

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/** What the remote tools share with these: the error wrapper, the owner check and the common arguments. */
export interface ToolKit {
  run: (work: () => Promise<string>) => Promise<ToolResult>;
  owned: (link: string, token: string | undefined, allowEnded?: boolean) => Promise<ShareRow>;
  link: z.ZodString;
  ownerToken: z.ZodOptional<z.ZodString>;
}

const commentId = z.string().min(1).describe('The comment\'s id, as get_feedback lists it');

/**
 * Registers get_feedback, reply_to_comment and resolve_comment (issue 16) on the remote `/mcp`
 * server. They call the owner API's own services, so the owner check and caps are the same.
 */
export function registerFeedbackTools(server: McpServer, deps: Deps, kit: ToolKit): void {
  const { run, owned } = kit;

  server.registerTool('get_feedback', {
    title: 'Read a link\'s viewer feedback',
    description: 'What viewers of a link ran into and said: errors their browsers reported (with counts, pages and browser families), files their browsers asked for that the link does not hold (every link), and comments pinned to elements of its pages, with replies. A summary, then the whole as JSON. Needs the owner token, or this connection\'s API key if it made the link.',
    inputSchema: strict('get_feedback', { link: kit.link, ownerToken: kit.ownerToken }),
    annotations: { readOnlyHint: true },
  }, async ({ link, ownerToken }) => run(async () => {
    const feedback = await shareFeedback(deps, await owned(link, ownerToken, true));
    return [...summary(feedback, link), '', JSON.stringify(feedback, null, 2)].join('\n');
  }));

  server.registerTool('reply_to_comment', {
    title: 'Reply to a viewer\'s comment',
    description: 'Answer a comment a viewer pinned on a link\'s page (commentId from get_feedback); every viewer sees the reply under the pin, marked as the sharer\'s. Needs the owner token, or this connection\'s API key if it made the link.',
    inputSchema: strict('reply_to_comment', { link: kit.link, commentId, text: z.string().min(1).describe('The reply, as plain text'), ownerToken: kit.ownerToken }),
    annotations: { openWorldHint: true },
  }, async ({ link, commentId: id, text, ownerToken }) => run(async () => {
    const share = await owned(link, ownerToken);
    const comment = await addReply(deps, share.id, id, { text }, true);
    return [`Replied to comment ${id} on ${link}; it now has ${comment.replies.length} repl${comment.replies.length === 1 ? 'y' : 'ies'}.`, '', JSON.stringify(comment, null, 2)].join('\n');
  }));

  server.registerTool('resolve_comment', {
    title: 'Resolve a viewer\'s comment',
    description: 'Mark a comment on a link resolved (commentId from get_feedback), e.g. once a re-share fixed what it asked: its pin leaves the page. Needs the owner token, or this connection\'s API key if it made the link.',
    inputSchema: strict('resolve_comment', { link: kit.link, commentId, ownerToken: kit.ownerToken }),
    annotations: { idempotentHint: true },
  }, async ({ link, commentId: id, ownerToken }) => run(async () => {
    const share = await owned(link, ownerToken);
    const comment = await resolveComment(deps, share.id, id, true);
    return [`Resolved comment ${id} on ${link}.`, '', JSON.stringify(comment, null, 2)].join('\n');
  }));
}

/** One line per finding, in the words a person would use. */
function summary(f: ShareFeedback, link: string): string[] {
  const open = f.comments.filter((c) => !c.resolved);
  const lines = [`Feedback for ${link}: ${f.errors.length} error group(s), ${f.missing.length} missing file(s), ${open.length} open comment(s) of ${f.comments.length}.${f.feedback ? '' : ' Error reports and comments are off for this link (share it with feedback on); missing files are counted anyway.'}`];
  for (const e of f.errors) lines.push(`error (${e.kind}) ×${e.count} on ${e.page}: ${e.message}${e.source ? ` at ${e.source}` : ''} [${e.browsers.join(', ')}]`);
  for (const m of f.missing) lines.push(`missing: viewers' browsers asked for ${m.path} ${m.count} time(s); it is not in this link`);
  for (const c of open) lines.push(`comment ${c.id} on ${c.page} (${c.anchor.selector || c.anchor.text || 'page'})${c.name ? ` by ${c.name}` : ''}: ${c.text}`);
  for (const note of f.capped) lines.push(`capped: ${note}`);
  return lines;
}
