import { describe, expect, it } from 'vitest';
import { servingMemo } from '../../app/db/serving-memo';
import { touchesServedRows } from '../../server/write-watch';

describe('servingMemo', () => {
  it('keeps an answer until invalidated, and never keeps one read across a write', async () => {
    const memo = servingMemo({ maxEntries: 10 });
    let reads = 0;
    const load = async () => ++reads;
    expect(await memo.get('a', load)).toBe(1);
    expect(await memo.get('a', load)).toBe(1);
    memo.invalidate();
    expect(await memo.get('a', load)).toBe(2);
    // A write lands while the read is in flight: its answer is returned but not kept.
    expect(await memo.get('b', async () => { memo.invalidate(); return ++reads; })).toBe(3);
    expect(await memo.get('b', load)).toBe(4);
  });

  it('drops the least recently used entry beyond maxEntries', async () => {
    const memo = servingMemo({ maxEntries: 2 });
    let reads = 0;
    const load = async () => ++reads;
    await memo.get('a', load); await memo.get('b', load); await memo.get('a', load); await memo.get('c', load);
    expect(memo.size).toBe(2);
    expect(await memo.get('a', load)).toBe(1);
    expect(await memo.get('b', load)).toBe(4);
  });

  it('forgets everything when someone else wrote the database', async () => {
    let version = 1;
    const memo = servingMemo({ maxEntries: 10, outsideWrites: () => version });
    let reads = 0;
    await memo.get('a', async () => ++reads);
    version = 2;
    expect(await memo.get('a', async () => ++reads)).toBe(2);
  });
});

describe('touchesServedRows', () => {
  it('counts writes to shares, versions, files and any table it cannot name; not stats or rate limits', () => {
    expect(touchesServedRows('update "shares" set "state" = ? where "shares"."id" = ?')).toBe(true);
    expect(touchesServedRows('insert into "files" ("share_id") values (?)')).toBe(true);
    expect(touchesServedRows('delete from "versions" where 1')).toBe(true);
    expect(touchesServedRows('insert into "new_table" values (1)')).toBe(true);
    expect(touchesServedRows('with x as (select 1) update "shares" set a = 1')).toBe(true);
    expect(touchesServedRows('insert into "view_days" ("share_id") values (?) on conflict do update set "views" = 1')).toBe(false);
    expect(touchesServedRows('insert into "rate_limits" values (?)')).toBe(false);
    expect(touchesServedRows('delete from "blobs" where "share_id" = ?')).toBe(false);
  });
});
