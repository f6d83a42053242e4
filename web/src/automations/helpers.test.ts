import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import type { Customer, StoredEvent, Task } from '../types.ts';
import { conditionText, conditionValue, draftToBody, newTrigger, toDraft } from './draft.ts';
import { collectFieldErrors, errorAt, fieldErrorsOf, fieldId } from './field-errors.ts';
import { automationPath, automationRouteOf, readAutomationTab } from './paths.ts';
import {
  collectPropertyKeys,
  collectTraitKeys,
  insertPlaceholder,
  matchesPattern,
  placeholderGroups,
} from './placeholders.ts';
import { countSince, detailEntries, nextDue, triggerText } from './runs.ts';
import { countTasksByTouchpoint, describeTaskCounts } from './task-counts.ts';

describe('field errors', () => {
  const error = new ApiError(400, 'invalid', 'invalid body', [
    { path: 'body.steps.2.yes.0.subject', message: 'Too small' },
    { path: 'body.steps.3.duration.amount', message: 'expected a number' },
    { path: 'body.steps.3.duration', message: 'a wait needs a duration' },
    { path: 'body.name', message: 'required' },
    { path: 'body.name', message: 'too long' },
  ]);
  const errors = fieldErrorsOf(error);

  it('keys a 400’s problems by the builder’s field path, joining several at one path', () => {
    expect(errors.get('steps.2.yes.0.subject')).toBe('Too small');
    expect(errors.get('name')).toBe('required; too long');
    expect(fieldErrorsOf(new Error('x')).size).toBe(0);
  });

  it('shows at a field the problems of the parts inside it, unless asked for its own only', () => {
    expect(errorAt(errors, 'steps.3.duration')).toBe(
      'a wait needs a duration; amount: expected a number',
    );
    expect(errorAt(errors, 'steps.3.duration', true)).toBe('a wait needs a duration');
    expect(errorAt(errors, 'steps.2.yes.0.text')).toBeUndefined();
    expect(collectFieldErrors([{ path: 'body', message: 'empty' }]).get('')).toBe('empty');
  });

  it('makes element ids of paths', () => {
    expect(fieldId('steps.2.yes.0.subject')).toBe('f-steps-2-yes-0-subject');
  });
});

describe('drafts', () => {
  it('starts a new automation on the first touchpoint with no steps, switched off', () => {
    const d = toDraft(undefined, { touchpointId: 'tp_1' });
    expect(d).toMatchObject({
      enabled: false,
      trigger: { type: 'event', touchpointId: 'tp_1' },
      conditions: { match: 'all', conditions: [] },
      steps: [],
    });
  });

  it('fills triggers with defaults: a detractor NPS score, a daily schedule', () => {
    expect(newTrigger('survey_response')).toEqual({
      type: 'survey_response',
      kind: 'nps',
      op: 'lte',
      value: 6,
    });
    expect(newTrigger('survey_response', { surveyId: 's_1' })).toMatchObject({ surveyId: 's_1' });
    expect(newTrigger('schedule')).toEqual({
      type: 'schedule',
      every: 'day',
      at: '09:00',
      personaId: null,
    });
  });

  it('sends the trimmed name and the steps without their keys', () => {
    const d = toDraft(undefined, { touchpointId: 'tp_1' });
    d.name = '  Thank you  ';
    d.steps = [{ key: 'x', type: 'add_tag', tag: 'buyer' }];
    expect(draftToBody(d)).toEqual({
      body: {
        name: 'Thank you',
        description: '',
        enabled: false,
        trigger: { type: 'event', touchpointId: 'tp_1' },
        conditions: { match: 'all', conditions: [] },
        steps: [{ type: 'add_tag', tag: 'buyer' }],
        journeyId: null,
      },
      problems: [],
    });
  });

  it('reads condition values as lists for in / not_in and as nothing for existence', () => {
    expect(conditionValue('in', 'pro, team,, ')).toEqual(['pro', 'team']);
    expect(conditionValue('exists', 'x')).toBeUndefined();
    expect(conditionValue('gt', '10')).toBe('10');
    expect(conditionText(['pro', 'team'])).toBe('pro, team');
    expect(conditionText(undefined)).toBe('');
  });
});

describe('placeholders', () => {
  const customers = [
    { traits: { plan: 'pro', email: 'a@x.test' } },
    { traits: { first_name: 'Ann', plan: 'team' } },
  ] as unknown as Customer[];
  const event = (name: string, tp: string | null, properties: Record<string, unknown>) =>
    ({ event: name, touchpointId: tp, properties }) as unknown as StoredEvent;
  const events = [
    event('Order Completed', 'tp_order', { order_id: 1, total: 9 }),
    event('Order Refunded', null, { reason: 'x' }),
    event('Page', null, { path: '/' }),
  ];

  it('lists the trait names the customers have, once each, sorted', () => {
    expect(collectTraitKeys(customers)).toEqual(['email', 'first_name', 'plan']);
  });

  it('lists the properties of the trigger touchpoint’s events, by claim, else by its rules', () => {
    expect(collectPropertyKeys(events, { id: 'tp_order', matchRules: [] })).toEqual([
      'order_id',
      'total',
    ]);
    expect(
      collectPropertyKeys(events, { id: 'tp_x', matchRules: [{ event: 'order ref*' }] }),
    ).toEqual(['reason']);
    expect(collectPropertyKeys(events, undefined)).toEqual(['order_id', 'path', 'reason', 'total']);
  });

  it('matches event names with * and without case, and nothing else as a pattern', () => {
    expect(matchesPattern('Live Chat Started', 'live chat *')).toBe(true);
    expect(matchesPattern('Checkout', 'check')).toBe(false);
    expect(matchesPattern('a.b', 'a.b')).toBe(true);
    expect(matchesPattern('axb', 'a.b')).toBe(false);
  });

  it('groups what templates can name', () => {
    const groups = placeholderGroups(['plan'], ['order_id']);
    expect(groups.map((g) => g.items)).toEqual([
      ['customer.email', 'customer.id', 'traits.plan'],
      ['event.name', 'event.timestamp', 'event.properties.order_id'],
      ['automation.name', 'run.id', 'unsubscribe_url'],
    ]);
  });

  it('inserts a placeholder at the cursor and puts the cursor after it', () => {
    expect(insertPlaceholder('Hi !', 'traits.first_name', 3)).toEqual({
      text: 'Hi {{traits.first_name}}!',
      cursor: 24,
    });
    expect(insertPlaceholder('x', 'run.id')).toEqual({ text: 'x{{run.id}}', cursor: 11 });
  });
});

describe('runs', () => {
  it('says when the earliest pending step is due, and nothing when none is', () => {
    expect(
      nextDue([
        { status: 'done', dueAt: '2026-01-01T00:00:00Z' },
        { status: 'pending', dueAt: '2026-01-03T00:00:00Z' },
        { status: 'pending', dueAt: '2026-01-02T09:00:00Z' },
      ]),
    ).toBe('2026-01-02T09:00:00Z');
    expect(nextDue([{ status: 'done', dueAt: '2026-01-01T00:00:00Z' }])).toBeNull();
  });

  it('counts the runs of the last 30 days', () => {
    const now = new Date('2026-03-31T12:00:00Z');
    const runs = ['2026-03-31T00:00:00Z', '2026-03-01T12:00:00Z', '2026-03-01T11:59:59Z'].map(
      (startedAt) => ({ startedAt }),
    );
    expect(countSince(runs, now, 30)).toBe(2);
  });

  it('names the trigger by its event, else by the kind of trigger', () => {
    const trigger = { messageId: null, timestamp: '', properties: {} };
    expect(
      triggerText({ trigger: { ...trigger, event: 'Order Completed' }, triggerKey: 'e' }),
    ).toBe('Order Completed');
    expect(
      triggerText({ trigger: { ...trigger, event: null }, triggerKey: 'segment_entered:p' }),
    ).toBe('segment entered trigger');
  });

  it('names touchpoints and formats times in a step’s details', () => {
    expect(
      detailEntries(
        { touchpointId: 'tp_1', waitUntil: '2026-01-02T09:00:00.000Z', title: '2026 plans' },
        { touchpoint: (id) => (id === 'tp_1' ? 'Support' : undefined), dateTime: () => 'soon' },
      ),
    ).toEqual([
      ['Touchpoint', 'Support'],
      ['Waits until', 'soon'],
      ['Title', '2026 plans'],
    ]);
  });

  it('puts the error and the reason first in a step’s details', () => {
    expect(
      detailEntries({ url: 'https://x.test', status: 500, error: 'HTTP 500', body: { a: 1 } }),
    ).toEqual([
      ['Error', 'HTTP 500'],
      ['URL', 'https://x.test'],
      ['HTTP status', '500'],
      ['Body', '{"a":1}'],
    ]);
  });
});

describe('task badges', () => {
  it('counts open and overdue tasks per touchpoint, leaving done ones out', () => {
    const task = (touchpointId: string, status: string, overdue: boolean) =>
      ({ touchpointId, status, overdue }) as Task;
    const counts = countTasksByTouchpoint([
      task('a', 'todo', true),
      task('a', 'doing', false),
      task('a', 'done', false),
      task('b', 'done', false),
      task('c', 'todo', false),
    ]);
    expect([...counts]).toEqual([
      ['a', { open: 2, overdue: 1 }],
      ['c', { open: 1, overdue: 0 }],
    ]);
    expect(describeTaskCounts({ open: 2, overdue: 1 })).toBe('2 open tasks, 1 overdue');
    expect(describeTaskCounts({ open: 1, overdue: 0 })).toBe('1 open task');
  });
});

describe('addresses', () => {
  it('reads the automations’ routes and tabs', () => {
    expect(automationRouteOf('/automations')).toEqual({ kind: 'list' });
    expect(automationRouteOf('/automations/new')).toEqual({ kind: 'new' });
    expect(automationRouteOf('/automations/aut_1%2F2')).toEqual({ kind: 'one', id: 'aut_1/2' });
    expect(automationRouteOf('/automations/%E0')).toBeUndefined();
    expect(automationRouteOf('/automationsx')).toBeUndefined();
    expect(readAutomationTab(new URLSearchParams('tab=runs'))).toBe('runs');
    expect(readAutomationTab(new URLSearchParams('tab=nope'))).toBe('builder');
  });

  it('writes an automation’s tab and run into its address, the builder plainly', () => {
    expect(automationPath('aut_1')).toBe('/automations/aut_1');
    expect(automationPath('aut_1', 'runs', 'run_9')).toBe('/automations/aut_1?tab=runs&run=run_9');
  });
});
