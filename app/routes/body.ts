import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../deps';
import { ApiError, badRequest } from '../../core/errors';
import { formatBytes } from '../../core/limits';

/**
 * Reads a request body into memory through Hono's `bodyLimit`, which refuses it by its declared
 * `Content-Length` before reading and, without one, by its actual length while reading, so an
 * oversized upload never fills memory. `tooLarge` is the error code of that refusal, so a client
 * learns which limit it hit (a file, a whole zip, a manifest). Errors: ApiError 413 `tooLarge`.
 */
export async function readBody(c: Context<AppEnv>, limit: number, tooLarge = 'file_too_large'): Promise<Uint8Array> {
  let bytes = new Uint8Array(0);
  declaredLength(c, limit, tooLarge);
  const refuse = (): never => {
    throw new ApiError(413, tooLarge, `The upload is larger than the limit of ${formatBytes(limit)}.`);
  };
  // bodyLimit swaps in a new Request when it had to count a chunked body; the original is put
  // back once the bytes are read, because the runtime looks up per-request facts by it (the client
  // IP on Node, the ExecutionContext for `defer` on Workers).
  const original = c.req.raw;
  await bodyLimit({ maxSize: limit, onError: refuse })(c, async () => {
    bytes = new Uint8Array(await c.req.arrayBuffer());
  });
  c.req.raw = original;
  return bytes;
}

/**
 * The body's declared `Content-Length`, or null when it has none (chunked). Refuses a declared
 * length over `limit` before the body is touched: on Node, reading `c.req.raw.body` opens a web
 * stream over the socket, which then stalls the drain of the unread upload (server/drain.ts).
 * Errors: ApiError 413 `tooLarge`.
 */
export function declaredLength(c: Context<AppEnv>, limit: number, tooLarge: string): number | null {
  const header = c.req.header('content-length');
  if (header === undefined || !/^\d+$/.test(header.trim())) return null;
  const declared = Number(header);
  if (declared > limit) throw new ApiError(413, tooLarge, `The upload is ${formatBytes(declared)}; the limit is ${formatBytes(limit)}.`);
  return declared;
}

/**
 * A JSON request body, which every API call takes as an object: anything else (`null`, an array,
 * a string, a number) is refused here, so no route ever reads a property of a non-object.
 * Manifests are small; anything over 1 MiB of JSON is not one. Errors: 400 `invalid_json` (or
 * `notObject`, e.g. `invalid_manifest` where the body is a manifest), 413.
 */
export async function readJson(c: Context<AppEnv>, notObject = 'invalid_json'): Promise<Record<string, unknown>> {
  const bytes = await readBody(c, 1024 * 1024, 'manifest_too_large');
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw badRequest('invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest(notObject, 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}
