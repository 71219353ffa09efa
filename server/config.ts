import { networkInterfaces } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { configFromVars, type Config, type Vars } from '../app/config';
import { parseTrustProxy } from './client-ip';
import { mailFromVar } from '../app/mail-config';
import type { S3Options } from './s3';
import type { SmtpOptions } from './smtp-mailer';

/** Everything the Node server reads from its environment, checked once at start. */
export interface NodeConfig {
  app: Config;
  port: number;
  /** Address to listen on; loopback unless told otherwise, since a reverse proxy usually fronts it. */
  listenHost: string;
  dataDir: string;
  databasePath: string;
  /** Folder for bundle files when no S3 bucket is configured. */
  blobDir: string;
  s3: S3Options | null;
  cleanupIntervalMs: number;
  shutdownTimeoutMs: number;
  /** Memory for small bundle files kept hot (CACHE_MB); 0 turns the cache off. */
  cacheBytes: number;
  /**
   * How many answers of the serving path's metadata read are kept in memory (SERVE_CACHE_ENTRIES,
   * a few hundred bytes each); cleared by every write to shares, versions or files; 0 turns it off.
   */
  serveCacheEntries: number;
  /**
   * How many reverse proxies stand in front (TRUST_PROXY): the client IP is the X-Forwarded-For
   * entry that many places from the right; 0 uses the socket's address.
   */
  proxyHops: number;
  /**
   * The SMTP server that sends one-time codes (SMTP_URL, MAIL_FROM), or null: then the HTTP email
   * API when `app.mailApi` is set, else the development log mailer (server/mailer.ts).
   */
  smtp: SmtpOptions | null;
}

/** A configuration problem, reported as one line before the server starts. */
export class ConfigError extends Error {}

function integer(vars: Vars, name: string, fallback: number, min: number, max: number): number {
  const raw = vars[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

function s3FromVars(vars: Vars): S3Options | null {
  const bucket = vars.S3_BUCKET;
  const anyS3 = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_REGION', 'S3_PREFIX'].filter((k) => vars[k]);
  if (!bucket) {
    if (anyS3.length > 0) throw new ConfigError(`${anyS3[0]} is set but S3_BUCKET is not; set S3_BUCKET to store files in S3, or unset ${anyS3.join(', ')}`);
    return null;
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`S3_BUCKET must be a bucket name (3-63 lowercase letters, digits, dots, hyphens), got ${JSON.stringify(bucket)}`);
  const endpoint = vars.S3_ENDPOINT || undefined;
  if (endpoint) {
    let url: URL | undefined;
    try { url = new URL(endpoint); } catch { /* reported below */ }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new ConfigError(`S3_ENDPOINT must be an http(s) URL such as https://s3.example.com, got ${JSON.stringify(endpoint)}`);
  }
  const accessKeyId = vars.S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = vars.S3_SECRET_ACCESS_KEY || undefined;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) throw new ConfigError('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither, to use the AWS default credential chain)');
  const prefix = vars.S3_PREFIX || '';
  if (prefix && !/^[\w.\-/]+\/$/.test(prefix)) throw new ConfigError(`S3_PREFIX must end in "/" and use only letters, digits, ".", "-", "_" and "/", got ${JSON.stringify(prefix)}`);
  return { bucket, endpoint, region: vars.S3_REGION || 'us-east-1', accessKeyId, secretAccessKey, prefix };
}

function trustProxy(vars: Vars): number {
  const hops = parseTrustProxy(vars.TRUST_PROXY);
  if (hops === null) throw new ConfigError(`TRUST_PROXY must be false, true (one proxy) or the number of proxies in front (1-10), got ${JSON.stringify(vars.TRUST_PROXY)}`);
  return hops;
}

const SMTP_URL_HELP = 'SMTP_URL must be smtp://user:password@host:587 (STARTTLS when the server offers it) or smtps://user:password@host:465 (TLS from the start), with the user and password percent-encoded';

/**
 * SMTP_URL (and MAIL_FROM with it), or null when unset. Errors never repeat the URL: it holds
 * the password.
 */
function smtpFromVars(vars: Vars): SmtpOptions | null {
  const raw = vars.SMTP_URL;
  if (!raw) return null;
  let url: URL | undefined;
  try { url = new URL(raw); } catch { /* reported below */ }
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) throw new ConfigError(SMTP_URL_HELP);
  if (url.search || (url.pathname && url.pathname !== '/')) throw new ConfigError(`${SMTP_URL_HELP}; it takes no path or query options`);
  let auth: SmtpOptions['auth'] = null;
  try {
    if (url.username || url.password) auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  } catch {
    throw new ConfigError(SMTP_URL_HELP);
  }
  const secure = url.protocol === 'smtps:';
  let from: string;
  try { from = mailFromVar(vars, 'SMTP_URL'); } catch (err) { throw new ConfigError((err as Error).message); }
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port ? Number(url.port) : secure ? 465 : 587, secure, auth, from };
}

/** How an address appears as a URL hostname: IPv6 in brackets, without a zone id. */
const asHostname = (address: string) => (address.includes(':') ? `[${address.replace(/%.*$/, '')}]` : address).toLowerCase();

/**
 * The hostnames a browser can reach the server by without any DNS name of ours: loopback, and the
 * address it listens on (every interface's address when that is 0.0.0.0 or ::). IP literals
 * cannot be rebound, so they are the safe default for the app host when APP_HOST is unset.
 */
export function listeningHostnames(listenHost: string): string[] {
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '[::]';
  const local = wildcard ? Object.values(networkInterfaces()).flat().map((i) => i!.address) : [listenHost];
  return [...new Set(['127.0.0.1', '::1', ...local].map(asHostname))];
}

/**
 * Reads the Node server's configuration: its own variables plus every variable the Worker reads
 * (CONTENT_DOMAIN, APP_HOST, PUBLIC_SCHEME, MAX_*, PENDING_TTL_SECONDS). Relative paths are taken
 * from `cwd`. APP_HOST defaults to `localhost:<PORT>` with the listening addresses as aliases. Throws a ConfigError naming the variable on the first nonsense it finds.
 */
export function nodeConfigFromEnv(vars: Vars, cwd = process.cwd()): NodeConfig {
  let app: Config;
  try {
    app = configFromVars(vars);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const path = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const dataDir = path(vars.DATA_DIR || './data');
  const port = integer(vars, 'PORT', 8787, 0, 65535);
  const listenHost = vars.LISTEN_HOST || '127.0.0.1';
  // Without APP_HOST the app answers only where the server listens (localhost and its addresses),
  // never on any Host a browser sends: a DNS-rebinding name pointed at it gets a 404.
  if (!app.appHost) app = { ...app, appHost: port ? `localhost:${port}` : 'localhost', appAliases: listeningHostnames(listenHost) };
  return {
    app,
    port,
    listenHost,
    dataDir,
    databasePath: vars.DATABASE_PATH ? path(vars.DATABASE_PATH) : resolve(dataDir, 'share.db'),
    blobDir: resolve(dataDir, 'blobs'),
    s3: s3FromVars(vars),
    cleanupIntervalMs: integer(vars, 'CLEANUP_INTERVAL_SECONDS', 600, 1, 86_400) * 1000,
    shutdownTimeoutMs: integer(vars, 'SHUTDOWN_TIMEOUT_SECONDS', 10, 0, 600) * 1000,
    cacheBytes: integer(vars, 'CACHE_MB', 64, 0, 16_384) * 1024 * 1024,
    serveCacheEntries: integer(vars, 'SERVE_CACHE_ENTRIES', 10_000, 0, 1_000_000),
    proxyHops: trustProxy(vars),
    smtp: smtpFromVars(vars),
  };
}
