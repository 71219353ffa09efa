import type { ManifestFile, PublishRequest } from './api-types';
import { pickEntry } from './entry';
import { badRequest } from './errors';
import { checkLimits, type Limits } from './limits';
import { caseWarnings } from './index-pages';
import { normalizeBundlePath } from './paths';
import { refuseReservedPaths } from './reserved-paths';
import { applyRoot } from './root';

export interface ValidManifest {
  /** The files as served: with a root, its files lose the root's prefix (`core/root.ts`). */
  files: ManifestFile[];
  /** The entry page, as served. */
  entry: string;
  title: string | null;
  bytes: number;
  /** The folder served as the link's root (`dist/`), or null. */
  root: string | null;
  /** Serve the entry page for unknown page routes (single-page app); undefined when the request did not say. */
  spa: boolean | undefined;
  /** Things worth telling the publisher that do not stop the publish (case-only differences, files left out by the root). */
  warnings: string[];
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Checks everything about a bundle that can be checked before any byte is stored: shape, paths,
 * hashes, limits and the entry page. Each refusal has its own code so clients can explain it.
 */
export function validateManifest(body: unknown, limits: Limits): ValidManifest {
  if (!body || typeof body !== 'object') throw badRequest('invalid_manifest', 'Request body must be a JSON object with a "files" array.');
  const req = body as Partial<PublishRequest>;
  if (!Array.isArray(req.files)) throw badRequest('invalid_manifest', 'Request body must have a "files" array.');
  if (req.files.length === 0) throw badRequest('empty_bundle', 'The bundle has no files.');
  // Count first, before looking at any entry: a huge list is refused without work.
  if (req.files.length > limits.maxFiles) checkLimits(req.files as { path: string; size: number }[], limits);
  const seen = new Set<string>();
  const sizeOfHash = new Map<string, number>();
  const files: ManifestFile[] = [];
  for (const f of req.files as unknown[]) {
    if (!f || typeof f !== 'object') throw badRequest('invalid_manifest', 'Each file must be an object with path, size and sha256.');
    const { path: rawPath, size, sha256 } = f as Record<string, unknown>;
    const path = normalizeBundlePath(rawPath);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw badRequest('invalid_manifest', `Invalid size for ${path}.`);
    if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw badRequest('invalid_manifest', `Invalid sha256 for ${path} (64 lowercase hex characters).`);
    if (seen.has(path)) throw badRequest('duplicate_path', `The bundle names ${path} more than once.`);
    // Files with the same hash share one stored object, so they must agree on its size.
    if ((sizeOfHash.get(sha256) ?? size) !== size) throw badRequest('invalid_manifest', `${path} has the same sha256 as another file but a different size.`);
    sizeOfHash.set(sha256, size);
    seen.add(path);
    files.push({ path, size, sha256 });
  }
  const bytes = checkLimits(files, limits);
  if (req.spa !== undefined && typeof req.spa !== 'boolean') throw badRequest('invalid_manifest', '"spa" must be true or false.');
  const requested = req.entry === undefined ? undefined : normalizeBundlePath(req.entry);
  const choice = pickEntry([...seen], requested);
  if (choice.entry === null) {
    if (requested) throw badRequest('no_entry_page', `The entry page ${requested} is not in the bundle.`);
    if (choice.reason === 'ambiguous') {
      throw badRequest('ambiguous_entry', `No index.html, and several HTML pages to choose from: ${choice.choices.join(', ')}. Add an index.html or name the entry page.`, { choices: choice.choices });
    }
    throw badRequest('no_entry_page', 'The bundle has no HTML page to open (add an index.html).');
  }
  const title = typeof req.title === 'string' ? req.title.slice(0, 200) : null;
  const { root } = choice;
  if (!root) refuseReservedPaths(files.map((f) => f.path));
  if (!root) return { files, entry: choice.entry, title, bytes, root, spa: req.spa, warnings: caseWarnings(files.map((f) => f.path)) };
  const served = applyRoot(files, root);
  // Checked as served: `dist/__share/x` with `dist/` as the root would be `/__share/x`.
  refuseReservedPaths(served.files.map((f) => f.path));
  const warnings = caseWarnings(served.files.map((f) => f.path));
  for (const path of served.dropped) warnings.push(`${path} is left out: ${root} is served as the link's root, and ${root}${path} is served at /${path}.`);
  return {
    files: served.files, entry: choice.entry.slice(root.length), title, bytes: served.files.reduce((n, f) => n + f.size, 0), root, spa: req.spa, warnings,
  };
}
