import { MINUTE, type WebVisit } from './demo-customer.ts';
import { CURRENCY, type DemoProduct } from './demo-data.ts';
import { contactSupport } from './support.ts';

/** Segment's product properties for one product. */
export function productProperties(product: DemoProduct, extra: Record<string, unknown> = {}) {
  return {
    product_id: product.id,
    sku: product.id.toUpperCase(),
    name: product.name,
    category: product.category,
    price: product.price,
    currency: CURRENCY,
    url: `/products/${product.slug}`,
    ...extra,
  };
}

/** A sign-in on a device where the customer is not signed in yet, now and then via a reset. */
export function signIn(visit: WebVisit): void {
  const { customer } = visit;
  const { rng } = customer;
  visit.open('/account/sign-in', 'Sign in');
  if (rng.chance(0.2)) {
    visit.open('/account/reset-password', 'Reset password');
    visit.track('Password Reset Requested', { method: 'email' });
    if (rng.chance(0.68)) {
      visit.at += rng.int(1, 6) * MINUTE;
      visit.track('Password Reset Completed', { method: 'email' });
    } else {
      if (rng.chance(0.5)) {
        visit.pause(60, 600);
        visit.track('Password Reset Requested', { method: 'email', attempt: 2 });
      }
      if (rng.chance(0.35)) visit.open('/help/reset-your-password', 'Help article');
      // The customer gives up for now; support sorts it out later, on its own clock.
      const sortedAt = contactSupport(
        customer,
        visit.at + rng.int(10, 120) * MINUTE,
        'password-reset',
      );
      if (rng.chance(0.6)) {
        customer.rec.track(sortedAt, customer.serverIds(), 'Password Reset Completed', {
          method: 'agent',
        });
      }
      return;
    }
  }
  visit.track('Signed In', { method: 'password' });
  visit.identify();
}
