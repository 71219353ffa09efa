import type { AllowEdit, AllowList, CommentReply, FeedbackComment, ShareFeedback, ShareInfo, ShareStats, UploadPlan } from '../core/api-types';
import type { Bundle } from './collect';
import { Problem, problemOf } from './problem';

/** Called as bytes go up: bytes sent so far of the bytes that need sending. */
export type OnProgress = (sent: number, total: number) => void;

export interface PublishOptions {
  /** `1h`, `24h`, `7d`, `30d` or `never`. */
  expires?: string;
  password?: string;
  /** Single-page app: paths that match no file open the entry page. */
  spa?: boolean;
  /** Viewer feedback: errors, comments and live updates (issue 16). */
  feedback?: boolean;
  /** Only these people may open it (addresses and `*@domain`), each with a code sent by email. */
  allow?: string[];
}

/** ShareInfo plus what other parts of the service may add (view counts); shown when present. */
export type LinkInfo = Omit<ShareInfo, 'views' | 'passwordProtected' | 'maxViews' | 'lastViewedAt' | 'root' | 'spa' | 'entry' | 'allow' | 'feedback' | 'live'> & { views?: number; lastViewedAt?: string | null; maxViews?: number | null; passwordProtected?: boolean; root?: string | null; spa?: boolean; entry?: string | null; allow?: string[]; feedback?: boolean; live?: boolean };

const UPLOADS_AT_ONCE = 3;

/** One API call on the app's own origin; a network failure becomes status 0 so it reads as "unreachable". */
async function call(method: string, path: string, opts: { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json), credentials: 'omit' });
  } catch (err) {
    throw new Problem(0, 'unreachable', (err as Error).message);
  }
  if (!res.ok) throw await problemOf(res);
  return res;
}

/** PUT one blob with XMLHttpRequest, the one browser API that reports upload progress. */
function put(path: string, token: string, bytes: Uint8Array, onBytes: (loaded: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', path);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onerror = () => reject(new Problem(0, 'unreachable', 'upload failed'));
    xhr.onload = () => {
      if (xhr.status === 204 || xhr.status === 200) return resolve();
      let body: { error?: { code?: string; message?: string } } = {};
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      reject(new Problem(xhr.status, body.error?.code ?? `http_${xhr.status}`, body.error?.message ?? xhr.statusText));
    };
    xhr.send(bytes as Uint8Array<ArrayBuffer>);
  });
}

/** Sends the files the plan says the server lacks, a few at a time, reporting bytes as they go. */
async function uploadMissing(plan: UploadPlan, token: string, bundle: Bundle, onProgress: OnProgress): Promise<void> {
  const byHash = new Map(bundle.files.map((f) => [f.sha256, f]));
  const queue = plan.missing.map((h) => byHash.get(h)).filter((f) => f !== undefined);
  const total = queue.reduce((n, f) => n + f.size, 0);
  const loaded = new Map<string, number>();
  const report = () => onProgress([...loaded.values()].reduce((a, b) => a + b, 0), total);
  report();
  await Promise.all(Array.from({ length: Math.min(UPLOADS_AT_ONCE, queue.length) }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const file = f;
      await put(`${plan.uploadPath}${file.sha256}`, token, file.bytes, (n) => { loaded.set(file.sha256, Math.min(n, file.size)); report(); });
      loaded.set(file.sha256, file.size);
      report();
    }
  }));
}

function manifest(bundle: Bundle) {
  return { files: bundle.files.map(({ path, size, sha256 }) => ({ path, size, sha256 })), entry: bundle.entry, ...(bundle.title ? { title: bundle.title } : {}) };
}

/**
 * Publishes a new link with the same three steps as the CLI: manifest → missing blobs → finalize.
 * Until finalize nothing is visible, so a failure at any step leaves nothing half-published.
 */
export async function publishNew(bundle: Bundle, opts: PublishOptions, onProgress: OnProgress): Promise<{ info: LinkInfo; token: string }> {
  const body = { ...manifest(bundle), ...(opts.expires ? { expires: opts.expires } : {}), ...(opts.password ? { password: opts.password } : {}), ...(opts.spa ? { spa: true } : {}), ...(opts.feedback ? { feedback: true } : {}), ...(opts.allow?.length ? { allow: opts.allow } : {}) };
  const plan = (await (await call('POST', '/api/shares', { json: body })).json()) as UploadPlan;
  const token = plan.ownerToken!;
  await uploadMissing(plan, token, bundle, onProgress);
  const info = (await (await call('POST', plan.finalizePath, { token })).json()) as LinkInfo;
  return { info, token };
}

/**
 * Replaces a link's content at the same URL; `baseVersion` makes the server refuse if it changed
 * elsewhere. `unchanged`: the files were the ones the link already shows, so no version was made.
 */
export async function publishUpdate(id: string, token: string, baseVersion: number | null, bundle: Bundle, force: boolean, onProgress: OnProgress): Promise<{ info: LinkInfo; unchanged: boolean }> {
  const body = { ...manifest(bundle), ...(baseVersion ? { baseVersion } : {}), ...(force ? { force: true } : {}) };
  const plan = (await (await call('POST', `/api/shares/${id}/versions`, { token, json: body })).json()) as UploadPlan;
  await uploadMissing(plan, token, bundle, onProgress);
  return { info: (await (await call('POST', plan.finalizePath, { token })).json()) as LinkInfo, unchanged: plan.unchanged === true };
}

export async function linkInfo(id: string, token: string): Promise<LinkInfo> {
  return (await (await call('GET', `/api/shares/${id}`, { token })).json()) as LinkInfo;
}

/** Adds and removes people on a link's allowlist (`POST /api/shares/:id/allow`). */
export async function editAllow(id: string, token: string, edit: AllowEdit): Promise<AllowList> {
  return (await (await call('POST', `/api/shares/${id}/allow`, { token, json: edit })).json()) as AllowList;
}

/** A link's stats, for its people's status (`viewers`). */
export async function linkStats(id: string, token: string): Promise<ShareStats> {
  return (await (await call('GET', `/api/shares/${id}/stats`, { token })).json()) as ShareStats;
}

export async function revokeLink(id: string, token: string): Promise<LinkInfo> {
  return (await (await call('DELETE', `/api/shares/${id}`, { token })).json()) as LinkInfo;
}

/** `GET /api/shares/:id/feedback`: viewers' errors, missing files and comments. */
export async function feedbackOf(id: string, token: string): Promise<ShareFeedback> {
  return (await (await call('GET', `/api/shares/${id}/feedback`, { token })).json()) as ShareFeedback;
}

export async function replyToComment(id: string, token: string, commentId: string, text: string): Promise<FeedbackComment> {
  const body: CommentReply = { text };
  return (await (await call('POST', `/api/shares/${id}/comments/${encodeURIComponent(commentId)}/replies`, { token, json: body })).json()) as FeedbackComment;
}

export async function resolveComment(id: string, token: string, commentId: string, resolved = true): Promise<FeedbackComment> {
  return (await (await call('POST', `/api/shares/${id}/comments/${encodeURIComponent(commentId)}/resolve`, { token, json: { resolved } })).json()) as FeedbackComment;
}
