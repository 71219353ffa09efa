import { describe, expect, it } from 'vitest';
import { onPath, progressBar } from '../../cli/desktop';

/** A stand-in for process.stderr that records what is written. */
function stream(isTTY: boolean) {
  const out: string[] = [];
  return { out, s: { isTTY, write: (t: string) => { out.push(t); return true; } } as unknown as NodeJS.WriteStream };
}

describe('progressBar', () => {
  it('draws on a TTY for uploads over 1 MB, and clears the line when done', () => {
    const { out, s } = stream(true);
    const bar = progressBar(s);
    bar.update(0, 4_000_000);
    bar.update(2_000_000, 4_000_000);
    bar.done();
    expect(out[1]).toContain('[############------------] 50% 2.0 MB / 4.0 MB');
    expect(out.at(-1)).toBe('\r\u001b[K');
  });
  it('stays silent for small uploads', () => {
    const { out, s } = stream(true);
    const bar = progressBar(s);
    bar.update(500_000, 900_000);
    bar.done();
    expect(out).toEqual([]);
  });
  it('stays silent when stderr is not a TTY', () => {
    const { out, s } = stream(false);
    const bar = progressBar(s);
    bar.update(2_000_000, 4_000_000);
    bar.done();
    expect(out).toEqual([]);
  });
});

describe('onPath', () => {
  it('finds executables on PATH without running them', () => {
    expect(onPath('node')).toBe(true);
    expect(onPath('definitely-not-a-command-xyz')).toBe(false);
  });
});
