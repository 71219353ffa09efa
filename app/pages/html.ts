import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * Hono's auto-escaping `html` template for our server-rendered pages: every interpolated string is
 * HTML-escaped, nested templates are not escaped twice. Our pages interpolate only strings,
 * numbers and other templates, never a Promise, so the result is always synchronous.
 */
export const page = (strings: TemplateStringsArray, ...values: unknown[]): HtmlEscapedString => html(strings, ...values) as HtmlEscapedString;

export type { HtmlEscapedString as Html };
