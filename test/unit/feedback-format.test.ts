import { describe, expect, it } from 'vitest';
import type { FeedbackComment, ShareFeedback } from '../../core/api-types';
import { feedbackJson, formatFeedback, plain } from '../../cli/feedback-format';
import { feedbackLines, feedbackSettings } from '../../cli/feedback-flags';

const comment = (over: Partial<FeedbackComment>): FeedbackComment => ({
  id: 'c1', page: '/index.html', anchor: { selector: 'button#buy', text: 'Buy now', x: 0.5, y: 0.2 }, text: 'The button is cut off',
  name: 'Ana', createdAt: '2026-11-30T08:40:12.000Z', version: 3, resolved: false, resolvedAt: null, replies: [], ...over,
});

const sample: ShareFeedback = {
  id: 'k3x9m2p7q4zr7a', feedback: true,
  errors: [
    { kind: 'error', message: 'TypeError: x is not a function', source: 'https://k3x9m2p7q4zr7a.example/app.js:14', page: '/index.html', count: 12, firstSeen: '2026-11-30T08:01:00.000Z', lastSeen: '2026-11-30T08:45:00.000Z', browsers: ['Chrome / Windows', 'Safari / iOS'] },
    { kind: 'resource', message: 'failed to load script', source: 'https://cdn.unreachable.example/lib.js', page: '/index.html', count: 1, firstSeen: '2026-11-30T08:02:00.000Z', lastSeen: '2026-11-30T08:02:00.000Z', browsers: [] },
  ],
  missing: [{ path: '/img/logo.png', count: 12, firstSeen: '2026-11-30T08:00:00.000Z', lastSeen: '2026-11-30T08:44:00.000Z' }],
  comments: [
    comment({ replies: [{ text: 'Fixed in version 4', name: null, byOwner: true, createdAt: '2026-11-30T08:50:00.000Z' }] }),
    comment({ id: 'c2', text: 'old', resolved: true, resolvedAt: '2026-11-30T08:55:00.000Z' }),
  ],
  capped: [],
};

describe('share feedback listing', () => {
  it('groups errors with counts, first/last seen and browsers, says missing files in words, lists open comments with ids and replies', () => {
    const out = formatFeedback(sample, 'k3x9m2p7q4zr7a');
    expect(out).toContain('viewer feedback is on');
    expect(out).toContain('2 errors');
    expect(out).toContain('  12×  TypeError: x is not a function');
    expect(out).toContain('uncaught error · https://k3x9m2p7q4zr7a.example/app.js:14 · on /index.html');
    expect(out).toContain('first 2026-11-30 08:01 UTC, last 2026-11-30 08:45 UTC · Chrome / Windows, Safari / iOS');
    expect(out).toContain('failed to load · https://cdn.unreachable.example/lib.js');
    expect(out).toContain("viewers' browsers asked for /img/logo.png 12 times; it is not in this link");
    expect(out).toContain('1 open comment\n  c1 · on /index.html at "Buy now" (button#buy) · 2026-11-30 08:40 UTC, version 3');
    expect(out).toContain('     Ana: The button is cut off');
    expect(out).toContain('     ↳ you: Fixed in version 4');
    expect(out).not.toContain('c2');
    expect(out).toContain('1 resolved comment not shown (--all shows them)');
    expect(out).toContain('share feedback reply k3x9m2p7q4zr7a <comment id> "text"');
    const all = formatFeedback(sample, 'k3x9m2p7q4zr7a', true);
    expect(all).toContain('1 resolved comment\n  c2 · on /index.html');
    expect(all).toContain('resolved 2026-11-30 08:55 UTC');
  });

  it('says so when there is nothing, and when only missing files are counted', () => {
    expect(formatFeedback({ ...sample, errors: [], missing: [], comments: [] }, 'x')).toContain('nothing yet: no errors, no missing files, no open comments');
    const off = formatFeedback({ ...sample, feedback: false, errors: [], comments: [] }, 'x');
    expect(off).toContain('viewer feedback is off: only missing files are counted');
    expect(off).toContain('--feedback');
  });

  it('prints viewers\' text as text: no terminal escapes, no bidirectional overrides, no hidden lines', () => {
    expect(plain('a\u001b[2J\u001b]0;owned\u0007b')).toBe('a\ufffd[2J\ufffd]0;owned\ufffdb');
    expect(plain('safe\rEVIL')).toBe('safe\nEVIL');
    expect(plain('abc\u202edcba')).toBe('abc\ufffddcba');
    const out = formatFeedback({ ...sample, comments: [comment({ text: 'line one\nline two\u001b[31m', name: '<b>x</b>' })] }, 'x');
    expect(out).toContain('     <b>x</b>: line one\n               line two\ufffd[31m');
    expect(out).not.toContain('\u001b');
  });

  it('--json leaves resolved comments out unless --all', () => {
    expect(feedbackJson(sample).comments.map((c) => c.id)).toEqual(['c1']);
    expect(feedbackJson(sample, true).comments.map((c) => c.id)).toEqual(['c1', 'c2']);
  });
});

describe('--feedback, --live and --watch', () => {
  it('asks for live updates with --watch unless --no-live, and refuses contradictions', () => {
    expect(feedbackSettings({})).toEqual({});
    expect(feedbackSettings({ feedback: true })).toEqual({ feedback: true });
    expect(feedbackSettings({ watch: true })).toEqual({ live: true });
    expect(feedbackSettings({ watch: true, 'no-live': true })).toEqual({ live: false });
    expect(feedbackSettings({ 'no-feedback': true })).toEqual({ feedback: false });
    expect(() => feedbackSettings({ live: true, 'no-live': true })).toThrow('--live and --no-live contradict each other');
  });

  it('says feedback is on from the server\'s answer, and warns when a server ignored the request', () => {
    const url = 'https://k3x9m2p7q4zr7a.example/';
    expect(feedbackLines({ url, feedback: true, live: true }, { feedback: true }).notes).toEqual([`viewer feedback is on: errors, missing files and comments are collected (\`share feedback ${url}\` reads them)`]);
    expect(feedbackLines({ url, feedback: false, live: true }, { live: true }).notes).toEqual(['live updates are on: open pages reload within 2 s of a new version']);
    expect(feedbackLines({ url, feedback: false, live: false }, { feedback: true, live: true }).warnings).toHaveLength(2);
    expect(feedbackLines({ url, feedback: false, live: false }, {})).toEqual({ notes: [], warnings: [] });
  });
});
