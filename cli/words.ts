/**
 * Who reads a message decides how it names what to do next. A person at the terminal passes
 * flags (`--entry <page>`) and runs commands (`share list`); a model calling the MCP tools passes
 * the tools' own parameters (`entry`) and calls tools (`list_shares`), and cannot pass flags at
 * all. Messages built anywhere below a command (collect, publish, the API client, time limits) ask
 * for the phrase here, so every message follows the audience without a second copy of it.
 */

const CLI = {
  entry: 'pass --entry <page>',
  allowSecrets: 'pass --allow-secrets',
  /** After "… was changed by someone else since your last update; ". */
  replace: 'run again with --force to replace it',
  server: 'pass --server URL or set SHARE_SERVER',
  apiKey: 'pass --key, set SHARE_API_KEY, or put "apiKey" in the config file',
  timeout: 'pass --timeout SECONDS or set SHARE_TIMEOUT to wait longer',
  list: '`share list`',
  revoke: '`share revoke`',
  expires: '--expires',
  maxViews: '--max-views',
  /** Where a link's feedback is read, replied to and resolved; `<link>` is replaced by the link. */
  feedbackList: '`share feedback <link>`',
  feedbackOn: 'share the path again with --feedback',
  feedbackReply: '`share feedback reply <link> <comment id> "text"`',
  feedbackResolve: '`share feedback resolve <link> <comment id>`',
};

export type Phrase = keyof typeof CLI;

const TOOLS: Record<Phrase, string> = {
  entry: 'pass entry: "<page>"',
  allowSecrets: 'call again with allowSecrets: true',
  replace: 'ask the user: newLink: true makes a separate link and leaves theirs alone',
  server: "set SHARE_SERVER in this MCP server's configuration (share mcp --print-config --server URL prints it)",
  apiKey: "set SHARE_API_KEY in this MCP server's configuration, or put \"apiKey\" in share's config file",
  timeout: "set SHARE_TIMEOUT (seconds) in this MCP server's configuration to wait longer",
  list: 'list_shares',
  revoke: 'revoke_share',
  expires: 'expires',
  maxViews: 'maxViews',
  feedbackList: 'get_feedback',
  feedbackOn: 'share it again with feedback: true',
  feedbackReply: 'reply_to_comment (link, commentId, text)',
  feedbackResolve: 'resolve_comment (link, commentId)',
};

/**
 * The process-wide audience, on globalThis: in the single-file bundle each command chunk has its
 * own copy of this module, and the MCP server sets it once for everything it loads.
 */
const scope = globalThis as { __shareAudience?: 'cli' | 'tools' };

/** Makes every message from here on speak to a model calling the MCP tools (cli/commands/mcp.ts). */
export function speakToTools(): void {
  scope.__shareAudience = 'tools';
}

/** True in the MCP server: messages speak to a model calling tools. */
export const speakingToTools = (): boolean => scope.__shareAudience === 'tools';

/** The phrase for the current audience; `<link>` in it becomes `link` when given. */
export function say(phrase: Phrase, link?: string): string {
  const text = (scope.__shareAudience === 'tools' ? TOOLS : CLI)[phrase];
  return link === undefined ? text : text.replaceAll('<link>', link);
}
