import { settingOrInsert } from '../db/settings';
import type { Deps } from '../deps';
import { base64url } from '../lib/ids';
import { ApiError } from '../../core/errors';
import type { Config } from '../config';

const generated = new WeakMap<object, Promise<string>>();

/**
 * The server secret that signs password cookies and keys IP hashes: COOKIE_SECRET when the
 * operator set one, else a random one generated on first use and kept in D1's `settings`, so
 * local development needs no setup step and every isolate agrees on it. Never a constant.
 */
export function serverSecret(deps: Deps): Promise<string> {
  if (deps.config.cookieSecret) return Promise.resolve(deps.config.cookieSecret);
  let secret = generated.get(deps.db);
  if (!secret) {
    // Two isolates may race here: the first insert wins and both read the winner back.
    secret = settingOrInsert(deps.db, 'cookie_secret', base64url(crypto.getRandomValues(new Uint8Array(32))));
    secret.catch(() => generated.delete(deps.db));
    generated.set(deps.db, secret);
  }
  return secret;
}

/** Where the unlock-cookie secret comes from: set by the operator, generated (development only), or missing. */
export type SecretStatus = 'configured' | 'generated' | 'missing';

export function secretStatus(config: Config): SecretStatus {
  if (config.cookieSecret) return 'configured';
  return config.allowGeneratedSecret ? 'generated' : 'missing';
}

/** What /healthz and `share doctor` say when protected links cannot work. */
export const MISSING_SECRET_WARNING = 'COOKIE_SECRET is not set, so password-protected links are refused: set it (`npx wrangler secret put COOKIE_SECRET --env production`, or COOKIE_SECRET on Node)';

/**
 * The secret that signs unlock cookies: COOKIE_SECRET, or, where ALLOW_GENERATED_SECRET allows it
 * (local development), the generated one. Errors: ApiError 503 `not_configured` when neither is
 * allowed, so a deployment without its secret refuses protected links rather than weakening them.
 */
export function unlockSecret(deps: Deps): Promise<string> {
  if (secretStatus(deps.config) === 'missing') {
    return Promise.reject(new ApiError(503, 'not_configured', 'This server cannot protect links with a password until its operator sets COOKIE_SECRET.'));
  }
  return serverSecret(deps);
}
