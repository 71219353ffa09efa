/**
 * A counting semaphore that never queues: `enter` admits up to `limit` holders at once and
 * answers null beyond that, so the caller can refuse at once (503 with Retry-After) rather than
 * hold a connection open waiting. Each admission returns its own `release`, which is idempotent.
 */
export class Gate {
  private held = 0;

  constructor(readonly limit: number) {}

  enter(): (() => void) | null {
    if (this.held >= this.limit) return null;
    this.held++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
    };
  }
}
