import type { ZipSource } from '../core/zip';

/** An upload written to scratch storage, read back by range (a `ZipSource`). */
export interface SpooledUpload extends ZipSource {
  /** Deletes it. Safe to call more than once. */
  discard(): Promise<void>;
}

export interface SpoolWrite {
  /** The declared `Content-Length`, or null for a chunked body. */
  length: number | null;
  /** Refuse past this many bytes, with `tooLarge()`. */
  maxBytes: number;
  tooLarge: () => Error;
}

/**
 * Scratch storage for a request body too large to hold in memory: a zip publish writes the zip
 * here first, because a zip's directory sits at its end and must be read before any entry (see
 * README, Architecture). Node: files under `DATA_DIR/spool/` (server/spool.ts); Workers: R2
 * objects under `.spool/` (worker/r2-spool.ts). Scratch files are deleted when the publish ends;
 * `sweep` removes what a crash left.
 */
export interface Spool {
  /**
   * Streams the body of `request` out and returns it for reading. Takes the request rather than
   * its stream so a runtime can read the body its own way (Node: straight from the socket, with
   * its backpressure). Errors: `tooLarge()` past `maxBytes`.
   */
  write(request: Request, opts: SpoolWrite): Promise<SpooledUpload>;
  /** Deletes uploads written before `before` (ms since the epoch); returns how many. */
  sweep(before: number): Promise<number>;
}
