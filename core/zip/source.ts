import { badRequest } from '../errors';

/**
 * Where a zip's bytes are read from: memory (the CLI and the web app), a spooled upload on disk
 * (the Node server) or in R2 (the Worker). The reader asks for the end of the archive and its
 * directory by range, then streams entries in order, so a source need never hold the archive.
 */
export interface ZipSource {
  /** Length of the archive in bytes. */
  readonly size: number;
  /** The `length` bytes at `offset` (within `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * The bytes from `offset` up to `end`, in order, in chunks of any size. A chunk need only stay
   * valid until the next one is asked for (the reader copies what it keeps), so a source may
   * read every chunk into one buffer. Ending the iteration early (`return`) releases the
   * underlying stream.
   */
  chunks(offset: number, end: number): AsyncIterable<Uint8Array>;
}

/** A source over bytes already in memory: reads are views, nothing is copied. */
export function bytesSource(data: Uint8Array, chunkSize = 64 * 1024): ZipSource {
  return {
    size: data.byteLength,
    read: async (offset, length) => data.subarray(offset, offset + length),
    async *chunks(offset, end) {
      for (let at = offset; at < end; at += chunkSize) yield data.subarray(at, Math.min(end, at + chunkSize));
    },
  };
}

const cutOff = () => badRequest('invalid_zip', 'The zip is cut off before its directory says it ends.');

/**
 * Reads a stream of chunks front to back: exact byte counts for headers (`take`, always a copy,
 * at most a header, a name or an extra field), and a run of bytes passed through in the pieces
 * they arrived in (`pass`) for entry data, each valid only until the next is asked for.
 */
export class ChunkReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.iterator = chunks[Symbol.asyncIterator]();
  }

  private async next(): Promise<void> {
    const { value, done } = await this.iterator.next();
    if (done) throw cutOff();
    this.chunk = value;
    this.at = 0;
  }

  /** A copy of exactly the next `n` bytes. Errors: 400 `invalid_zip` when the stream ends first. */
  async take(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    for (let got = 0; got < n;) {
      if (this.at >= this.chunk.length) await this.next();
      const k = Math.min(n - got, this.chunk.length - this.at);
      out.set(this.chunk.subarray(this.at, this.at + k), got);
      got += k;
      this.at += k;
    }
    return out;
  }

  /** The next `n` bytes as views of the chunks they arrive in. Errors: 400 `invalid_zip` when the stream ends first. */
  async *pass(n: number): AsyncGenerator<Uint8Array> {
    for (let left = n; left > 0;) {
      if (this.at >= this.chunk.length) await this.next();
      const k = Math.min(left, this.chunk.length - this.at);
      yield this.chunk.subarray(this.at, this.at + k);
      this.at += k;
      left -= k;
    }
  }

  /** Reads past the next `n` bytes. */
  async skip(n: number): Promise<void> {
    for await (const piece of this.pass(n)) void piece;
  }

  /** Releases the underlying stream (e.g. a refusal half-way through an archive). */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}
