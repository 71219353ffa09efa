import type { PublishRequest } from '../core/api-types';
import { parseExpiry } from '../core/expiry';
import { capAllowList, normaliseEntry } from '../core/allow';
import { ApiError } from '../core/errors';
import { resolveApiKey } from './config';
import { CliError, EXIT } from './errors';
import { extractPassword, promptSecret } from './prompt';
import { say } from './words';

/** Publish options for a link's lifecycle and access, kept apart from publish.ts's own flags. */
export const LIFECYCLE_OPTIONS = {
  expires: { type: 'string' },
  'max-views': { type: 'string' },
  key: { type: 'string' },
  allow: { type: 'string', multiple: true },
  'no-allow': { type: 'boolean' },
} as const;

export const LIFECYCLE_HELP = `  --expires WHEN    1h, 24h, 7d, 30d, … or never (default: the server's, e.g. 7d;
                    the longest and who may use never are the server's to say)
  --max-views N     stop serving after N page views (burn after reading)
  --password [PW]   visitors must enter a password; without PW it is prompted
                    (echo off), or read from $SHARE_PASSWORD
  --allow EMAIL     only these people may open it: an address, or *@domain for everyone
                    at a domain (repeat it, or separate with commas; at most 100). Each
                    viewer gets a one-time code by email. On an update it replaces the list;
                    with --password too, viewers need both. share allow <link> edits it later
  --no-allow        on an update: remove the allowlist (anyone with the link may open it)
  --key KEY         API key (default: $SHARE_API_KEY, "apiKey" in the config file)`;

/** Takes `--password` out of argv before parseArgs (its value is optional). */
export function splitPassword(argv: string[], options: Record<string, { type: string }>) {
  return extractPassword(argv, new Set(Object.entries(options).filter(([, o]) => o.type === 'string').map(([k]) => k)));
}

export type LifecycleSettings = Pick<PublishRequest, 'expires' | 'maxViews' | 'password' | 'allow'>;

/**
 * Allowlist entries as flags or tool parameters give them (each may hold several, comma-separated),
 * checked and normalised by the core's rules (core/allow.ts) before anything is sent.
 */
export function allowEntries(raw: readonly string[]): string[] {
  try {
    return capAllowList([...new Set(raw.flatMap((r) => r.split(',')).map((e) => e.trim()).filter(Boolean).map(normaliseEntry))]);
  } catch (err) {
    if (err instanceof ApiError) throw new CliError(err.message.replace(/^"(.*)" is/, '$1 is'), EXIT.usage);
    throw err;
  }
}

/**
 * Checks expiry, view limit and password as the CLI's flags or the MCP tools' parameters give them
 * (messages name them in the caller's terms, cli/words.ts), before anything is read or sent.
 * What the server allows beyond the syntax (its longest expiry, who may use never) it says itself.
 */
export function lifecycleSettings(raw: { expires?: string; maxViews?: string | number; password?: string; allow?: readonly string[] | null }): LifecycleSettings {
  const settings: LifecycleSettings = {};
  if (raw.expires !== undefined) {
    if (parseExpiry(raw.expires) === null) throw new CliError(`${say('expires')} must be never or a duration like 1h, 24h, 7d, 30d; got "${raw.expires}"`, EXIT.usage);
    settings.expires = raw.expires;
  }
  if (raw.maxViews !== undefined) {
    if (!/^[1-9]\d*$/.test(String(raw.maxViews))) throw new CliError(`${say('maxViews')} must be a whole number of at least 1; got "${raw.maxViews}"`, EXIT.usage);
    settings.maxViews = Number(raw.maxViews);
  }
  if (raw.password !== undefined) {
    if (raw.password.length === 0) throw new CliError('the password is empty', EXIT.usage);
    settings.password = raw.password;
  }
  if (raw.allow === null) settings.allow = null;
  else if (raw.allow !== undefined) {
    const allow = allowEntries(raw.allow);
    if (allow.length > 0) settings.allow = allow;
  }
  return settings;
}

/** The lifecycle fields of a publish or update request, and the API key to publish with. */
export async function readLifecycle(values: { expires?: string; 'max-views'?: string; key?: string; allow?: string[]; 'no-allow'?: boolean }, pw: { password?: string; prompt: boolean }) {
  if (values.allow && values['no-allow']) throw new CliError('--allow and --no-allow contradict each other: pass one', EXIT.usage);
  // Checked before the password prompt, so a mistyped flag does not ask for a password first.
  const settings = lifecycleSettings({ expires: values.expires, maxViews: values['max-views'], allow: values['no-allow'] ? null : values.allow });
  const key = resolveApiKey(values.key);
  const password = pw.prompt ? process.env.SHARE_PASSWORD || (await promptSecret('Password for the link: ')) : pw.password;
  return { settings: { ...settings, ...lifecycleSettings({ password }) }, key };
}
