/**
 * A scan for live credentials before anything leaves the machine: prototypes written with AI
 * often carry the API key they were tested with. The patterns are the providers' documented
 * prefixes with a minimum length, bounded on both sides so they never match inside a longer
 * token (a base64 data URI, a hash) — false alarms would teach people to pass --allow-secrets.
 */
import { isEnvFileName } from './skip';

export interface SecretFinding {
  file: string;
  line: number;
  kind: string;
  /** The first few and last four characters, never the whole secret. */
  preview: string;
}

interface Pattern {
  kind: string;
  re: RegExp;
  /** Characters of the match shown before the ellipsis. */
  keep: number;
  /** Extra check against random-looking text, for prefixes that also occur in words. */
  random?: boolean;
}

const L = '(?<![A-Za-z0-9_+/=-])';
const R = '(?![A-Za-z0-9_-])';

export const SECRET_PATTERNS: Pattern[] = [
  { kind: 'Anthropic API key', re: new RegExp(`${L}sk-ant-[A-Za-z0-9_-]{20,}${R}`, 'g'), keep: 7, random: true },
  { kind: 'OpenAI API key', re: new RegExp(`${L}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}${R}`, 'g'), keep: 8, random: true },
  { kind: 'OpenAI API key', re: new RegExp(`${L}sk-[A-Za-z0-9]{32,}${R}`, 'g'), keep: 3, random: true },
  { kind: 'AWS access key id', re: new RegExp(`${L}(?:AKIA|ASIA)[A-Z0-9]{16}${R}`, 'g'), keep: 4 },
  { kind: 'GitHub token', re: new RegExp(`${L}gh[pousr]_[A-Za-z0-9]{36,}${R}`, 'g'), keep: 4 },
  { kind: 'GitHub token', re: new RegExp(`${L}github_pat_[A-Za-z0-9_]{22,}${R}`, 'g'), keep: 11 },
  { kind: 'Stripe live key', re: new RegExp(`${L}[sr]k_live_[A-Za-z0-9]{20,}${R}`, 'g'), keep: 8 },
  { kind: 'Google API key', re: new RegExp(`${L}AIza[0-9A-Za-z_-]{35}${R}`, 'g'), keep: 4 },
  { kind: 'Slack token', re: new RegExp(`${L}xox[abprs]-[A-Za-z0-9-]{10,}${R}`, 'g'), keep: 5 },
  { kind: 'private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g, keep: 0 },
];

/** Real keys mix digits and both cases; identifiers like `sk-loading-spinner-wrapper-x` do not. */
const looksRandom = (s: string) => /[0-9]/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s);

export function redact(secret: string, keep: number): string {
  if (keep === 0) return secret.replace(/^-+|-+$/g, '');
  return `${secret.slice(0, keep)}…${secret.slice(-4)}`;
}


/** Finds likely secrets in one text file; `file` is only used to label findings. */
export function scanText(file: string, text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  const taken = new Set<number>();
  for (const p of SECRET_PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      if (taken.has(m.index!)) continue;
      if (p.random && !looksRandom(m[0].slice(p.keep))) continue;
      taken.add(m.index!);
      const line = text.slice(0, m.index).split('\n').length;
      found.push({ file, line, kind: p.kind, preview: redact(m[0], p.keep) });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** Bytes that are text (no NUL in the first 8 KB) and small enough to scan quickly. */
function asText(bytes: Uint8Array): string | null {
  if (bytes.byteLength > 20 * 1024 * 1024) return null;
  if (bytes.subarray(0, 8192).includes(0)) return null;
  return new TextDecoder().decode(bytes);
}

/** Scans every file of a bundle: `.env` files by name, text files by content. */
export function scanFiles(files: { path: string; bytes: Uint8Array }[]): SecretFinding[] {
  const out: SecretFinding[] = [];
  for (const f of files) {
    if (isEnvFileName(f.path)) {
      out.push({ file: f.path, line: 1, kind: 'environment file', preview: f.path.split('/').pop()! });
      continue;
    }
    const text = asText(f.bytes);
    if (text !== null) out.push(...scanText(f.path, text));
  }
  return out;
}

/** One finding as every client shows it: `config.js:3 Anthropic API key (sk-ant-…Xy12)`. */
export const describeFinding = (f: SecretFinding): string => `${f.file}:${f.line} ${f.kind} (${f.preview})`;

/**
 * One readable line naming where each secret is (up to five) and how to publish anyway: `how`
 * is the client's own words for the override (the CLI's `--allow-secrets`).
 */
export function describeFindings(findings: SecretFinding[], how = 'pass --allow-secrets'): string {
  const shown = findings.slice(0, 5).map(describeFinding);
  const more = findings.length > 5 ? ` and ${findings.length - 5} more` : '';
  const n = findings.length;
  return `refusing to share: found ${n} likely secret${n === 1 ? '' : 's'}, nothing was uploaded: ${shown.join('; ')}${more}. Remove ${n === 1 ? 'it' : 'them'}, or ${how} if ${n === 1 ? 'it is' : 'they are'} meant to be public`;
}
