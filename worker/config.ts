import { DEFAULT_LIMITS, type Limits } from './lib/limits';

export interface Config {
  limits: Limits;
  /** Shares are served at `<id>.<contentDomain>`; locally `localhost`, deployed a separate registrable domain. */
  contentDomain: string;
  /** When set, only this host serves the app and API; otherwise any host that is not a content host does. */
  appHost: string | null;
  /** Forces the scheme of links (e.g. `https` behind a TLS-terminating proxy); otherwise the request's. */
  publicScheme: string | null;
  /** How long an unfinished publish may wait before cleanup removes it. */
  pendingTtlMs: number;
  version: string;
}

export type Vars = Record<string, string | undefined>;

function positiveInt(vars: Vars, name: string, fallback: number): number {
  const raw = vars[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(raw)}`);
  return n;
}

/** Reads configuration from Worker vars or process.env, refusing nonsense at start rather than at first use. */
export function configFromVars(vars: Vars): Config {
  return {
    limits: {
      maxFileBytes: positiveInt(vars, 'MAX_FILE_BYTES', DEFAULT_LIMITS.maxFileBytes),
      maxShareBytes: positiveInt(vars, 'MAX_SHARE_BYTES', DEFAULT_LIMITS.maxShareBytes),
      maxFiles: positiveInt(vars, 'MAX_FILES', DEFAULT_LIMITS.maxFiles),
    },
    contentDomain: (vars.CONTENT_DOMAIN || 'localhost').toLowerCase(),
    appHost: vars.APP_HOST ? vars.APP_HOST.toLowerCase() : null,
    publicScheme: vars.PUBLIC_SCHEME || null,
    pendingTtlMs: positiveInt(vars, 'PENDING_TTL_SECONDS', 3600) * 1000,
    version: vars.SHARE_VERSION || '0.1.0',
  };
}
