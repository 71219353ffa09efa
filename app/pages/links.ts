import type { Config } from '../config';
import { page, type Html } from './html';
import { layout } from './layout';

/**
 * "Your links": the list is drawn by web/links.ts from this browser's localStorage (where the
 * owner tokens live) and refreshed from the API; the server knows nothing about who is looking.
 */
export function linksPage(config: Config): Html {
  const { maxFileBytes, maxShareBytes, maxFiles } = config.limits;
  return layout({
    title: 'Your links — share',
    page: 'links',
    body: page`<h1>Your links</h1>
<p class="lead">Links made in this browser. Their keys are kept only here: clearing this site's data forgets them.</p>
<p id="elsewhere" class="muted">Links made elsewhere are kept where they were made: the share command line keeps its links in its state file on that computer (<code>share list</code> there shows them), and another browser keeps its own. To add one here, open its manage link (<code>share manage &lt;link&gt;</code> prints it) and choose “Add to this browser's Your links”.</p>
<ul id="links" class="cards" data-max-file="${maxFileBytes}" data-max-share="${maxShareBytes}" data-max-files="${maxFiles}" aria-label="Your links"></ul>
<div id="empty" class="empty panel" hidden><p>No links made in this browser yet.</p><p>Made a link with the share command line? Run <code>share list</code> on that computer to see it, and <code>share manage &lt;link&gt;</code> for a manage link that can add it here.</p><p><a class="button" href="/">Share a page</a></p></div>`,
  });
}
