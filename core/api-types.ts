/**
 * Wire types shared by the worker, the CLI and the web app. Type-only: importing this module
 * adds no code to a bundle.
 */

/** One file of a bundle as the client describes it before any byte moves. */
export interface ManifestFile {
  /** Relative path with forward slashes, e.g. `css/site.css`. */
  path: string;
  size: number;
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface PublishRequest {
  files: ManifestFile[];
  /** The page served at `/`. Defaults to `index.html`, or the only `.html` file. */
  entry?: string;
  title?: string;
  /** `1h`, `24h`, `7d`, `30d`, … or `never`; defaults to the server's DEFAULT_EXPIRY. On update: from now. */
  expires?: string;
  /** Page views before the link ends (burn after reading); null removes the limit. */
  maxViews?: number | null;
  /** Visitors must enter it first; null (on update) removes it. */
  password?: string | null;
  /**
   * Single-page app: a page route that matches no file (a GET for an extension-less path that
   * accepts HTML) is answered with the entry page. Defaults to false; an update that leaves it out
   * keeps the current version's setting. A `200.html` in the bundle does the same without it.
   */
  spa?: boolean;
  /**
   * Who may open the link (issue 19): exact addresses (`alice@acme.com`) or whole domains
   * (`*@partner.example`). Viewers prove an address with a one-time code sent by email. On
   * publish it sets the list; on update it replaces it (null or [] removes it); leave it out to
   * keep the current list. With a password too, both are required.
   */
  allow?: string[] | null;
  /**
   * Viewer feedback (issue 16): the server adds one small script to the link's HTML pages that
   * reports errors, failed loads and CSP violations, lets viewers pin comments, and reloads on a
   * new version. Defaults to false; an update that leaves it out keeps the setting.
   */
  feedback?: boolean;
  /**
   * Live updates only (no error reports, no comments): open pages reload within two seconds of a
   * new version. Implied by `feedback`. Defaults to false; an update that leaves it out keeps it.
   */
  live?: boolean;
}

export interface UpdateRequest extends PublishRequest {
  /** The version this update was made from; a different current version answers 409. */
  baseVersion?: number;
  /** Replace whatever is current, even if someone else updated in between. */
  force?: boolean;
}

/** Answer to a publish or update: the version is pending until finalized. */
export interface UploadPlan {
  id: string;
  url: string;
  version: number;
  /** Hashes the server does not hold yet for this share: PUT each to `uploadPath + sha256`. */
  missing: string[];
  uploadPath: string;
  finalizePath: string;
  /** Present only in the answer that created the share: it is never shown again. */
  ownerToken?: string;
  /** The folder served as the link's root because every page is inside it (e.g. `dist/`), or null. */
  root: string | null;
  /** Things the publisher should know that did not stop the publish (case-only name differences, files left out). */
  warnings: string[];
  /**
   * An update whose files and entry page are exactly the current version's: no new version was
   * made (`version` is the current one, `missing` is empty); finalize just confirms it. Settings
   * the update named (expiry, view limit, password) were applied.
   */
  unchanged?: boolean;
}

export type ShareState = 'pending' | 'live' | 'revoked' | 'expired' | 'taken_down';

export interface ShareInfo {
  id: string;
  url: string;
  state: ShareState;
  version: number | null;
  title: string | null;
  /** The page the current version opens at `/` (e.g. `index.html`, `report.html`), or null before the first publish. */
  entry: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  files: number;
  bytes: number;
  maxViews: number | null;
  /**
   * Page views so far: for a share with maxViews the exact count its limit uses, otherwise the
   * stats count (people's page views, written within a second or so of each view).
   */
  views: number;
  /** When a page of it was last viewed (stats), or null. */
  lastViewedAt: string | null;
  passwordProtected: boolean;
  /** The folder of the upload served as the link's root (e.g. `dist/`), or null: see the root rule. */
  root: string | null;
  /** Whether unknown page routes are answered with the entry page (single-page app). */
  spa: boolean;
  /** The allowlist's entries (addresses and `*@domain`), empty when anyone with the link may open it. */
  allow: string[];
  /** Viewer feedback (errors, comments, live updates) is on. */
  feedback: boolean;
  /** Open pages reload on a new version (true whenever `feedback` is). */
  live: boolean;
}

/** `POST /api/shares/:id/allow`: edits the allowlist without a new version; answers {@link AllowList}. */
export interface AllowEdit {
  add?: string[];
  remove?: string[];
  /**
   * Removes the allowlist, so anyone with the link may open it again. An edit that would leave
   * the list empty without it is refused (400 `allow_empty`): removing the last person must not
   * quietly make the link public.
   */
  clear?: boolean;
}

export interface AllowList {
  id: string;
  allow: string[];
}

/**
 * One person on an allowlisted link, as `GET /api/shares/:id/stats` lists them under `viewers`:
 * one row per exact entry, and one per address that got in through a domain entry (`entry` is the
 * `*@domain` it matched). Never an IP.
 */
export interface ViewerStatus {
  entry: string;
  /** The address; for a domain entry nobody used yet, null. */
  address: string | null;
  /** `invited` (listed, no code asked), `code_sent`, `opened` (a right code was entered). */
  status: 'invited' | 'code_sent' | 'opened';
  codeSentAt: string | null;
  firstOpenedAt: string | null;
  lastOpenedAt: string | null;
  failedAttempts: number;
}

/** `GET /api/shares/:id/stats`: page views for the person who shared (bots and prefetches excluded). */
export interface ShareStats {
  id: string;
  views: number;
  lastViewedAt: string | null;
  /** The last 30 UTC days, oldest first; days without views are listed with 0. */
  days: { day: string; views: number; uniqueVisitors: number }[];
  /** Hosts of the Referer header, most views first (at most 10). */
  topReferrers: { host: string; views: number }[];
  /** Allowlisted links only: each person's status (issue 19). */
  viewers?: ViewerStatus[];
}

/** `GET /api/shares/:id/feedback` (issue 16): what viewers' browsers and viewers said. */
export interface ShareFeedback {
  id: string;
  /** Whether error reports and comments are collected for this link (missing files always are). */
  feedback: boolean;
  /** Reported errors grouped by kind, message and source; most recent first. */
  errors: FeedbackError[];
  /** Paths viewers' browsers asked for that the current version does not hold (no script needed). */
  missing: MissingFile[];
  comments: FeedbackComment[];
  /** Set when a cap was reached, e.g. "error groups: 200 of 200, new kinds are dropped". */
  capped: string[];
}

export interface FeedbackError {
  /** `error` (uncaught), `rejection` (unhandled), `resource` (failed load), `csp` (violation). */
  kind: 'error' | 'rejection' | 'resource' | 'csp';
  message: string;
  /** Script URL and line, or the failed resource's URL, or the blocked URL; null if none. */
  source: string | null;
  /** The share page it happened on (path). */
  page: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Browser and OS families seen, e.g. ["Chrome / Windows", "Safari / iOS"]. */
  browsers: string[];
}

export interface MissingFile {
  /** The decoded path asked for, e.g. `/img/logo.png`. */
  path: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

export interface FeedbackComment {
  id: string;
  /** The page (path) it is pinned on. */
  page: string;
  /** How the pin finds its element again: a CSS selector, the element's text, and its position as fractions of the page. */
  anchor: { selector: string; text: string; x: number; y: number };
  text: string;
  name: string | null;
  createdAt: string;
  /** The version it was written on. */
  version: number;
  resolved: boolean;
  resolvedAt: string | null;
  replies: { text: string; name: string | null; byOwner: boolean; createdAt: string }[];
}

/** `POST /api/shares/:id/comments/:commentId/replies`. */
export interface CommentReply {
  text: string;
}

export interface PublishResult extends ShareInfo {
  ownerToken?: string;
  /** The zip publish's warnings: case-only differences, references that will not resolve from the link. */
  warnings?: string[];
}

export interface ApiErrorBody {
  error: { code: string; message: string; requestId?: string; details?: unknown };
}

export interface ServerInfo {
  service: 'share';
  version: string;
  limits: { maxFileBytes: number; maxShareBytes: number; maxFiles: number };
  requireApiKey?: boolean;
  /**
   * What `expires` may be on this server: `default` when a publish names none, `max` the longest
   * finite one, `never` who may ask for links that never expire (`false`, `keyed`: with an API
   * key, `true`: everyone), and `choices` what a publisher without a key may pick (the web app
   * offers exactly these).
   */
  expiry: { default: string; max: string; never: 'false' | 'keyed' | 'true'; choices: string[] };
}

/** One version of a share, as `GET /api/shares/:id/versions` lists it. */
export interface VersionInfo {
  number: number;
  state: 'pending' | 'complete';
  createdAt: string;
  files: number;
  bytes: number;
  current: boolean;
}

export interface VersionList {
  id: string;
  /** The link's state: a revoked, expired or taken-down link has no versions left. */
  state: ShareState;
  current: number | null;
  versions: VersionInfo[];
}

/** `POST /api/shares/:id/rollback`: `to` defaults to the newest complete version before the current one. */
export interface RollbackRequest {
  to?: number;
}

/** `GET /api/shares` with an API key: the links that key created. */
export interface ShareList {
  shares: ShareInfo[];
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Answer to creating a key: `key` is shown once and never again. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}

export interface ReportRequest {
  /** A share's link (any URL on its origin) or its id. */
  link?: string;
  id?: string;
  reason: string;
  message?: string;
}

export interface ReportInfo {
  id: string;
  shareId: string;
  reason: string;
  message: string | null;
  createdAt: string;
  /** The share's state now, so an operator sees what is already handled. */
  shareState: ShareState | null;
}

export interface TakedownRequest {
  reason: string;
}
