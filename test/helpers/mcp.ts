import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ROOT } from './server';

export type TextResult = { content: { type: string; text: string }[]; isError?: boolean };
/** The text of a tool result. */
export const text = (r: unknown) => (r as TextResult).content.map((c) => c.text).join('\n');

export interface McpSession {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * `share mcp` driven by the SDK's own client over stdio, as Claude Desktop runs it: `command` and
 * `args` default to this Node and the CLI's bin; `env` is added to a copy of this process's.
 */
export async function startMcp(env: Record<string, string>, opts: { cwd?: string; command?: string; args?: string[] } = {}): Promise<McpSession> {
  const base = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const transport = new StdioClientTransport({
    command: opts.command ?? process.execPath,
    args: opts.args ?? [join(ROOT, 'cli', 'bin', 'share.mjs'), 'mcp'],
    env: { ...base, NO_COLOR: '1', SHARE_TIMEOUT: '', ...env },
    cwd: opts.cwd,
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (c: Buffer) => { err += c.toString(); });
  const client = new Client({ name: 'share-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err, close: () => client.close() };
}
