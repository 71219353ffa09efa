import { describe, expect, it } from 'vitest';
import { configFromVars } from '../../app/config';
import { etagMatches, parseRange } from '../../app/lib/headers';
import { classifyHost, shareOrigin } from '../../app/lib/hosts';

describe('parseRange', () => {
  it('parses start-end, open-ended and suffix ranges', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ offset: 0, length: 10 });
    expect(parseRange('bytes=90-', 100)).toEqual({ offset: 90, length: 10 });
    expect(parseRange('bytes=-5', 100)).toEqual({ offset: 95, length: 5 });
    expect(parseRange('bytes=50-1000', 100)).toEqual({ offset: 50, length: 50 });
  });
  it('answers unsatisfiable past the end, and ignores what it cannot parse', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange(undefined, 100)).toBeNull();
  });
});

describe('etagMatches', () => {
  it('matches strong, weak, lists and *', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
  });
});

describe('hosts', () => {
  const local = configFromVars({});
  const deployed = configFromVars({ APP_HOST: 'share.example.com', CONTENT_DOMAIN: 'example-usercontent.com', PUBLIC_SCHEME: 'https' });
  it('splits app and content hosts', () => {
    expect(classifyHost('localhost', local)).toEqual({ kind: 'app' });
    expect(classifyHost('abc.localhost', local)).toEqual({ kind: 'content', label: 'abc' });
    expect(classifyHost('a.b.localhost', local)).toEqual({ kind: 'unknown' });
    expect(classifyHost('share.example.com', deployed)).toEqual({ kind: 'app' });
    expect(classifyHost('evil.example.com', deployed)).toEqual({ kind: 'unknown' });
    expect(classifyHost('k3x.example-usercontent.com', deployed)).toEqual({ kind: 'content', label: 'k3x' });
  });
  it('builds share origins from the request or the configured scheme', () => {
    expect(shareOrigin('abc', 'http://localhost:8790/api/shares', local)).toBe('http://abc.localhost:8790');
    expect(shareOrigin('abc', 'http://share.example.com:8080/api', deployed)).toBe('https://abc.example-usercontent.com');
  });
  it('refuses nonsense limits at start', () => {
    expect(() => configFromVars({ MAX_FILES: 'many' })).toThrow(/MAX_FILES/);
  });
});
