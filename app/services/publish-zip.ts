import type { PublishResult } from '../../core/api-types';
import { referenceWarnings } from '../../core/bundle-warnings';
import { contentTypeFor } from '../../core/content-type';
import { badRequest } from '../../core/errors';
import { validateManifest } from '../../core/manifest';
import { readZip } from '../../core/zip';
import type { Deps } from '../deps';
import { sha256Hex } from '../../core/hash';
import { readShareSettings } from './options';
import { publishHeld, type BytesByHash } from './publish-bytes';

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
}

function parseFlag(name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw badRequest('invalid_manifest', `"${name}" must be 1 or 0 (true or false).`);
}

/**
 * The one-request publish (`POST /api/shares` with `Content-Type: application/zip`): the zip is
 * unpacked and checked by the bundle core's rules (`core/zip.ts`, `core/manifest.ts`), then the
 * same three steps as a manifest publish run server-side. Each file is hashed once, here: its
 * bytes never came from outside this function, so the store step does not verify them again.
 */
export async function publishZip(deps: Deps, requestUrl: string, zip: Uint8Array, options: ZipPublishOptions, apiKeyId: string | null): Promise<PublishResult> {
  const entries = readZip(zip, deps.config.limits);
  const files = [];
  const byHash: BytesByHash = new Map();
  for (const e of entries) {
    const sha256 = await sha256Hex(e.bytes);
    files.push({ path: e.path, size: e.bytes.byteLength, sha256 });
    const blob = byHash.get(sha256) ?? { bytes: e.bytes, contentTypes: [] };
    blob.contentTypes.push(contentTypeFor(e.path));
    byHash.set(sha256, blob);
  }
  const entry = options.entry || undefined;
  const manifest = validateManifest({ files, entry, title: options.title || undefined, spa: parseFlag('spa', options.spa) }, deps.config.limits);
  const request = { expires: options.expires, maxViews: options.maxViews as unknown as number | undefined, password: options.password };
  const settings = await readShareSettings(deps, request, { keyed: apiKeyId !== null, isUpdate: false, clientIp: options.clientIp, shareId: null });
  const result = await publishHeld(deps, requestUrl, manifest, byHash, settings, apiKeyId);
  return { ...result, warnings: [...manifest.warnings, ...referenceWarnings(entries, entry)] };
}
