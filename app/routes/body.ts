import type { Context } from 'hono';
import type { AppEnv } from '../deps';
import { ApiError, badRequest } from '../../core/errors';
import { formatBytes } from '../../core/limits';

/**
 * Reads a request body into memory, refusing it by its declared length before reading and by its
 * actual length while reading, so an oversized upload never fills memory. `tooLarge` is the error
 * code of that refusal, so a client learns which limit it hit (a file, a whole zip, a manifest).
 */
export async function readBody(c: Context<AppEnv>, limit: number, tooLarge = 'file_too_large'): Promise<Uint8Array> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > limit) {
    throw new ApiError(413, tooLarge, `The upload is ${formatBytes(Number(declared))}; the limit is ${formatBytes(limit)}.`);
  }
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new ApiError(413, tooLarge, `The upload is larger than the limit of ${formatBytes(limit)}.`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.byteLength; }
  return out;
}

/** Manifests are small; anything over 1 MiB of JSON is not one. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const bytes = await readBody(c, 1024 * 1024, 'manifest_too_large');
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw badRequest('invalid_json', 'The request body is not valid JSON.');
  }
}
