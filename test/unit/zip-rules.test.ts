import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Limits } from '../../core/limits';
import { readZip } from '../../core/zip';

const enc = (s: string) => new TextEncoder().encode(s);

describe('readZip applies the one skip list and the zip\'s own ignore rules', () => {
  it('leaves out __MACOSX/, ._ twins, .DS_Store, .env files, .gitignore\'d files and the rule files', async () => {
    const zip = zipSync({
      'site/index.html': enc('<p>hi'), 'site/._index.html': enc('x'), '__MACOSX/site/._index.html': enc('x'), 'site/.DS_Store': enc('x'),
      'site/.env': enc('A=1'), 'site/prod.env': enc('A=1'), 'site/.gitignore': enc('debug.log\nbuild/\n'), 'site/debug.log': enc('x'),
      'site/build/out.js': enc('x'), 'site/sub/.shareignore': enc('draft.html\n'), 'site/sub/draft.html': enc('x'), 'site/sub/page.html': enc('x'),
      'site/Thumbs.db': enc('x'), 'site/desktop.ini': enc('x'),
    });
    expect((await readZip(zip, DEFAULT_LIMITS)).map((f) => f.path).sort()).toEqual(['index.html', 'sub/page.html']);
  });

  it('never inflates or counts what the rules leave out: an ignored entry over the limit is no refusal', async () => {
    const limits: Limits = { maxFileBytes: 1000, maxShareBytes: 1500, maxFiles: 2 };
    const zip = zipSync({ '.gitignore': enc('*.bin\n'), 'index.html': enc('x'), 'big.bin': new Uint8Array(5000), 'more.bin': new Uint8Array(10), '.DS_Store': enc('x') });
    expect((await readZip(zip, limits)).map((f) => f.path)).toEqual(['index.html']);
  });

  it('refuses a zip that holds only what is left out', async () => {
    await expect(readZip(zipSync({ '__MACOSX/._a': enc('x'), '.env': enc('A=1') }), DEFAULT_LIMITS)).rejects.toThrow(/no files/);
  });
});
