import type { ShareInfo, ViewerStatus } from '../core/api-types';
import { ShareApi } from './api';
import { resolveTarget } from './target';

/**
 * A link's state as the MCP tool get_share answers it: the owner's view of it (`GET
 * /api/shares/:id`) and, for an allowlisted link, each person's status from its stats.
 */
export async function linkState(link: string): Promise<ShareInfo & { viewers?: ViewerStatus[] }> {
  const target = resolveTarget(link, {}, 'get_share');
  const api = new ShareApi(target.server);
  const info = await api.call<ShareInfo>('GET', `/api/shares/${target.id}`, { token: target.secret });
  if (!info.allow || info.allow.length === 0) return info;
  const { viewers } = await api.stats(target.id, target.secret);
  return { ...info, ...(viewers ? { viewers } : {}) };
}
