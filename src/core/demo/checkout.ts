import { MINUTE, type WebVisit } from './demo-customer.ts';
import { CURRENCY, type DemoProduct } from './demo-data.ts';
import { productProperties, signIn } from './shop-actions.ts';
import { contactSupport } from './support.ts';

export type PaymentMethod = 'card' | 'paypal' | 'apple-pay' | 'pay-later';

export interface PlacedOrder {
  id: string;
  at: number;
  revenue: number;
  products: DemoProduct[];
  paymentMethod: PaymentMethod;
  /** A payment failed before this order went through. */
  paymentTrouble: boolean;
}

const FAILURE_RATE: Record<PaymentMethod, number> = {
  card: 0.2,
  paypal: 0.06,
  'apple-pay': 0.05,
  'pay-later': 0.14,
};

const FAILURE_REASONS: Record<PaymentMethod, string[]> = {
  card: ['card_declined', 'authentication_failed', 'insufficient_funds', 'expired_card'],
  paypal: ['payer_cancelled', 'funding_source_declined'],
  'apple-pay': ['card_declined'],
  'pay-later': ['credit_check_declined', 'provider_timeout'],
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The checkout: address, delivery, payment. A share of shoppers leaves at each step, some
 * payments fail and are retried, some customers ask support about it. Returns the order, or
 * null when the shopper abandoned.
 */
export function runCheckout(visit: WebVisit): PlacedOrder | null {
  const { customer } = visit;
  const { rng } = customer;
  const products = [...customer.cart];
  const subtotal = round2(products.reduce((sum, p) => sum + p.price, 0));
  const shipping = subtotal >= 100 ? 0 : 5.95;
  const checkoutId = customer.nextId('chk');
  const step = (n: number, name: string) => ({ checkout_id: checkoutId, step: n, step_name: name });

  visit.open('/checkout', 'Checkout');
  visit.track('Checkout Started', {
    checkout_id: checkoutId,
    value: subtotal,
    revenue: subtotal,
    shipping,
    currency: CURRENCY,
    products: products.map((p) => productProperties(p, { quantity: 1 })),
  });

  if (!customer.signedInOnDevice) {
    if (customer.known) signIn(visit);
    if (!customer.signedInOnDevice) {
      const createAccount = !customer.known && rng.chance(0.55);
      if (createAccount && rng.chance(0.4)) {
        customer.rec.alias(visit.at, customer.anonymousId, customer.userId);
      }
      visit.identify();
      if (createAccount) visit.track('Signed Up', { method: 'checkout' });
    }
  }
  if (customer.newsletterSince === null && rng.chance(0.3)) {
    visit.track('Newsletter Subscribed', { list: 'weekly', form: 'checkout' });
    customer.newsletterSince = visit.at;
  }

  visit.track('Checkout Step Viewed', step(1, 'address'));
  if (rng.chance(0.16 * (1.5 - customer.intent))) return null;
  visit.track('Checkout Step Completed', step(1, 'address'));

  visit.track('Checkout Step Viewed', step(2, 'delivery'));
  if (rng.chance(shipping > 0 ? 0.18 : 0.07)) return null;
  visit.track('Checkout Step Completed', step(2, 'delivery'));

  let discount = 0;
  let coupon: string | undefined;
  if (rng.chance(0.14)) {
    coupon = rng.pick(['WELCOME10', 'AUTUMN15', 'FRIEND10']);
    visit.track('Coupon Entered', { checkout_id: checkoutId, coupon_id: coupon });
    if (rng.chance(0.65)) {
      discount = round2(subtotal * (coupon === 'AUTUMN15' ? 0.15 : 0.1));
      visit.track('Coupon Applied', { checkout_id: checkoutId, coupon_id: coupon, discount });
    } else {
      visit.track('Coupon Denied', {
        checkout_id: checkoutId,
        coupon_id: coupon,
        reason: 'expired',
      });
      coupon = undefined;
      if (rng.chance(0.25)) contactSupport(customer, visit.at + 5 * MINUTE, 'discount-code');
    }
  }
  if (customer.loyaltyTier !== 'none' && rng.chance(0.15)) {
    const points = rng.pick([200, 500]);
    visit.track('Loyalty Reward Redeemed', {
      checkout_id: checkoutId,
      points,
      reward: `€${points / 100} off`,
    });
    discount = round2(discount + points / 100);
  }

  visit.open('/checkout/payment', 'Checkout payment');
  visit.track('Checkout Step Viewed', step(3, 'payment'));
  let method = rng.weighted<PaymentMethod>([
    ['card', 55],
    ['paypal', 15],
    ['apple-pay', 8],
    ['pay-later', 22],
  ]);
  let trouble = false;
  for (let attempt = 1; ; attempt++) {
    visit.track('Payment Info Entered', { checkout_id: checkoutId, payment_method: method });
    if (!rng.chance(FAILURE_RATE[method] * (attempt > 1 ? 1.4 : 1))) break;
    trouble = true;
    visit.track('Payment Failed', {
      checkout_id: checkoutId,
      payment_method: method,
      reason: rng.pick(FAILURE_REASONS[method]),
      attempt,
    });
    if (attempt >= 3 || !rng.chance(0.6)) {
      if (rng.chance(0.3)) contactSupport(customer, visit.at + 3 * MINUTE, 'checkout-payment');
      return null;
    }
    if (rng.chance(0.4)) method = method === 'card' ? 'paypal' : 'card';
  }
  if (rng.chance(0.07)) return null;

  const revenue = round2(subtotal - discount);
  const orderId = customer.nextId('ord');
  visit.track('Checkout Step Completed', step(3, 'payment'));
  visit.track('Order Completed', {
    order_id: orderId,
    checkout_id: checkoutId,
    total: round2(revenue + shipping),
    revenue,
    shipping,
    tax: round2((revenue * 0.21) / 1.21),
    discount,
    ...(coupon ? { coupon } : {}),
    currency: CURRENCY,
    payment_method: method,
    products: products.map((p) => productProperties(p, { quantity: 1 })),
  });
  const at = visit.at;
  visit.open(`/order-confirmation/${orderId}`, 'Order confirmation');
  customer.cart = [];
  customer.cartId = null;
  customer.orders += 1;
  return { id: orderId, at, revenue, products, paymentMethod: method, paymentTrouble: trouble };
}
