import { Hono } from 'hono';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ApiError } from '../../core/errors';
import type { AppEnv } from '../deps';
import { registerRemoteTools } from '../mcp/tools';
import { requestApiKey } from '../services/auth';
import { readBody } from './body';
import { bearer } from './params';

/**
 * `POST /mcp`: the remote MCP server, stateless Streamable HTTP (MCP 2025-06-18 "Transports"):
 * one server and transport per request, no session id, JSON answers. GET (a server-to-client SSE
 * stream) and DELETE (ending a session) have nothing to do without sessions: 405, as the spec allows.
 */
export const mcpApi = new Hono<AppEnv>();

mcpApi.post('/', async (c) => {
  const deps = c.get('deps');
  const token = bearer(c);
  // A wrong or revoked key is a 401 here, before any tool runs; REQUIRE_API_KEY admits only keys.
  const key = await requestApiKey(deps, token);
  if (deps.config.requireApiKey && !key) {
    throw new ApiError(401, 'api_key_required', 'This server\'s MCP endpoint needs an API key: send Authorization: Bearer shk_… (ask its operator for one).', undefined, { 'WWW-Authenticate': 'Bearer realm="share"' });
  }
  // Files come base64 inside JSON-RPC: a whole share, a third larger, plus the envelope.
  const body = await readBody(c, Math.ceil(deps.config.limits.maxShareBytes * 1.4) + 64 * 1024, 'share_too_large');
  const request = new Request(c.req.raw.url, { method: 'POST', headers: c.req.raw.headers, body });
  const server = new McpServer({ name: 'share', version: deps.config.version });
  registerRemoteTools(server, deps, { requestUrl: c.req.url, bearer: token, clientIp: deps.clientIp(c.req.raw) });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
});

mcpApi.all('/', () => new Response(JSON.stringify({ error: { code: 'method_not_allowed', message: 'The MCP endpoint takes POST (stateless Streamable HTTP).' } }), {
  status: 405, headers: { Allow: 'POST', 'Content-Type': 'application/json' },
}));
