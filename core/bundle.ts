import type { ManifestFile } from './api-types';
import { pickEntry } from './entry';
import { ApiError, badRequest } from './errors';
import { sha256Hex } from './hash';
import { rulesFor } from './ignore-rules';
import { checkLimits, type Limits } from './limits';
import { normalizeBundlePath } from './paths';
import { discover, type MissingReference } from './discover';
import { kindOf } from './references';
import { describeFinding, describeFindings, scanFiles, type SecretFinding } from './secrets';
import { isJunkFileName, isSkippedPath } from './skip';
import { extractTitle } from './title';

/** One file as a client found it, before its bytes are read: a disk file, a browser `File`, a zip entry. */
export interface SourceFile {
  /** Path relative to the shared root, forward slashes. */
  path: string;
  /** Size in bytes, as the source reports it before reading. */
  size: number;
  read(): Promise<Uint8Array>;
}

export interface CollectInput {
  /**
   * `folder`: a folder, a zip, or files picked together, shared whole: the skip list and the
   * folder's `.gitignore`/`.shareignore` files apply. `page`: a lone HTML file (or files picked
   * one by one): they plus every local file their pages load (core/references.ts).
   */
  mode: 'folder' | 'page';
  files: SourceFile[];
  /** Page mode: a file the pages load that was not picked (the CLI reads the disk beside the page); null if there is none. */
  lookup?: (path: string) => Promise<SourceFile | null>;
  /** The page to open at `/`; by default `index.html` or the only page. */
  entry?: string;
  /** Checked before any byte is read; without them the server checks (the CLI does not know its server's limits). */
  limits?: Limits;
  /** Publish even though the secret scan found likely keys (the person chose so, in so many words). */
  allowSecrets?: boolean;
}

export interface BundleFile extends ManifestFile {
  bytes: Uint8Array;
}

export interface CollectedBundle {
  files: BundleFile[];
  entry: string;
  /** The entry page's `<title>`. */
  title: string | null;
  /** Total bytes. */
  bytes: number;
  /** Page mode: local files the pages load that are not in the bundle, so the page would look broken. */
  missing: MissingReference[];
  /** Likely secrets published on purpose (only with allowSecrets; otherwise collect refuses). */
  findings: SecretFinding[];
  /** Lines worth telling the person: missing or outside references, secrets let through. */
  warnings: string[];
}

const decoder = new TextDecoder();
const HTML = /\.html?$/i;

/**
 * The one collect step every client runs (CLI, web app, MCP): skip list and ignore rules, the
 * entry page, limits, reference discovery for a lone page, hashing and the secret scan. Clients
 * only adapt their input to `SourceFile`s. Refusals are ApiErrors with the API's codes
 * (`invalid_path`, `duplicate_path`, `empty_bundle`, `no_entry_page`, `ambiguous_entry` with
 * `details.choices`, the 413 limits, and `likely_secrets` with `details.findings`).
 */
export async function collectBundle(input: CollectInput): Promise<CollectedBundle> {
  const byPath = new Map<string, SourceFile>();
  for (const f of input.files) {
    const path = normalizeBundlePath(f.path);
    if (byPath.has(path)) throw badRequest('duplicate_path', `The bundle names ${path} more than once.`);
    byPath.set(path, { ...f, path });
  }
  if (byPath.size === 0) throw badRequest('empty_bundle', 'There are no files to share.');
  let chosen = [...byPath.values()];
  if (input.mode === 'folder') {
    const rules = await rulesFor([...byPath.keys()], async (p) => decoder.decode(await byPath.get(p)!.read()));
    chosen = rules.filter(chosen);
  } else {
    chosen = chosen.filter((f) => !isSkippedPath(f.path));
  }
  if (chosen.length === 0) throw badRequest('empty_bundle', 'Every file is left out (version control, dependencies, system or environment files, or listed in .gitignore/.shareignore): there is nothing to share.');
  const entry = chooseEntry(chosen.map((f) => f.path), input.entry);
  const texts = new Map<string, Uint8Array>();
  const discovery = input.mode === 'page' ? await discoverAll(chosen, entry, input.lookup, texts) : { extra: [], missing: [], warnings: [] };
  const sources = [...chosen, ...discovery.extra];
  if (input.limits) checkLimits(sources, input.limits);
  const files: BundleFile[] = [];
  for (const f of sources) {
    const bytes = texts.get(f.path) ?? (await f.read());
    files.push({ path: f.path, size: bytes.byteLength, sha256: await sha256Hex(bytes), bytes });
  }
  const bytes = input.limits ? checkLimits(files, input.limits) : files.reduce((n, f) => n + f.size, 0);
  const findings = scanFiles(files);
  const warnings = [...discovery.warnings];
  if (findings.length > 0) {
    if (!input.allowSecrets) throw new ApiError(400, 'likely_secrets', describeFindings(findings, 'choose to publish anyway'), { findings });
    warnings.push(`sharing ${findings.length} likely secret${findings.length === 1 ? '' : 's'} on purpose: ${findings.map(describeFinding).join('; ')}`);
  }
  const entryFile = files.find((f) => f.path === entry)!;
  return { files, entry, title: extractTitle(decoder.decode(entryFile.bytes)), bytes, missing: discovery.missing, findings, warnings };
}

/** The entry page, or the refusal that says why there is none. */
function chooseEntry(paths: string[], requested?: string): string {
  const choice = pickEntry(paths, requested === undefined ? undefined : normalizeBundlePath(requested));
  if (choice.entry !== null) return choice.entry;
  if (requested) throw badRequest('no_entry_page', `The entry page ${requested} is not in the bundle.`);
  if (choice.reason === 'ambiguous') {
    throw badRequest('ambiguous_entry', `No index.html, and several HTML pages to choose from: ${choice.choices.join(', ')}. Pick the page to open first.`, { choices: choice.choices });
  }
  throw badRequest('no_entry_page', 'There is no HTML page to open (add an index.html).');
}

/**
 * Reference discovery from every picked page, the entry first: files found through `lookup` join
 * the bundle; ones neither picked nor found are missing. A file the skip list leaves out (`.env`,
 * `._x`) is never brought along, even when a page names it; folders are not walked here, so a page
 * that loads `node_modules/x.js` gets it.
 */
async function discoverAll(chosen: SourceFile[], entry: string, lookup: CollectInput['lookup'], texts: Map<string, Uint8Array>) {
  const picked = new Map(chosen.map((f) => [f.path, f]));
  const extra = new Map<string, SourceFile>();
  const read = async (path: string): Promise<string | null> => {
    let source = picked.get(path) ?? extra.get(path);
    if (!source && lookup) {
      source = (await lookup(path)) ?? undefined;
      if (source) extra.set(path, { ...source, path });
    }
    if (!source) return null;
    if (!kindOf(path)) return '';
    if (!texts.has(path)) texts.set(path, await source.read());
    return decoder.decode(texts.get(path));
  };
  const keep = (path: string) => !isJunkFileName(path.slice(path.lastIndexOf('/') + 1));
  const pages = [entry, ...chosen.map((f) => f.path).filter((p) => p !== entry && HTML.test(p))];
  const missing: MissingReference[] = [];
  const warnings: string[] = [];
  for (const page of pages) {
    const found = await discover(page, read, keep);
    for (const m of found.missing) if (!missing.some((x) => x.path === m.path)) missing.push(m);
    for (const w of found.warnings) if (!warnings.includes(w)) warnings.push(w);
  }
  return { extra: [...extra.values()], missing, warnings };
}
