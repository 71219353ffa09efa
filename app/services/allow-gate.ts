import { customAlphabet } from 'nanoid';
import { matchingEntry, normaliseAddress } from '../../core/allow';
import { consumeCode, countWrongCode, markEntered, markOpened, parseAllowList, storeCode } from '../db/allow';
import { findShare } from '../db/shares';
import type { Deps } from '../deps';
import { hmacBase64url } from '../lib/crypto';
import { codeMail } from './allow-mail';
import { clientKey, hit, refund } from './rate-limit';

/**
 * The viewer's side of an allowlisted link (issue 19): asking for a one-time code by email and
 * entering it. Takes deps and plain values, never a Context (the route is routes/allow-gate.ts).
 */

/** What the gate knows of the share from the serving path's one read. */
export interface GateShare {
  id: string;
  /** `shares.allow_list` as stored (JSON). */
  allowList: string;
}

export type Refusal = { ok: false; reason: 'invalid' | 'throttled' | 'wrong'; retryAfter?: number };

/** Six decimal digits, uniformly drawn (nanoid over crypto.getRandomValues). */
const DAY_MS = 86_400_000;

export const newCode = customAlphabet('0123456789', 6);

/** A code as stored: its HMAC under the server secret, bound to the share and the address, so the table alone cannot be brute-forced. */
export const codeHash = (secret: string, shareId: string, address: string, code: string) => hmacBase64url(secret, `code\u0000${shareId}\u0000${address}\u0000${code}`);

/** A keyed hash of an address for rate-limit buckets: the counters never hold an address that may not be on any list. */
const addressKey = async (secret: string, address: string) => (await hmacBase64url(secret, `addr\u0000${address}`)).slice(0, 22);

/** What the mail needs to say where it comes from. */
export interface MailContext {
  /** The share's own URL (the one link the mail holds). */
  shareUrl: string;
  /** The service's host as people see it. */
  host: string;
  /** The request that asked: the mail is sent past its response (`deps.defer`). */
  request: Request;
}

/**
 * A viewer asks for a code. The answer is the same whether the address is on the list or not:
 * the counters it is checked against (per client and per address, `ALLOW_CODES_PER_IP`,
 * `ALLOW_CODES_PER_ADDRESS`) count every address alike, and everything that only happens for a
 * listed address (the share-wide cap `ALLOW_CODES_PER_SHARE`, storing the code's hash, the mail)
 * runs past the response through `deps.defer`, so neither the answer nor its timing tells the
 * list. Past the share-wide cap no mail goes out and the answer still does not change (logged
 * as `allow_codes_capped`). Returns ok, or a refusal: `invalid` (not an address), `throttled`.
 */
export async function requestCode(deps: Deps, secret: string, share: GateShare, rawAddress: string, ip: string | null, mail: MailContext): Promise<{ ok: true; address: string } | Refusal> {
  const address = normaliseAddress(rawAddress);
  if (!address) return { ok: false, reason: 'invalid' };
  const { allow } = deps.config;
  const client = await clientKey(deps, ip);
  if (client) {
    const mine = await hit(deps, `allow-code-ip:${client}`, allow.codesPerIp, allow.windowMs);
    if (!mine.ok) return { ok: false, reason: 'throttled', retryAfter: mine.retryAfter };
  }
  const perAddress = await hit(deps, `allow-code:${share.id}:${await addressKey(secret, address)}`, allow.codesPerAddress, allow.windowMs);
  if (!perAddress.ok) return { ok: false, reason: 'throttled', retryAfter: perAddress.retryAfter };
  const entry = matchingEntry(parseAllowList(share.allowList), address);
  if (entry) deps.defer(mail.request, sendCode(deps, secret, share.id, address, entry, mail).catch((err) => deps.log.error('allow_code_failed', { shareId: share.id, message: (err as Error).message })));
  return { ok: true, address };
}

/** Past the response: the share-wide cap, the recipient's daily cap across links, a new code stored as its hash (replacing any earlier one), and the mail. */
async function sendCode(deps: Deps, secret: string, shareId: string, address: string, entry: string, mail: MailContext): Promise<void> {
  const { allow } = deps.config;
  const perShare = await hit(deps, `allow-code-share:${shareId}`, allow.codesPerShare, allow.windowMs);
  if (!perShare.ok) {
    deps.log.error('allow_codes_capped', { shareId });
    return;
  }
  // Across every link: anyone can publish a link that lists an address, so this is what bounds the mail one person gets.
  const toAddress = await hit(deps, `allow-mail-to:${await addressKey(secret, address)}`, allow.mailsPerAddressPerDay, DAY_MS);
  if (!toAddress.ok) {
    deps.log.error('allow_mails_to_address_capped', { shareId });
    return;
  }
  const code = newCode();
  const now = deps.clock.now();
  await storeCode(deps.db, { shareId, address, entry, codeHash: await codeHash(secret, shareId, address, code), expiresAt: now + allow.codeMs, now });
  const share = await findShare(deps.db, shareId);
  try {
    await deps.mailer.send(codeMail({ to: address, title: share?.title ?? null, host: mail.host, shareUrl: mail.shareUrl, code, minutes: Math.round(allow.codeMs / 60_000) }));
  } catch (err) {
    // A refusal often quotes the recipient (SMTP `550 <alice@…>: Recipient address rejected`), and the log promises neither address nor code.
    throw new Error(String((err as Error)?.message ?? err).split(address).join('[address]').split(code).join('[code]'));
  }
  deps.log.info('allow_code_sent', { shareId, mailer: deps.mailer.kind });
}

/**
 * A viewer enters a code. Each try counts against the client first (`ALLOW_ATTEMPTS_PER_IP`),
 * then, once it is a well-formed guess, against the link (`ALLOW_ATTEMPTS_PER_SHARE`), both taken
 * back when right, as wrong passwords are. The link-wide count is what bounds an attacker who
 * rotates IPs and, on a `*@domain` entry, addresses (each address may have its own code): without
 * it the bound was every code the link may send times 5 tries (50 × 5 per 15 minutes, 24 000
 * guesses a day, a 2.4 % chance a day of guessing one 6-digit code); with the default 30 it is
 * 2 880 a day (0.29 %). The price, as for the share-wide mail cap: during a flood a listed person
 * may have to wait for the window to enter their code (people with a cookie are not affected).
 * Then the try claims one of the code's 5 attempts before it is compared, and a right code is
 * deleted as it is used (`consumeCode`: at most 5 guesses per code and single use, however many
 * requests arrive at once), and only for an address the list still lets in. A wrong code also
 * counts on the person's status. Returns the address, or a refusal: `wrong` (wrong, expired,
 * used, out of tries or not listed: one answer for all), `throttled`.
 */
export async function verifyCode(deps: Deps, secret: string, share: GateShare, rawAddress: string, rawCode: string, ip: string | null): Promise<{ ok: true; address: string } | Refusal> {
  const { allow } = deps.config;
  const client = (await clientKey(deps, ip)) ?? 'unknown';
  const attempt = await hit(deps, `allow-try:${share.id}:${client}`, allow.attemptsPerIp, allow.windowMs);
  if (!attempt.ok) return { ok: false, reason: 'throttled', retryAfter: attempt.retryAfter };
  const address = normaliseAddress(rawAddress);
  const code = rawCode.replace(/\s/g, '');
  if (!address || !/^\d{6}$/.test(code)) return { ok: false, reason: 'wrong' };
  const shareWide = await hit(deps, `allow-try-share:${share.id}`, allow.attemptsPerShare, allow.windowMs);
  if (!shareWide.ok) {
    // Once per window: someone is guessing codes on this link from many clients.
    if (shareWide.count === allow.attemptsPerShare + 1) deps.log.error('allow_attempts_capped', { shareId: share.id });
    return { ok: false, reason: 'throttled', retryAfter: shareWide.retryAfter };
  }
  const entry = matchingEntry(parseAllowList(share.allowList), address);
  const now = deps.clock.now();
  const used = await consumeCode(deps.db, share.id, address, await codeHash(secret, share.id, address, code), now, allow.attemptsPerCode);
  if (used && entry) {
    await Promise.all([refund(deps, attempt), refund(deps, shareWide)]);
    await markEntered(deps.db, { shareId: share.id, address, entry, now });
    return { ok: true, address };
  }
  await countWrongCode(deps.db, share.id, address);
  return { ok: false, reason: 'wrong' };
}

/** Most people whose last visit this isolate remembers; past it the memory starts again. */
const REMEMBERED = 10_000;
const lastNoted = new Map<string, number>();
/** A person's "last opened" moves at most this often. */
export const OPENED_GAP_MS = 60_000;

/**
 * Notes that a person with a valid cookie loaded something of the link, off the serving path
 * (`deps.defer`) and at most once a minute per person: this isolate skips the write inside the
 * minute, and the statement itself only moves a time older than a minute (other isolates).
 */
export function noteVisit(deps: Deps, request: Request, shareId: string, address: string): void {
  const now = deps.clock.now();
  const key = `${shareId}\u0000${address}`;
  const last = lastNoted.get(key);
  if (last !== undefined && now - last < OPENED_GAP_MS && now >= last) return;
  if (lastNoted.size >= REMEMBERED) lastNoted.clear();
  lastNoted.set(key, now);
  deps.defer(request, markOpened(deps.db, shareId, address, now, OPENED_GAP_MS).catch((err) => deps.log.error('allow_opened_failed', { shareId, message: (err as Error).message })));
}
