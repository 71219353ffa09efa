import { collectBundle, type SourceFile } from '../../core/bundle';
import { contentTypeFor } from '../../core/content-type';
import { badRequest } from '../../core/errors';
import { validateManifest, type ValidManifest } from '../../core/manifest';
import type { Deps } from '../deps';
import type { BytesByHash } from './publish-bytes';

/** One file given as content rather than bytes on a disk: UTF-8 `text`, or `base64` for binary (exactly one). */
export interface InlineFile {
  path: string;
  text?: string;
  base64?: string;
}

export interface InlineBundle {
  files: InlineFile[];
  /** The page to open at `/`; by default `index.html` or the only page. */
  entry?: string;
  title?: string;
  /** Publish even though the secret scan found likely keys. */
  allowSecrets?: boolean;
}

/** A bundle made from inline files, checked by the bundle core, ready for `publishHeld`/`updateHeld`. */
export interface HeldBundle {
  manifest: ValidManifest;
  bytes: BytesByHash;
  warnings: string[];
}

const encoder = new TextEncoder();
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 (RFC 4648 §4; whitespace ignored) to bytes. Errors: 400 `invalid_base64` naming the file. */
export function decodeBase64(path: string, value: string): Uint8Array {
  const clean = value.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !BASE64.test(clean)) throw badRequest('invalid_base64', `${path}: "base64" is not valid standard base64 (A-Z, a-z, 0-9, +, /, = padding).`);
  const binary = atob(clean);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function bytesOf(f: InlineFile): Uint8Array {
  const given = (f.text === undefined ? 0 : 1) + (f.base64 === undefined ? 0 : 1);
  if (given !== 1) throw badRequest('invalid_file', `${f.path}: give exactly one of "text" or "base64".`);
  return f.text !== undefined ? encoder.encode(f.text) : decodeBase64(f.path, f.base64!);
}

/**
 * Publish from text: inline files become `SourceFile`s and run the one collect step every client
 * runs (core/bundle.ts: paths, skip and ignore rules, entry page, limits, secret scan), then the
 * server's manifest check. Refusals are the API's ApiErrors (`invalid_path`, `likely_secrets`, 413s, …).
 */
export async function collectInline(deps: Deps, input: InlineBundle): Promise<HeldBundle> {
  const sources: SourceFile[] = input.files.map((f) => {
    const bytes = bytesOf(f);
    return { path: f.path, size: bytes.byteLength, read: async () => bytes };
  });
  const bundle = await collectBundle({ mode: 'folder', files: sources, entry: input.entry, limits: deps.config.limits, allowSecrets: input.allowSecrets });
  const manifest = validateManifest({ files: bundle.files.map(({ path, size, sha256 }) => ({ path, size, sha256 })), entry: bundle.entry, title: input.title ?? bundle.title ?? undefined }, deps.config.limits);
  const bytes: BytesByHash = new Map();
  for (const f of bundle.files) {
    const held = bytes.get(f.sha256) ?? { bytes: f.bytes, contentTypes: [] };
    held.contentTypes.push(contentTypeFor(f.path));
    bytes.set(f.sha256, held);
  }
  return { manifest, bytes, warnings: bundle.warnings };
}
