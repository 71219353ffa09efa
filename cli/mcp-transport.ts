import { deserializeMessage, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** What is known of a message too large to read: its size and, when found, its JSON-RPC id and method. */
export interface Oversize { bytes: number; id?: string | number; method?: string }

export interface LineTransportOptions {
  /** The largest message read whole (bytes of one line, JSON escaping included). */
  maxMessageBytes: number;
  /** The answer to a message over the limit (e.g. a tool error), or nothing. */
  answerOversize: (info: Oversize) => JSONRPCMessage | undefined;
  /** Where transport events go: stderr, since stdout carries the protocol. */
  log: (line: string) => void;
}

const EDGE = 4096;

/**
 * MCP over stdio, one JSON-RPC message per line, like the SDK's StdioServerTransport but for
 * large messages. The SDK's transport concatenates its whole buffer on every chunk and, past
 * 10 MiB, throws and closes: the server then exits silently and the client sees "Not connected".
 * This one keeps a list of chunks (joined once per line), reads messages up to
 * `maxMessageBytes`, and skips a longer line while keeping its first and last few kilobytes, to
 * answer its id with `answerOversize`: the connection survives any input. Every transport event
 * that ends or breaks the connection is logged.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private chunks: Buffer[] = [];
  private size = 0;
  private skipping: { bytes: number; head: Buffer; tail: Buffer } | null = null;
  private closed = false;

  constructor(private readonly opts: LineTransportOptions, private readonly stdin: NodeJS.ReadableStream = process.stdin, private readonly stdout: NodeJS.WritableStream = process.stdout) {}

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
    this.stdin.on('end', this.onEnd);
    this.stdout.on('error', this.onStreamError);
  }

  private onData = (chunk: Buffer): void => {
    for (let start = 0; start < chunk.length;) {
      const nl = chunk.indexOf(0x0a, start);
      this.append(chunk.subarray(start, nl === -1 ? chunk.length : nl));
      if (nl === -1) return;
      this.endLine();
      start = nl + 1;
    }
  };

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.skipping) {
      this.skipping.bytes += piece.length;
      this.skipping.tail = Buffer.concat([this.skipping.tail, piece]).subarray(-EDGE);
      return;
    }
    if (this.size + piece.length > this.opts.maxMessageBytes) {
      const sofar = Buffer.concat([...this.chunks, piece]);
      this.skipping = { bytes: sofar.length, head: sofar.subarray(0, EDGE), tail: sofar.subarray(-EDGE) };
      this.chunks = [];
      this.size = 0;
      return;
    }
    this.chunks.push(piece);
    this.size += piece.length;
  }

  private endLine(): void {
    if (this.skipping) {
      const { bytes, head, tail } = this.skipping;
      this.skipping = null;
      this.oversize(bytes, head.toString('utf8'), tail.toString('utf8'));
      return;
    }
    const line = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (!line.trim()) return;
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(line);
    } catch (err) {
      this.onerror?.(new Error(`unreadable message (${(err as Error).message.split('\n')[0]}): ${line.slice(0, 120)}`));
      return;
    }
    this.onmessage?.(message);
  }

  /** Finds the id and method of a skipped message: the SDK client writes `"id"` last, others first. */
  private oversize(bytes: number, head: string, tail: string): void {
    const id = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*\}\s*$/.exec(tail)?.[1] ?? /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/.exec(head)?.[1];
    const method = /"method"\s*:\s*"([^"]+)"/.exec(head)?.[1];
    const info: Oversize = { bytes, method, id: id === undefined ? undefined : (JSON.parse(id) as string | number) };
    this.opts.log(`skipped a ${bytes}-byte message (${method ?? 'unknown method'}, id ${info.id ?? 'not found'}): over the ${this.opts.maxMessageBytes}-byte limit`);
    const answer = info.id === undefined ? undefined : this.opts.answerOversize(info);
    if (answer) this.send(answer).catch((err: Error) => this.onStreamError(err));
  }

  private onStreamError = (err: Error): void => {
    this.opts.log(`stdio error: ${err.message}`);
    this.onerror?.(err);
  };

  private onEnd = (): void => {
    this.opts.log('the client closed stdin; stopping');
    void this.close();
  };

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    this.stdin.off('end', this.onEnd);
    this.chunks = [];
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(serializeMessage(message))) resolve();
      else this.stdout.once('drain', resolve);
    });
  }
}
