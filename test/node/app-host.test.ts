import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, manifestOf } from '../contract/client';
import { startNodeServer, type RunningNodeServer } from '../helpers/node-server';

// DNS rebinding: a page at http://rebind.attacker.example:<port> whose name the attacker then points
// at 127.0.0.1 is same-origin with itself, so its Origin matches its Host. Without APP_HOST the
// Node server used to take any Host as the app's and let that write through the Origin check.
let server: RunningNodeServer;
beforeAll(async () => { server = await startNodeServer(); });
afterAll(async () => { await server?.stop(); });

const publishVia = (host: string, origin?: string) => {
  const { files } = manifestOf({ 'index.html': '<p>hi</p>' });
  return http(`http://127.0.0.1:${server.port}/api/shares`, {
    method: 'POST', body: JSON.stringify({ files }),
    headers: { host, 'content-type': 'application/json', ...(origin ? { origin } : {}) },
  });
};

describe('the Node server without APP_HOST', () => {
  it('refuses the API and the app to a rebound name, even with a matching Origin', async () => {
    const host = `rebind.attacker.example:${server.port}`;
    const write = await publishVia(host, `http://${host}`);
    expect(write.status).toBe(404);
    expect(String(write.headers['content-type'])).toMatch(/^text\/html/);
    expect((await http(`http://127.0.0.1:${server.port}/api`, { headers: { host } })).status).toBe(404);
    expect((await http(`http://127.0.0.1:${server.port}/`, { headers: { host } })).status).toBe(404);
  });

  it('answers on the host it listens on: localhost and 127.0.0.1, pages from there may write', async () => {
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) {
      const write = await publishVia(host, `http://${host}`);
      expect(write.status, host).toBe(201);
      expect((await http(`http://127.0.0.1:${server.port}/api`, { headers: { host } })).status).toBe(200);
    }
    // A page elsewhere still cannot write through a browser.
    expect((await publishVia(`localhost:${server.port}`, 'http://rebind.attacker.example')).status).toBe(403);
  });
});
