import { badRequest } from './errors';

/**
 * The path prefix every share's origin keeps for the service itself (issue 16: the feedback
 * script, its report and comment endpoints, the live-update poll): `/__share/…`. Requests under
 * it never reach a user's files, so no bundle may hold a file there.
 */
export const RESERVED_PREFIX = '__share/';

/**
 * True when a bundle path (as served, after the root rule) would sit under the reserved prefix.
 * Compared without case: `__Share/x` would not collide on the server, but a case-insensitive
 * disk or a reader could not tell them apart, and refusing costs nobody a real file name.
 */
export function isReservedPath(path: string): boolean {
  return path.toLowerCase().startsWith(RESERVED_PREFIX);
}

/**
 * Refuses a bundle that holds a file under `__share/`. Errors: 400 `reserved_path`, naming the
 * first such file, with every one in `details.paths`.
 */
export function refuseReservedPaths(paths: readonly string[]): void {
  const reserved = paths.filter(isReservedPath);
  if (reserved.length === 0) return;
  throw badRequest('reserved_path', `${reserved[0]} is under /${RESERVED_PREFIX}, which every link keeps for the service's own feedback and live-update endpoints; rename or move that folder.`, { paths: reserved });
}
