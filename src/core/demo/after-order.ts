import type { PlacedOrder } from './checkout.ts';
import { DAY, type DemoCustomer, HOUR, MINUTE, WebVisit } from './demo-customer.ts';
import { REVIEW_TEXTS, SURVEY_COMMENTS } from './demo-data.ts';
import { signIn } from './shop-actions.ts';
import { contactSupport } from './support.ts';

export interface AfterOrder {
  /** When the parcel arrived: the order is settled from here on. */
  deliveredAt: number;
  /** When the customer clicked through a cross-sell email, if they did. */
  crossSellClickAt: number | null;
}

const CARRIERS = ['DHL', 'PostNL', 'DPD', 'UPS'];

function billingTrack(
  customer: DemoCustomer,
  at: number,
  event: string,
  properties: Record<string, unknown>,
) {
  customer.rec.track(at, customer.serverIds(), event, properties, { channel: 'billing' });
}

/** A short browser visit to one page of the shop. */
function quickVisit(customer: DemoCustomer, at: number, path: string, name: string): WebVisit {
  const visit = new WebVisit(customer, at);
  visit.open(path, name);
  return visit;
}

/** Pay-later invoices and late card captures: where billing friction shows up. */
function settlePayment(customer: DemoCustomer, order: PlacedOrder, shippedAt: number): void {
  const { rng } = customer;
  const base = { order_id: order.id, amount: order.revenue };
  if (order.paymentMethod === 'pay-later') {
    const invoice = { ...base, invoice_id: customer.nextId('inv') };
    billingTrack(customer, order.at + rng.int(20, 90) * MINUTE, 'Invoice Sent', {
      ...invoice,
      due_in_days: 14,
    });
    const dueAt = order.at + 14 * DAY + rng.int(6, 20) * HOUR;
    if (!rng.chance(0.24)) {
      billingTrack(customer, dueAt, 'Payment Succeeded', invoice);
      return;
    }
    billingTrack(customer, dueAt, 'Payment Failed', {
      ...invoice,
      reason: rng.pick(['insufficient_funds', 'expired_card', 'mandate_revoked']),
    });
    customer.grievances += 1;
    const roll = rng.next();
    if (roll < 0.55) {
      const visit = new WebVisit(customer, dueAt + rng.int(2, 48) * HOUR);
      if (!customer.signedInOnDevice) signIn(visit);
      visit.open('/account/billing', 'Billing');
      visit.track('Payment Method Updated', {
        invoice_id: invoice.invoice_id,
        payment_method: 'card',
      });
      billingTrack(customer, visit.at + rng.int(1, 10) * MINUTE, 'Payment Succeeded', invoice);
    } else if (roll < 0.8) {
      const sortedAt = contactSupport(customer, dueAt + rng.int(4, 30) * HOUR, 'billing-charge', {
        order: order.id,
      });
      if (rng.chance(0.6)) billingTrack(customer, sortedAt, 'Payment Succeeded', invoice);
    }
    return;
  }
  if (order.paymentMethod === 'card' && rng.chance(0.03)) {
    billingTrack(customer, shippedAt - 10 * MINUTE, 'Payment Failed', {
      ...base,
      reason: 'capture_failed',
    });
    if (rng.chance(0.5)) {
      contactSupport(customer, shippedAt + rng.int(2, 24) * HOUR, 'billing-charge', {
        order: order.id,
      });
    }
  }
}

function joinOrEarnLoyalty(customer: DemoCustomer, order: PlacedOrder): void {
  const { rng, rec } = customer;
  const at = order.at + rng.int(1, 5) * MINUTE;
  if (customer.loyaltyTier === 'none') {
    if (!rng.chance(0.3)) return;
    rec.track(at, customer.serverIds(), 'Loyalty Program Joined', { program: 'trail-club' });
    customer.loyaltyTier = 'member';
    customer.updateTraits(at);
  }
  rec.track(at + MINUTE, customer.serverIds(), 'Loyalty Points Earned', {
    order_id: order.id,
    points: Math.floor(order.revenue),
  });
  const tier =
    customer.orders >= 4 ? 'gold' : customer.orders >= 2 ? 'silver' : customer.loyaltyTier;
  if (tier !== customer.loyaltyTier) {
    rec.track(at + 2 * MINUTE, customer.serverIds(), 'Loyalty Tier Changed', {
      from: customer.loyaltyTier,
      to: tier,
    });
    customer.loyaltyTier = tier;
    customer.updateTraits(at + 2 * MINUTE);
  }
}

function askForFeedback(
  customer: DemoCustomer,
  order: PlacedOrder,
  deliveredAt: number,
  delayed: boolean,
) {
  const { rng, rec } = customer;
  if (rng.chance(0.12)) {
    // A one-question effort survey on the confirmation page (1 = very hard, 7 = very easy).
    const survey = { survey_id: 'checkout-ces', survey_type: 'ces', order_id: order.id };
    rec.track(order.at + 20_000, customer.browserIds(), 'Survey Shown', survey);
    if (rng.chance(0.6)) {
      const score = Math.max(
        1,
        Math.min(7, Math.round(6.2 - (order.paymentTrouble ? 2.5 : 0) + rng.next() * 1.6 - 1)),
      );
      rec.track(order.at + 60_000, customer.browserIds(), 'Survey Responded', { ...survey, score });
    }
  }
  if (!rng.chance(0.45)) return;
  const sent = customer.sendEmail(deliveredAt + DAY, 'survey', 'How did we do?', 0.55, 0, {
    order_id: order.id,
  });
  if (sent.openedAt === null || !rng.chance(0.7)) return;
  const penalty =
    (delayed ? 1.6 : 0) + (order.paymentTrouble ? 0.7 : 0) + 0.6 * Math.min(customer.grievances, 2);
  const score = Math.max(1, Math.min(5, Math.round(4.7 - penalty + rng.next() * 1.2 - 0.8)));
  const comment = rng.chance(0.45)
    ? { text: rng.pick(score >= 4 ? SURVEY_COMMENTS.happy : SURVEY_COMMENTS.unhappy) }
    : {};
  rec.track(
    sent.openedAt + rng.int(1, 6) * MINUTE,
    customer.serverIds(),
    'Survey Responded',
    {
      survey_id: 'post-delivery-csat',
      survey_type: 'csat',
      question: 'How satisfied are you with your order?',
      order_id: order.id,
      score,
      ...comment,
    },
    { channel: 'email' },
  );
  if (score <= 2) customer.grievances += 1;
}

/**
 * Everything that follows an order: confirmation, loyalty points, payment, shipping and its
 * delays, surveys, reviews, returns and the cross-sell email.
 */
export function followOrder(customer: DemoCustomer, order: PlacedOrder): AfterOrder {
  const { rng, rec } = customer;
  const product = order.products[0];
  const details = { order: order.id, product: product.name };

  customer.sendEmail(
    order.at + rng.int(1, 4) * MINUTE,
    'thank-you',
    'Thank you for your order',
    0.78,
    0.12,
    {
      order_id: order.id,
    },
  );
  joinOrEarnLoyalty(customer, order);

  const shippedAt = order.at + rng.int(16, 40) * HOUR;
  settlePayment(customer, order, shippedAt);
  const tracking = {
    order_id: order.id,
    carrier: rng.pick(CARRIERS),
    tracking_number: customer.nextId('trk').toUpperCase(),
  };
  rec.track(shippedAt, customer.serverIds(), 'Order Shipped', tracking, { channel: 'email' });

  const delayed = rng.chance(0.13);
  let deliveredAt: number;
  if (delayed) {
    const noticedAt = shippedAt + rng.int(40, 60) * HOUR;
    rec.track(
      noticedAt,
      customer.serverIds(),
      'Delivery Delayed',
      { ...tracking, reason: rng.pick(['carrier_backlog', 'weather', 'address_issue']) },
      { channel: 'email' },
    );
    if (rng.chance(0.6))
      quickVisit(
        customer,
        noticedAt + rng.int(1, 12) * HOUR,
        `/track/${order.id}`,
        'Order tracking',
      );
    if (rng.chance(0.55))
      contactSupport(customer, noticedAt + rng.int(6, 30) * HOUR, 'delivery-delay', details);
    deliveredAt = shippedAt + rng.int(5, 9) * DAY;
  } else {
    deliveredAt = shippedAt + rng.int(20, 70) * HOUR;
    if (rng.chance(0.3))
      quickVisit(
        customer,
        shippedAt + rng.int(2, 18) * HOUR,
        `/track/${order.id}`,
        'Order tracking',
      );
  }
  rec.track(deliveredAt, customer.serverIds(), 'Order Delivered', tracking, { channel: 'email' });

  if (rng.chance(0.03))
    contactSupport(customer, deliveredAt + rng.int(2, 30) * HOUR, 'damaged-item', details);

  if (rng.chance(0.08)) {
    const visit = quickVisit(customer, deliveredAt + rng.int(2, 10) * DAY, '/returns', 'Returns');
    const item = {
      order_id: order.id,
      product_id: product.id,
      reason: rng.pick(['too_small', 'too_large', 'not_as_pictured', 'changed_mind']),
    };
    visit.track('Return Requested', item);
    const receivedAt = visit.at + rng.int(4, 7) * DAY;
    rec.track(receivedAt, customer.serverIds(), 'Return Received', item);
    const refund = { order_id: order.id, total: product.price, currency: 'EUR' };
    if (rng.chance(0.7)) {
      rec.track(receivedAt + rng.int(2, 5) * DAY, customer.serverIds(), 'Order Refunded', refund, {
        channel: 'billing',
      });
    } else {
      const sortedAt = contactSupport(
        customer,
        receivedAt + rng.int(7, 10) * DAY,
        'refund',
        details,
      );
      rec.track(sortedAt, customer.serverIds(), 'Order Refunded', refund, { channel: 'billing' });
    }
  }

  askForFeedback(customer, order, deliveredAt, delayed);

  if (rng.chance(0.1)) {
    const visit = quickVisit(
      customer,
      deliveredAt + rng.int(5, 14) * DAY,
      `/products/${product.slug}`,
      'Product',
    );
    const rating = Math.max(
      1,
      Math.min(5, Math.round(4.4 - (delayed ? 0.8 : 0) + rng.next() - 0.7)),
    );
    visit.track('Product Reviewed', {
      product_id: product.id,
      rating,
      text: rng.pick(rating >= 4 ? REVIEW_TEXTS.happy : REVIEW_TEXTS.unhappy),
    });
  }

  let crossSellClickAt: number | null = null;
  if (customer.grievances < 2) {
    crossSellClickAt = customer.sendEmail(
      deliveredAt + rng.int(10, 20) * DAY,
      'cross-sell',
      `Goes well with your ${product.name}`,
      0.42,
      0.3,
      { order_id: order.id, campaign_name: `cross-sell-${product.category}` },
    ).clickedAt;
  }
  return { deliveredAt, crossSellClickAt };
}
