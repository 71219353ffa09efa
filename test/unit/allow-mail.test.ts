import { describe, expect, it } from 'vitest';
import { codeMail, safeTitle, MAX_MAIL_TITLE } from '../../app/services/allow-mail';

const input = { to: 'alice@acme.example', title: 'Q3 plan', host: 'share.example.com', shareUrl: 'https://k3x9m2p7q4zr7a.example-usercontent.com/', code: '042917', minutes: 10 };
const links = (s: string) => s.match(/https?:\/\/[^\s"<]+/g) ?? [];

describe('the code mail (app/services/allow-mail.ts)', () => {
  it('names the link title and the service host, in subject and body', () => {
    const mail = codeMail(input);
    expect(mail.to).toBe('alice@acme.example');
    expect(mail.subject).toBe('Your code for "Q3 plan" on share.example.com: 042917');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Q3 plan');
      expect(body).toContain('share.example.com');
      expect(body).toContain('042917');
    }
  });

  it('says the code works once, for 10 minutes', () => {
    expect(codeMail(input).text).toContain('It works once, for 10 minutes.');
  });

  it('holds no link but the share\'s own URL, in text and HTML', () => {
    const mail = codeMail({ ...input, title: 'Reset your password at https://evil.example/login or www.evil.example now' });
    expect(links(mail.text)).toEqual([input.shareUrl]);
    expect(links(mail.html)).toEqual([input.shareUrl, input.shareUrl]);
    expect(mail.subject).not.toContain('evil.example');
    expect(mail.html).not.toMatch(/<img|<script|src=/i);
  });

  it('escapes the title in the HTML', () => {
    const mail = codeMail({ ...input, title: '<b onmouseover="x">Plan</b> & more' });
    expect(mail.html).toContain('&lt;b onmouseover=&quot;x&quot;&gt;Plan&lt;/b&gt; &amp; more');
    expect(mail.html).not.toContain('<b onmouseover');
  });

  it('a link without a title is "a shared page"', () => {
    expect(codeMail({ ...input, title: null }).subject).toBe('Your code for a shared page on share.example.com: 042917');
    expect(codeMail({ ...input, title: '   ' }).subject).toBe('Your code for a shared page on share.example.com: 042917');
  });

  it('the subject uses none of a phisher\'s words', () => {
    const subject = codeMail(input).subject.toLowerCase();
    for (const word of ['verify', 'account', 'urgent', 'immediately', 'suspend', 'password', 'act now', 'confirm', 'security alert', '!']) expect(subject).not.toContain(word);
  });

  it('a title is cut, and control characters and newlines cannot split the subject', () => {
    expect(safeTitle('a\r\nBcc: x@evil.example\u0000')).toBe('a Bcc: x@evil.example');
    const long = safeTitle('word '.repeat(40))!;
    expect(long.length).toBeLessThanOrEqual(MAX_MAIL_TITLE);
    expect(long.endsWith('…')).toBe(true);
    expect(codeMail({ ...input, title: 'x\ny' }).subject).not.toMatch(/[\r\n]/);
  });
});
