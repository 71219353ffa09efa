import { expiryWords } from '../core/expiry-words';
import { formatBytes } from '../core/limits';
import { manageLink } from '../core/manage-link';
import type { PublishOutcome } from './publish-core';

/** The `--json` object of a publish (and of each `--watch` update): the share plus what this run did. */
export function outcomeJson(out: PublishOutcome, server: string, now = Date.now()): Record<string, unknown> {
  return {
    ...out.share, expiry: expiryWords(out.share.expiresAt, now), manageUrl: manageLink(server, out.share.id, out.ownerToken),
    updated: out.updated, unchanged: out.unchanged, source: out.source, sentBytes: out.sentBytes, sentFiles: out.sentFiles,
    totalBytes: out.totalBytes, warnings: out.warnings, paths: out.paths,
  };
}

/** `N files (X, sent Y)`: the bundle and what of it moved. */
export function sentWords(out: Pick<PublishOutcome, 'files' | 'totalBytes' | 'sentBytes' | 'sentFiles'>): string {
  const files = `${out.files} file${out.files === 1 ? '' : 's'}`;
  return `${files} (${formatBytes(out.totalBytes)}), sent ${out.sentFiles} file${out.sentFiles === 1 ? '' : 's'} (${formatBytes(out.sentBytes)})`;
}
