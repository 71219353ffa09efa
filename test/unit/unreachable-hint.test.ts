import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unreachableHint } from '../../cli/api-errors';

/**
 * The advice after "cannot reach the share server": with nothing configured the address is only
 * the local default, so it names the setup step (share login, or npm start for a local server).
 * (The CLI tests cannot count on nothing listening on the default port 8787; this runs in-process.)
 */
const saved = { ...process.env };
beforeEach(() => {
  process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'share-hint-'));
  delete process.env.SHARE_SERVER;
});
afterEach(() => { process.env = { ...saved }; });

describe('unreachableHint', () => {
  it('with no server configured: the setup step, share login or npm start', () => {
    expect(unreachableHint('http://localhost:8787')).toBe('No share server is configured, so this is the local default: run `share login <server URL>` once to use your team\'s server, or start one here with `npm start` in a clone of share.');
  });

  it('with a configured server: where its address came from', () => {
    mkdirSync(join(process.env.XDG_CONFIG_HOME!, 'share'));
    writeFileSync(join(process.env.XDG_CONFIG_HOME!, 'share', 'config.json'), '{"server":"https://share.example.com"}');
    expect(unreachableHint('https://share.example.com')).toBe(`Check the address and your network. The address comes from "server" in ${join(process.env.XDG_CONFIG_HOME!, 'share', 'config.json')}; to use another server run \`share login <server URL>\`.`);
    // An address given with --server is not the configured one: no source to name.
    expect(unreachableHint('http://localhost:9999')).toBe('Start it with `npm start` in a clone of share. To use another server run `share login <server URL>`, or pass --server URL.');
  });
});
