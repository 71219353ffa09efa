import type { Config } from '../config';
import { expiryChoices, formatExpiry, parseExpiry } from '../../core/expiry';
import { formatDuration } from '../../core/expiry-words';
import { formatBytes } from '../../core/limits';
import { page, type Html } from './html';
import { layout } from './layout';

/** `7d` → `7 days`, `never` → `Never`. */
const expiryLabel = (choice: string) => { const e = parseExpiry(choice); return e === 'never' || e === null ? 'Never' : formatDuration(e); };

/** The expiry field: exactly the choices `GET /api` lists for a publisher without a key, the server's default selected. */
function expiryField(config: Config): Html {
  const chosen = formatExpiry(config.expiry.default);
  return page`<select id="expires" name="expires">${expiryChoices(config.expiry).map((v) => page`<option value="${v}" ${v === chosen ? page`selected` : ''}>${expiryLabel(v)}</option>`)}</select>`;
}

/**
 * Home: pick or drop an HTML file, a folder or a zip, set expiry and password, get the link.
 * The markup works as a plain page; web/home.ts wires it up. Limits ride along as data attributes
 * so the browser can refuse an oversized bundle before sending a byte.
 */
export function homePage(config: Config): Html {
  const { maxFileBytes, maxShareBytes, maxFiles } = config.limits;
  return layout({
    title: 'share — turn an HTML page into a link',
    page: 'home',
    body: page`<h1>Share a page</h1>
<p class="lead">Drop an HTML file, a folder or a zip. You get a short link that anyone can open, and you can take it back at any time.</p>
<form id="publish" class="panel" data-max-file="${maxFileBytes}" data-max-share="${maxShareBytes}" data-max-files="${maxFiles}" novalidate>
<div id="drop" class="drop">
<p class="big">Drop a file, folder or zip here</p>
<p class="row center"><span>or</span> <button type="button" id="choose-files">Choose files</button> <button type="button" id="choose-folder">Choose a folder</button></p>
<input type="file" id="pick-files" multiple class="visually-hidden" tabindex="-1" aria-label="Files to share">
<input type="file" id="pick-folder" webkitdirectory class="visually-hidden" tabindex="-1" aria-label="Folder to share">
<p class="muted">Up to ${formatBytes(maxFileBytes)} per file, ${formatBytes(maxShareBytes)} and ${maxFiles} files in all. A folder opens at its index.html and leaves out what its .gitignore lists.</p>
</div>
<p id="summary" class="summary" role="status" aria-live="polite"></p>
<p id="error" class="error" role="alert" hidden></p>
<div class="options">
<div class="field"><label for="expires">Link expires after</label>${expiryField(config)}</div>
<div class="field"><label for="password">Password <span class="muted">(optional)</span></label><input type="password" id="password" name="password" autocomplete="new-password" aria-describedby="password-hint"><p id="password-hint" class="hint">Visitors must type it to see the page.</p></div>
<div class="field"><label for="allow">Only these people <span class="muted">(optional)</span></label><input type="text" id="allow" name="allow" autocomplete="off" spellcheck="false" placeholder="alice@acme.com, *@partner.example" aria-describedby="allow-hint"><p id="allow-hint" class="hint">Email addresses, or *@domain for a whole company, separated by commas. Each person gets a one-time code by email to open the page; nobody else can. With a password too, they need both.</p></div>
<div class="field"><label for="spa"><input type="checkbox" id="spa" name="spa" aria-describedby="spa-hint"> Single-page app</label><p id="spa-hint" class="hint">Paths that match no file open the entry page (client-side routing).</p></div>
<div class="field"><label for="feedback"><input type="checkbox" id="feedback" name="feedback" aria-describedby="feedback-hint"> Collect viewer feedback</label><p id="feedback-hint" class="hint">Viewers' errors and failed loads reach you, viewers can pin comments, and open pages reload on updates. Your links shows them.</p></div>
</div>
<button type="submit" id="submit" class="primary" disabled>Create link</button>
<div id="progress" class="progress" hidden><progress id="progress-bar" max="100" value="0" aria-labelledby="progress-text"></progress><p id="progress-text" aria-live="polite">Sending…</p></div>
</form>
<section id="result" class="result panel" hidden aria-labelledby="result-title">
<h2 id="result-title" tabindex="-1">Your link is ready</h2>
<p class="link-big"><a id="link-url" target="_blank" rel="noopener noreferrer"></a></p>
<p class="row"><button type="button" id="copy-link" class="primary">Copy link</button> <a id="open-link" class="button" target="_blank" rel="noopener noreferrer">Open</a> <span id="copy-status" class="status" role="status" aria-live="polite"></span></p>
<p id="result-expiry" class="muted"></p>
<p class="muted manage">To manage it from another device, keep this private manage link: <a id="manage-link" rel="noreferrer"></a></p>
<div id="qr" class="qr"></div>
<p class="row"><button type="button" id="again">Share something else</button> <a href="/links">See all your links</a></p>
</section>`,
  });
}
