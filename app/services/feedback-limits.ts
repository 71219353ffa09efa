/**
 * Bounds of viewer feedback per link (issue 16), and what happens at each: see README "Viewer
 * feedback" and docs/operations.md. Counts never stop: at a cap only new *kinds* are dropped.
 */
export const FEEDBACK_CAPS = {
  /** Error groups (kind, message, source, page) per link; past it new groups are dropped, known ones keep counting. */
  errorGroups: 100,
  /** Missing paths per link; past it new paths are dropped, known ones keep counting. */
  missingPaths: 200,
  /** Comments per link; past it a new comment is refused (409 `feedback_full`). */
  comments: 200,
  /** Replies per comment; past it a new reply is refused (409 `feedback_full`). */
  replies: 50,
  /** Events in one error report; the rest of a report is ignored. */
  eventsPerReport: 20,
  /** Bytes of one posted body (report, comment, reply); larger is 413. */
  bodyBytes: 16 * 1024,
  /** Characters kept of a message or source, of a comment's text, of a name, of an anchor's selector and text. */
  messageChars: 500,
  commentChars: 2000,
  nameChars: 80,
  selectorChars: 500,
  anchorTextChars: 200,
  /** Characters of a page path or missing path kept. */
  pathChars: 512,
} as const;
