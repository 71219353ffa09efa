import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { consumeCode, storeCode } from '../../app/db/allow';
import { d1Database } from '../../worker/d1';
import { publish } from './helpers';
import { allowApp } from './allow-helpers';

const other = (code: string, k: number) => String((Number(code) + k) % 1_000_000).padStart(6, '0');

/** Codes under parallel guessing: the per-code limit must hold for guesses in flight at once, not only for ones that arrive one after another. */
describe('one-time codes under parallel guesses', () => {
  it('a code takes at most 5 guesses even when they arrive at once (consumeCode claims before it compares)', async () => {
    const db = d1Database(env.DB);
    const now = Date.now();
    await storeCode(db, { shareId: 'racedb01', address: 'a@race.example', entry: 'a@race.example', codeHash: 'right', expiresAt: now + 600_000, now });
    const wrong = await Promise.all(Array.from({ length: 8 }, (_, i) => consumeCode(db, 'racedb01', 'a@race.example', `wrong${i}`, now, 5)));
    expect(wrong.every((used) => !used)).toBe(true);
    expect(await consumeCode(db, 'racedb01', 'a@race.example', 'right', now, 5)).toBe(false);
  });

  it('the right code sent with 30 wrong ones from 31 addresses is refused: only 5 of them are compared', async () => {
    const app = allowApp();
    for (let round = 0; round < 3; round++) {
      const address = `burst${round}@race.example`;
      const { id } = await publish({ 'index.html': '<p>race</p>' }, { allow: [address] });
      await app.post(id, { email: address });
      const code = await app.codeFor(address);
      const guesses = Array.from({ length: 30 }, (_, i) => app.post(id, { email: address, code: other(code, i + 1) }, { ip: `198.51.${round}.${i + 1}` }));
      const right = app.post(id, { email: address, code }, { ip: `198.51.${round}.200` });
      const answers = await Promise.all([...guesses, right]);
      expect(answers.map((r) => r.status).filter((s) => s === 303), `round ${round}`).toEqual([]);
    }
  });
});
