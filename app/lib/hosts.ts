import type { Config } from '../config';

export type HostMatch = { kind: 'app' } | { kind: 'content'; label: string } | { kind: 'unknown' };

/**
 * Splits traffic by Host: `<label>.<contentDomain>` is a share's origin and never reaches API
 * code; everything else is the app, or, when an app host is configured, only that host and its
 * aliases are (any other name is `unknown`: a DNS-rebinding name that points at the server gets
 * a 404, not the API).
 */
export function classifyHost(hostname: string, config: Config): HostMatch {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const suffix = `.${config.contentDomain}`;
  if (host.endsWith(suffix)) {
    const label = host.slice(0, -suffix.length);
    if (label && !label.includes('.')) return { kind: 'content', label };
    return { kind: 'unknown' };
  }
  if (config.appHost && host !== config.appHost.replace(/:\d+$/, '') && !config.appAliases.includes(host)) return { kind: 'unknown' };
  return { kind: 'app' };
}

/** The public origin of a share, built from the request the link is handed out on. */
export function shareOrigin(id: string, requestUrl: string, config: Config): string {
  const url = new URL(requestUrl);
  const scheme = config.publicScheme ?? url.protocol.replace(/:$/, '');
  const port = config.publicScheme || !url.port ? '' : `:${url.port}`;
  return `${scheme}://${id}.${config.contentDomain}${port}`;
}

/** True when the visitor's browser reached us over https: the request's own scheme, or PUBLIC_SCHEME behind a TLS-terminating proxy. */
export function isHttps(requestUrl: string, config: Pick<Config, 'publicScheme'>): boolean {
  return requestUrl.startsWith('https:') || config.publicScheme === 'https';
}

/** The app's public origin (where its API, web pages and `/mcp` live), built from a request to it: APP_HOST and PUBLIC_SCHEME win. */
export function appOrigin(requestUrl: string, config: Pick<Config, 'appHost' | 'publicScheme'>): string {
  const url = new URL(requestUrl);
  return `${config.publicScheme ?? url.protocol.replace(/:$/, '')}://${config.appHost ?? url.host}`;
}
