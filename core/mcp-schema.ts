import { z } from 'zod';

/**
 * An input schema that is what it advertises: `additionalProperties: false` enforced, so an
 * argument the tool does not have (a misspelling, an option it lacks) is refused by name instead
 * of silently dropped. Shared by the local server (cli/mcp-tools.ts) and the remote one (app/mcp/tools.ts).
 */
export function strict<T extends z.ZodRawShape>(tool: string, shape: T) {
  const known = Object.keys(shape);
  return z.object(shape, {
    errorMap: (issue, ctx) => (issue.code === 'unrecognized_keys'
      ? { message: `unknown argument${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}: ${tool} takes ${known.length ? `only ${known.join(', ')}` : 'no arguments'}. Nothing was done` }
      : { message: ctx.defaultError }),
  }).strict();
}
