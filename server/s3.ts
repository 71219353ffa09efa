import { DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { BlobStore, ByteRange, StoredObject } from '../app/storage';

export interface S3Options {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Key prefix inside the bucket, e.g. `share/`, so one bucket can hold other things too. */
  prefix?: string;
}

const isNotFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

/**
 * Any S3-compatible store (AWS S3, R2's S3 endpoint, MinIO). Path-style addressing works with
 * every one of them behind any DNS; checksums only when required, because with the SDK's default
 * streaming checksums some servers store the chunk framing inside the object. Bodies are sent as
 * Uint8Array for the same reason.
 */
export function s3Store(opts: S3Options): BlobStore & { client: S3Client } {
  const config: S3ClientConfig = {
    region: opts.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.accessKeyId && opts.secretAccessKey ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } } : {}),
  };
  const client = new S3Client(config);
  const prefix = opts.prefix ?? '';
  const Bucket = opts.bucket;
  return {
    client,
    async put(key, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: prefix + key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength }));
    },
    async get(key, range?: ByteRange): Promise<StoredObject | null> {
      try {
        const out = await client.send(new GetObjectCommand({
          Bucket, Key: prefix + key,
          ...(range ? { Range: `bytes=${range.offset}-${range.offset + range.length - 1}` } : {}),
        }));
        const total = out.ContentRange ? Number(out.ContentRange.split('/')[1]) : Number(out.ContentLength ?? 0);
        return { body: out.Body!.transformToWebStream() as ReadableStream<Uint8Array>, size: total };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const out = await client.send(new DeleteObjectsCommand({
          Bucket, Delete: { Objects: keys.slice(i, i + 1000).map((k) => ({ Key: prefix + k })), Quiet: true },
        }));
        const failed = (out.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
        if (failed.length > 0) throw new Error(`S3 could not delete ${failed.length} object(s): ${failed[0].Code} ${failed[0].Message ?? ''}`.trim());
      }
    },
    async ping() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
  };
}
