import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
    expiresAt: integer('expires_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('shares_state_updated').on(t.state, t.updatedAt)],
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
    fileCount: integer('file_count').notNull(),
    bytes: integer('bytes').notNull(),
    baseVersion: integer('base_version'),
    createdAt: integer('created_at').notNull(),
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
  },
  (t) => [primaryKey({ columns: [t.shareId, t.sha256] })],
);
