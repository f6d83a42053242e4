import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { parseMappingArgs, resolveCsvMapping } from './mapping.ts';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('parseMappingArgs', () => {
  it('reads TARGET=COLUMN pairs, including properties and traits', () => {
    expect(
      parseMappingArgs([
        'event=activity',
        'userId=case_id',
        'properties.plan=tier',
        'traits.email=e-mail',
        'timestamp= Start Time ',
      ]),
    ).toEqual({
      event: 'activity',
      userId: 'case_id',
      timestamp: 'Start Time',
      properties: { plan: 'tier' },
      traits: { email: 'e-mail' },
    });
  });

  it('matches targets ignoring case, underscores and dashes', () => {
    expect(parseMappingArgs(['user_id=a', 'ANONYMOUSID=b', 'utm-source=c'])).toEqual({
      userId: 'a',
      anonymousId: 'b',
      utmSource: 'c',
    });
  });

  it('keeps a column name that contains an equals sign', () => {
    expect(parseMappingArgs(['event=a=b'])).toEqual({ event: 'a=b' });
  });

  it('keeps a __proto__ property name as a plain key', () => {
    const mapping = parseMappingArgs(['properties.__proto__=col']);
    expect(Object.keys(mapping.properties ?? {})).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(mapping.properties)).toBe(Object.prototype);
  });

  it.each([
    ['a missing equals sign', ['event'], /TARGET=COLUMN/],
    ['an empty column', ['event='], /empty/],
    ['an unknown target', ['colour=c'], /unknown target 'colour'/],
    ['an empty property name', ['properties.=c'], /unknown target/],
    ['a target mapped twice', ['event=a', 'Event=b'], /event is mapped more than once/],
  ])('rejects %s', (_label, args, message) => {
    const error = thrown(() => parseMappingArgs(args));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
  });
});

describe('resolveCsvMapping', () => {
  it('recognises common header names and puts every other column in properties', () => {
    expect(
      resolveCsvMapping(['Event Name', 'user_id', 'ts', 'plan', 'Message-ID', 'path']),
    ).toEqual({
      event: 'Event Name',
      userId: 'user_id',
      timestamp: 'ts',
      messageId: 'Message-ID',
      path: 'path',
      properties: { plan: 'plan' },
    });
  });

  it('recognises process-mining headers: case and activity', () => {
    expect(resolveCsvMapping(['case', 'activity', 'date', 'resource'])).toMatchObject({
      userId: 'case',
      event: 'activity',
      timestamp: 'date',
      properties: { resource: 'resource' },
    });
  });

  it('prefers the best-ranked name when several match', () => {
    const mapping = resolveCsvMapping(['time', 'timestamp', 'customer_id', 'user_id', 'event']);
    expect(mapping).toMatchObject({ timestamp: 'timestamp', userId: 'user_id' });
    expect(mapping.properties).toEqual({ time: 'time', customer_id: 'customer_id' });
  });

  it('does not map a type column by default', () => {
    const mapping = resolveCsvMapping(['event', 'type', 'anonymous_id', 'time']);
    expect(mapping.type).toBeUndefined();
    expect(mapping.properties).toEqual({ type: 'type' });
    expect(mapping.anonymousId).toBe('anonymous_id');
  });

  it('lets overrides take columns first, leaving recognised names to properties', () => {
    const mapping = resolveCsvMapping(
      ['event', 'activity', 'case_id', 'when', 'tier'],
      parseMappingArgs(['event=activity', 'timestamp=when', 'properties.plan=tier', 'type=event']),
    );
    expect(mapping).toEqual({
      type: 'event',
      event: 'activity',
      userId: 'case_id',
      timestamp: 'when',
      properties: { plan: 'tier' },
    });
  });

  it('names empty header cells column_N so that a trailing delimiter loses nothing', () => {
    expect(resolveCsvMapping(['event', 'user_id', 'time', '']).properties).toEqual({
      column_4: 'column_4',
    });
  });

  it('keeps traits as stated', () => {
    const mapping = resolveCsvMapping(
      ['event', 'user_id', 'time', 'mail'],
      parseMappingArgs(['traits.email=mail']),
    );
    expect(mapping.traits).toEqual({ email: 'mail' });
    expect(mapping.properties).toEqual({});
  });

  it.each([
    [
      'a mapped column missing from the header',
      ['event', 'user_id', 'time'],
      ['userId=uid'],
      /'uid'/,
    ],
    ['no event column', ['user_id', 'time'], [], /event name/],
    ['no timestamp column', ['event', 'user_id'], [], /timestamp/],
    ['no user id column', ['event', 'time'], [], /user id/],
    ['a duplicate header name', ['event', 'event', 'user_id', 'time'], [], /more than once/],
    [
      'two columns filling one property',
      ['event', 'user_id', 'time', 'plan', 'tier'],
      ['properties.plan=tier'],
      /overwrite properties.plan/,
    ],
    [
      'a text column colliding with a column named text',
      ['event', 'user_id', 'time', 'text', 'body'],
      ['text=body'],
      /overwrite properties.text/,
    ],
  ])('rejects %s', (_label, header, args, message) => {
    const error = thrown(() => resolveCsvMapping(header, parseMappingArgs(args)));
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(message);
  });
});
