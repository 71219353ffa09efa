import type { PublishRequest } from '../core/api-types';
import { splitAllowParam } from '../core/allow';
import { parseMaxViews } from '../core/expiry';

/** Every setting a publish can name: a manifest's fields but its file list. */
export type PublishSettings = Omit<PublishRequest, 'files'>;
type Setting = keyof PublishSettings;

/** Where the zip route (`POST /api/shares` with application/zip) reads a publish's settings: its query string (with the `?`, or empty) and headers. */
export interface ZipRoute { query: string; headers: Record<string, string> }

interface Out { query: URLSearchParams; headers: Record<string, string> }

/** Puts one setting where the zip route reads it, or returns why the zip route cannot carry it as the manifest would. */
type Mapper<K extends Setting> = (value: NonNullable<PublishSettings[K]>, out: Out) => string | undefined;

/** A lone UTF-16 surrogate: URLSearchParams would send U+FFFD where JSON sends the surrogate itself. */
const LONE_SURROGATE = /\p{Cs}/u;

/** A query parameter read as the manifest's string field (app/routes/shares.ts: the zip route reads '' as not given). */
const text = (name: string): Mapper<'entry' | 'title' | 'expires'> => (value, out) => {
  if (typeof value !== 'string' || value === '' || LONE_SURROGATE.test(value)) return 'not a string the query can carry exactly';
  out.query.set(name, value);
  return undefined;
};

/**
 * Printable ASCII, no space at either end: what an HTTP header carries byte for byte. Parsers
 * trim a field value's surrounding whitespace (RFC 9110 §5.5), and a byte above 0x7f is read as
 * Latin-1 by Node's parser, so any other password goes in the manifest's JSON instead.
 */
const HEADER_SAFE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** A flag as the zip route reads it (`1` or `0`, app/services/publish-zip.ts parseFlag). */
const flag = (name: string): Mapper<'spa' | 'feedback' | 'live'> => (value, out) => {
  if (typeof value !== 'boolean') return 'not true or false';
  out.query.set(name, value ? '1' : '0');
  return undefined;
};

/**
 * One entry for every key of PublishRequest but `files` (the type checks it, and
 * test/unit/zip-settings.test.ts checks it against core/api-types.ts): a setting added later
 * fails both until it is mapped here, so the one-request publish never silently drops it.
 */
const ROUTE: { [K in Setting]-?: Mapper<K> } = {
  entry: text('entry'),
  title: text('title'),
  expires: text('expires'),
  maxViews: (value, out) => {
    // Digits in the query; anything parseMaxViews refuses goes in JSON, so the refusal reads as before.
    try { parseMaxViews(value); } catch { return 'not a view count the query can carry'; }
    out.query.set('maxViews', String(value));
    return undefined;
  },
  password: (value, out) => {
    if (typeof value !== 'string' || !HEADER_SAFE.test(value)) return 'not a value a header carries byte for byte';
    out.headers['x-share-password'] = value;
    return undefined;
  },
  spa: flag('spa'),
  feedback: flag('feedback'),
  live: flag('live'),
  allow: (value, out) => {
    // On a first publish an empty list asks for nothing, as leaving it out does.
    if (!Array.isArray(value) || value.length === 0) return Array.isArray(value) ? undefined : 'not a list';
    // The zip route reads `a@x.com,*@y.org` (core/allow.ts splitAllowParam): only a list that form gives back as it is goes there.
    const joined = value.join(',');
    const back = splitAllowParam(joined);
    if (back.length !== value.length || back.some((e, i) => e !== value[i]) || LONE_SURROGATE.test(joined)) return 'not a list the comma form carries exactly';
    out.query.set('allow', joined);
    return undefined;
  },
};

/**
 * The one mapping from a first publish's settings (PublishRequest without `files`) to the zip
 * route's query string and headers: `entry`, `title`, `expires`, `maxViews`, `spa`, `allow`
 * (comma-separated), `feedback`, `live` as query parameters, `password` as `X-Share-Password`. A
 * setting left undefined or null (on a first publish, null asks for nothing) is left out. Returns `{ unsupported }`, naming the setting and
 * why, when the zip route cannot carry a setting exactly as the manifest would (a key this table
 * does not know, a value a query or header would change): the caller then publishes in three steps.
 */
export function zipRoute(settings: PublishSettings): ZipRoute | { unsupported: string } {
  const out: Out = { query: new URLSearchParams(), headers: {} };
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined || value === null) continue;
    const map = Object.hasOwn(ROUTE, key) ? (ROUTE[key as Setting] as Mapper<Setting>) : undefined;
    const refused = map ? map(value as never, out) : 'not a setting this CLI knows';
    if (refused) return { unsupported: `${key}: ${refused}` };
  }
  const query = out.query.toString();
  return { query: query ? `?${query}` : '', headers: out.headers };
}

/** The settings keys the mapping knows, for the test that holds it to PublishRequest. */
export const MAPPED_SETTINGS: readonly string[] = Object.keys(ROUTE);
