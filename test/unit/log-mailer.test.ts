import { afterEach, describe, expect, it, vi } from 'vitest';
import { loggerFor } from '../../app/lib/log';
import { logMailer } from '../../app/mail';

/**
 * The development mailer prints each message where the developer reads the server's output, so a
 * one-time code can be typed in with no mail account, even when LOG_LEVEL keeps only errors.
 */
describe('logMailer', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('prints the whole message, code included, on stdout at LOG_LEVEL=error, where request lines are dropped', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => { out.push(line); });
    const log = loggerFor('error');
    log.info('request', { path: '/' });
    const mailer = logMailer();
    expect(mailer.kind).toBe('log');
    await mailer.send({ to: 'alice@acme.example', subject: 'Your code for "Q3" on share.example', text: 'Your code is 482913.', html: '<p>Your code is <b>482913</b>.</p>' });
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0])).toMatchObject({ level: 'info', event: 'mail_logged', to: 'alice@acme.example', subject: 'Your code for "Q3" on share.example', text: 'Your code is 482913.' });
  });

  it('writes one JSON line per message through the given writer', async () => {
    const lines: string[] = [];
    await logMailer((line) => lines.push(line)).send({ to: 'bob@acme.example', subject: 's', text: 'code 000111\nsecond line', html: '' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0]).text).toBe('code 000111\nsecond line');
  });
});
