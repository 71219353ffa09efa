import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { SMTPServerOptions } from 'smtp-server';
import { startSmtpInbox, type SmtpInbox } from '../helpers/smtp-inbox';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../helpers/mail-codes';
import type { MailMessage } from '../../app/mail';
import { smtpMailer, type SmtpOptions } from '../../server/smtp-mailer';

/**
 * The SMTP adapter against a real SMTP server (smtp-server, in this process, on a loopback port):
 * what arrives is parsed back with mailparser, as a recipient's mail program would.
 */

const USER = 'share-sender';
const PASSWORD = 'pa55:w/rd-that-must-never-leak';
const FROM = 'share <no-reply@share.example>';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => { await Promise.all(stops.splice(0).map((stop) => stop())); });

/** A real SMTP server in-process (test/helpers/smtp-inbox.ts), closed after each test. */
async function startSmtp(options: SMTPServerOptions = {}): Promise<SmtpInbox> {
  const inbox = await startSmtpInbox(options);
  stops.push(inbox.close);
  return inbox;
}

const message: MailMessage = {
  to: 'alice@acme.example',
  subject: 'Your code for "Q3 prototype" on share.example',
  text: 'Your code is 482913. It works for 10 minutes.\nhttps://k3x9.usercontent.example/',
  html: '<p>Your code is <b>482913</b>. It works for 10 minutes.</p><p><a href="https://k3x9.usercontent.example/">Q3 prototype</a></p>',
};

const options = (port: number, auth: SmtpOptions['auth'] = null, extra: Partial<SmtpOptions> = {}): SmtpOptions => ({ host: '127.0.0.1', port, secure: false, auth, from: FROM, ...extra });

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
}


describe('SMTP mailer (nodemailer) against a real SMTP server', () => {
  it('delivers from MAIL_FROM to the viewer: subject, plain text and an HTML alternative, as sent', async () => {
    const { port, received } = await startSmtp();
    const mailer = smtpMailer(options(port));
    expect(mailer.kind).toBe('smtp');
    await mailer.send(message);
    mailer.close?.();
    expect(received).toHaveLength(1);
    const [{ from, to, mail }] = received;
    expect(from).toBe('no-reply@share.example');
    expect(to).toEqual(['alice@acme.example']);
    expect(mail.from?.value).toEqual([{ address: 'no-reply@share.example', name: 'share' }]);
    expect(addresses(mail.to)).toEqual(['alice@acme.example']);
    expect(mail.subject).toBe(message.subject);
    expect(mail.text?.trim()).toBe(message.text);
    expect(mail.html).toBe(message.html);
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  });

  it('logs in with the URL\'s user and password when the server asks for AUTH, and reuses the pooled connection', async () => {
    const logins: string[] = [];
    let connections = 0;
    const { port, received } = await startSmtp({
      authOptional: false, allowInsecureAuth: true,
      onConnect(_session, callback) { connections += 1; callback(); },
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username}:${auth.password}`);
        if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
    });
    const mailer = smtpMailer(options(port, { user: USER, pass: PASSWORD }));
    await mailer.send(message);
    await mailer.send({ ...message, to: 'bob@acme.example' });
    mailer.close?.();
    expect(logins).toEqual([`${USER}:${PASSWORD}`]);
    expect(connections).toBe(1);
    expect(received.map((r) => [r.user, r.to[0]])).toEqual([[USER, 'alice@acme.example'], [USER, 'bob@acme.example']]);
  });

  it('a refused login fails with the server\'s reason and never the password, in any encoding', async () => {
    const { port, received } = await startSmtp({
      authOptional: false, allowInsecureAuth: true,
      onAuth(_auth, _session, callback) { callback(new Error('Invalid username or password')); },
    });
    const mailer = smtpMailer(options(port, { user: USER, pass: PASSWORD }));
    const err = await failure(mailer.send(message));
    mailer.close?.();
    expect(err.message).toMatch(new RegExp(`^SMTP 127\\.0\\.0\\.1:${port}: .*535`));
    expect(err.message).toContain('Invalid username or password');
    for (const form of [PASSWORD, Buffer.from(PASSWORD).toString('base64'), Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64')]) expect(err.message).not.toContain(form);
    expect(received).toHaveLength(0);
  });

  it('a rejected recipient fails with the server\'s reply', async () => {
    const { port, received } = await startSmtp({
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@acme.example')) return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
        callback();
      },
    });
    const mailer = smtpMailer(options(port));
    const err = await failure(mailer.send(message));
    mailer.close?.();
    expect(err.message).toContain(`SMTP 127.0.0.1:${port}:`);
    expect(err.message).toMatch(/550 5\.1\.1 No such user here/);
    expect(received).toHaveLength(0);
  });

  it('a server that never greets fails the send within the greeting timeout instead of holding the request', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => { sockets.add(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    stops.push(() => new Promise((resolve) => { for (const s of sockets) s.destroy(); silent.close(() => resolve()); }));
    const port = (silent.address() as AddressInfo).port;
    const mailer = smtpMailer(options(port, null, { timeouts: { greetingMs: 300 } }));
    const started = performance.now();
    const err = await failure(mailer.send(message));
    const ms = performance.now() - started;
    mailer.close?.();
    expect(err.message).toMatch(/^SMTP 127\.0\.0\.1:\d+: .*greeting/i);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3000);
  });

  it('upgrades with STARTTLS when the server offers it, and on smtps:// speaks TLS first; either way the certificate is verified', async () => {
    // A fresh self-signed certificate (smtp-server's bundled one has expired by now).
    const dir = mkdtempSync(join(tmpdir(), 'smtp-tls-'));
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    const starttls = await startSmtp({ disabledCommands: [], ...tls });
    const implicit = await startSmtp({ secure: true, ...tls });
    for (const [server, secure] of [[starttls, false], [implicit, true]] as const) {
      const mailer = smtpMailer(options(server.port, null, { secure }));
      const err = await failure(mailer.send(message));
      mailer.close?.();
      expect(err.message, secure ? 'smtps' : 'starttls').toMatch(new RegExp(`^SMTP 127\\.0\\.0\\.1:${server.port}: .*self[- ]signed certificate`, 'i'));
      expect(server.received).toHaveLength(0);
    }
  });
});
