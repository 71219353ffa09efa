import { drizzle } from 'drizzle-orm/d1';
import type { Database, Orm, Statement } from '../app/db/client';
import * as schema from '../app/db/schema';
import { DependencyError, guard, isDataError } from '../app/lib/dependency';

/** Drizzle over a D1 binding; `commit` is D1's `batch()`, all-or-nothing. */
export function d1Database(binding: D1Database): Database {
  const orm = drizzle(binding, { schema });
  return {
    orm: orm as unknown as Orm,
    async commit(statements: Statement[]) {
      if (statements.length === 0) return [];
      return orm.batch(statements as [Statement, ...Statement[]]);
    },
    // Guarded bindings already turn failures into DependencyError.
    isOutage: () => false,
  };
}

/** Wraps a D1 binding so every statement, batch and exec reports failures as DependencyError. */
export function guardD1(binding: D1Database): D1Database {
  const wrapStatement = (stmt: D1PreparedStatement): D1PreparedStatement => new Proxy(stmt, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'bind') return (...args: unknown[]) => wrapStatement(value.apply(target, args));
      if (prop === 'all' || prop === 'run' || prop === 'first' || prop === 'raw') {
        return (...args: unknown[]) => guard('database', () => value.apply(target, args));
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(binding, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'prepare') {
        return (query: string) => {
          try {
            return wrapStatement(target.prepare(query));
          } catch (err) {
            throw isDataError(err) ? err : new DependencyError('database', err);
          }
        };
      }
      if (prop === 'batch' || prop === 'exec') return (...args: unknown[]) => guard('database', () => value.apply(target, args));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
