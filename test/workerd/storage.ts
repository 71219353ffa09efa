import { env } from 'cloudflare:test';
import { expect } from 'vitest';

/** Every R2 key under a prefix (all keys when none), following list pagination. */
export async function r2Keys(prefix?: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await env.BLOBS.list({ prefix, cursor, limit: 1000 });
    keys.push(...page.objects.map((o) => o.key));
    if (!page.truncated) return keys;
    cursor = page.cursor;
  }
}

export async function count(table: 'shares' | 'versions' | 'files' | 'blobs', shareId?: string): Promise<number> {
  const column = table === 'shares' ? 'id' : 'share_id';
  const stmt = shareId === undefined
    ? env.DB.prepare(`select count(*) as n from ${table}`)
    : env.DB.prepare(`select count(*) as n from ${table} where ${column} = ?`).bind(shareId);
  return Number(await stmt.first('n'));
}

export interface Snapshot {
  shares: number;
  versions: number;
  files: number;
  blobs: number;
  objects: number;
}

/** Row counts of every table plus the number of R2 objects: equal before and after means nothing was stored. */
export async function snapshot(): Promise<Snapshot> {
  return {
    shares: await count('shares'),
    versions: await count('versions'),
    files: await count('files'),
    blobs: await count('blobs'),
    objects: (await r2Keys()).length,
  };
}

export async function shareRow(id: string) {
  return env.DB.prepare('select * from shares where id = ?').bind(id).first<{
    id: string; state: string; current_version: number | null; revoked_at: number | null; owner_token_hash: string; created_at: number;
  }>();
}

export interface ApiErrorShape {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/** Asserts the `{"error":{"code","message"}}` shape (and nothing else at the top level) and returns it. */
export async function expectApiError(res: Response, status: number, code: string): Promise<ApiErrorShape> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: { code: unknown; message: unknown; details?: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect((body.error.message as string).length).toBeGreaterThan(0);
  for (const key of Object.keys(body.error)) expect(['code', 'message', 'details', 'requestId']).toContain(key);
  return { status: res.status, ...(body.error as { code: string; message: string; details?: unknown }) };
}

/** Runs a request that must be refused with `status`/`code`, and asserts it left D1 and R2 exactly as they were. */
export async function expectRefusedWithNothingStored(send: () => Promise<Response>, status: number, code: string): Promise<ApiErrorShape> {
  const before = await snapshot();
  const error = await expectApiError(await send(), status, code);
  expect(await snapshot()).toEqual(before);
  return error;
}
