import type { PublishRequest } from '../core/api-types';
import { parseExpiry } from '../core/expiry';
import { resolveApiKey } from './config';
import { CliError, EXIT } from './errors';
import { extractPassword, promptSecret } from './prompt';

/** Publish options for a link's lifecycle and access, kept apart from publish.ts's own flags. */
export const LIFECYCLE_OPTIONS = {
  expires: { type: 'string' },
  'max-views': { type: 'string' },
  key: { type: 'string' },
} as const;

export const LIFECYCLE_HELP = `  --expires WHEN   1h, 24h, 7d, 30d, … or never (default: the server's, e.g. 7d)
  --max-views N    stop serving after N page views (burn after reading)
  --password [PW]  visitors must enter a password; without PW it is prompted
                   (echo off), or read from $SHARE_PASSWORD
  --key KEY        API key (default: $SHARE_API_KEY, "apiKey" in the config file)`;

/** Takes `--password` out of argv before parseArgs (its value is optional). */
export function splitPassword(argv: string[], options: Record<string, { type: string }>) {
  return extractPassword(argv, new Set(Object.entries(options).filter(([, o]) => o.type === 'string').map(([k]) => k)));
}

/** The lifecycle fields of a publish or update request, and the API key to publish with. */
export async function readLifecycle(values: { expires?: string; 'max-views'?: string; key?: string }, pw: { password?: string; prompt: boolean }) {
  const settings: Pick<PublishRequest, 'expires' | 'maxViews' | 'password'> = {};
  if (values.expires !== undefined) {
    if (parseExpiry(values.expires) === null) throw new CliError(`--expires must be never or a duration like 1h, 24h, 7d, 30d; got "${values.expires}"`, EXIT.usage);
    settings.expires = values.expires;
  }
  if (values['max-views'] !== undefined) {
    if (!/^[1-9]\d*$/.test(values['max-views'])) throw new CliError(`--max-views must be a whole number of at least 1; got "${values['max-views']}"`, EXIT.usage);
    settings.maxViews = Number(values['max-views']);
  }
  let password = pw.password;
  if (pw.prompt) password = process.env.SHARE_PASSWORD || (await promptSecret('Password for the link: '));
  if (password !== undefined) {
    if (password.length === 0) throw new CliError('the password is empty', EXIT.usage);
    settings.password = password;
  }
  return { settings, key: resolveApiKey(values.key) };
}
