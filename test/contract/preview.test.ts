import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareInfo } from '../../core/api-types';
import type { RunningServer } from '../helpers/server';
import { apiClient, http, RUNTIMES } from './client';

const SLACK = { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' };
const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1] ?? null;

describe.each(RUNTIMES)('link previews on $name', ({ start }) => {
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => { server = await start(); api = apiClient(server.url); });
  afterAll(async () => { await server?.stop(); });

  it('Slackbot gets og:title, og:description and og:image for a public link', async () => {
    const { url } = await api.publish({ 'index.html': '<!doctype html><title>Team offsite</title><main><p>Agenda for Thursday.</p></main>' });
    const html = (await http(url, { headers: SLACK })).body.toString();
    expect(meta(html, 'og:title')).toBe('Team offsite');
    expect(meta(html, 'og:description')).toBe('Agenda for Thursday.');
    expect(meta(html, 'og:image')).toBe(`${url}.well-known/share-card.svg`);
    const image = await http(`${url}.well-known/share-card.svg`, { headers: SLACK });
    expect(image.headers['content-type']).toBe('image/svg+xml');
    expect(image.body.toString()).toContain('Team offsite');
  });

  it('a protected link gets a generic card and its view count does not move', async () => {
    const { url, id, token } = await api.publish({ 'index.html': '<title>Board notes</title><p>Confidential numbers</p>' }, { password: 'correct horse', maxViews: 5 });
    for (let i = 0; i < 2; i++) {
      const res = await http(url, { headers: SLACK });
      expect(res.status).toBe(200);
      expect(res.body.toString()).not.toMatch(/Board|Confidential/);
      expect(meta(res.body.toString(), 'og:title')).toBe('A shared page');
    }
    const info = (await api.call(`/api/shares/${id}`, { token })).json<ShareInfo>();
    expect(info.views).toBe(0);
  });
});
