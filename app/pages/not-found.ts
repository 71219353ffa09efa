import { page, type Html } from './html';
import { layout } from './layout';

/** An unknown path on the app origin: the app's own 404, in its look (a share's origin has its own). */
export function appNotFoundPage(): Html {
  return layout({ title: 'Not found — share', page: 'missing', body: page`<h1>Page not found</h1><p class="lead">There is nothing at this address.</p><p><a class="button" href="/">Share a page</a></p>` });
}
