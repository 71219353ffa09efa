import { describe, expect, it } from 'vitest';
import { MAX_ALLOW_ENTRIES, matchingEntry, normaliseAddress, normaliseAllowList, normaliseEntry, splitAllowParam } from '../../core/allow';
import { ApiError } from '../../core/errors';

const codeOf = (f: () => unknown) => {
  try { f(); } catch (err) { return (err as ApiError).code; }
  return null;
};

describe('allowlist addresses (core/allow.ts)', () => {
  it('are trimmed and lowercased', () => {
    expect(normaliseAddress('  Alice.Smith+q3@ACME.Example ')).toBe('alice.smith+q3@acme.example');
  });

  it('take the dot-atom local parts people have', () => {
    for (const ok of ['a@b.co', "o'neil@x.example", 'x_y-z@sub.domain.example', 'a@xn--bcher-kva.example', 'a@b.xn--p1ai']) expect(normaliseAddress(ok), ok).toBe(ok);
  });

  it('refuse what is not one plain address', () => {
    for (const bad of ['', 'alice', '@acme.example', 'alice@', 'alice@localhost', 'a..b@x.example', '.a@x.example', 'a.@x.example', 'Alice <a@x.example>', '"a b"@x.example',
      'a@-x.example', 'a@x-.example', 'a@x.example.', 'a@x.1', 'a b@x.example', 'a@x_y.example', `${'a'.repeat(65)}@x.example`, `a@${'b'.repeat(250)}.example`, 'a@b@c.example']) {
      expect(normaliseAddress(bad), bad).toBeNull();
    }
    expect(normaliseAddress(42)).toBeNull();
  });
});

describe('allowlist entries', () => {
  it('are an address or *@domain, normalised', () => {
    expect(normaliseEntry(' *@Partner.Example ')).toBe('*@partner.example');
    expect(normaliseEntry('Bob@X.example')).toBe('bob@x.example');
  });

  it('refuse anything else with invalid_allow_entry', () => {
    for (const bad of ['*', '*@', '*@localhost', '*.acme.example', '@acme.example', '**@acme.example', '*x@acme.example', 'nope', 7, null]) {
      expect(codeOf(() => normaliseEntry(bad)), String(bad)).toBe('invalid_allow_entry');
    }
  });

  it('a list drops duplicates, keeps order, and holds at most 100', () => {
    expect(normaliseAllowList(['b@x.example', 'B@x.example', '*@y.example'])).toEqual(['b@x.example', '*@y.example']);
    expect(codeOf(() => normaliseAllowList('a@x.example'))).toBe('invalid_allow');
    const many = Array.from({ length: MAX_ALLOW_ENTRIES + 1 }, (_, i) => `p${i}@x.example`);
    expect(codeOf(() => normaliseAllowList(many))).toBe('too_many_allowed');
    expect(normaliseAllowList(many.slice(1))).toHaveLength(MAX_ALLOW_ENTRIES);
    // Duplicates do not count against the cap.
    expect(normaliseAllowList([...many.slice(1), 'p1@x.example'])).toHaveLength(MAX_ALLOW_ENTRIES);
  });

  it('the zip path splits ?allow= on commas', () => {
    expect(splitAllowParam(' a@x.example, *@y.example,,')).toEqual(['a@x.example', '*@y.example']);
  });
});

describe('matching an address to an entry', () => {
  const entries = ['alice@acme.example', '*@partner.example', '*@acme.example'];
  it('an exact entry wins over its domain', () => {
    expect(matchingEntry(entries, 'alice@acme.example')).toBe('alice@acme.example');
    expect(matchingEntry(entries, 'bob@acme.example')).toBe('*@acme.example');
  });
  it('a domain entry covers that domain only, not subdomains or look-alikes', () => {
    expect(matchingEntry(entries, 'x@partner.example')).toBe('*@partner.example');
    expect(matchingEntry(entries, 'x@eu.partner.example')).toBeNull();
    expect(matchingEntry(entries, 'x@evilpartner.example')).toBeNull();
    expect(matchingEntry(entries, 'x@partner.example.evil')).toBeNull();
  });
  it('nothing matches an empty list', () => {
    expect(matchingEntry([], 'alice@acme.example')).toBeNull();
  });
});
