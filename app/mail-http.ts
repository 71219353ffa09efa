import type { Mailer } from './mail';

/**
 * An HTTP email API (EMAIL_API_URL, EMAIL_API_KEY, MAIL_FROM): the mailer Workers can use, since
 * they cannot open SMTP connections the way Node does. Runtime-free: `fetch` only.
 */
export interface HttpMailOptions {
  /** The provider's send endpoint, e.g. `https://api.resend.com/emails`. */
  url: string;
  /** Sent as `Authorization: Bearer <key>`; never appears in an error or a log line. */
  apiKey: string;
  /** The sender, `Name <address>` or a bare address (RFC 5322 mailbox), e.g. `share <no-reply@example.com>`. */
  from: string;
  /** How long one send may take, request and response, in milliseconds (default 10 000). */
  timeoutMs?: number;
}

/** The JSON body every send posts: Resend's shape, which several providers and relays accept as is. */
export interface HttpMailBody {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_DETAIL = 200;

/** Removes the key from a provider's words (some echo the header back) and shortens them to one line. */
function clean(detail: string, apiKey: string): string {
  const oneLine = (apiKey ? detail.split(apiKey).join('[redacted]') : detail).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL ? `${oneLine.slice(0, MAX_DETAIL)}…` : oneLine;
}

/** The provider's own error text, where its body has one (`{"message"}`, `{"error":{"message"}}`, `{"error":"…"}`). */
async function providerDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const error = body.error as { message?: unknown } | string | undefined;
    const message = body.message ?? (typeof error === 'string' ? error : error?.message);
    return typeof message === 'string' ? message : '';
  } catch {
    return '';
  }
}

/**
 * Sends each message as one `POST <url>` with `Authorization: Bearer <apiKey>`,
 * `Content-Type: application/json` and the body `{"from", "to": [address], "subject", "text",
 * "html"}` (HttpMailBody), which is Resend's send request (https://resend.com/docs/api-reference/emails/send-email);
 * any 2xx answer counts as accepted. Errors (messages name the endpoint's host, never the key):
 * a non-2xx answer → `email API at <host> answered <status>: <provider's message>`; no answer
 * within `timeoutMs` → `… did not answer within N s`; a network failure → `… could not be reached`.
 */
export function httpMailer(options: HttpMailOptions, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Mailer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = `email API at ${new URL(options.url).host}`;
  return {
    kind: 'http',
    async send(message) {
      const body: HttpMailBody = { from: options.from, to: [message.to], subject: message.subject, text: message.text, html: message.html };
      let res: Response;
      try {
        res = await fetchImpl(options.url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json', 'user-agent': 'share' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') throw new Error(`${where} did not answer within ${timeoutMs / 1000} s`);
        // undici says only "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND) in its cause.
        const cause = (err as { cause?: { code?: unknown } }).cause?.code;
        throw new Error(`${where} could not be reached (${typeof cause === 'string' ? cause : clean((err as Error).message, options.apiKey)})`);
      }
      if (res.ok) {
        await res.body?.cancel();
        return;
      }
      const detail = clean(await providerDetail(res), options.apiKey);
      throw new Error(`${where} answered ${res.status}${detail ? `: ${detail}` : ''}`);
    },
  };
}
