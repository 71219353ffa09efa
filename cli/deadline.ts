import { CliError, EXIT } from './errors';
import { say } from './words';

/**
 * How long a command may wait for the share server, overall. Agents' shell tools give up after
 * about two minutes and MCP clients after 60 s, so the defaults stay below those: a caller always
 * hears the outcome. `--timeout SECONDS`, else SHARE_TIMEOUT, else the default.
 */
export const DEFAULT_TIMEOUT_SECONDS = 90;
/** The MCP server answers before a client's usual 60 s request timeout. */
export const MCP_TIMEOUT_SECONDS = 50;

export const TIMEOUT_HELP = `  --timeout S       give up after S seconds overall (default: $SHARE_TIMEOUT, else ${DEFAULT_TIMEOUT_SECONDS});
                    a link that went live in time is always reported`;

/** Milliseconds from `--timeout`, else SHARE_TIMEOUT, else `fallbackSeconds`; refuses anything but a positive number. */
export function timeoutMs(flag?: string, fallbackSeconds = DEFAULT_TIMEOUT_SECONDS): number {
  const raw = flag ?? (process.env.SHARE_TIMEOUT || undefined);
  if (raw === undefined) return fallbackSeconds * 1000;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(seconds > 0)) {
    throw new CliError(`${flag !== undefined ? '--timeout' : 'SHARE_TIMEOUT'} must be a number of seconds above 0; got "${raw}"`, EXIT.usage);
  }
  return Math.round(seconds * 1000);
}

/**
 * One overall time budget, optionally tied to a caller's cancellation (an MCP client's
 * notifications/cancelled). `signal` aborts on either, with a CliError as its reason;
 * `timeoutSignal` only when time is up, for the step that must not be cancelled half-way
 * (finalize: once it is sent, the link may be live and must be reported).
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly timeoutSignal: AbortSignal;

  constructor(readonly ms: number, cancel?: AbortSignal) {
    const timeout = new AbortController();
    const any = new AbortController();
    const timer = setTimeout(() => {
      const err = new CliError(`the share server did not answer within ${formatSeconds(ms)} (${say('timeout')})`, EXIT.timeout);
      timeout.abort(err);
      if (!any.signal.aborted) any.abort(err);
    }, ms);
    timer.unref?.();
    const onCancel = () => { if (!any.signal.aborted) any.abort(new CliError('cancelled by the client before the link went live', EXIT.failure)); };
    if (cancel?.aborted) onCancel();
    else cancel?.addEventListener('abort', onCancel, { once: true });
    this.signal = any.signal;
    this.timeoutSignal = timeout.signal;
  }
}

export const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;
