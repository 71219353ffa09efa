import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeFindings, scanFiles, scanText } from '../../core/secrets';

// Fake keys, assembled at run time so this file itself does not look like it holds secrets.
const fake = (prefix: string, body: string) => prefix + body;
const MIXED = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

const cases: [string, string, string][] = [
  ['Anthropic API key', fake('sk-ant-', `api03-${MIXED}Xy12`), 'sk-ant-…Xy12'],
  ['OpenAI API key', fake('sk-proj-', `${MIXED}_aB9z`), 'sk-proj-…aB9z'],
  ['OpenAI API key', fake('sk-', `${MIXED.slice(0, 20)}T3BlbkFJ${MIXED.slice(0, 20)}`), 'sk-…QrSt'],
  ['AWS access key id', fake('AKIA', 'IOSFODNN7EXAMPLE'), 'AKIA…MPLE'],
  ['AWS access key id', fake('ASIA', 'IOSFODNN7EXAMPL2'), 'ASIA…MPL2'],
  ['GitHub token', fake('ghp_', `${MIXED}ab`), 'ghp_…89ab'],
  ['GitHub token', fake('gho_', `${MIXED}cd`), 'gho_…89cd'],
  ['GitHub token', fake('ghs_', `${MIXED}ef`), 'ghs_…89ef'],
  ['GitHub token', fake('github_pat_', `11ABCDEFG0_${MIXED}`), 'github_pat_…6789'],
  ['Stripe live key', fake('sk_live_', MIXED), 'sk_live_…6789'],
  ['Stripe live key', fake('rk_live_', MIXED), 'rk_live_…6789'],
  ['Google API key', fake('AIza', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'), 'AIza…5p6Q'],
  ['Slack token', fake('xoxb-', '1234567890-0987654321-AbCdEfGhIj'), 'xoxb-…GhIj'],
];

describe('scanText finds each key format, with file:line and a redacted preview', () => {
  for (const [kind, secret, preview] of cases) {
    it(`${kind}: ${preview}`, () => {
      const text = `<!doctype html>\n<script>\n  const key = "${secret}";\n</script>`;
      const found = scanText('index.html', text);
      expect(found).toEqual([{ file: 'index.html', line: 3, kind, preview }]);
      expect(JSON.stringify(found)).not.toContain(secret.slice(8, -4));
    });
  }
  it('PEM private keys', () => {
    const pem = `x\n${'-----BEGIN'} RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----`;
    expect(scanText('key.js', pem)).toEqual([{ file: 'key.js', line: 2, kind: 'private key', preview: 'BEGIN RSA PRIVATE KEY' }]);
    expect(scanText('k', `${'-----BEGIN'} PRIVATE KEY-----`)[0].kind).toBe('private key');
    expect(scanText('k', `${'-----BEGIN'} OPENSSH PRIVATE KEY-----`)[0].kind).toBe('private key');
  });
});

describe('scanFiles', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('flags .env files by name, wherever they are', () => {
    for (const path of ['.env', 'sub/.env.local', 'config/prod.env']) {
      expect(scanFiles([{ path, bytes: enc('A=1') }])[0].kind, path).toBe('environment file');
    }
  });
  it('skips binary files', () => {
    const bin = new Uint8Array([0, ...enc(fake('AKIA', 'IOSFODNN7EXAMPLE'))]);
    expect(scanFiles([{ path: 'a.png', bytes: bin }])).toEqual([]);
  });
  it('describes findings on one line with the override', () => {
    const msg = describeFindings(scanText('a.js', `k="${cases[0][1]}"`));
    expect(msg).toContain('a.js:1 Anthropic API key (sk-ant-…Xy12)');
    expect(msg).toContain('--allow-secrets');
    expect(msg).not.toContain('\n');
  });
});

describe('ordinary HTML is not flagged', () => {
  it('base64 data URIs, hashes, UUIDs, integrity attributes, CSS and look-alike words', () => {
    const png = randomBytes(300_000).toString('base64');
    const html = `<!doctype html>
<link rel="stylesheet" href="https://cdn.test/x.css" integrity="sha384-${createHash('sha384').update('x').digest('base64')}" crossorigin>
<style>.task-list, .disk-usage, .sk-spinner-wrapper-outer-container { color: #AKIA00; background: url(data:image/png;base64,${png}) }
:root { --brand-ask-about-pricing-and-plans: 1; }</style>
<img src="data:image/png;base64,${randomBytes(50_000).toString('base64')}">
<p>sha256 ${createHash('sha256').update('a').digest('hex')} id ${randomUUID()} ${randomUUID()}</p>
<p>commit ${createHash('sha1').update('b').digest('hex')} token=${randomBytes(32).toString('base64url')}</p>
<p>Use your sk-ant-... key from the console, or AKIA... for AWS. github_pat_ tokens expire.</p>
<script>const slackUrl = "https://example.slack.com/archives/C012AB3CD"; const risk = "sk-learning-module-introduction-page";</script>`;
    expect(scanText('index.html', html)).toEqual([]);
  });
  it('many random base64 blobs never produce a finding', () => {
    for (let i = 0; i < 20; i++) expect(scanText('x.css', `url(data:font/woff2;base64,${randomBytes(100_000).toString('base64')})`)).toEqual([]);
  });
});
