/**
 * The script a feedback or live link's HTML pages get (issue 16), served from the share's own
 * origin at /__share/feedback.js. The tag that loads it names the mode and the version the page
 * came from: `?m=feedback|live&v=<n>`. No third-party code, nothing kept in the browser.
 */
import { startComments } from './comments';
import { startLive } from './live';
import { startReports } from './report';

const src = (document.currentScript as HTMLScriptElement | null)?.src;
if (src && !(window as { __shareFeedback?: boolean }).__shareFeedback) {
  (window as { __shareFeedback?: boolean }).__shareFeedback = true;
  const params = new URL(src).searchParams;
  const version = Number(params.get('v'));
  const mode = params.get('m');
  startLive(version);
  if (mode === 'feedback') {
    startReports();
    // The tag runs before the page is parsed (to hear its first errors); the comment UI needs the page.
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startComments);
    else startComments();
  }
}
