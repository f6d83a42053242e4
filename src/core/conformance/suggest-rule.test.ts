import { describe, expect, it } from 'vitest';
import { ruleMatchesKind, suggestRule, suggestTemplate } from './suggest-rule.ts';

describe('suggested rules for unmatched kinds', () => {
  it('suggests a page rule by path pattern, else a rule by name', () => {
    expect(suggestRule({ type: 'page', event: null, path: '/pricing/*' })).toEqual({
      type: 'page',
      path: '/pricing/*',
    });
    expect(suggestRule({ type: 'track', event: 'Video Played', path: null })).toEqual({
      type: 'track',
      event: 'Video Played',
    });
    expect(suggestRule({ type: 'page', event: '', path: null })).toEqual({ type: 'page' });
  });

  it('matches rules as the SQL does: wildcards, case ignored, unknowable conditions fail', () => {
    const kind = { type: 'track', event: 'Webinar Attended', path: null } as const;
    expect(ruleMatchesKind({ event: 'webinar *' }, kind)).toBe(true);
    expect(ruleMatchesKind({ event: 'Webinar' }, kind)).toBe(false);
    expect(ruleMatchesKind({ type: 'page', event: 'Webinar Attended' }, kind)).toBe(false);
    expect(ruleMatchesKind({ event: 'Webinar Attended', channel: 'web' }, kind)).toBe(false);
    expect(
      ruleMatchesKind(
        { event: 'Webinar Attended', properties: [{ key: 'x', op: 'exists' }] },
        kind,
      ),
    ).toBe(false);
    // Regex characters in a pattern are literal.
    expect(ruleMatchesKind({ path: '/a.b*' }, { type: 'page', event: null, path: '/a.b/c' })).toBe(
      true,
    );
    expect(ruleMatchesKind({ path: '/a.b*' }, { type: 'page', event: null, path: '/axb' })).toBe(
      false,
    );
  });

  it('names the first catalog touchpoint whose rules match, or none', () => {
    expect(suggestTemplate({ type: 'page', event: null, path: '/pricing/*' })).toBe('pricing-page');
    expect(suggestTemplate({ type: 'track', event: 'Demo Requested', path: null })).toBe(
      'demo-request',
    );
    expect(suggestTemplate({ type: 'track', event: 'Video Played', path: null })).toBeNull();
  });
});
