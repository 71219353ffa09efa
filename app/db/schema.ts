import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Lifecycle of a share. Only `live` serves content; the others stay as tombstones so old links answer 410, not 404. */
export type ShareState = 'pending' | 'live' | 'revoked' | 'expired' | 'taken_down';

export const shares = sqliteTable(
  'shares',
  {
    id: text('id').primaryKey(),
    /** SHA-256 (hex) of the owner token; the token itself is shown once and never stored. */
    ownerTokenHash: text('owner_token_hash').notNull(),
    state: text('state').$type<ShareState>().notNull(),
    /** The version visitors see; null until the first publish is finalized. */
    currentVersion: integer('current_version'),
    title: text('title'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** When the link stops serving (checked on every request); null means never. */
    expiresAt: integer('expires_at'),
    /** When the share ended (revoked, expired or taken down). */
    revokedAt: integer('revoked_at'),
    /** The API key that created it, if any: that key may list, update and revoke it too. */
    apiKeyId: text('api_key_id'),
    /** Page views allowed before the link ends (burn after reading); null means unlimited. */
    maxViews: integer('max_views'),
    /** Page views so far; only counted for shares with `maxViews`. */
    viewCount: integer('view_count').notNull().default(0),
    /** `pbkdf2-sha256$<iterations>$<salt>$<hash>`; null when the share is not password-protected. */
    passwordHash: text('password_hash'),
    /** Why an operator took it down. */
    reason: text('reason'),
    /**
     * The allowlist (issue 19) as a JSON array of normalised entries (`core/allow.ts`), or null
     * when anyone with the link may open it. Kept on the row so the serving path's one metadata
     * read brings it along.
     */
    allowList: text('allow_list'),
    /** Signs into every viewer cookie; raised when an entry is removed, which ends every cookie issued before. */
    allowVersion: integer('allow_version').notNull().default(0),
    /** Viewer feedback (issue 16): its HTML pages get the feedback script (errors, comments, live reload). */
    feedback: integer('feedback', { mode: 'boolean' }).notNull().default(false),
    /** Live updates only: its HTML pages get the script in live-only mode (implied by `feedback`). */
    live: integer('live', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('shares_state_updated').on(t.state, t.updatedAt),
    index('shares_state_expires').on(t.state, t.expiresAt),
    index('shares_api_key').on(t.apiKeyId, t.createdAt),
  ],
);

export type VersionState = 'pending' | 'complete';

export const versions = sqliteTable(
  'versions',
  {
    shareId: text('share_id').notNull(),
    number: integer('number').notNull(),
    /** `pending` while its files upload; `complete` once finalized. Pending versions are never served. */
    state: text('state').$type<VersionState>().notNull(),
    entry: text('entry').notNull(),
    /** The entry page's `<title>` as the client read it; finalize and rollback copy it to the share. */
    title: text('title'),
    fileCount: integer('file_count').notNull(),
    bytes: integer('bytes').notNull(),
    baseVersion: integer('base_version'),
    createdAt: integer('created_at').notNull(),
    /** Single-page app: unknown page routes are answered with the entry page. */
    spa: integer('spa', { mode: 'boolean' }).notNull().default(false),
    /** The folder of the upload served as the root (`dist/`), when every page was inside it; null otherwise. */
    root: text('root'),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.number] }), index('versions_state_created').on(t.state, t.createdAt)],
);

export const files = sqliteTable(
  'files',
  {
    shareId: text('share_id').notNull(),
    version: integer('version').notNull(),
    /** Normalised (NFC, forward slashes, no leading slash) path inside the bundle. */
    path: text('path').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    contentType: text('content_type').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.version, t.path] }), index('files_share_sha').on(t.shareId, t.sha256)],
);

/** What the blob store holds for a share: lets publish answer "which hashes are missing" and cleanup find strays. */
export const blobs = sqliteTable(
  'blobs',
  {
    shareId: text('share_id').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    createdAt: integer('created_at').notNull(),
    /**
     * What the bytes say about their text encoding (`core/charset.ts` `encodingEvidence`), read
     * when the blob is stored; finalize turns it into each text file's `; charset=utf-8` or not.
     * Null: not examined (no text file named the hash, or stored before this rule).
     */
    encodingEvidence: text('encoding_evidence'),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.sha256] })],
);

/** Operator-issued keys for publishing (and managing what they published) from any machine. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the key; the key itself is shown once. */
    keyHash: text('key_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.keyHash)],
);

/** Server-side settings the service creates for itself, e.g. a generated cookie secret. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Fixed-window counters shared by every isolate: `bucket` names what is counted and for whom
 * (a keyed hash, never a raw IP) and the window it counts in.
 */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    bucket: text('bucket').primaryKey(),
    count: integer('count').notNull(),
    resetAt: integer('reset_at').notNull(),
  },
  (t) => [index('rate_limits_reset').on(t.resetAt)],
);

/** Visitors' reports of a share, for operators to review. */
export const reports = sqliteTable(
  'reports',
  {
    id: text('id').primaryKey(),
    shareId: text('share_id').notNull(),
    reason: text('reason').notNull(),
    message: text('message'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('reports_created').on(t.createdAt)],
);

/**
 * Page views per share per UTC day (`YYYY-MM-DD`). Kept for good: totals and the 30-day chart
 * are sums of these rows. `uniqueVisitors` grows by the hashes each batch adds to `view_visitors`
 * and keeps its value after cleanup deletes them.
 */
export const viewDays = sqliteTable(
  'view_days',
  {
    shareId: text('share_id').notNull(),
    day: text('day').notNull(),
    views: integer('views').notNull(),
    uniqueVisitors: integer('unique_visitors').notNull(),
    lastViewedAt: integer('last_viewed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.day] })],
);

/**
 * One row per distinct visitor per share per day, only to count them: `visitor` is an HMAC of
 * (server secret, day, IP, User-Agent), so it cannot be reversed to an IP nor linked across days.
 * Rows older than two days are deleted by cleanup.
 */
export const viewVisitors = sqliteTable(
  'view_visitors',
  {
    shareId: text('share_id').notNull(),
    day: text('day').notNull(),
    visitor: text('visitor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.day, t.visitor] }), index('view_visitors_day').on(t.day)],
);

/** Page views per share by the host of the Referer header (never the full URL). */
export const viewReferrers = sqliteTable(
  'view_referrers',
  {
    shareId: text('share_id').notNull(),
    host: text('host').notNull(),
    views: integer('views').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.host] })],
);

/**
 * One person on an allowlisted link (issue 19): the address (normalised, lowercase) and the entry
 * that let it in, when a code was last sent, when a right code was first entered and when they
 * last loaded the link (written at most once a minute), and wrong codes entered. Only addresses
 * the allowlist names get a row; never an IP.
 */
export const allowViewers = sqliteTable(
  'allow_viewers',
  {
    shareId: text('share_id').notNull(),
    address: text('address').notNull(),
    entry: text('entry').notNull(),
    codeSentAt: integer('code_sent_at'),
    firstOpenedAt: integer('first_opened_at'),
    lastOpenedAt: integer('last_opened_at'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.address] })],
);

/**
 * The one live one-time code per person and link: only its HMAC under the server secret is
 * stored, with its expiry and the wrong attempts made against it. A right code deletes the row
 * (single use); cleanup deletes expired ones.
 */
export const allowCodes = sqliteTable(
  'allow_codes',
  {
    shareId: text('share_id').notNull(),
    address: text('address').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: integer('expires_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.address] }), index('allow_codes_expires').on(t.expiresAt)],
);

/**
 * Viewers' error reports (issue 16), one row per group: kind, message, source and page, hashed
 * into `groupKey` so long texts make a short key. At most FEEDBACK_CAPS.errorGroups per share; past
 * it new groups are dropped while existing ones keep counting. Never an IP, never page content.
 */
export const feedbackErrors = sqliteTable(
  'feedback_errors',
  {
    shareId: text('share_id').notNull(),
    groupKey: text('group_key').notNull(),
    kind: text('kind').$type<'error' | 'rejection' | 'resource' | 'csp'>().notNull(),
    message: text('message').notNull(),
    source: text('source'),
    page: text('page').notNull(),
    count: integer('count').notNull(),
    firstSeen: integer('first_seen').notNull(),
    lastSeen: integer('last_seen').notNull(),
    /** Browser and OS families seen, one per line (`Chrome / Windows`), at most a dozen. */
    browsers: text('browsers').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.groupKey] })],
);

/** Paths a share answered 404 for, counted per decoded path (every link, no script). Capped per share. */
export const feedbackMissing = sqliteTable(
  'feedback_missing',
  {
    shareId: text('share_id').notNull(),
    path: text('path').notNull(),
    count: integer('count').notNull(),
    firstSeen: integer('first_seen').notNull(),
    lastSeen: integer('last_seen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.path] })],
);

/** Viewers' comments pinned to an element of a page; `anchor` is JSON `{selector, text, x, y}`. Stored and shown as text. */
export const feedbackComments = sqliteTable(
  'feedback_comments',
  {
    id: text('id').primaryKey(),
    shareId: text('share_id').notNull(),
    page: text('page').notNull(),
    anchor: text('anchor').notNull(),
    text: text('text').notNull(),
    name: text('name'),
    createdAt: integer('created_at').notNull(),
    version: integer('version').notNull(),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [index('feedback_comments_share').on(t.shareId, t.createdAt)],
);

/** Replies to a comment, by the owner (API, MCP) or by a viewer. */
export const feedbackReplies = sqliteTable(
  'feedback_replies',
  {
    id: text('id').primaryKey(),
    commentId: text('comment_id').notNull(),
    shareId: text('share_id').notNull(),
    text: text('text').notNull(),
    name: text('name'),
    byOwner: integer('by_owner', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('feedback_replies_share').on(t.shareId, t.commentId, t.createdAt)],
);
