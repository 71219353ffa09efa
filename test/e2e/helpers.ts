import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import type { Page } from 'playwright-core';

export const app = () => inject('appUrl');

/** Writes a folder of files to a temp dir and returns its path (the folder's own name is `site`). */
export function folder(files: Record<string, string | Uint8Array>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'share-e2e-')), 'site');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Picks a folder on the home page (the webkitdirectory input) and waits until it is read. */
export async function chooseFolder(page: Page, dir: string): Promise<void> {
  await page.goto(app());
  await page.locator('#pick-folder').setInputFiles(dir);
  await expect.poll(() => page.locator('#summary').textContent()).toMatch(/\d+ files?, /);
}

/** Picks a folder on the home page and waits until the page has read it, whatever it then says (a summary, a question or a refusal). */
export async function pickFolder(page: Page, dir: string): Promise<void> {
  await page.goto(app());
  await page.locator('#pick-folder').setInputFiles(dir);
  await settled(page);
}

/** Waits until the page is done reading what was picked. */
export async function settled(page: Page): Promise<void> {
  await expect.poll(async () => (await page.locator('#summary').textContent()) !== 'Reading files…' && ((await page.locator('#summary').textContent()) !== '' || (await page.locator('#error').isVisible()))).toBe(true);
}

/** The texts of the list items under `selector`. */
export const items = (page: Page, selector: string): Promise<string[]> => page.locator(`${selector} li`).allTextContents();

/** Clicks "Create link" and returns the link the page shows. */
export async function createLink(page: Page, opts: { expires?: string; password?: string } = {}): Promise<string> {
  if (opts.expires) await page.getByLabel('Link expires after').selectOption(opts.expires);
  if (opts.password) await page.getByLabel('Password').fill(opts.password);
  await page.getByRole('button', { name: 'Create link' }).click();
  await page.locator('#result').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('#qr svg').waitFor();
  return (await page.locator('#link-url').textContent())!;
}

/** Builds files inside the page and dispatches a real `drop` event carrying them on the drop zone. */
export async function dropFiles(page: Page, files: { name: string; type: string; bytes: number[] | string }[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes)], f.name, { type: f.type }));
    const zone = document.getElementById('drop')!;
    for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}
