// The yardstick for the Worker's page view in `npm run bench`: a bare Worker that answers a GET
// with one D1 select and one R2 get, and nothing else (no routing, no headers, no checks).
// `POST /seed?key=<name>` stores the request body under that key in both first.
interface Env { DB: D1Database; BLOBS: R2Bucket }

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/seed') {
      const key = url.searchParams.get('key')!;
      const bytes = new Uint8Array(await request.arrayBuffer());
      await env.DB.prepare('create table if not exists files (key text primary key, size integer not null)').run();
      await env.DB.prepare('insert or replace into files (key, size) values (?, ?)').bind(key, bytes.byteLength).run();
      await env.BLOBS.put(key, bytes);
      return new Response(null, { status: 204 });
    }
    const key = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const row = await env.DB.prepare('select size from files where key = ?').bind(key).first<{ size: number }>();
    if (!row) return new Response('not found', { status: 404 });
    const object = await env.BLOBS.get(key);
    if (!object) return new Response('not found', { status: 404 });
    return new Response(object.body, { headers: { 'content-type': key.endsWith('.html') ? 'text/html' : 'application/octet-stream', 'content-length': String(row.size) } });
  },
} satisfies ExportedHandler<Env>;
