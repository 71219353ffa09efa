import { parseExpiry, type ExpiryPolicy } from '../core/expiry';
import { DEFAULT_LIMITS, type Limits } from '../core/limits';
import { mailApiFromVars } from './mail-config';
import type { HttpMailOptions } from './mail-http';

export interface Config {
  limits: Limits;
  /** Shares are served at `<id>.<contentDomain>`; locally `localhost`, deployed a separate registrable domain. */
  contentDomain: string;
  /**
   * When set, only this host (and `appAliases`) serves the app and API; otherwise any host that is
   * not a content host does. The Node server always sets it (server/config.ts), so a DNS-rebinding
   * name pointed at it reaches nothing; on Workers only the routed hostnames reach the Worker.
   */
  appHost: string | null;
  /** More hostnames (lowercase, no port) that reach the app: on Node without APP_HOST, the addresses it listens on. */
  appAliases: string[];
  /** Forces the scheme of links (e.g. `https` behind a TLS-terminating proxy); otherwise the request's. */
  publicScheme: string | null;
  /** How long an unfinished publish may wait before cleanup removes it. */
  pendingTtlMs: number;
  /**
   * Unfinished (pending) versions one share may hold at once, counting those younger than the
   * pending TTL; an update past it is refused (409 `too_many_pending`), so a share holds at most
   * this many uploads in progress.
   */
  maxPendingVersions: number;
  version: string;
  /** Default and longest expiry, and who may publish links that never expire. */
  expiry: ExpiryPolicy;
  /** Complete versions kept per share (the current one always is); cleanup deletes older ones. */
  maxVersions: number;
  /**
   * Zip publishes unpacked at once by one process (Node) or isolate (Worker); more are refused
   * with 503 and Retry-After (MAX_ZIP_PUBLISHES). Each holds at most one unpacked entry (up to
   * MAX_FILE_BYTES) plus the copies hashing and storing it make, so this bounds their memory.
   */
  zipPublishes: number;
  /** Refuse publishing without an API key (a team deployment rather than an open host). */
  requireApiKey: boolean;
  /** Secret for `/api/admin/*`; admin routes answer 404 without one configured. */
  adminToken: string | null;
  /** Signs password cookies and keys IP hashes; when unset one is generated and kept in D1. */
  cookieSecret: string | null;
  /**
   * Without COOKIE_SECRET, may unlock cookies be signed with a secret generated into the database
   * (ALLOW_GENERATED_SECRET)? Only for local development: in the same database as the data it
   * protects, a backup alone could forge a cookie. Off by default, so a deployment that forgot
   * the secret refuses protected links instead of weakening them.
   */
  allowGeneratedSecret: boolean;
  /**
   * The HTTP email API that sends one-time codes (EMAIL_API_URL, the EMAIL_API_KEY secret,
   * MAIL_FROM; app/mail-http.ts), or null: the Worker then uses the development log mailer.
   */
  mailApi: HttpMailOptions | null;
  rateLimits: {
    windowMs: number;
    /** Anonymous publishes per client IP per window. */
    publishes: number;
    /** Publishes per API key per window. */
    keyedPublishes: number;
    /** Reports per client IP per window. */
    reports: number;
    /** Wrong admin tokens per client IP per window; past it every admin call from there gets 429. */
    adminFailures: number;
    /** Updates (`POST /api/shares/:id/versions`) per client IP per window, when not made with an API key. */
    updates: number;
    /** Updates made with an API key, per key per window. */
    keyedUpdates: number;
    /** Passwords hashed (set on a publish or update) per client IP per window. */
    passwordHashesPerIp: number;
    /** Passwords hashed (set by an update) per share per window. */
    passwordHashesPerShare: number;
    /** Viewer feedback posts (error reports, comments, replies) per client IP per window, over every link. */
    feedbackPerIp: number;
    /** Viewer feedback posts per link per window, from everyone. */
    feedbackPerShare: number;
    /** Comments and viewer replies per client IP per window (they also count as feedback posts). */
    commentsPerIp: number;
  };
  password: {
    /** How long an unlocked share stays unlocked in a browser. */
    cookieMs: number;
    /** Wrong password attempts per client (IPv4 address or IPv6 /64) and share per window. */
    attemptsPerIp: number;
    /**
     * Wrong attempts on a share from everyone per window before it counts as under attack: then
     * only clients with a clean record may try (services/password-attempts.ts).
     */
    attemptsPerShare: number;
    /** While a share is under attack: wrong attempts per network (IPv4 /24, IPv6 /48) and share per window. */
    attemptsPerNetwork: number;
    windowMs: number;
  };
  /** Allowlisted links (issue 19): one-time codes by email and the viewer cookie. */
  allow: {
    /** How long a viewer cookie lasts (ALLOW_COOKIE_SECONDS, default 7 days). */
    cookieMs: number;
    /** How long a one-time code is valid (10 minutes). */
    codeMs: number;
    /** Wrong tries one code takes before it is dead (5). */
    attemptsPerCode: number;
    /** Codes asked for one address per window (ALLOW_CODES_PER_ADDRESS, 3). */
    codesPerAddress: number;
    /** Codes asked from one client (IPv4 address, IPv6 /64) per window (ALLOW_CODES_PER_IP, 10). */
    codesPerIp: number;
    /** Codes sent for one link per window (ALLOW_CODES_PER_SHARE, 50); past it no mail goes out, and the answer stays the same. */
    codesPerShare: number;
    /**
     * Code mails to one address per UTC-day-long window across every link of the server
     * (ALLOW_MAILS_PER_ADDRESS, 20): what one person's inbox can get from this service however
     * many links list them, so the allowlist cannot be used to mail someone without end.
     */
    mailsPerAddressPerDay: number;
    /** Wrong codes from one client per window (ALLOW_ATTEMPTS_PER_IP, 20). */
    attemptsPerIp: number;
    /** Wrong codes for one link from everyone per window (ALLOW_ATTEMPTS_PER_SHARE, 30): the bound on guessing with many IPs. */
    attemptsPerShare: number;
    /** The window of these counters (ALLOW_WINDOW_SECONDS, 900). */
    windowMs: number;
  };
}

export type Vars = Record<string, string | undefined>;

function positiveInt(vars: Vars, name: string, fallback: number): number {
  const raw = vars[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(raw)}`);
  return n;
}

function expiryVar(vars: Vars, name: string, fallback: string) {
  const raw = vars[name] || fallback;
  const e = parseExpiry(raw);
  if (e === null) throw new Error(`${name} must be "never" or a duration like 1h, 7d, 30d; got ${JSON.stringify(raw)}`);
  return e;
}

function flag(vars: Vars, name: string): boolean {
  const raw = (vars[name] ?? '').toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(vars[name])}`);
}

function expiryPolicy(vars: Vars): ExpiryPolicy {
  const max = expiryVar(vars, 'MAX_EXPIRY', '30d');
  if (max === 'never') throw new Error('MAX_EXPIRY must be a duration; use ALLOW_NEVER_EXPIRY to allow links that never expire');
  const allowNever = (vars.ALLOW_NEVER_EXPIRY || 'keyed').toLowerCase();
  if (allowNever !== 'true' && allowNever !== 'false' && allowNever !== 'keyed') throw new Error(`ALLOW_NEVER_EXPIRY must be true, false or keyed, got ${JSON.stringify(vars.ALLOW_NEVER_EXPIRY)}`);
  const def = expiryVar(vars, 'DEFAULT_EXPIRY', '7d');
  if (def === 'never' ? allowNever !== 'true' : def > max) throw new Error('DEFAULT_EXPIRY must be allowed for anonymous links (at most MAX_EXPIRY; never only with ALLOW_NEVER_EXPIRY=true)');
  return { default: def, maxMs: max, allowNever };
}

/** Defaults that differ by runtime. */
export interface RuntimeDefaults {
  zipPublishes: number;
}

/**
 * Reads configuration from Worker vars or process.env, refusing nonsense at start rather than at
 * first use. `defaults` are the runtime's own (the Worker passes a lower zip-publish count: its
 * isolate has 128 MB; see docs/operations.md).
 */
export function configFromVars(vars: Vars, defaults: RuntimeDefaults = { zipPublishes: 2 }): Config {
  return {
    limits: {
      maxFileBytes: positiveInt(vars, 'MAX_FILE_BYTES', DEFAULT_LIMITS.maxFileBytes),
      maxShareBytes: positiveInt(vars, 'MAX_SHARE_BYTES', DEFAULT_LIMITS.maxShareBytes),
      maxFiles: positiveInt(vars, 'MAX_FILES', DEFAULT_LIMITS.maxFiles),
    },
    contentDomain: (vars.CONTENT_DOMAIN || 'localhost').toLowerCase(),
    appHost: vars.APP_HOST ? vars.APP_HOST.toLowerCase() : null,
    appAliases: [],
    publicScheme: vars.PUBLIC_SCHEME || null,
    pendingTtlMs: positiveInt(vars, 'PENDING_TTL_SECONDS', 3600) * 1000,
    maxPendingVersions: positiveInt(vars, 'MAX_PENDING_VERSIONS', 3),
    version: vars.SHARE_VERSION || '0.1.0',
    expiry: expiryPolicy(vars),
    maxVersions: positiveInt(vars, 'MAX_VERSIONS', 10),
    zipPublishes: positiveInt(vars, 'MAX_ZIP_PUBLISHES', defaults.zipPublishes),
    requireApiKey: flag(vars, 'REQUIRE_API_KEY'),
    adminToken: vars.ADMIN_TOKEN || null,
    cookieSecret: vars.COOKIE_SECRET || null,
    allowGeneratedSecret: flag(vars, 'ALLOW_GENERATED_SECRET'),
    mailApi: mailApiFromVars(vars),
    rateLimits: {
      windowMs: positiveInt(vars, 'RATE_LIMIT_WINDOW_SECONDS', 3600) * 1000,
      publishes: positiveInt(vars, 'RATE_LIMIT_PUBLISHES', 20),
      keyedPublishes: positiveInt(vars, 'RATE_LIMIT_KEYED_PUBLISHES', 1000),
      reports: positiveInt(vars, 'RATE_LIMIT_REPORTS', 10),
      adminFailures: positiveInt(vars, 'RATE_LIMIT_ADMIN_FAILURES', 10),
      updates: positiveInt(vars, 'RATE_LIMIT_UPDATES', 60),
      keyedUpdates: positiveInt(vars, 'RATE_LIMIT_KEYED_UPDATES', 1000),
      passwordHashesPerIp: positiveInt(vars, 'PASSWORD_HASHES_PER_IP', 20),
      passwordHashesPerShare: positiveInt(vars, 'PASSWORD_HASHES_PER_SHARE', 10),
      feedbackPerIp: positiveInt(vars, 'RATE_LIMIT_FEEDBACK', 600),
      feedbackPerShare: positiveInt(vars, 'RATE_LIMIT_FEEDBACK_PER_LINK', 5000),
      commentsPerIp: positiveInt(vars, 'RATE_LIMIT_COMMENTS', 30),
    },
    password: {
      cookieMs: positiveInt(vars, 'PASSWORD_COOKIE_SECONDS', 86400) * 1000,
      attemptsPerIp: positiveInt(vars, 'PASSWORD_ATTEMPTS_PER_IP', 10),
      attemptsPerShare: positiveInt(vars, 'PASSWORD_ATTEMPTS_PER_SHARE', 100),
      attemptsPerNetwork: positiveInt(vars, 'PASSWORD_ATTEMPTS_PER_NETWORK', 10),
      windowMs: positiveInt(vars, 'PASSWORD_WINDOW_SECONDS', 900) * 1000,
    },
    allow: {
      cookieMs: positiveInt(vars, 'ALLOW_COOKIE_SECONDS', 7 * 86400) * 1000,
      codeMs: 10 * 60_000,
      attemptsPerCode: 5,
      codesPerAddress: positiveInt(vars, 'ALLOW_CODES_PER_ADDRESS', 3),
      codesPerIp: positiveInt(vars, 'ALLOW_CODES_PER_IP', 10),
      codesPerShare: positiveInt(vars, 'ALLOW_CODES_PER_SHARE', 50),
      mailsPerAddressPerDay: positiveInt(vars, 'ALLOW_MAILS_PER_ADDRESS', 20),
      attemptsPerIp: positiveInt(vars, 'ALLOW_ATTEMPTS_PER_IP', 20),
      attemptsPerShare: positiveInt(vars, 'ALLOW_ATTEMPTS_PER_SHARE', 30),
      windowMs: positiveInt(vars, 'ALLOW_WINDOW_SECONDS', 900) * 1000,
    },
  };
}
