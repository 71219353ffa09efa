import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes `dir` (and missing parents) readable by this account only: 0700, also when an older
 * version created it with the default umask. Everything the server keeps (the database, the
 * bundle files, the signing secret) sits below it.
 */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * Creates `path` empty if missing, and makes it 0600. SQLite gives its `-wal` and `-shm` files the
 * database file's own mode, so creating the database this way keeps all three private.
 */
export function privateFile(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/**
 * The unlock-cookie signing secret for a server whose operator set no COOKIE_SECRET: 32 random
 * bytes kept in `<dataDir>/cookie-secret` (0600), made on first start. It lives outside the
 * database on purpose: a copy of `share.db` alone (a backup, a leaked snapshot) must not be
 * enough to forge a cookie that opens a password-protected link.
 */
export function fileSecret(dataDir: string): string {
  const path = join(dataDir, 'cookie-secret');
  if (!existsSync(path)) writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  privateFile(path);
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${path} holds no usable secret; delete it to make a new one, or set COOKIE_SECRET`);
  return secret;
}
