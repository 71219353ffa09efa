import { describe, expect, it } from 'vitest';
import { discover } from '../../core/discover';
import { htmlReferences } from '../../core/references';
import { resolveReference } from '../../core/resolve-reference';
import { documentLoads, manifestReferences, scriptLoads } from '../../core/runtime-references';

describe('what a lone page loads at run time', () => {
  it('fetch, workers, service workers, event sources and audio: string literals, against the document', () => {
    const js = `fetch('data.json'); fetch("api/items?x=1"); new Worker('worker.js', { type: 'module' }); new SharedWorker(\`shared.js\`);
      navigator.serviceWorker.register('./sw.js'); new EventSource('events'); new Audio('ding.mp3');
      fetch(url); fetch(\`\${base}/x\`); myfetch('no.json'); obj.fetch('no2.json');`;
    expect(documentLoads(js)).toEqual(['data.json', 'api/items?x=1', 'worker.js', 'shared.js', './sw.js', 'events', 'ding.mp3']);
  });

  it('importScripts and new URL(…, import.meta.url), against the script itself', () => {
    expect(scriptLoads(`importScripts('a.js', "lib/b.js"); const w = new URL('./wasm/app.wasm', import.meta.url); new URL('x.png', location.href);`))
      .toEqual(['./wasm/app.wasm', 'a.js', 'lib/b.js']);
  });

  it('a web app manifest names its icons, screenshots, shortcut icons and start page', () => {
    const json = JSON.stringify({ start_url: 'index.html', icons: [{ src: 'icons/192.png' }, { src: 'icons/512.png' }], screenshots: [{ src: 's.png' }], shortcuts: [{ icons: [{ src: 'sc.png' }] }] });
    expect(manifestReferences(json)).toEqual(['icons/192.png', 'icons/512.png', 's.png', 'sc.png', 'index.html']);
    expect(manifestReferences('not json')).toEqual([]);
    expect(manifestReferences('null')).toEqual([]);
  });

  it('SVG sprites, SVG images and links to the share\'s pages are references', () => {
    expect(htmlReferences('<svg><use href="icons.svg#x"/><use xlink:href="more.svg#y"/><image href="pic.svg"/></svg><a href="about.html">a</a><a href="#top">t</a><a href="mailto:x@y">m</a>'))
      .toEqual(['icons.svg#x', 'more.svg#y', 'pic.svg', 'about.html', '#top', 'mailto:x@y']);
    expect(resolveReference('index.html', 'icons.svg#x')).toEqual({ kind: 'local', path: 'icons.svg' });
    expect(resolveReference('index.html', 'docs/')).toEqual({ kind: 'local', path: 'docs/index.html' });
  });

  it('the issue\'s page: everything it loads is found, what is not there is warned about with the advice to share the folder', async () => {
    const files: Record<string, string> = {
      'index.html': `<link rel="manifest" href="app.webmanifest"><svg><use href="icons.svg#logo"/></svg><a href="about">About</a>
        <script type="module" src="app.js"></script><script>navigator.serviceWorker.register('sw.js')</script>`,
      'app.js': `const data = await fetch('data/items.json'); new Worker('workers/w.js'); fetch('missing.json');`,
      'workers/w.js': `importScripts('helper.js')`,
      'workers/helper.js': '',
      'data/items.json': '[]',
      'app.webmanifest': JSON.stringify({ icons: [{ src: 'icon.png' }] }),
      'icon.png': '', 'icons.svg': '<svg/>', 'about.html': '<p>about</p>', 'sw.js': '',
    };
    const out = await discover('index.html', (p) => (Object.hasOwn(files, p) ? files[p] : null));
    expect(new Set(out.found)).toEqual(new Set(Object.keys(files).filter((p) => p !== 'index.html')));
    expect(out.warnings).toEqual(['missing: missing.json (loaded at run time by app.js) was not found; share the folder instead if the page needs it']);
  });
});
