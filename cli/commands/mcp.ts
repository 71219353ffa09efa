import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS, formatBytes } from '../../core/limits';
import { MCP_TIMEOUT_SECONDS, timeoutMs } from '../deadline';
import { debugEnabled, oneLine } from '../errors';
import { VERSION } from '../version';
import { speakToTools } from '../words';
import { printDesktopConfig } from './mcp-config';
import { mcpHelp } from './mcp-help';

/** A message may carry the largest share the product takes, plus room for JSON escaping and the envelope. */
export const MAX_MESSAGE_BYTES = DEFAULT_LIMITS.maxShareBytes + 1024 * 1024;

const log = (line: string) => process.stderr.write(`share mcp: ${line}\n`);

export async function mcp(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, 'print-config': { type: 'boolean' }, server: { type: 'string' } } });
  if (values.help) return void process.stdout.write(`${mcpHelp}\n`);
  if (values['print-config']) return printDesktopConfig(values.server);
  // Messages name the tools' parameters and tools, not the CLI's flags and commands (cli/words.ts).
  speakToTools();
  // Every call gives up before an MCP client's usual 60 s request timeout, unless SHARE_TIMEOUT says otherwise.
  process.env.SHARE_TIMEOUT = String(timeoutMs(undefined, MCP_TIMEOUT_SECONDS) / 1000);
  // The SDK and zod are heavy: loaded only here, so every other command starts fast.
  const [{ McpServer }, { LineTransport }, { LateReports, registerTools, HTML_LIMIT_BYTES }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/mcp.js'),
    import('../mcp-transport'),
    import('../mcp-tools'),
  ]);
  const server = new McpServer({ name: 'share', version: VERSION }, { capabilities: { logging: {} } });
  const late = new LateReports((text) => {
    log(text.replace(/\n/g, ' | '));
    server.server.sendLoggingMessage({ level: 'warning', logger: 'share', data: text }).catch(() => { /* not connected */ });
  });
  registerTools(server, late, log);

  // A failure outside a tool call is logged and the server keeps serving (see cli/index.ts).
  (globalThis as { __shareKeepAlive?: boolean }).__shareKeepAlive = true;
  server.server.onerror = (err) => log(`protocol error: ${debugEnabled() ? err.stack : oneLine(err)}`);
  server.server.onclose = () => log('connection closed');
  const transport = new LineTransport({
    maxMessageBytes: MAX_MESSAGE_BYTES,
    log,
    answerOversize: ({ id, method, bytes }) => (method === 'tools/call'
      ? {
        jsonrpc: '2.0', id: id!, result: {
          isError: true,
          content: [{ type: 'text', text: `share failed: the request is ${formatBytes(bytes)}, more than this MCP server reads in one message (${formatBytes(MAX_MESSAGE_BYTES)}), so nothing was published. share_html takes HTML up to ${formatBytes(HTML_LIMIT_BYTES)}: write larger HTML to a file and call share_path with its absolute path` }],
        },
      }
      : { jsonrpc: '2.0', id: id!, error: { code: -32600, message: `request of ${bytes} bytes is over the ${MAX_MESSAGE_BYTES}-byte message limit` } }),
  });
  await server.connect(transport);
  log(`share MCP server ${VERSION} on stdio (messages up to ${formatBytes(MAX_MESSAGE_BYTES)}, calls bounded at ${process.env.SHARE_TIMEOUT} s)`);
}
