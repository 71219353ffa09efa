import { describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import { classifyHost } from '../../app/lib/hosts';
import { ConfigError, listeningHostnames, nodeConfigFromEnv } from '../../server/config';

describe('Node server configuration', () => {
  it('defaults to ./data with SQLite and disk, port 8787 on loopback', () => {
    const c = nodeConfigFromEnv({}, '/srv/share');
    expect(c).toMatchObject({ port: 8787, listenHost: '127.0.0.1', dataDir: '/srv/share/data', databasePath: '/srv/share/data/share.db', blobDir: '/srv/share/data/blobs', s3: null, cleanupIntervalMs: 600_000, shutdownTimeoutMs: 10_000 });
    expect(c.app.contentDomain).toBe('localhost');
  });

  it('reads S3 settings and the Worker\'s own variables', () => {
    const c = nodeConfigFromEnv({ S3_BUCKET: 'my-bucket', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_PREFIX: 'share/', CONTENT_DOMAIN: 'Example-UserContent.com', MAX_FILES: '10', DATABASE_PATH: '/var/lib/share.db' }, '/x');
    expect(c.s3).toEqual({ bucket: 'my-bucket', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', prefix: 'share/' });
    expect(c.app.contentDomain).toBe('example-usercontent.com');
    expect(c.app.limits.maxFiles).toBe(10);
    expect(c.databasePath).toBe('/var/lib/share.db');
  });

  it('without APP_HOST answers only on the listening host, so a DNS-rebinding name reaches nothing', () => {
    const c = nodeConfigFromEnv({ PORT: '9000' });
    expect(c.app.appHost).toBe('localhost:9000');
    expect(c.app.appAliases).toEqual(['127.0.0.1', '[::1]']);
    for (const host of ['localhost', '127.0.0.1', '[::1]']) expect(classifyHost(host, c.app), host).toEqual({ kind: 'app' });
    expect(classifyHost('rebind.attacker.example', c.app)).toEqual({ kind: 'unknown' });
    expect(classifyHost('k3x9.localhost', c.app)).toEqual({ kind: 'content', label: 'k3x9' });
  });

  it('listening on every interface, the app answers on each address of the machine, and still on no other name', () => {
    const c = nodeConfigFromEnv({ LISTEN_HOST: '0.0.0.0' });
    const v4 = Object.values(networkInterfaces()).flat().filter((i) => i!.family === 'IPv4').map((i) => i!.address);
    for (const ip of v4) expect(classifyHost(ip, c.app), ip).toEqual({ kind: 'app' });
    expect(classifyHost('rebind.attacker.example', c.app)).toEqual({ kind: 'unknown' });
    expect(listeningHostnames('192.0.2.7')).toEqual(['127.0.0.1', '[::1]', '192.0.2.7']);
    expect(listeningHostnames('fe80::1%eth0')).toEqual(['127.0.0.1', '[::1]', '[fe80::1]']);
  });

  it('with APP_HOST answers on that host alone', () => {
    const c = nodeConfigFromEnv({ APP_HOST: 'share.example.com' });
    expect(c.app.appHost).toBe('share.example.com');
    expect(c.app.appAliases).toEqual([]);
    expect(classifyHost('127.0.0.1', c.app)).toEqual({ kind: 'unknown' });
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    ['a port out of range', { PORT: '70000' }, /^PORT must be a whole number from 0 to 65535/],
    ['a non-numeric port', { PORT: 'http' }, /^PORT must be/],
    ['S3 settings without a bucket', { S3_ENDPOINT: 'http://x' }, /^S3_ENDPOINT is set but S3_BUCKET is not/],
    ['a bad bucket name', { S3_BUCKET: 'My_Bucket' }, /^S3_BUCKET must be a bucket name/],
    ['an endpoint that is not a URL', { S3_BUCKET: 'b-1', S3_ENDPOINT: 'minio:9000' }, /^S3_ENDPOINT must be an http\(s\) URL/],
    ['a key id without its secret', { S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'k' }, /^S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/],
    ['a prefix without a trailing slash', { S3_BUCKET: 'b-1', S3_PREFIX: 'share' }, /^S3_PREFIX must end in "\/"/],
    ['a zero cleanup interval', { CLEANUP_INTERVAL_SECONDS: '0' }, /^CLEANUP_INTERVAL_SECONDS must be/],
    ['a negative shutdown timeout', { SHUTDOWN_TIMEOUT_SECONDS: '-1' }, /^SHUTDOWN_TIMEOUT_SECONDS must be/],
    ['a Worker limit that is not a number', { MAX_FILE_BYTES: '25MB' }, /^MAX_FILE_BYTES must be a positive whole number/],
  ];
  for (const [label, vars, message] of refusals) {
    it(`refuses ${label} with a one-line message`, () => {
      let error: unknown;
      try { nodeConfigFromEnv(vars); } catch (err) { error = err; }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    });
  }
});
