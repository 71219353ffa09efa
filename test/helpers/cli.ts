import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh config home per test so state files never leak between tests or into the user's. */
export const tempConfigHome = () => mkdtempSync(join(tmpdir(), 'share-cfg-'));

/** Runs the CLI as `npx share` does: the bin in cli/bin, a child process with its own env. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'cli', 'bin', 'share.mjs'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A temp folder holding these files (nested paths allowed): what a user would share. */
export function scratch(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'share-src-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A CLI process left running (`share <path> --watch`), its output read as it comes. */
export interface RunningCli {
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (or stderr with `stream`) from `from` on; fails after `ms`. */
  waitFor(pattern: RegExp, opts?: { ms?: number; stream?: 'stdout' | 'stderr'; from?: number }): Promise<RegExpExecArray>;
  signal(sig: NodeJS.Signals): void;
  /** The exit code (null if killed by a signal) once the process ended. */
  exited: Promise<number | null>;
  pid: number;
}

/** Starts the CLI as `npx share` does and returns at once; stop it with `signal('SIGINT')`. */
export function spawnCli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): RunningCli {
  const child = spawn(process.execPath, [join(ROOT, 'cli', 'bin', 'share.mjs'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => { out.stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { out.stderr += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    signal: (sig) => { child.kill(sig); },
    waitFor: async (pattern, { ms = 15_000, stream = 'stdout', from = 0 } = {}) => {
      const end = Date.now() + ms;
      for (;;) {
        const m = pattern.exec(out[stream].slice(from));
        if (m) return m;
        if (child.exitCode !== null || Date.now() > end) {
          throw new Error(`no ${pattern} in ${stream} after ${ms} ms${child.exitCode !== null ? ` (exited ${child.exitCode})` : ''}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
