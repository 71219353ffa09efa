import { settingOrInsert } from '../db/settings';
import type { Deps } from '../deps';
import { base64url } from '../lib/ids';

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
