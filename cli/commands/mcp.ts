import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configDir } from '../config';
import { formatBytes } from '../../core/limits';
import { publishPath, type PublishOutcome } from '../publish-core';
import { VERSION } from '../version';
import { mcpHelp } from './mcp-help';
import { listShares } from './list';
import { revokeLink } from './revoke';

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/** Tool failures are results with isError, so the model reads the reason instead of the client seeing a crash. */
async function asTool(run: () => Promise<string>): Promise<ToolResult> {
  try {
    return { content: [{ type: 'text', text: await run() }] };
  } catch (err) {
    return { content: [{ type: 'text', text: `share failed: ${(err as Error).message}` }], isError: true };
  }
}

function describe(out: PublishOutcome): string {
  const lines = [
    out.share.url,
    `${out.updated ? `Updated the existing link (version ${out.share.version})` : 'Published a new link'}: ${out.files} file${out.files === 1 ? '' : 's'}, ${formatBytes(out.totalBytes)} (sent ${formatBytes(out.sentBytes)}).`,
  ];
  const shown = out.paths.slice(0, 50).join(', ');
  lines.push(`Files: ${shown}${out.paths.length > 50 ? `, and ${out.paths.length - 50} more` : ''}.`);
  for (const w of out.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

/** A stable file for share_html with a name (so the same name updates the same link), else a fresh temp file. */
function htmlFile(html: string, name?: string): string {
  let dir: string;
  if (name) {
    const slug = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'page';
    dir = join(configDir(), 'html', slug);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } else {
    dir = mkdtempSync(join(tmpdir(), 'share-html-'));
  }
  const file = join(dir, 'index.html');
  writeFileSync(file, html);
  return file;
}

export async function mcp(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${mcpHelp}\n`);
  // The SDK and zod are heavy: loaded only here, so every other command starts fast.
  const [{ McpServer }, { StdioServerTransport }, { z }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/mcp.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('zod'),
  ]);
  const server = new McpServer({ name: 'share', version: VERSION });
  const linkNote = 'Returns the public link on the first line. Sharing the same path again updates the same link.';

  server.registerTool('share_path', {
    title: 'Share a file or folder',
    description: `Publish an HTML file, a folder (its index.html opens first) or a .zip on this machine as a public link. A single HTML file brings the local files it references (CSS, JS, images). Refuses bundles holding likely API keys unless allowSecrets. ${linkNote}`,
    inputSchema: {
      path: z.string().min(1).describe('Absolute path of the .html file, folder or .zip to share'),
      entry: z.string().optional().describe('Page to open at / when a folder has no index.html'),
      newLink: z.boolean().optional().describe('Make a fresh link instead of updating the previous one for this path'),
      allowSecrets: z.boolean().optional().describe('Share even though likely secrets were found (only if the user confirms they are meant to be public)'),
    },
    annotations: { openWorldHint: true },
  }, async ({ path, entry, newLink, allowSecrets }) => asTool(async () => describe(await publishPath({ path, entry, fresh: newLink, allowSecrets }))));

  server.registerTool('share_html', {
    title: 'Share HTML text',
    description: `Publish a complete HTML document given as text as a public page. Pass the same name again to update that page at the same link. ${linkNote}`,
    inputSchema: {
      html: z.string().min(1).describe('The whole HTML document (inline its CSS and JS)'),
      name: z.string().max(64).optional().describe('A short stable name for this page; sharing again with the same name updates the same link'),
      allowSecrets: z.boolean().optional().describe('Share even though likely secrets were found'),
    },
    annotations: { openWorldHint: true },
  }, async ({ html, name, allowSecrets }) => asTool(async () => describe(await publishPath({ path: htmlFile(html, name), allowSecrets }))));

  server.registerTool('revoke_share', {
    title: 'Revoke a link',
    description: 'Take a link created on this machine back: every URL of it answers 410 Gone from then on and its files are deleted. Cannot be undone.',
    inputSchema: { link: z.string().min(1).describe('The link (or its 14-character id) to revoke') },
    annotations: { destructiveHint: true, idempotentHint: true },
  }, async ({ link }) => asTool(async () => {
    const { url } = await revokeLink(link);
    return `Revoked ${url}: every URL of it now answers 410 Gone.`;
  }));

  server.registerTool('list_shares', {
    title: 'List links',
    description: 'List the links created on this machine with their state (live, revoked, expired) and the path each was shared from, as JSON.',
    inputSchema: {},
    annotations: { readOnlyHint: true },
  }, async () => asTool(async () => JSON.stringify(await listShares(), null, 2)));

  await server.connect(new StdioServerTransport());
  process.stderr.write(`share MCP server ${VERSION} on stdio\n`);
}
