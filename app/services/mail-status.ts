import type { Config } from '../config';
import type { MailerKind } from '../mail';

/** What /healthz and `share doctor` say when the development log mailer runs on a real deployment. */
export const LOG_MAILER_WARNING = 'No mailer is configured, so one-time codes for allowlisted links are only printed in the server log and no viewer receives them: set EMAIL_API_URL, MAIL_FROM and the EMAIL_API_KEY secret (`npx wrangler secret put EMAIL_API_KEY --env production`), or SMTP_URL and MAIL_FROM on Node (docs/operations.md)';

/**
 * Names that never reach anyone else: `localhost` and `*.localhost`, `*.test` (RFC 6761), and IP
 * literals (no DNS name at all). A content domain outside them is a real deployment.
 */
const LOCAL_ONLY = /^(?:localhost|.*\.localhost|.*\.test|\d{1,3}(?:\.\d{1,3}){3}|\[[\da-f:.]+\])$/i;

/** Whether the config looks like a real deployment rather than a developer's machine, judged by its content domain. */
export function productionLooking(config: Config): boolean {
  return !LOCAL_ONLY.test(config.contentDomain);
}

/** The warning for this mailer on this deployment: the log mailer where viewers are real, else none. */
export function mailerWarning(kind: MailerKind, config: Config): string | null {
  return kind === 'log' && productionLooking(config) ? LOG_MAILER_WARNING : null;
}
