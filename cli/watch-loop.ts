/**
 * Turns a stream of change notices into publishes for `share <path> --watch`: one run `quietMs`
 * after the last change, so a save storm (an editor writing a temp file, renaming it, touching a
 * backup; a formatter rewriting ten files) is one update; never two runs at once; changes that
 * arrive during a run lead to exactly one more run after it, debounced again.
 */
export class WatchLoop {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private pending = new Set<string>();
  private stopped = false;

  /**
   * `run` gets the changed paths (as the watcher named them, each once, in arrival order) and
   * reports its own failures: a rejection is swallowed so the loop keeps going.
   */
  constructor(private readonly quietMs: number, private readonly run: (changed: string[]) => Promise<void>) {}

  /** A change to `path`: (re)starts the quiet period, unless a run is in progress (it restarts after). */
  change(path: string): void {
    if (this.stopped) return;
    this.pending.add(path);
    if (this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.quietMs);
  }

  /** True while a run is in progress. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  private fire(): void {
    this.timer = undefined;
    const changed = [...this.pending];
    this.pending.clear();
    this.running = this.run(changed).catch(() => {}).finally(() => {
      this.running = undefined;
      if (this.pending.size > 0 && !this.stopped) this.timer = setTimeout(() => this.fire(), this.quietMs);
    });
  }

  /** No run starts from now on; resolves when the one in progress (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
