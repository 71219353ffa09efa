import type { ApiErrorBody, ManifestFile, ShareInfo, ShareStats, UploadPlan, PublishRequest, UpdateRequest, ShareList, VersionList } from '../core/api-types';
import { CliError, EXIT } from './errors';

/** An error the server answered with: its status and `{error:{code,message}}`. */
export class ServerError extends CliError {
  constructor(readonly status: number, readonly errorCode: string, message: string) {
    super(message, status === 400 || status === 413 || status === 415 ? EXIT.refused : EXIT.failure);
  }
}

/** Node's fetch hides the socket error one or two levels down (an AggregateError when both ::1 and 127.0.0.1 refuse). */
export function networkCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
  return cause?.code ?? cause?.errors?.[0]?.code;
}

function unreachable(server: string, err: unknown): CliError {
  const cause = networkCode(err);
  const why = cause === 'ECONNREFUSED' ? 'connection refused' : cause === 'ENOTFOUND' ? 'host not found' : cause ?? (err as Error).message;
  const hint = /^http:\/\/(localhost|127\.0\.0\.1)(:|$)/.test(server)
    ? 'Start it with `npm start` in the share repository, or pass --server URL / set SHARE_SERVER.'
    : 'Check the address, or pass --server URL / set SHARE_SERVER.';
  return new CliError(`cannot reach the share server at ${server} (${why}). ${hint}`, EXIT.unreachable);
}

/** A thin client of the share API: one method per endpoint, errors as ServerError/CliError. */
export class ShareApi {
  constructor(readonly server: string) {}

  /** Any API call; `token` is the bearer secret (owner token, API key or admin token). */
  async call<T>(method: string, path: string, opts: { token?: string; json?: unknown } = {}): Promise<T> {
    return (await this.request(method, path, opts)).json() as Promise<T>;
  }

  private async request(method: string, path: string, opts: { token?: string; json?: unknown; body?: Uint8Array } = {}): Promise<Response> {
    const headers: Record<string, string> = { 'user-agent': 'share-cli' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.body) {
      headers['content-type'] = 'application/octet-stream';
      body = opts.body;
    }
    let res: Response;
    try {
      res = await fetch(`${this.server}${path}`, { method, headers, body });
    } catch (err) {
      throw unreachable(this.server, err);
    }
    if (!res.ok) {
      let code = 'http_error';
      let message = `the server answered ${res.status} ${res.statusText}`;
      try {
        const parsed = (await res.json()) as ApiErrorBody;
        if (parsed?.error?.message) ({ code, message } = parsed.error);
      } catch { /* not JSON: keep the status line */ }
      throw new ServerError(res.status, code, message);
    }
    return res;
  }

  /** `key` (an API key) is sent when given: required on servers with REQUIRE_API_KEY, and it lets the key manage the link. */
  async create(req: PublishRequest, key?: string): Promise<UploadPlan> {
    try {
      return (await this.request('POST', '/api/shares', { json: req, token: key })).json() as Promise<UploadPlan>;
    } catch (err) {
      if (err instanceof ServerError && err.errorCode === 'api_key_required') {
        throw new CliError('this server publishes only with an API key: pass --key, set SHARE_API_KEY, or put "apiKey" in the config file (ask the operator for a key)', EXIT.failure);
      }
      throw err;
    }
  }

  async listByKey(key: string): Promise<ShareList> {
    return this.call('GET', '/api/shares', { token: key });
  }

  async versions(id: string, secret: string): Promise<VersionList> {
    return this.call('GET', `/api/shares/${id}/versions`, { token: secret });
  }

  async rollback(id: string, secret: string, to?: number): Promise<ShareInfo> {
    return this.call('POST', `/api/shares/${id}/rollback`, { token: secret, json: to === undefined ? {} : { to } });
  }

  async update(id: string, token: string, req: UpdateRequest): Promise<UploadPlan> {
    return (await this.request('POST', `/api/shares/${id}/versions`, { token, json: req })).json() as Promise<UploadPlan>;
  }

  async upload(plan: UploadPlan, token: string, file: ManifestFile, bytes: Uint8Array): Promise<void> {
    await this.request('PUT', `${plan.uploadPath}${file.sha256}`, { token, body: bytes });
  }

  async finalize(plan: UploadPlan, token: string): Promise<ShareInfo> {
    return (await this.request('POST', plan.finalizePath, { token })).json() as Promise<ShareInfo>;
  }

  async stats(id: string, secret: string): Promise<ShareStats> {
    return this.call('GET', `/api/shares/${id}/stats`, { token: secret });
  }

  async info(id: string, token: string): Promise<ShareInfo> {
    return (await this.request('GET', `/api/shares/${id}`, { token })).json() as Promise<ShareInfo>;
  }

  async revoke(id: string, token: string): Promise<ShareInfo> {
    return (await this.request('DELETE', `/api/shares/${id}`, { token })).json() as Promise<ShareInfo>;
  }
}
