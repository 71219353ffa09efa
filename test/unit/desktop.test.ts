import { describe, expect, it } from 'vitest';
import { onPath, progressBar } from '../../cli/desktop';

/** A stand-in for process.stderr that records what is written. */
function stream(isTTY: boolean) {
  const out: string[] = [];
  return { out, s: { isTTY, write: (t: string) => { out.push(t); return true; } } as unknown as NodeJS.WriteStream };
}

describe('progressBar', () => {
  it('draws on a TTY for uploads over 1 MiB, in IEC units, and clears the line when done', () => {
    const { out, s } = stream(true);
    const bar = progressBar(s);
    bar.update(0, 4 * 1024 * 1024);
    bar.update(2.5 * 1024 * 1024, 5 * 1024 * 1024);
    bar.done();
    expect(out[1]).toContain('[############------------] 50% 2.5 MiB / 5 MiB');
    expect(out.at(-1)).toBe('\r\u001b[K');
  });
  it('stays silent for small uploads', () => {
    const { out, s } = stream(true);
    const bar = progressBar(s);
    bar.update(500_000, 1024 * 1024);
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

describe('copyToClipboard', () => {
  it.runIf(process.platform === 'linux')('pipes the link into the first clipboard tool found (xclip under X11)', async () => {
    const { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { copyToClipboard, clipboardCommand } = await import('../../cli/desktop');
    const bin = mkdtempSync(join(tmpdir(), 'share-bin-'));
    const out = join(bin, 'clipboard.txt');
    writeFileSync(join(bin, 'xclip'), `#!/bin/sh\ncat > "${out}"\n`);
    chmodSync(join(bin, 'xclip'), 0o755);
    const saved = { PATH: process.env.PATH, DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY };
    try {
      process.env.PATH = `${bin}:${saved.PATH}`;
      process.env.DISPLAY = ':0';
      delete process.env.WAYLAND_DISPLAY;
      expect(clipboardCommand()).toEqual(['xclip', '-selection', 'clipboard']);
      expect(await copyToClipboard('http://abc.localhost/')).toBe(true);
      for (let i = 0; i < 50 && !(existsSync(out) && readFileSync(out, 'utf8')); i++) await new Promise((r) => setTimeout(r, 20));
      expect(readFileSync(out, 'utf8')).toBe('http://abc.localhost/');
      delete process.env.DISPLAY;
      expect(clipboardCommand()).toBe(null);
      expect(await copyToClipboard('x')).toBe(false);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });
});
