import { followOrder } from './after-order.ts';
import { type ArrivalKind, FIRST_ARRIVALS } from './arrivals.ts';
import { DAY, type DemoCustomer, HOUR } from './demo-customer.ts';
import { CURRENCY, PRODUCTS, STORES } from './demo-data.ts';
import { productProperties } from './shop-actions.ts';
import { runVisit, type VisitResult } from './visit.ts';

/** The newsletter goes out every other Tuesday at 08:00 UTC-ish; issue numbers count from 1. */
const NEWSLETTER_EVERY = 14 * DAY;

const EMAIL_ARRIVALS: ReadonlySet<ArrivalKind> = new Set([
  'newsletter',
  'abandoned-cart',
  'cross-sell',
]);

interface NextVisit {
  at: number;
  kind: ArrivalKind;
  issue?: number;
}

/** Moves a time that falls in the night to the next morning: people shop while awake. */
function wakeUp(customer: DemoCustomer, at: number): number {
  const hour = (at % DAY) / HOUR;
  return hour >= 7 ? at : at + (7 - hour) * HOUR + customer.rng.next() * 4 * HOUR;
}

function returnArrival(customer: DemoCustomer): ArrivalKind {
  return customer.rng.weighted<ArrivalKind>([
    ['direct', 30],
    ['organic', 22],
    ['retargeting', customer.viewed.length > 0 ? 26 : 0],
    ['facebook', 6],
    ['google-cpc', 8],
  ]);
}

/**
 * Plays one customer's life from the first visit: visits, orders and what follows them, support
 * contacts, emails and, often, silence. All events go to the customer's recorder.
 */
export function simulateCustomer(customer: DemoCustomer, start: number, end: number): void {
  const { rng, rec } = customer;
  const newsletterIssue = (at: number) => Math.floor((at - start) / NEWSLETTER_EVERY) + 1;
  const issueAt = (issue: number) => start + (issue - 1) * NEWSLETTER_EVERY + 2 * DAY + 8 * HOUR;
  const usedIssues = new Set<number>();

  let next: NextVisit | null = {
    at: wakeUp(customer, start + rng.next() * (end - start) * 0.97),
    kind: rng.weighted(FIRST_ARRIVALS),
  };
  if (next.kind === 'newsletter') {
    // A subscriber from before the history starts: the email provider knows them already.
    customer.known = true;
    customer.createdAt = start - rng.int(30, 400) * DAY;
    customer.newsletterSince = customer.createdAt;
    const issue = Math.max(1, newsletterIssue(next.at));
    const email = customer.sendEmail(issueAt(issue), 'newsletter', `Trail notes #${issue}`, 1, 1, {
      campaign_name: `issue-${issue}`,
    });
    usedIssues.add(issue);
    next = { at: (email.clickedAt ?? issueAt(issue)) + 15_000, kind: 'newsletter', issue };
  }
  let lastActive = next.at;
  let inStore = STORES.some((s) => s.country === customer.country) && rng.chance(0.25);

  for (let visitNumber = 1; next !== null && next.at < end && visitNumber <= 16; visitNumber++) {
    if (customer.known && visitNumber > 1 && rng.chance(0.15)) customer.switchDevice();
    const result: VisitResult = runVisit(customer, next.at, next.kind, visitNumber, next.issue);
    lastActive = result.endedAt;
    next = null;

    if (result.order) {
      const after = followOrder(customer, result.order);
      lastActive = after.deliveredAt;
      if (after.crossSellClickAt !== null && rng.chance(0.85)) {
        next = { at: after.crossSellClickAt + 20_000, kind: 'cross-sell' };
      } else if (rng.chance(customer.grievances >= 2 ? 0.15 : 0.38)) {
        next = { at: after.deliveredAt + rng.int(12, 70) * DAY, kind: returnArrival(customer) };
      }
    } else if (result.outcome === 'carted' || result.outcome === 'checkout-abandoned') {
      const reminder = customer.sendEmail(
        result.endedAt + rng.int(3, 6) * HOUR,
        'abandoned-cart',
        'You left something in your cart',
        0.5,
        0.35,
        { cart_id: customer.cartId },
      );
      if (reminder.clickedAt !== null)
        next = { at: reminder.clickedAt + 15_000, kind: 'abandoned-cart' };
      else if (rng.chance(0.55)) {
        next = {
          at: result.endedAt + HOUR + rng.exponential(2.5 * DAY),
          kind: returnArrival(customer),
        };
      }
    } else {
      const comeBack = result.outcome === 'browsed' ? 0.45 : 0.22;
      if (rng.chance(comeBack)) {
        next = {
          at: result.endedAt + 2 * HOUR + rng.exponential(6 * DAY),
          kind: returnArrival(customer),
        };
      }
    }

    // Subscribers sometimes come back through the next newsletter instead.
    if (customer.newsletterSince !== null && rng.chance(next === null ? 0.15 : 0.2)) {
      const issue = newsletterIssue(result.endedAt) + 1;
      const sentAt = issueAt(issue);
      if (!usedIssues.has(issue) && (next === null || sentAt < next.at)) {
        const email = customer.sendEmail(sentAt, 'newsletter', `Trail notes #${issue}`, 1, 1, {
          campaign_name: `issue-${issue}`,
        });
        usedIssues.add(issue);
        if (email.clickedAt !== null)
          next = { at: email.clickedAt + 15_000, kind: 'newsletter', issue };
      }
    }

    if (inStore && customer.known && rng.chance(0.5)) {
      inStore = false;
      const store = STORES.find((s) => s.country === customer.country)!;
      const at = wakeUp(customer, result.endedAt + rng.int(2, 40) * DAY);
      const product = rng.pick(PRODUCTS);
      rec.track(
        at,
        customer.serverIds(),
        'Order Completed',
        {
          order_id: customer.nextId('pos'),
          store_id: store.id,
          revenue: product.price,
          total: product.price,
          currency: CURRENCY,
          payment_method: 'card',
          products: [productProperties(product, { quantity: 1 })],
        },
        { channel: 'in-person' },
      );
      customer.orders += 1;
    }
    // Visits that follow an email click happen when the click does; others wait for daytime.
    if (next !== null && !EMAIL_ARRIVALS.has(next.kind)) next.at = wakeUp(customer, next.at);
  }

  // Newsletters keep arriving; people open fewer of them once they have drifted away.
  if (customer.newsletterSince !== null) {
    for (
      let issue = Math.max(1, newsletterIssue(customer.newsletterSince) + 1);
      issueAt(issue) < end;
      issue++
    ) {
      if (usedIssues.has(issue)) continue;
      const active = issueAt(issue) < lastActive + 30 * DAY;
      customer.sendEmail(
        issueAt(issue),
        'newsletter',
        `Trail notes #${issue}`,
        active ? 0.32 : 0.1,
        0,
        {
          campaign_name: `issue-${issue}`,
        },
      );
    }
  }
}
