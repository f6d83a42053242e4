import { invalid } from '../errors.ts';
import { DAY, DemoCustomer } from './demo-customer.ts';
import { DemoRecorder, type TDemoPayload, type TRecorded } from './demo-payload.ts';
import { deriveSeed, SeededRandom } from './random.ts';
import { simulateCustomer } from './simulate-customer.ts';

/** Shown wherever demo data is loaded or displayed. */
export const DEMO_DISCLAIMER =
  'Demo data: a synthetic event history of an invented outdoor-clothing shop, generated from a ' +
  'fixed seed. Every customer, order, message and survey answer is made up; email addresses use ' +
  'the reserved example.com domain. Each event carries properties.demo = true and ' +
  "context.library.name = 'waymark-demo', so it can be filtered out or deleted. Do not use it " +
  'for decisions.';

export interface GenerateDemoHistoryOptions {
  /** Any integer; the same seed gives the same history. */
  seed: number;
  /** How many people visit during the period. Default 3000. */
  customers?: number;
  /** Length of the period in days, ending at `end`. Default 180. */
  days?: number;
  /** End of the period (exclusive), epoch milliseconds. */
  end: number;
}

/**
 * A reproducible, synthetic event history for the e-commerce retail journey: Segment-spec
 * payloads (track, page, identify, alias) exactly as a Segment client would send them in
 * `/v1/batch`, sorted by timestamp, all within `[end - days, end)`.
 *
 * Visitors arrive from Facebook, Instagram, Google search and display ads, the newsletter,
 * referrals, Trustpilot and organic search; browse, fill carts and check out (a good share
 * abandons, some payments fail); get confirmations, parcels, delays, invoices and surveys;
 * contact support by chat and email, sometimes several times about the same problem; come back
 * through retargeting, reminders and cross-sell emails, or go silent. About 3000 customers give
 * 40,000-80,000 events.
 *
 * Pure: no clock, no IO, no Math.random. Each customer draws from its own seeded stream, so
 * asking for more customers keeps the first ones unchanged.
 *
 * @example
 * const events = generateDemoHistory({ seed: 42, end: Date.UTC(2025, 0, 1) });
 * await fetch(`${host}/v1/batch`, { method: 'POST', body: JSON.stringify({ batch: events }) });
 */
export function generateDemoHistory(options: GenerateDemoHistoryOptions): TDemoPayload[] {
  const { seed, customers = 3000, days = 180, end } = options;
  if (!Number.isSafeInteger(seed)) throw invalid('seed must be an integer', { seed });
  if (!Number.isInteger(customers) || customers < 1 || customers > 1_000_000) {
    throw invalid('customers must be an integer from 1 to 1000000', { customers });
  }
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw invalid('days must be an integer from 1 to 3650', { days });
  }
  if (!Number.isFinite(end) || Number.isNaN(new Date(end).getTime())) {
    throw invalid('end must be a time in epoch milliseconds', { end });
  }

  const start = end - days * DAY;
  // Seeds may be negative or wider than 32 bits: fold sign and high bits into one 32-bit key.
  const magnitude = Math.abs(seed);
  const high = Math.floor(magnitude / 0x1_0000_0000);
  const seed32 =
    ((magnitude % 0x1_0000_0000) ^ Math.imul(high, 0x9e3779b1) ^ (seed < 0 ? 0x5bd1e995 : 0)) >>> 0;
  const runTag = `demo-${seed32.toString(36)}`;
  const all: TRecorded[] = [];
  for (let index = 0; index < customers; index++) {
    const rng = new SeededRandom(deriveSeed(seed32, index));
    const recorder = new DemoRecorder(`${runTag}-${index.toString(36)}`, end);
    simulateCustomer(new DemoCustomer(index, rng, recorder), start, end);
    for (const item of recorder.recorded) if (item.at >= start) all.push(item);
  }
  // Stable sort: ties keep customer order, then the order each customer did things in.
  all.sort((a, b) => a.at - b.at);
  return all.map((item) => item.payload);
}
