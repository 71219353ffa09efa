/**
 * How index.ts loads each command's module. From the sources these are plain dynamic imports;
 * the bundle (scripts/build-cli.mjs) replaces this module with compressed embedded chunks, so
 * `share --version` never parses the code of any command.
 */
export const loadCommand = {
  publish: () => import('./commands/publish'),
  revoke: () => import('./commands/revoke'),
  list: () => import('./commands/list'),
  skill: () => import('./commands/skill'),
  doctor: () => import('./commands/doctor'),
  versions: () => import('./commands/versions'),
  rollback: () => import('./commands/rollback'),
  stats: () => import('./commands/stats'),
  feedback: () => import('./commands/feedback'),
  allow: () => import('./commands/allow'),
  manage: () => import('./commands/manage'),
  admin: () => import('./commands/admin'),
  login: () => import('./commands/login'),
  config: () => import('./commands/config'),
  mcp: () => import('./commands/mcp'),
};
