import type { PublishResult } from '../../core/api-types';
import { contentTypeFor } from '../../core/content-type';
import { referenceWarnings } from '../../core/bundle-warnings';
import { ApiError, badRequest } from '../../core/errors';
import { sha256Hex } from '../../core/hash';
import { formatBytes } from '../../core/limits';
import { validateManifest } from '../../core/manifest';
import { kindOf } from '../../core/references';
import { openZip, unpackZip, type ZipSource } from '../../core/zip';
import { deleteShare, findShare } from '../db/shares';
import { deleteVersion } from '../db/versions';
import type { Deps } from '../deps';
import { Gate } from '../lib/gate';
import { HELD_UPLOAD_BYTES, holdUpload } from '../spool';
import { readShareSettings } from './options';
import { addFirstVersion, finalize, reserveShare, storeVerified } from './publish';
import { deleteShareBlobs } from './purge';
import { shareInfo } from './share-info';
import { splitAllowParam } from '../../core/allow';

/** What a zip publish may ask for beside the bytes (query parameters and the password header, as given). */
export interface ZipPublishOptions {
  entry?: string;
  title?: string;
  expires?: string;
  /** Digits, as in the query string; checked by `parseMaxViews`. */
  maxViews?: string;
  password?: string;
  /** The publisher's IP (deps.clientIp), which a password hash counts against. */
  clientIp: string | null;
  /** `1`/`true` or `0`/`false`, as in the query string: a single-page app (see PublishRequest.spa). */
  spa?: string;
  /** Allowlist entries, comma-separated as in the query string (`a@x.com,*@y.org`). */
  allow?: string;
  /** `1`/`0`, as in the query string: viewer feedback (PublishRequest.feedback). */
  feedback?: string;
  /** `1`/`0`, as in the query string: live updates (PublishRequest.live). */
  live?: string;
}

function parseFlag(name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw badRequest('invalid_manifest', `"${name}" must be 1 or 0 (true or false).`);
}

/** The request of a zip publish and its declared length (null when chunked). */
export interface ZipUpload {
  /** Its body is read only once the publish is admitted, so a refused body stays unread (and is drained on Node). */
  request: Request;
  length: number | null;
}

/** Seconds a client told "busy" should wait: about what a large zip publish takes. */
const BUSY_RETRY_SECONDS = 10;
const gates = new WeakMap<Deps, Gate>();

/**
 * Admits one zip publish, or refuses with 503 `busy` and Retry-After when `config.zipPublishes`
 * are already unpacking in this process or isolate. 503, not 429: the limit is the server's
 * capacity, shared by every client, and says nothing about this client's rate (RFC 9110 §15.6.4;
 * 429 is "the user has sent too many requests", RFC 6585 §4).
 */
function admit(deps: Deps): () => void {
  let gate = gates.get(deps);
  if (!gate) gates.set(deps, (gate = new Gate(deps.config.zipPublishes)));
  const release = gate.enter();
  if (!release) {
    throw new ApiError(503, 'busy', `The server is unpacking as many zips as it can; try again in ${BUSY_RETRY_SECONDS} seconds.`,
      { retryAfter: BUSY_RETRY_SECONDS }, { 'Retry-After': String(BUSY_RETRY_SECONDS) });
  }
  return release;
}

/**
 * The one-request publish (`POST /api/shares` with `Content-Type: application/zip`), in bounded
 * memory. A zip's directory is at its end, so the body is first streamed to scratch storage
 * (`deps.spool`: disk on Node, R2 on Workers), never held — except a body that declares at most
 * HELD_UPLOAD_BYTES (app/spool.ts), which is read into memory; its directory is then read by range
 * and checked by the bundle core (`core/zip.ts`: overlaps, gaps, names, limits, ratios), and
 * paths and the entry page are checked, all before anything is unpacked. Then one pass over the
 * archive unpacks one entry at a time, hashes it once (its bytes never came from outside this
 * function, so the store step does not verify them again) and stores it, before the next is read.
 * A refusal half-way deletes what was stored. Errors: 503 `busy`; the core's zip refusals; 413.
 */
export async function publishZip(deps: Deps, requestUrl: string, upload: ZipUpload, options: ZipPublishOptions, apiKeyId: string | null): Promise<PublishResult> {
  const release = admit(deps);
  try {
    const limit = deps.config.limits.maxShareBytes;
    const tooLarge = () => new ApiError(413, 'share_too_large', `The upload is larger than the limit of ${formatBytes(limit)}.`);
    const small = upload.length !== null && upload.length <= HELD_UPLOAD_BYTES;
    const zip = await (small ? holdUpload : deps.spool.write.bind(deps.spool))(upload.request, { length: upload.length, maxBytes: limit, tooLarge });
    try {
      return await publishSpooled(deps, requestUrl, zip, options, apiKeyId);
    } finally {
      await zip.discard();
    }
  } finally {
    release();
  }
}

async function publishSpooled(deps: Deps, requestUrl: string, zip: ZipSource, options: ZipPublishOptions, apiKeyId: string | null): Promise<PublishResult> {
  const { limits } = deps.config;
  const plan = await openZip(zip, limits);
  const asked = { entry: options.entry || undefined, title: options.title || undefined, spa: parseFlag('spa', options.spa) };
  // Hashes are not known before unpacking: distinct stand-ins let paths, duplicates and the entry page be checked now.
  const early = validateManifest({ ...asked, files: plan.files.map((f, i) => ({ path: f.path, size: f.size, sha256: i.toString(16).padStart(64, '0') })) }, limits);
  const request = { expires: options.expires, maxViews: options.maxViews as unknown as number | undefined, password: options.password, allow: options.allow ? splitAllowParam(options.allow) : undefined, feedback: parseFlag('feedback', options.feedback), live: parseFlag('live', options.live) };
  const settings = await readShareSettings(deps, request, { keyed: apiKeyId !== null, isUpdate: false, clientIp: options.clientIp, shareId: null });
  const { id, ownerToken } = await reserveShare(deps, early.title, settings, apiKeyId);
  let manifest;
  // Pages and style sheets are kept (small) for the publish warnings; other files only by name.
  const scanned: { path: string; bytes: Uint8Array }[] = [];
  try {
    const files = [];
    const stored = new Set<string>();
    // One buffer for every entry (`reuse`): each is hashed and stored before the next is unpacked.
    for await (const { path, bytes } of unpackZip(zip, plan, { reuse: true })) {
      const sha256 = await (deps.sha256 ?? sha256Hex)(bytes);
      files.push({ path, size: bytes.byteLength, sha256 });
      if (!stored.has(sha256)) await storeVerified(deps, id, sha256, bytes, [contentTypeFor(path)]);
      stored.add(sha256);
      const kind = kindOf(path);
      scanned.push({ path, bytes: kind === 'html' || kind === 'css' ? bytes.slice() : new Uint8Array(0) });
    }
    manifest = validateManifest({ ...asked, files }, limits);
    await addFirstVersion(deps, id, manifest);
    await finalize(deps, (await findShare(deps.db, id))!, 1);
  } catch (err) {
    await discardShare(deps, id);
    throw err;
  }
  const warnings = [...manifest.warnings, ...referenceWarnings(scanned, asked.entry)];
  return { ...(await shareInfo(deps, requestUrl, (await findShare(deps.db, id))!)), ownerToken, warnings };
}

/** Deletes a refused zip publish's rows and objects at once; what fails here, cleanup deletes after the pending TTL. */
async function discardShare(deps: Deps, id: string): Promise<void> {
  try {
    await deleteVersion(deps.db, id, 1);
    await deleteShareBlobs(deps, id);
    await deleteShare(deps.db, id);
  } catch (err) {
    deps.log.error('zip_discard_failed', { shareId: id, message: (err as Error).message });
  }
}
