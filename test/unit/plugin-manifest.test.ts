import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROOT } from '../helpers/server';

/**
 * Claude Code's plugin manifests, checked against the documented schema (code.claude.com/docs:
 * "Plugins reference" for .claude-plugin/plugin.json, "Plugin marketplaces" / marketplace
 * reference for .claude-plugin/marketplace.json): names in kebab-case, component paths relative
 * and starting with "./", an owner with a name, one entry per plugin with a source. `claude
 * plugin validate` itself is not installed here; this is the same check as a unit test.
 */
const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case');
const relPath = z.string().regex(/^\.\/(?!.*\.\.)/, 'a relative path starting with ./');
const person = z.object({ name: z.string().min(1), email: z.string().email().optional(), url: z.string().url().optional() }).strict();
const paths = z.union([relPath, z.array(relPath).min(1)]);
const stdioServer = z.object({ command: z.string().min(1), args: z.array(z.string()).optional(), env: z.record(z.string()).optional() }).strict();
const httpServer = z.object({ type: z.enum(['http', 'sse']), url: z.string().url(), headers: z.record(z.string()).optional() }).strict();
const pluginFields = {
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'semver').optional(),
  description: z.string().min(1).optional(),
  author: person.optional(),
  homepage: z.string().url().optional(),
  repository: z.string().url().optional(),
  license: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  commands: paths.optional(),
  agents: paths.optional(),
  skills: paths.optional(),
  hooks: z.union([relPath, z.record(z.unknown())]).optional(),
  mcpServers: z.union([relPath, z.record(z.union([stdioServer, httpServer]))]).optional(),
};
const pluginManifest = z.object({ name: kebab, ...pluginFields }).strict();
const marketplace = z.object({
  name: kebab,
  owner: person,
  metadata: z.object({ description: z.string().optional(), version: z.string().optional(), pluginRoot: z.string().optional() }).strict().optional(),
  plugins: z.array(z.object({
    name: kebab,
    source: z.union([relPath, z.object({ source: z.enum(['github', 'url', 'git-subdir', 'npm']) }).passthrough()]),
    category: z.string().optional(),
    tags: z.array(z.string()).optional(),
    strict: z.boolean().optional(),
    ...pluginFields,
  }).strict()).min(1),
}).strict();

const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as unknown;

describe('Claude Code plugin manifests', () => {
  const plugin = pluginManifest.parse(read('.claude-plugin/plugin.json'));
  const market = marketplace.parse(read('.claude-plugin/marketplace.json'));

  it('match the documented schema (a wrong one is refused)', () => {
    expect(pluginManifest.safeParse({ name: 'Share It', skills: ['skill'] }).success).toBe(false);
    expect(marketplace.safeParse({ name: 'share', owner: 'me', plugins: ['share'] }).success).toBe(false);
    expect(plugin.name).toBe('share');
  });

  it('package the one SKILL.md (skill/, not a copy) and the bundled CLI\'s MCP server', () => {
    expect(plugin.skills).toEqual(['./skill']);
    expect(existsSync(join(ROOT, 'skill', 'SKILL.md'))).toBe(true);
    expect(readFileSync(join(ROOT, 'skill', 'SKILL.md'), 'utf8')).toMatch(/^---\nname: share\n/);
    const server = (plugin.mcpServers as Record<string, { command: string; args: string[] }>).share;
    expect(server.args[0]).toBe('${CLAUDE_PLUGIN_ROOT}/skill/scripts/share.mjs');
    expect(existsSync(join(ROOT, 'skill', 'scripts', 'share.mjs'))).toBe(true);
  });

  it('the marketplace lists this repository\'s plugin, with the same name and version', () => {
    const entry = market.plugins.find((p) => p.name === plugin.name)!;
    expect(entry.source).toBe('./');
    expect(entry.version).toBe(plugin.version);
    expect(plugin.version).toBe((read('cli/package.json') as { version: string }).version);
  });
});
