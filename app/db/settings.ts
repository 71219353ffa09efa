import { eq } from 'drizzle-orm';
import type { Database } from './client';
import { settings } from './schema';

/** The `settings` table: values the service generates for itself. */

/**
 * The stored value of `key`, storing `candidate` first if there is none. When two isolates race,
 * the first insert wins and both read the winner back.
 */
export async function settingOrInsert(db: Database, key: string, candidate: string): Promise<string> {
  await db.orm.insert(settings).values({ key, value: candidate }).onConflictDoNothing();
  const rows = await db.orm.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1);
  return rows[0].value;
}
