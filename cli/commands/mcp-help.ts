/** Kept apart from mcp.ts so `share help mcp` does not load the MCP server (see scripts/build-cli.mjs). */
export const mcpHelp = `Usage: share mcp

Run a Model Context Protocol server over stdio, for Claude Desktop and any MCP client.
Tools: share_path (a file or folder on disk), share_html (HTML given as text), revoke_share,
list_shares. The server is $SHARE_SERVER, else the config file, else http://localhost:8787.

Claude Desktop (claude_desktop_config.json):
  { "mcpServers": { "share": { "command": "node",
      "args": ["/path/to/share/skill/scripts/share.mjs", "mcp"],
      "env": { "SHARE_SERVER": "https://share.example.com" } } } }

Options:
  -h, --help   show this help

Example:
  SHARE_SERVER=https://share.example.com share mcp`;
