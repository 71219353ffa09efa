import type { ApiErrorBody } from '../core/api-types';
import { serverSetting, type Setting } from './config';
import type { Answer } from './http';
import { CliError, EXIT, isCliError } from './errors';
import { say, speakingToTools } from './words';

/** An error the server answered with: its status and `{error:{code,message}}`. */
export class ServerError extends CliError {
  constructor(readonly status: number, readonly errorCode: string, message: string) {
    super(message, status === 400 || status === 413 || status === 415 ? EXIT.refused : EXIT.failure);
  }
}

/**
 * The socket error's code (ECONNREFUSED, ENOTFOUND, …): on the error itself from node:http, one
 * or two levels down from Node's fetch (an AggregateError when both ::1 and 127.0.0.1 refuse).
 */
export function networkCode(err: unknown): string | undefined {
  const e = err as { code?: string; errors?: { code?: string }[]; cause?: { code?: string; errors?: { code?: string }[] } } | undefined;
  return e?.code ?? e?.errors?.[0]?.code ?? e?.cause?.code ?? e?.cause?.errors?.[0]?.code;
}

/**
 * What to do when the server cannot be reached, naming where its address came from (see
 * config.ts serverSetting): with nothing configured the address is only the local default, so the
 * advice is the setup step (`share login`, or `npm start` for a local server), not "check the address".
 */
export function unreachableHint(server: string): string {
  const local = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(server);
  // A model calling the MCP tools can neither log in nor pass flags: it can only tell the user what to configure.
  if (speakingToTools()) return `${local ? 'Start it with `npm start` in a clone of share, or' : 'Check the address, or'} ${say('server')}.`;
  let setting: Setting<string> | null = null;
  try { setting = serverSetting(undefined); } catch { /* a broken config file is reported by the command that reads it */ }
  if (setting?.source === 'default' && server === setting.value) {
    return 'No share server is configured, so this is the local default: run `share login <server URL>` once to use your team\'s server, or start one here with `npm start` in a clone of share.';
  }
  const origin = setting && server === setting.value ? (setting.source === 'config file' ? `"server" in ${setting.from}` : setting.from) : null;
  const other = origin ? `The address comes from ${origin}; to use another server run \`share login <server URL>\`.` : 'To use another server run `share login <server URL>`, or pass --server URL.';
  return `${local ? 'Start it with `npm start` in a clone of share' : 'Check the address and your network'}. ${other}`;
}

/**
 * A failed fetch: the deadline's or the caller's reason when it was aborted, else "cannot reach"
 * with what to do (`unreachableHint`); `reach` holds the message without that advice.
 */
export function fetchFailure(server: string, err: unknown, signal?: AbortSignal): CliError {
  if (signal?.aborted) return isCliError(signal.reason) ? signal.reason : new CliError('the request was aborted', EXIT.failure);
  const cause = networkCode(err);
  const why = cause === 'ECONNREFUSED' ? 'connection refused' : cause === 'ENOTFOUND' ? 'host not found' : cause ?? (err as Error).message;
  const reach = `cannot reach the share server at ${server} (${why})`;
  return Object.assign(new CliError(`${reach}. ${unreachableHint(server)}`, EXIT.unreachable), { reach });
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
export function intercepted(server: string, res: Answer, body: string): CliError {
  const host = new URL(server).host;
  const type = res.headers.get('content-type')?.split(';')[0].trim();
  const quote = bodyStart(body);
  // `status` tells a gateway's 502/504 (the request was passed on) from a refusal (cli/publish-once.ts).
  return Object.assign(new CliError(
    `the answer did not come from the share server: something between this machine and ${host} (a proxy, firewall or sandbox) answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${type ? ` (${type})` : ''}${quote ? `: "${quote}"` : ' with an empty body'}. Allowlist ${host} in that proxy or sandbox, or ask its administrator`,
    EXIT.intercepted,
  ), { status: res.status });
}

/** Reads a response of the share API: its JSON, or the API error (ServerError), or an intercepted answer. */
export async function readAnswer<T>(server: string, res: Answer, signal?: AbortSignal, allowEmpty = false): Promise<T> {
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
