import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './server';

/** Debian's Chromium, never a downloaded browser (.ci/run installs it with apt when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A headless Chromium with a fresh profile (its own --user-data-dir, via a persistent context),
 * so localStorage starts empty and survives reloads within the test, as in a real browser.
 * `args` adds command-line switches (e.g. the two-domain layout's, test/helpers/two-domain.ts).
 */
export async function launchBrowser(opts: { viewport?: { width: number; height: number }; args?: string[] } = {}): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'share-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...FLAGS, ...(opts.args ?? [])],
    viewport: opts.viewport ?? { width: 1100, height: 800 },
  });
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
