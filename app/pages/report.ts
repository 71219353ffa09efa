import { raw } from 'hono/html';
import { page, type Html } from './html';
import { REPORT_REASONS } from '../services/reports';

/** The report page and its answer need no script; the form may post only to this origin. */
export const REPORT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328}form{display:flex;flex-direction:column;gap:.6rem}label{font-size:.9rem;color:#57606a}input,select,textarea{font:inherit;padding:.45rem .6rem;border:1px solid #d0d7de;border-radius:6px}button{font:inherit;padding:.5rem;border:0;border-radius:6px;background:#1f2328;color:#fff}';
const shell = (title: string, body: Html) => page`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style>${raw(STYLE)}</style></head><body><h1>${title}</h1>${body}</body></html>`;

/** `/report?link=…` on the app's origin: a plain form that posts to `POST /api/reports`. */
export function reportPageHtml(link: string): Html {
  const options = REPORT_REASONS.map((r) => page`<option value="${r}">${r[0].toUpperCase()}${r.slice(1)}</option>`);
  return shell('Report a link', page`<p>Tell the operator of this service about a shared link that is harmful or illegal.</p><form method="post" action="/api/reports"><label for="link">Link</label><input id="link" name="link" required value="${link}"><label for="reason">Reason</label><select id="reason" name="reason" required>${options}</select><label for="message">Details (optional)</label><textarea id="message" name="message" rows="4" maxlength="2000"></textarea><button type="submit">Send report</button></form>`);
}

export function reportSentHtml(): Html {
  return shell('Thank you', page`<p>Your report was sent to the operator of this service.</p>`);
}
