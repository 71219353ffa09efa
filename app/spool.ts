import { bytesSource, type ZipSource } from '../core/zip';

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

/**
 * A zip body this small (declared by `Content-Length`) is held in memory rather than spooled
 * (`holdUpload`): a first publish of a small prototype (the CLI's one-request path sends up to
 * 1 MiB) then costs no scratch write, read-back and delete, which on a server on the same machine
 * cost about what the one request saves. Concurrent zip publishes are bounded (services/publish-zip.ts),
 * so memory stays bounded too.
 */
export const HELD_UPLOAD_BYTES = 1024 * 1024;

/**
 * Reads `request`'s body into memory, refusing with `tooLarge()` past `maxBytes` (and past the
 * declared length: a body longer than its `Content-Length` is not read on), for an upload small
 * enough to hold (`HELD_UPLOAD_BYTES`). The same reading interface as a spooled upload.
 */
export async function holdUpload(request: Request, opts: SpoolWrite): Promise<SpooledUpload> {
  const limit = Math.min(opts.maxBytes, opts.length ?? opts.maxBytes);
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      await reader!.cancel().catch(() => {});
      throw opts.tooLarge();
    }
    parts.push(next.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) { bytes.set(part, at); at += part.byteLength; }
  return Object.assign(bytesSource(bytes), { discard: async () => {} });
}
