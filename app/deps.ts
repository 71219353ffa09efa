import type { ContentCoding } from '../core/content-type';
import type { Config } from './config';
import type { Database } from './db/client';
import type { IdSource } from './lib/ids';
import type { Logger } from './lib/log';
import type { Mailer } from './mail';
import type { Spool } from './spool';
import type { BlobStore } from './storage';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Everything a route may touch. Routes never read `c.env` or Node APIs: the Worker entry and the
 * Node server each build these from their own platform, and tests inject fakes where a real part
 * is not the point.
 */
export interface Deps {
  db: Database;
  blobs: BlobStore;
  /**
   * Scratch storage for zip uploads, which are read by range rather than held (app/spool.ts):
   * disk on Node, R2 on Workers. Required: holding a 100 MiB zip in memory instead is what it avoids.
   */
  spool: Spool;
  /**
   * SHA-256 (lowercase hex) of large bytes the server hashes itself (zip entries); defaults to the
   * core's Web Crypto `sha256Hex`. Node supplies one that does not copy its input
   * (server/hash.ts), which Node's Web Crypto does, doubling the memory of a 25 MiB entry.
   */
  sha256?: (bytes: Uint8Array) => Promise<string>;
  clock: Clock;
  ids: IdSource;
  config: Config;
  log: Logger;
  /**
   * The client's IP for rate limits and password throttling, as the runtime knows it (Cloudflare:
   * `CF-Connecting-IP`; Node: the socket or a trusted proxy's header). Required, with no default:
   * a runtime that forgot it would otherwise trust a header any client can forge.
   */
  clientIp: (request: Request) => string | null;
  /**
   * Runs `work` past the response of `request` without the response waiting for it (e.g. writing
   * view stats). Each runtime says how: the Worker hands it to that request's
   * `ExecutionContext.waitUntil`, so the isolate is not stopped before it ends; Node lets it run
   * and awaits what is still pending on graceful stop. Required, with no default: a runtime that
   * forgot it must not compile, since its work could be silently cut off. `work` must not reject
   * (catch and log first).
   */
  defer: (request: Request, work: Promise<unknown>) => void;
  /**
   * Decompresses a pre-compressed file's bytes (`x.js.gz`, `x.wasm.br`) for a client that does
   * not accept its encoding, as a stream. Each runtime supplies both codings (Workers: the
   * standard DecompressionStream for gzip and node:zlib for brotli, which workerd's
   * DecompressionStream lacks; Node: node:zlib). Required, with no default: a runtime without a
   * brotli decoder must not compile rather than send bytes a client cannot read.
   */
  decompress: (coding: ContentCoding, body: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;
  /**
   * Sends one-time codes to allowlisted viewers (app/mail.ts). Required: each runtime picks its
   * adapter from config and falls back to the development log mailer, which says so on /healthz.
   */
  mailer: Mailer;
  /** Where page views go; defaults to a batching recorder over `db` (services/views.ts). */
  views?: ViewRecorder;
  /** Where 404 counts go (missing files, issue 16); defaults to a batching recorder over `db` (services/missing.ts). */
  missing?: MissingRecorder;
}

/** One 404 a share answered: its decoded path (`/img/logo.png`), nothing about who asked. */
export interface MissingHit {
  shareId: string;
  path: string;
  at: number;
}

/** Like {@link ViewRecorder}, for 404 counts: `record` returns the promise of the flush the hit joined. */
export interface MissingRecorder {
  record(hit: MissingHit): Promise<void>;
  flush(): Promise<void>;
}

export type HostKind = 'app' | 'content';

/** Hono environment shared by every sub-app. */
export type AppEnv = {
  Variables: {
    deps: Deps; hostKind: HostKind; shareId?: string; requestId: string;
    /**
     * Set by a route that built its response's headers with `X-Request-Id` and knows its body's
     * length (`bodyBytes`, null when not sent), so the request-context middleware neither adds
     * the header nor reads it back: touching `Response.headers` turns @hono/node-server's plain
     * header object into a `Headers` copy on every response of the serving path.
     */
    responseTagged?: { bodyBytes: number | null };
  };
};

/** One counted page view, as the serving path hands it over: nothing here is stored as given. */
export interface ViewEvent {
  shareId: string;
  at: number;
  /** Used only to derive the day's visitor hash at flush time, then dropped. */
  ip: string | null;
  userAgent: string;
  referrerHost: string | null;
}

/**
 * Collects page views in memory and writes them in one batch, so the page never waits on a write.
 * `record` returns the promise of the flush the event joined, which the serving path hands to
 * `deps.defer`; it is never awaited before answering.
 */
export interface ViewRecorder {
  record(event: ViewEvent): Promise<void>;
  /** Writes whatever is buffered now (shutdown, tests). */
  flush(): Promise<void>;
}
