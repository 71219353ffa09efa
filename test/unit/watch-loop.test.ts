import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WatchLoop } from '../../cli/watch-loop';

describe('WatchLoop (the --watch debounce)', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('runs once, 300 ms after the last change of a storm, with each changed path once', async () => {
    const runs: string[][] = [];
    const loop = new WatchLoop(300, async (changed) => { runs.push(changed); });
    for (let i = 0; i < 10; i++) {
      loop.change(i % 2 ? 'a.css' : 'index.html');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(199);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([['index.html', 'a.css']]);
  });

  it('never runs twice at once: changes during a run make exactly one more run after it', async () => {
    const runs: string[][] = [];
    let finish!: () => void;
    const loop = new WatchLoop(300, (changed) => { runs.push(changed); return new Promise<void>((r) => { finish = r; }); });
    loop.change('index.html');
    await vi.advanceTimersByTimeAsync(300);
    expect(loop.busy).toBe(true);
    loop.change('a.css');
    loop.change('b.css');
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toHaveLength(1);
    finish();
    await vi.advanceTimersByTimeAsync(299);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([['index.html'], ['a.css', 'b.css']]);
  });

  it('keeps going after a run fails, and stop() waits for the run in progress and starts no other', async () => {
    const runs: string[][] = [];
    const loop = new WatchLoop(300, async (changed) => { runs.push(changed); if (changed[0] === 'bad') throw new Error('refused'); });
    loop.change('bad');
    await vi.advanceTimersByTimeAsync(300);
    loop.change('good');
    await vi.advanceTimersByTimeAsync(300);
    expect(runs).toEqual([['bad'], ['good']]);
    loop.change('late');
    await loop.stop();
    loop.change('later');
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual([['bad'], ['good']]);
  });
});
