import type { Context } from 'hono';
import type { ServedRow } from '../db/versions';
import type { AppEnv } from '../deps';
import { CONTENT_SECURITY_HEADERS, etagMatches } from '../lib/headers';
import { insertAt, insertionPoint, scriptTag, type ScriptMode } from '../lib/inject';
import { FEEDBACK_SCRIPT_HASH } from '../pages/feedback-script.generated';
import { blobKey } from '../storage';
import { statusPage } from './status-page';

/** The script mode a page of this share gets, or null for a link without feedback or live updates (served byte-exact). */
export function scriptModeOf(share: ServedRow): ScriptMode | null {
  return share.feedback ? 'feedback' : share.live ? 'live' : null;
}

/**
 * Sends an HTML page of a feedback or live link with the script tag inserted (lib/inject.ts). It
 * is a representation of its own: its ETag names the file, the mode, the version and the script
 * build (`"<sha256>-<mode><version>-<script hash>"`), its Content-Length counts the tag, and it
 * is never sent in ranges (a range of the stored bytes would not be a range of these). A UTF-16
 * page gets no tag and goes out as stored, under the same ETag.
 */
export async function sendInjected(c: Context<AppEnv>, file: ServedRow, status: 200 | 404, mode: ScriptMode): Promise<Response> {
  const deps = c.get('deps');
  const version = file.currentVersion!;
  const etag = `"${file.sha256}-${mode}${version}-${FEEDBACK_SCRIPT_HASH}"`;
  const tag = scriptTag(mode, version, FEEDBACK_SCRIPT_HASH);
  const headers: Record<string, string> = {
    ...CONTENT_SECURITY_HEADERS, 'Content-Type': file.contentType!, ETag: etag, 'Cache-Control': 'no-cache', 'Accept-Ranges': 'none',
  };
  if (status === 200 && etagMatches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
  const bytes = file.size === 0 ? new Uint8Array(0) : await readStored(c, file);
  if (!bytes) return statusPage('error', 500);
  const at = insertionPoint(bytes);
  const tagBytes = at === null ? 0 : new TextEncoder().encode(tag).length;
  headers['Content-Length'] = String(file.size! + tagBytes);
  if (c.req.method === 'HEAD') return new Response(null, { status, headers });
  return new Response(at === null ? bytes : insertAt(bytes, at, tag), { status, headers });
}

/** The stored page's bytes; for HEAD only its first two (enough to know whether the tag goes in: not UTF-16). */
async function readStored(c: Context<AppEnv>, file: ServedRow): Promise<Uint8Array | null> {
  const deps = c.get('deps');
  const object = await deps.blobs.get(blobKey(c.get('shareId')!, file.sha256!), c.req.method === 'HEAD' ? { offset: 0, length: Math.min(2, file.size!) } : undefined);
  if (!object) {
    deps.log.error('blob_missing', { shareId: c.get('shareId'), sha256: file.sha256 });
    return null;
  }
  return object.bytes ?? new Uint8Array(await new Response(object.body).arrayBuffer());
}
