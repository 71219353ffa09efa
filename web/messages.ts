/**
 * How an API refusal reads to someone who has never seen an HTTP status. Pure, so Node can test it.
 */
import type { Limits } from '../core/limits';
import { formatBytes } from '../core/limits';

export interface ProblemInput {
  /** HTTP status, or 0 when the server could not be reached at all. */
  status: number;
  code?: string;
  message?: string;
  details?: unknown;
}

/**
 * Turns an API refusal into one sentence a non-engineer can act on. The codes are the API's
 * (core/manifest.ts, zip.ts, publish.ts); anything unknown falls back by status.
 */
export function friendlyError(p: ProblemInput, limits: Limits): string {
  const code = p.code ?? '';
  if (p.status === 0) return 'Could not reach the share service. Check your internet connection and try again.';
  switch (code) {
    case 'file_too_large': {
      const file = p.details as { path?: string; size?: number } | undefined;
      const which = file?.path ? `“${file.path}” is too big to share${file.size ? ` (${formatBytes(file.size)})` : ''}` : 'A file is too big to share';
      return `${which}. Each file can be up to ${formatBytes(limits.maxFileBytes)}.`;
    }
    case 'share_too_large':
      return `These files are too big together. One link can hold up to ${formatBytes(limits.maxShareBytes)}.`;
    case 'too_many_files':
    case 'manifest_too_large':
      return `There are too many files. One link can hold up to ${limits.maxFiles} files.`;
    case 'empty_bundle':
      return 'There are no files to share in what you chose.';
    case 'no_entry_page':
      return 'There is no web page (an .html file) in what you chose. Add an index.html and try again.';
    case 'ambiguous_entry': {
      const choices = (p.details as { choices?: string[] } | undefined)?.choices ?? [];
      return `There are several pages and no index.html, so it is not clear which one to open first${choices.length ? ` (${choices.join(', ')})` : ''}. Choose the page to open first.`;
    }
    case 'likely_secrets':
      return 'This looks like it contains a secret key, so nothing was sent. Remove it and try again.';
    case 'invalid_path':
    case 'duplicate_path':
      return 'Some file names cannot be used in a link (for example names with a backslash or with ".."). Rename them and try again.';
    case 'zip_encrypted':
      return 'This zip is password-protected. Unzip it first, or zip the folder again without a password.';
    case 'zip_symlink':
      return 'This zip contains shortcuts (symbolic links), which cannot be shared. Zip the real files instead.';
    case 'zip_ratio':
      return 'A file in this zip unpacks to over 1,000 times its packed size (for example a file of only zeros), which is not accepted in a zip. Share the folder instead.';
    case 'zip_name_encoding':
      return 'A file name in this zip cannot be read (it is marked as UTF-8 but is not). Zip the folder again, or share the folder instead.';
    case 'version_conflict':
      return 'This link was changed from somewhere else since this browser last updated it.';
    case 'unauthorized':
    case 'forbidden':
      return 'This browser is no longer allowed to change this link.';
    case 'gone':
      return 'This link has already ended (revoked, expired or taken down), so it cannot be changed.';
    case 'not_found':
      return 'This link no longer exists.';
    case 'expiry_not_allowed':
    case 'expiry_too_long':
      return 'This server does not allow that expiry. Pick a shorter time, such as 7 days.';
    case 'api_key_required':
    case 'invalid_api_key':
      return 'This server only accepts links from its own team. Ask its operator for access.';
    case 'invalid_allow_entry':
    case 'invalid_allow':
    case 'too_many_allowed':
    case 'allow_empty':
      // The server's own sentence names the entry and what to write instead.
      return p.message ?? 'Check the email addresses and try again.';
    case 'hash_mismatch':
    case 'size_mismatch':
    case 'missing_files':
      return 'A file changed while it was being sent. Please try again.';
  }
  if (code.startsWith('zip_') || code === 'invalid_zip') return 'This zip file cannot be read. It may be damaged: try zipping the folder again.';
  if (p.status === 451 || code === 'content_refused' || code === 'blocked') return 'This content cannot be shared on this service.';
  if (p.status === 429) return 'The service is busy right now. Please wait a minute and try again.';
  if (p.status === 413) return 'What you chose is too big to share.';
  if (p.status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
  return p.message ? `That did not work: ${p.message}` : 'That did not work. Please try again.';
}
