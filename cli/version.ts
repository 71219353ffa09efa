declare const __SHARE_VERSION__: string;
/** Set by the bundler from cli/package.json; the dev fallback shows when running from source. */
export const VERSION = typeof __SHARE_VERSION__ === 'string' ? __SHARE_VERSION__ : '0.0.0-dev';
