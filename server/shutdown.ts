import type { Server } from 'node:http';

/**
 * Stops an HTTP server gracefully: no new connections, idle keep-alive sockets closed at once,
 * in-flight requests given up to `timeoutMs` to finish, then whatever is left is cut. Resolves
 * with how the drain ended, for the one log line the caller writes.
 */
export function closeServer(server: Server, timeoutMs: number): Promise<'drained' | 'timed_out'> {
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      server.closeAllConnections();
    }, timeoutMs);
    // A keep-alive connection turns idle when its last response ends; close it then, not at its timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve(timedOut ? 'timed_out' : 'drained');
    });
    server.closeIdleConnections();
  });
}

/** Runs `stop` once on the first SIGTERM or SIGINT; a second signal exits at once. */
export function onShutdownSignal(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      stop(signal).then(() => process.exit(0), (err) => {
        console.error(`share-server: shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      });
    });
  }
}
