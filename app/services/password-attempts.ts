import type { Deps } from '../deps';
import { clientKey, hit, networkKey, refund, type LimitResult } from './rate-limit';

/** An admitted password attempt: the counters it was charged to, settled once the guess is checked. */
export interface AdmittedAttempt {
  ok: true;
  charged: LimitResult[];
}

export interface RefusedAttempt {
  ok: false;
  /** Seconds until the counter that refused it resets. */
  retryAfter: number;
}

/**
 * Decides whether a visitor may try a password on a protected share, so that guessing is
 * bounded and nobody can lock the share's real visitors out.
 *
 * Each attempt is counted *before* the guess is checked (so parallel attempts cannot all slip
 * under a limit) and taken back if the guess was right (`settlePasswordAttempt`), so the counters
 * hold wrong guesses (plus attempts in flight). Per share and window (`PASSWORD_WINDOW_SECONDS`):
 *
 * 1. A client (an IPv4 address or an IPv6 /64; `clientKey`) has `PASSWORD_ATTEMPTS_PER_IP` wrong
 *    guesses; past that it is refused, even with the right password, until the window resets.
 * 2. Past `PASSWORD_ATTEMPTS_PER_SHARE` wrong guesses from everyone the share is *under attack*.
 *    That cap never refuses a client with a clean record (no wrong guess on this share in this
 *    window): a hard share-wide lock would let anyone with the link shut every visitor out with
 *    a hundred wrong guesses. It refuses only clients that have already guessed wrong here, so
 *    each client of the attacker has one guess left, not ten.
 * 3. Under attack, a clean client's guess also counts against its network (an IPv4 /24, an IPv6
 *    /48; `networkKey`), at most `PASSWORD_ATTEMPTS_PER_NETWORK` wrong guesses: a client rotating
 *    addresses inside its network gets no more than that. Clean clients of other networks are
 *    never refused.
 *
 * What remains for a distributed guesser, per share and window: at most
 * PASSWORD_ATTEMPTS_PER_SHARE + PASSWORD_ATTEMPTS_PER_NETWORK × (distinct /24s and /48s it
 * controls) guesses, each also capped at PASSWORD_ATTEMPTS_PER_IP per address or /64. With the
 * defaults that is 100 + 10 per network per 15 minutes, and as many PBKDF2 verifications. Who
 * pays for the attack instead: a visitor who guessed wrong before it began waits for the window
 * (their client has a record), as does a clean visitor inside an attacking network.
 * A runtime that reports no client IP puts every such request in one client and one network.
 */
export async function admitPasswordAttempt(deps: Deps, shareId: string, ip: string | null): Promise<AdmittedAttempt | RefusedAttempt> {
  const { attemptsPerIp, attemptsPerShare, attemptsPerNetwork, windowMs } = deps.config.password;
  const client = (await clientKey(deps, ip)) ?? 'unknown';
  const mine = await hit(deps, `pw:${shareId}:${client}`, attemptsPerIp, windowMs);
  if (!mine.ok) return { ok: false, retryAfter: mine.retryAfter };
  // Counted only once the client may try: a throttled client's refused requests do not push the share under attack.
  const share = await hit(deps, `pw:${shareId}`, attemptsPerShare, windowMs);
  if (share.ok) return { ok: true, charged: [mine, share] };
  // Under attack. `mine` counts this attempt, so more than one means a wrong guess (or a parallel one) here.
  if (mine.count > 1) return { ok: false, retryAfter: share.retryAfter };
  const network = await hit(deps, `pw:${shareId}:net:${(await networkKey(deps, ip)) ?? 'unknown'}`, attemptsPerNetwork, windowMs);
  if (!network.ok) return { ok: false, retryAfter: network.retryAfter };
  return { ok: true, charged: [mine, share, network] };
}

/** Records the outcome of an admitted attempt: a right password takes its charges back. */
export async function settlePasswordAttempt(deps: Deps, attempt: AdmittedAttempt, right: boolean): Promise<void> {
  if (right) await Promise.all(attempt.charged.map((c) => refund(deps, c)));
}
