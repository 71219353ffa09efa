import { drizzle } from 'drizzle-orm/d1';
import type { Database, Orm, Statement } from './client';
import * as schema from './schema';

export function d1Database(binding: D1Database): Database {
  const orm = drizzle(binding, { schema });
  return {
    orm: orm as unknown as Orm,
    async commit(statements: Statement[]) {
      if (statements.length === 0) return [];
      return orm.batch(statements as [Statement, ...Statement[]]);
    },
  };
}
