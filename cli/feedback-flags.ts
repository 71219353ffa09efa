import type { PublishRequest, ShareInfo } from '../core/api-types';
import { CliError, EXIT } from './errors';
import { say } from './words';

/**
 * The publish options for viewer feedback and live updates (issue 16), kept apart from
 * publish.ts's own flags: `--feedback`/`--no-feedback`, `--live`/`--no-live` and `--watch`.
 */
export const FEEDBACK_OPTIONS = {
  feedback: { type: 'boolean' }, 'no-feedback': { type: 'boolean' },
  live: { type: 'boolean' }, 'no-live': { type: 'boolean' },
  watch: { type: 'boolean' },
} as const;

export const FEEDBACK_HELP = `  --feedback        collect viewer feedback: the link's pages report errors, failed loads
                    and blocked scripts, viewers can pin comments, and open pages reload on
                    a new version (read it with share feedback <link>)
  --no-feedback     turn that off again when updating a link
  --live            open pages reload within 2 s of a new version (no reports, no comments)
  --no-live         turn live reloading off (also for --watch, which turns it on)
  --watch           keep running: re-share on every save (300 ms after the last change),
                    sending only changed files, to the same link; Ctrl-C stops`;

type Flags = { feedback?: boolean; 'no-feedback'?: boolean; live?: boolean; 'no-live'?: boolean; watch?: boolean };

/**
 * The manifest fields `feedback` and `live` the flags ask for; a field left out keeps the link's
 * current setting on an update (core/api-types.ts). `--watch` asks for `live: true` unless
 * `--no-live`. Contradicting pairs are a usage error.
 */
export function feedbackSettings(values: Flags): Pick<PublishRequest, 'feedback' | 'live'> {
  for (const name of ['feedback', 'live'] as const) {
    if (values[name] && values[`no-${name}`]) throw new CliError(`--${name} and --no-${name} contradict each other: pass one`, EXIT.usage);
  }
  const out: Pick<PublishRequest, 'feedback' | 'live'> = {};
  if (values.feedback) out.feedback = true;
  if (values['no-feedback']) out.feedback = false;
  if (values.live || (values.watch && !values['no-live'])) out.live = true;
  if (values['no-live']) out.live = false;
  return out;
}

/**
 * What to tell the person about feedback and live updates after a publish, from the server's
 * answer (not the flags): a server that does not know the fields ignores them, and saying
 * "feedback is on" then would be wrong. Returns `{ notes, warnings }` lines.
 */
export function feedbackLines(share: Pick<ShareInfo, 'url' | 'feedback' | 'live'>, asked: Pick<PublishRequest, 'feedback' | 'live'>): { notes: string[]; warnings: string[] } {
  const notes: string[] = [];
  const warnings: string[] = [];
  if (share.feedback) notes.push(`viewer feedback is on: errors, missing files and comments are collected (${say('feedbackList', share.url)} reads them)`);
  else if (asked.feedback) warnings.push('the server did not turn viewer feedback on (it may be older than this CLI); missing files are still counted');
  if (share.live && !share.feedback) notes.push('live updates are on: open pages reload within 2 s of a new version');
  else if (asked.live && !share.live) warnings.push('the server did not turn live updates on (it may be older than this CLI): viewers reload by hand');
  return { notes, warnings };
}
