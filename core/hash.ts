/**
 * Lowercase hex SHA-256 with Web Crypto (`crypto.subtle`), which Node 20, browsers and workerd all
 * provide: a manifest file's `sha256` (and its blob key). Strings are hashed as UTF-8.
 */
export async function sha256Hex(data: string | ArrayBuffer | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
