import type { ReportInfo, ReportRequest } from '../../core/api-types';
import { insertReport, listReports as listReportRows } from '../db/reports';
import { findShare } from '../db/shares';
import type { Deps } from '../deps';
import { ApiError, badRequest } from '../../core/errors';
import { classifyHost } from '../lib/hosts';
import { SHARE_ID_PATTERN, lowerAlnumIds } from '../lib/ids';
import { isoTime } from '../lib/time';

const reportId = lowerAlnumIds(16);

/** Reasons a visitor can pick; the free-text message says the rest. */
export const REPORT_REASONS = ['phishing', 'malware', 'spam', 'illegal', 'abuse', 'other'] as const;

/** A share id from a bare id or any URL on a share's origin (of this deployment). */
export function shareIdFromLink(link: string, deps: Deps): string | null {
  const s = link.trim();
  if (SHARE_ID_PATTERN.test(s)) return s;
  try {
    const host = classifyHost(new URL(s).hostname, deps.config);
    return host.kind === 'content' && SHARE_ID_PATTERN.test(host.label) ? host.label : null;
  } catch {
    return null;
  }
}

/** Checks a report (every refusal before anything is stored) and records it. */
export async function fileReport(deps: Deps, body: Partial<ReportRequest>): Promise<{ id: string; shareId: string }> {
  const ref = typeof body.id === 'string' && body.id ? body.id : typeof body.link === 'string' ? body.link : '';
  const shareId = shareIdFromLink(ref, deps);
  if (!shareId) throw badRequest('invalid_link', 'Name the share to report by its link or id.');
  const reason = typeof body.reason === 'string' ? body.reason.trim().toLowerCase() : '';
  if (!(REPORT_REASONS as readonly string[]).includes(reason)) throw badRequest('invalid_reason', `"reason" must be one of ${REPORT_REASONS.join(', ')}.`);
  const message = typeof body.message === 'string' ? body.message.trim() : '';
  if (message.length > 2000) throw badRequest('message_too_long', 'The message can be at most 2000 characters.');
  if (!(await findShare(deps.db, shareId))) throw new ApiError(404, 'not_found', 'No share with that link.');
  const id = `rep_${reportId()}`;
  await insertReport(deps.db, { id, shareId, reason, message: message || null, createdAt: deps.clock.now() });
  deps.log.info('report', { id, shareId, reason });
  return { id, shareId };
}

export async function listReports(deps: Deps): Promise<ReportInfo[]> {
  const rows = await listReportRows(deps.db);
  return rows.map(({ report: r, shareState }) => ({ id: r.id, shareId: r.shareId, reason: r.reason, message: r.message, createdAt: isoTime(r.createdAt), shareState }));
}
