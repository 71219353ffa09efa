import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ShareStats } from '../../core/api-types';
import { apiClient, http } from '../contract/client';
import { startNodeServer } from '../helpers/node-server';

const BROWSER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' };

describe('view stats on the Node server', () => {
  it('counts views in SQLite, and a graceful stop writes the views still buffered', async () => {
    const server = await startNodeServer();
    try {
      const api = apiClient(server.url);
      const { id, token, url } = await api.publish({ 'index.html': `<p>${Math.random()}</p>` });
      for (let i = 0; i < 3; i++) expect((await http(url, { headers: BROWSER })).status).toBe(200);
      await expect.poll(async () => (await api.call(`/api/shares/${id}/stats`, { token })).json<ShareStats>().views, { timeout: 10_000, interval: 100 }).toBe(3);
      const stats = (await api.call(`/api/shares/${id}/stats`, { token })).json<ShareStats>();
      expect(stats.days.at(-1)).toMatchObject({ views: 3, uniqueVisitors: 1 });

      // Two more views, then SIGTERM at once: well inside the batch window, so only stop() can write them.
      for (let i = 0; i < 2; i++) expect((await http(url, { headers: BROWSER })).status).toBe(200);
      await server.stop();
      const db = new BetterSqlite3(join(server.dataDir, 'share.db'), { readonly: true });
      const row = db.prepare('select sum(views) as views from view_days where share_id = ?').get(id) as { views: number };
      db.close();
      expect(row.views).toBe(5);
    } finally {
      await server.stop();
    }
  });

  it('a graceful stop writes the 404 counts still buffered (missing files)', async () => {
    const server = await startNodeServer();
    try {
      const api = apiClient(server.url);
      const { id, url } = await api.publish({ 'index.html': `<p>${Math.random()}</p>` });
      // SIGTERM right after: well inside the batch window, so only stop() can write them.
      for (let i = 0; i < 2; i++) expect((await http(`${url}img/gone.png`, { headers: BROWSER })).status).toBe(404);
      await server.stop();
      const db = new BetterSqlite3(join(server.dataDir, 'share.db'), { readonly: true });
      const row = db.prepare('select path, count from feedback_missing where share_id = ?').get(id) as { path: string; count: number };
      db.close();
      expect(row).toEqual({ path: '/img/gone.png', count: 2 });
    } finally {
      await server.stop();
    }
  });
});
