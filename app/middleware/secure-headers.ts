import { secureHeaders } from 'hono/secure-headers';

/**
 * Hono's secure headers on every response of the app host (pages, assets and the API), never on a
 * share's origin, whose bytes carry their own headers (app/lib/headers.ts). The app's pages run
 * script and style only from our own /assets (no inline script, so an injected `<script>` cannot
 * run), call only ourselves, and are never framed. A route that sets a stricter CSP of its own
 * (the script-less report page) keeps it: `overwrite: false`.
 */
export const appSecureHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"],
    objectSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"], frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  crossOriginOpenerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  overwrite: false,
});
