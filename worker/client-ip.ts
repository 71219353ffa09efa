/**
 * The client's IP as the platform reports it. On Cloudflare that is `CF-Connecting-IP`, which the
 * edge sets and a client cannot forge. Another runtime (a Node server behind its own proxy) passes
 * its own `clientIp` in deps, because there that header would be whatever the client sent.
 */
export function cfConnectingIp(request: Request): string | null {
  return request.headers.get('cf-connecting-ip');
}
