import type { ApiErrorBody } from '../core/api-types';
import { CliError, EXIT, isCliError } from './errors';
import { say } from './words';

/** An error the server answered with: its status and `{error:{code,message}}`. */
export class ServerError extends CliError {
  constructor(readonly status: number, readonly errorCode: string, message: string) {
    super(message, status === 400 || status === 413 || status === 415 ? EXIT.refused : EXIT.failure);
  }
}

/** Node's fetch hides the socket error one or two levels down (an AggregateError when both ::1 and 127.0.0.1 refuse). */
export function networkCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
  return cause?.code ?? cause?.errors?.[0]?.code;
}

/** A failed fetch: the deadline's or the caller's reason when it was aborted, else "cannot reach". */
export function fetchFailure(server: string, err: unknown, signal?: AbortSignal): CliError {
  if (signal?.aborted) return isCliError(signal.reason) ? signal.reason : new CliError('the request was aborted', EXIT.failure);
  const cause = networkCode(err);
  const why = cause === 'ECONNREFUSED' ? 'connection refused' : cause === 'ENOTFOUND' ? 'host not found' : cause ?? (err as Error).message;
  const hint = /^http:\/\/(localhost|127\.0\.0\.1)(:|$)/.test(server)
    ? `Start it with \`npm start\` in the share repository, or ${say('server')}.`
    : `Check the address, or ${say('server')}.`;
  return new CliError(`cannot reach the share server at ${server} (${why}). ${hint}`, EXIT.unreachable);
}

/** The readable start of a body: HTML reduced to its text, whitespace collapsed, at most `max` characters. */
export function bodyStart(body: string, max = 160): string {
  const text = /<[a-z!/]/i.test(body)
    ? body.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    : body;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * An answer that is not the share API's: every API answer is JSON, and every API error is
 * `{"error":{"code","message"}}`. Anything else came from something between this machine and the
 * server (an egress proxy, a firewall, a sandbox's allowlist, a captive portal), so the advice
 * is to allowlist the server's host, not anything about the link.
 */
export function intercepted(server: string, res: Response, body: string): CliError {
  const host = new URL(server).host;
  const type = res.headers.get('content-type')?.split(';')[0].trim();
  const quote = bodyStart(body);
  return new CliError(
    `the answer did not come from the share server: something between this machine and ${host} (a proxy, firewall or sandbox) answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${type ? ` (${type})` : ''}${quote ? `: "${quote}"` : ' with an empty body'}. Allowlist ${host} in that proxy or sandbox, or ask its administrator`,
    EXIT.intercepted,
  );
}

/** Reads a response of the share API: its JSON, or the API error (ServerError), or an intercepted answer. */
export async function readAnswer<T>(server: string, res: Response, signal?: AbortSignal, allowEmpty = false): Promise<T> {
  let body: string;
  try {
    body = await res.text();
  } catch (err) {
    throw fetchFailure(server, err, signal);
  }
  let parsed: unknown;
  try {
    parsed = body === '' ? undefined : JSON.parse(body);
  } catch {
    throw intercepted(server, res, body);
  }
  if (res.ok) {
    if (parsed === undefined && !allowEmpty) throw intercepted(server, res, body);
    return parsed as T;
  }
  const error = (parsed as ApiErrorBody | undefined)?.error;
  if (typeof error?.code !== 'string' || typeof error?.message !== 'string') throw intercepted(server, res, body);
  throw new ServerError(res.status, error.code, error.message);
}
