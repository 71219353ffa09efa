import type { AllowEdit, AllowList, CommentReply, FeedbackComment, ManifestFile, ShareFeedback, ShareInfo, ShareStats, UploadPlan, PublishRequest, PublishResult, UpdateRequest, ShareList, VersionList } from '../core/api-types';
import { fetchFailure, readAnswer, ServerError } from './api-errors';
import { Deadline, timeoutMs } from './deadline';
import { send, type Answer } from './http';
import { CliError, EXIT } from './errors';
import { say } from './words';
import type { ZipRoute } from './zip-settings';

export { networkCode, ServerError } from './api-errors';

interface RequestOptions {
  token?: string; json?: unknown; body?: Uint8Array; signal?: AbortSignal; empty?: boolean;
  /** The body's type (default application/octet-stream) and extra headers. */
  type?: string; headers?: Record<string, string>;
  /** See http.ts SendOptions.onSent. */
  onSent?: () => void;
}


/**
 * A thin client of the share API: one method per endpoint, errors as ServerError/CliError. Every
 * call is bounded by `deadline` (by default SHARE_TIMEOUT or 90 s from when the client is made),
 * and an answer that is not the API's JSON is reported as intercepted (see api-errors.ts).
 */
export class ShareApi {
  readonly deadline: Deadline;

  constructor(readonly server: string, deadline?: Deadline) {
    this.deadline = deadline ?? new Deadline(timeoutMs());
  }

  /** Any API call; `token` is the bearer secret (owner token, API key or admin token). */
  async call<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return this.request<T>(method, path, opts);
  }

  private async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const signal = opts.signal ?? this.deadline.signal;
    const headers: Record<string, string> = { 'user-agent': 'share-cli', ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Uint8Array | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.body) {
      headers['content-type'] = opts.type ?? 'application/octet-stream';
      body = opts.body;
    }
    if (signal.aborted) throw fetchFailure(this.server, signal.reason, signal);
    let res: Answer;
    try {
      res = await send(`${this.server}${path}`, { method, headers, body, signal, onSent: opts.onSent });
    } catch (err) {
      throw fetchFailure(this.server, err, signal);
    }
    return readAnswer<T>(this.server, res, signal, opts.empty);
  }

  /** `key` (an API key) is sent when given: required on servers with REQUIRE_API_KEY, and it lets the key manage the link. */
  async create(req: PublishRequest, key?: string): Promise<UploadPlan> {
    try {
      return await this.request<UploadPlan>('POST', '/api/shares', { json: req, token: key });
    } catch (err) {
      throw keyRefusal(err);
    }
  }

  /**
   * The one-request publish (cli/publish-once.ts): `zip` to `POST /api/shares` as application/zip,
   * its settings in `route`; answers 201 with the live share and its owner token. `signal` and
   * `onSent` as in http.ts; `key` as in `create`, its refusal left as the ServerError (see keyRefusal).
   */
  async createFromZip(zip: Uint8Array, route: ZipRoute, key: string | undefined, signal: AbortSignal, onSent: () => void): Promise<PublishResult> {
    return this.request<PublishResult>('POST', `/api/shares${route.query}`, { body: zip, type: 'application/zip', headers: route.headers, token: key, signal, onSent });
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
    return this.request('POST', `/api/shares/${id}/versions`, { token, json: req });
  }

  async upload(plan: UploadPlan, token: string, file: ManifestFile, bytes: Uint8Array): Promise<void> {
    await this.request('PUT', `${plan.uploadPath}${file.sha256}`, { token, body: bytes, empty: true });
  }

  /** Makes the version live. `signal` defaults to the deadline alone: once sent, a caller's cancel must not hide its outcome. */
  async finalize(plan: UploadPlan, token: string, signal: AbortSignal = this.deadline.timeoutSignal): Promise<ShareInfo> {
    return this.request('POST', plan.finalizePath, { token, signal });
  }

  /** `POST /api/shares/:id/allow`: adds and removes allowlist entries, or clears the list. */
  async editAllow(id: string, secret: string, edit: AllowEdit): Promise<AllowList> {
    return this.call('POST', `/api/shares/${id}/allow`, { token: secret, json: edit });
  }

  async stats(id: string, secret: string): Promise<ShareStats> {
    return this.call('GET', `/api/shares/${id}/stats`, { token: secret });
  }

  /** Viewers' errors, missing files and comments (issue 16): owner token or the API key that created the link. */
  async feedback(id: string, secret: string): Promise<ShareFeedback> {
    return this.call('GET', `/api/shares/${id}/feedback`, { token: secret });
  }

  async reply(id: string, secret: string, commentId: string, text: string): Promise<FeedbackComment> {
    const body: CommentReply = { text };
    return this.call('POST', `/api/shares/${id}/comments/${encodeURIComponent(commentId)}/replies`, { token: secret, json: body });
  }

  /** Marks a comment resolved, or open again with `resolved: false`. */
  async resolve(id: string, secret: string, commentId: string, resolved = true): Promise<FeedbackComment> {
    return this.call('POST', `/api/shares/${id}/comments/${encodeURIComponent(commentId)}/resolve`, { token: secret, json: { resolved } });
  }

  async info(id: string, token: string, signal?: AbortSignal): Promise<ShareInfo> {
    return this.request('GET', `/api/shares/${id}`, { token, signal });
  }

  async revoke(id: string, token: string): Promise<ShareInfo> {
    return this.request('DELETE', `/api/shares/${id}`, { token });
  }
}

/** A publish refused for want of an API key (401 `api_key_required`) in words that say how to give one; any other error as it is. */
export function keyRefusal(err: unknown): unknown {
  if (err instanceof ServerError && err.errorCode === 'api_key_required') {
    return new CliError(`this server publishes only with an API key: ${say('apiKey')} (ask the operator for a key)`, EXIT.failure);
  }
  return err;
}
