import { describe, expect, it } from 'vitest';
import { bareUrl } from '../../web/feedback/source';

describe('URLs in viewers\' error reports', () => {
  it('keep scheme, host and path; drop the query and fragment (what a viewer typed, tokens)', () => {
    expect(bareUrl('https://abc.example.net/avatar.png?email=ana%40acme.example#x')).toBe('https://abc.example.net/avatar.png');
    expect(bareUrl('https://cdn.example/lib.js?X-Amz-Signature=secret')).toBe('https://cdn.example/lib.js');
    expect(bareUrl('https://127.0.0.1:9/x.js')).toBe('https://127.0.0.1:9/x.js');
  });
  it('name other schemes by their scheme alone, and keep non-URLs as they are', () => {
    expect(bareUrl('data:image/png;base64,AAAA')).toBe('data:');
    expect(bareUrl('blob:https://abc.example.net/123')).toBe('blob:');
    expect(bareUrl('inline')).toBe('inline');
  });
});
