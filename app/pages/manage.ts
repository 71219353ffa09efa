import type { Config } from '../config';
import { page, type Html } from './html';
import { layout } from './layout';

/**
 * A manage link's page (`/manage#<id>.<owner token>`): the secret is in the fragment, which never
 * reaches this server; web/manage.ts reads it and draws the link's card with the same code as
 * Your links (state, views, expiry, update by drop, revoke), calling only this origin's API.
 */
export function managePage(config: Config): Html {
  const { maxFileBytes, maxShareBytes, maxFiles } = config.limits;
  return layout({
    title: 'Manage a link — share',
    page: 'manage',
    body: page`<h1>Manage a link</h1>
<p class="lead">This page's address holds the key to one link: keep it private. Anyone with it can update or revoke the link.</p>
<ul id="links" class="cards" data-max-file="${maxFileBytes}" data-max-share="${maxShareBytes}" data-max-files="${maxFiles}" aria-label="The link"></ul>
<p id="keep" hidden><button type="button" id="add-link">Add to this browser's Your links</button> <span class="msg" role="status" id="keep-msg"></span></p>
<div id="empty" class="empty panel" hidden><p id="manage-problem">This manage link is incomplete: copy the whole address, including the part after #.</p></div>`,
  });
}
