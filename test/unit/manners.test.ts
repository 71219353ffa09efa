import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expiryChoices, type ExpiryPolicy } from '../../core/expiry';
import { accessWords, expiryWords, formatDuration } from '../../core/expiry-words';
import { closest, commandOf, usageError } from '../../cli/usage';
import { isBot } from '../../app/lib/view-filter';
import { ROOT } from '../helpers/server';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 11, 1, 6, 49, 30);

describe('expiry in words (core/expiry-words.ts)', () => {
  it('says how long and until when, in UTC', () => {
    expect(expiryWords(new Date(NOW + 7 * D - 400).toISOString(), NOW)).toBe('expires in 7 days, on Tue 8 Dec 2026 at 06:49 UTC');
    expect(expiryWords(new Date(NOW + H).toISOString(), NOW)).toBe('expires in 1 hour, on Tue 1 Dec 2026 at 07:49 UTC');
    expect(expiryWords(null, NOW)).toBe('never expires');
    expect(expiryWords(new Date(NOW - 1000).toISOString(), NOW)).toBe('expired on Tue 1 Dec 2026 at 06:49 UTC');
  });

  it('rounds to the unit a person would use', () => {
    expect([30_000, 59 * 60_000, 90 * 60_000, 24 * H, 47 * H, 2 * D, 30 * D].map(formatDuration))
      .toEqual(['1 minute', '59 minutes', '2 hours', '24 hours', '47 hours', '2 days', '30 days']);
  });

  it('adds the password and the views left', () => {
    const at = new Date(NOW + D).toISOString();
    expect(accessWords({ expiresAt: at, passwordProtected: true, maxViews: 3, views: 1 }, NOW)).toBe('expires in 24 hours, on Wed 2 Dec 2026 at 06:49 UTC; visitors need the password; 2 page views left');
    expect(accessWords({ expiresAt: at, maxViews: 1, views: 0 }, NOW)).toMatch(/; 1 page view left$/);
  });
});

describe('the expiries a publisher without a key may choose', () => {
  const policy = (p: Partial<ExpiryPolicy>): ExpiryPolicy => ({ default: 7 * D, maxMs: 30 * D, allowNever: 'keyed', ...p });
  it('offers never only when everyone may use it, and nothing past the longest', () => {
    expect(expiryChoices(policy({}))).toEqual(['1h', '24h', '7d', '30d']);
    expect(expiryChoices(policy({ allowNever: 'true' }))).toEqual(['1h', '24h', '7d', '30d', 'never']);
    expect(expiryChoices(policy({ maxMs: D, default: H }))).toEqual(['1h', '24h']);
    expect(expiryChoices(policy({ maxMs: 90 * D, default: 14 * D }))).toEqual(['1h', '24h', '7d', '14d', '30d', '90d']);
  });
});

describe('did you mean (cli/usage.ts)', () => {
  it('finds the nearest command or option, and nothing for a word far from all', () => {
    expect(closest('lst', ['publish', 'revoke', 'list'])).toBe('list');
    expect(closest('revok', ['publish', 'revoke', 'list'])).toBe('revoke');
    expect(closest('--expire', ['--expires', '--entry'])).toBe('--expires');
    expect(closest('--max', ['--max-views', '--json'])).toBe('--max-views');
    expect(closest('--kye', ['--key', '--json'])).toBe('--key');
    expect(closest('banana', ['publish', 'revoke', 'list'])).toBeUndefined();
  });

  it('names the command a command line runs', () => {
    const commands = ['publish', 'list', 'revoke'];
    expect(commandOf(['ls', '--jsn'], commands)).toBe('list');
    expect(commandOf(['./x.html', '--expire'], commands)).toBe('publish');
    expect(commandOf(['revoke', 'x'], commands)).toBe('revoke');
  });

  it('rewords parseArgs\' refusals: the whole single-dash word, and the value a flag needs', () => {
    const err = (code: string, message: string) => Object.assign(new Error(message), { code });
    const help = '  --json   print JSON\n  --server URL   the server';
    expect(usageError(err('ERR_PARSE_ARGS_UNKNOWN_OPTION', "Unknown option '-j'. To specify …"), ['x.html', '-json'], 'publish', help).message)
      .toBe('unknown option -json; did you mean --json? (see share help publish)');
    expect(usageError(err('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', "Option '--server <value>' argument missing"), ['x.html', '--server'], 'publish', help).message)
      .toBe('--server needs a value, e.g. --server URL (see share help publish)');
  });
});

describe('the README says what the code does', () => {
  const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('lists every user agent the view stats leave out, headless browsers included', () => {
    const source = readFileSync(join(ROOT, 'app', 'lib', 'view-filter.ts'), 'utf8');
    const words = /const BOT_PATTERN = \/([^/]+)\/i;/.exec(source)![1].split('|');
    expect(words.length).toBeGreaterThan(15);
    const stats = README.slice(README.indexOf('## View stats'), README.indexOf('## Why links cannot be guessed'));
    for (const word of words) {
      expect(stats, word).toContain(`\`${word}\``);
      expect(isBot(`Mozilla/5.0 ${word.toUpperCase()}/1.0`), word).toBe(true);
    }
    expect(stats).toContain('HeadlessChrome');
    expect(isBot('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36')).toBe(true);
  });

  it('says where the first example works today, right after it, and in the quick start before `npx share` is first used', () => {
    const first = README.indexOf('$ share ./index.html');
    expect(first).toBeGreaterThan(0);
    const intro = README.slice(first, README.indexOf('\n## ', first));
    expect(intro).toMatch(/Where that command works today: inside a clone of this repository as `npx share \.\/index\.html`/);
    expect(intro).toContain('[Use it from anywhere](#use-it-from-anywhere)');
    expect(intro).toContain('skill/scripts/share.mjs');
    const quick = README.slice(README.indexOf('## Quick start'), README.indexOf('## Using the CLI'));
    const before = quick.slice(0, quick.indexOf('npx share ./index.html'));
    expect(before).toMatch(/inside this clone/);
    expect(quick).toContain('### Use it from anywhere');
  });
});
