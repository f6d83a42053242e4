import { DAY, type DemoCustomer, HOUR, MINUTE, WebVisit } from './demo-customer.ts';
import { PROBLEM_MESSAGES, PROBLEM_SUBJECTS, type ProblemKind } from './demo-data.ts';

export interface ProblemDetails {
  order?: string;
  product?: string;
}

function fill(template: string, details: ProblemDetails): string {
  return template
    .replaceAll('{order}', details.order ?? 'my last order')
    .replaceAll('{product}', details.product ?? 'item');
}

/**
 * A customer gets in touch about one problem, once or several times, by chat or email.
 * Repeated contacts reuse the problem's wording so text analysis can group them. Anonymous
 * customers can only chat: the help desk has no user id to file their email under.
 *
 * @returns when the last contact ended.
 */
export function contactSupport(
  customer: DemoCustomer,
  at: number,
  kind: ProblemKind,
  details: ProblemDetails = {},
): number {
  const { rng } = customer;
  const contacts = rng.weighted([
    [1, 55],
    [2, 30],
    [3, 15],
  ] as const);
  customer.grievances += contacts > 1 ? 2 : 1;
  let time = at;
  for (let attempt = 0; attempt < contacts; attempt++) {
    const pool = attempt === 0 ? PROBLEM_MESSAGES[kind].first : PROBLEM_MESSAGES[kind].again;
    const text = fill(rng.pick(pool), details);
    const byChat = !customer.known || rng.chance(0.55);
    time = byChat ? chat(customer, time, text) : email(customer, time, kind, text);
    time += rng.int(20, 60) * HOUR;
  }
  return time;
}

function chat(customer: DemoCustomer, at: number, text: string): number {
  const { rng } = customer;
  const visit = new WebVisit(customer, at);
  if (rng.chance(0.45))
    visit.open(
      `/help/${rng.pick(['delivery-times', 'returns-policy', 'track-your-order'])}`,
      'Help article',
    );
  else visit.open('/help', 'Help centre');
  const conversation = { conversation_id: customer.nextId('chat') };
  visit.track('Live Chat Conversation Started', conversation, 'chat');
  visit.track('Live Chat Message Sent', { ...conversation, text }, 'chat');
  visit.at += rng.int(1, 8) * MINUTE;
  visit.track('Live Chat Message Received', { ...conversation, sender: 'agent' }, 'chat');
  if (rng.chance(0.3)) {
    visit.track(
      'Live Chat Message Sent',
      { ...conversation, text: 'Ok, thanks. Please keep me posted.' },
      'chat',
    );
  }
  const rated = rng.chance(0.5)
    ? {
        rating: rng.weighted([
          [1, 2],
          [2, 2],
          [3, 3],
          [4, 4],
          [5, 4],
        ] as const),
      }
    : {};
  visit.track('Live Chat Conversation Ended', { ...conversation, ...rated }, 'chat');
  return visit.at;
}

function email(customer: DemoCustomer, at: number, kind: ProblemKind, text: string): number {
  const { rng, rec } = customer;
  const ticket = { ticket_id: customer.nextId('tkt'), subject: PROBLEM_SUBJECTS[kind] };
  rec.track(
    at,
    customer.serverIds(),
    'Support Email Received',
    { ...ticket, text },
    { channel: 'email' },
  );
  const repliedAt = at + rng.exponential(10 * HOUR) + 20 * MINUTE;
  rec.track(repliedAt, customer.serverIds(), 'Support Email Replied', ticket, { channel: 'email' });
  return Math.min(repliedAt, at + 3 * DAY);
}
