import { SELF } from 'cloudflare:test';
import type { UploadPlan } from '../../core/api-types';

export const APP = 'http://localhost:8787';
export const enc = new TextEncoder();

export async function sha256(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export type Bundle = Record<string, string | Uint8Array>;

export async function manifestOf(bundle: Bundle) {
  const files = [];
  const bytes = new Map<string, Uint8Array>();
  for (const [path, content] of Object.entries(bundle)) {
    const b = typeof content === 'string' ? enc.encode(content) : content;
    bytes.set(path, b);
    files.push({ path, size: b.byteLength, sha256: await sha256(b) });
  }
  return { files, bytes };
}

export function api(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return SELF.fetch(`${APP}${path}`, { ...init, headers, body });
}

/** Upload every missing blob of a plan. */
export async function uploadAll(plan: UploadPlan, files: { path: string; sha256: string }[], bytes: Map<string, Uint8Array>, token: string) {
  for (const sha of plan.missing) {
    const f = files.find((x) => x.sha256 === sha)!;
    const res = await api(`${plan.uploadPath}${sha}`, { method: 'PUT', body: bytes.get(f.path), token });
    if (res.status !== 204) throw new Error(`upload ${f.path}: ${res.status} ${await res.text()}`);
  }
}

/** Publish a bundle through the three-step API and return the share's id, url and token. */
export async function publish(bundle: Bundle, extra: Record<string, unknown> = {}) {
  const { files, bytes } = await manifestOf(bundle);
  const res = await api('/api/shares', { method: 'POST', json: { files, ...extra } });
  if (res.status !== 201) throw new Error(`publish: ${res.status} ${await res.text()}`);
  const plan = (await res.json()) as UploadPlan;
  await uploadAll(plan, files, bytes, plan.ownerToken!);
  const fin = await api(plan.finalizePath, { method: 'POST', token: plan.ownerToken });
  if (fin.status !== 200) throw new Error(`finalize: ${fin.status} ${await fin.text()}`);
  return { id: plan.id, url: plan.url, token: plan.ownerToken!, plan };
}

/** Fetch a path on a share's own origin. */
export function visit(id: string, path = '/', init?: RequestInit) {
  return SELF.fetch(`http://${id}.localhost:8787${path}`, init);
}

export async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

/** Publish a new version of an owned share through the same three steps; `extra` may set spa, entry, force… */
export async function updateShare(id: string, token: string, bundle: Bundle, extra: Record<string, unknown> = {}) {
  const { files, bytes } = await manifestOf(bundle);
  const res = await api(`/api/shares/${id}/versions`, { method: 'POST', json: { files, ...extra }, token });
  if (res.status !== 201) throw new Error(`update: ${res.status} ${await res.text()}`);
  const plan = (await res.json()) as UploadPlan;
  await uploadAll(plan, files, bytes, token);
  const fin = await api(plan.finalizePath, { method: 'POST', token });
  if (fin.status !== 200) throw new Error(`finalize: ${fin.status} ${await fin.text()}`);
  return plan;
}

/** The Accept header of a browser navigation. */
export const NAVIGATION = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
