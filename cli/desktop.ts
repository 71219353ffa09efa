import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { formatBytes } from '../core/limits';

/**
 * The niceties of an interactive share: a progress bar, the clipboard, the browser, a QR code.
 * All optional and best-effort: none of them may fail a share that already succeeded.
 */

/** Whether `cmd` is an executable on PATH; found without spawning, so it costs no process start. */
export function onPath(cmd: string): boolean {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const ext of exts) {
      try { accessSync(join(dir, cmd + ext), constants.X_OK); return true; } catch { /* next */ }
    }
  }
  return false;
}

const isWsl = () => {
  try { return process.platform === 'linux' && /microsoft/i.test(readFileSync('/proc/version', 'utf8')); } catch { return false; }
};

/** The first clipboard tool this machine has: pbcopy, wl-copy, xclip, xsel or clip.exe. */
export function clipboardCommand(): [string, ...string[]] | null {
  if (process.platform === 'darwin') return onPath('pbcopy') ? ['pbcopy'] : null;
  if (process.platform === 'win32') return ['clip'];
  if (process.env.WAYLAND_DISPLAY && onPath('wl-copy')) return ['wl-copy'];
  if (process.env.DISPLAY && onPath('xclip')) return ['xclip', '-selection', 'clipboard'];
  if (process.env.DISPLAY && onPath('xsel')) return ['xsel', '--clipboard', '--input'];
  if (isWsl() && onPath('clip.exe')) return ['clip.exe'];
  return null;
}

/** Copies text to the clipboard; resolves false when there is no tool or it failed. */
export function copyToClipboard(text: string): Promise<boolean> {
  const cmd = clipboardCommand();
  if (!cmd) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => resolve(false));
    child.on('spawn', () => { child.stdin!.end(text); resolve(true); child.unref(); });
  });
}

/** Opens a URL in the default browser (open / xdg-open / start); never waits for the browser. */
export function openUrl(url: string): boolean {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
    : ['xdg-open', [url]];
  if (process.platform !== 'win32' && !onPath(cmd)) return false;
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** A QR code of the link in Unicode half blocks, for a phone camera. uqr is loaded only here. */
export async function qrCode(url: string): Promise<string> {
  const { renderUnicodeCompact } = await import('uqr');
  return renderUnicodeCompact(url, { border: 2 });
}

/**
 * A one-line progress bar on a TTY stderr for uploads over 1 MiB; otherwise nothing. Returns the
 * callback for publishPath's onProgress and a function that clears the line.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update: (sent: number, total: number) => void; done: () => void } {
  let drawn = false;
  const width = 24;
  return {
    update(sent, total) {
      if (!stream.isTTY || total <= 1024 * 1024) return;
      const filled = Math.round((sent / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor((sent / total) * 100)}% ${formatBytes(sent)} / ${formatBytes(total)} `);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}
