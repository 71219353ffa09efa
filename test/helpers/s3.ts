import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { freePort } from './server';

export const S3_BUCKET = 'share-test';
/** s3rver's fixed credentials. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RunningS3 {
  endpoint: string;
  port: number;
  directory: string;
  /** Environment for the Node server to use this store. */
  env: Record<string, string>;
  stop(): Promise<void>;
  /** Starts it again on the same port and folder, with the objects it held. */
  restart(): Promise<void>;
}

/** A real S3-protocol server (s3rver) on a free loopback port, objects in a temp folder. */
export async function startS3(): Promise<RunningS3> {
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), 'share-s3-'));
  let server: S3rver | null = null;
  const run = async () => {
    server = new S3rver({ address: '127.0.0.1', port, directory, silent: true, configureBuckets: [{ name: S3_BUCKET }] });
    await server.run();
  };
  await run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint, port, directory,
    env: { S3_BUCKET, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey, S3_REGION: 'us-east-1' },
    async stop() { await server?.close(); server = null; },
    restart: run,
  };
}
