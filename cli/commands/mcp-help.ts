/** Kept apart from mcp.ts so `share help mcp` does not load the MCP server (see scripts/build-cli.mjs). */
export const mcpHelp = `Usage: share mcp [--print-config [--server URL]]

Run a Model Context Protocol server over stdio, for Claude Desktop and any MCP client.
Tools: share_path (a file or folder on disk, by absolute path; ~ and $HOME are expanded),
share_html (HTML given as text, up to 25 MiB; a name updates the same link), revoke_share,
list_shares, get_feedback (viewers' errors, missing files and comments), reply_to_comment and
resolve_comment. share_path and share_html take expires, password, maxViews, feedback and live
like the CLI's flags, and say when the link expires. Unknown arguments are refused by name. The server is $SHARE_SERVER, else the config file, else
http://localhost:8787. Each call gives up after $SHARE_TIMEOUT seconds (default 50, below a
client's usual 60 s); a link that went live is always reported, even after a cancel.

Options:
  --print-config   print the exact Claude Desktop config entry (absolute paths to this node
                   and this script, SHARE_SERVER, XDG_CONFIG_HOME) and exit
  --server URL     with --print-config: the share server to put in it
  -h, --help       show this help

Examples:
  share mcp --print-config --server https://share.example.com
  SHARE_SERVER=https://share.example.com share mcp`;
