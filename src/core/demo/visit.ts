import { type Arrival, type ArrivalKind, describeArrival } from './arrivals.ts';
import { type PlacedOrder, runCheckout } from './checkout.ts';
import { type DemoCustomer, WebVisit } from './demo-customer.ts';
import {
  BLOG_POSTS,
  CATEGORIES,
  type DemoProduct,
  HELP_ARTICLES,
  PRODUCTS,
  SEARCH_QUERIES,
} from './demo-data.ts';
import { productProperties, signIn } from './shop-actions.ts';

export type VisitOutcome = 'bounced' | 'browsed' | 'carted' | 'checkout-abandoned' | 'ordered';

export interface VisitResult {
  outcome: VisitOutcome;
  endedAt: number;
  order?: PlacedOrder;
}

function viewProduct(visit: WebVisit, product: DemoProduct, arrival?: Arrival): void {
  const { customer } = visit;
  visit.open(`/products/${product.slug}`, 'Product', {}, arrival && landingOf(arrival));
  visit.track('Product Viewed', productProperties(product));
  customer.viewed = [...customer.viewed.filter((p) => p.id !== product.id), product].slice(-6);
  if (customer.rng.chance(0.25)) {
    visit.track('Product Reviews Viewed', {
      product_id: product.id,
      review_count: 12 + (Number.parseInt(product.id.slice(2), 10) % 40),
    });
  }
}

function viewCategory(visit: WebVisit, category: string, arrival?: Arrival): void {
  visit.open(`/collections/${category}`, 'Collection', {}, arrival && landingOf(arrival));
  visit.track('Product List Viewed', { list_id: category, category });
  if (visit.customer.rng.chance(0.25)) {
    visit.track('Product List Filtered', {
      list_id: category,
      filters: [{ type: 'size', value: visit.customer.rng.pick(['S', 'M', 'L', '42', '44']) }],
    });
  }
}

function landingOf(arrival: Arrival) {
  return { campaign: arrival.campaign, referrer: arrival.referrer };
}

/**
 * One browser visit: land, browse, perhaps fill the cart and go to checkout.
 * `visitNumber` counts from 1; returning visitors are more likely to buy.
 */
export function runVisit(
  customer: DemoCustomer,
  at: number,
  kind: ArrivalKind,
  visitNumber: number,
  issue = 1,
): VisitResult {
  const { rng } = customer;
  const visit = new WebVisit(customer, at);
  const arrival = describeArrival(rng, kind, issue);
  const interest =
    customer.viewed.length > 0 && rng.chance(0.6) ? rng.pick(customer.viewed) : rng.pick(PRODUCTS);

  switch (arrival.landing) {
    case 'home':
      visit.open('/', 'Home', {}, landingOf(arrival));
      break;
    case 'blog':
      visit.open(`/blog/${rng.pick(BLOG_POSTS)}`, 'Blog post', {}, landingOf(arrival));
      break;
    case 'collection':
      viewCategory(visit, interest.category, arrival);
      break;
    case 'product':
      viewProduct(visit, interest, arrival);
      break;
    case 'cart':
      visit.open('/cart', 'Cart', {}, landingOf(arrival));
      visit.track('Cart Viewed', {
        cart_id: customer.cartId,
        products: customer.cart.map((p) => productProperties(p)),
      });
      break;
  }

  const bounce = arrival.landing === 'blog' ? 0.5 : visitNumber === 1 ? 0.28 : 0.15;
  if (arrival.landing !== 'cart' && rng.chance(bounce))
    return { outcome: 'bounced', endedAt: visit.at };

  if (customer.known && !customer.signedInOnDevice && rng.chance(0.4)) signIn(visit);

  // Products are added from the last product page seen, so the page context stays true.
  let onPage = interest;

  if (arrival.landing !== 'cart') {
    if (rng.chance(0.45))
      viewCategory(visit, rng.chance(0.7) ? interest.category : rng.pick(CATEGORIES));
    if (rng.chance(0.18)) {
      visit.open('/search', 'Search results');
      visit.track('Products Searched', { query: rng.pick(SEARCH_QUERIES) });
    }
    const views = 1 + Math.min(4, Math.floor(rng.exponential(1.1)));
    const sameCategory = PRODUCTS.filter((p) => p.category === interest.category);
    for (let i = 0; i < views; i++) {
      onPage = i === 0 ? interest : rng.pick(rng.chance(0.6) ? sameCategory : PRODUCTS);
      viewProduct(visit, onPage);
    }
  }
  const addChance =
    customer.intent * (visitNumber === 1 ? 0.45 : 0.7) + (customer.orders > 0 ? 0.1 : 0);
  if (arrival.landing !== 'cart' && rng.chance(addChance)) {
    customer.cartId ??= customer.nextId('cart');
    if (visit.page?.path !== `/products/${onPage.slug}`) viewProduct(visit, onPage);
    const picks = rng.chance(0.3) ? [onPage, rng.pick(customer.viewed)] : [onPage];
    for (const product of picks) {
      if (customer.cart.some((p) => p.id === product.id)) continue;
      visit.track(
        'Product Added',
        productProperties(product, { cart_id: customer.cartId, quantity: 1 }),
      );
      customer.cart.push(product);
    }
    visit.open('/cart', 'Cart');
    visit.track('Cart Viewed', {
      cart_id: customer.cartId,
      products: customer.cart.map((p) => productProperties(p)),
    });
    if (customer.cart.length > 1 && rng.chance(0.15)) {
      const removed = customer.cart.pop()!;
      visit.track('Product Removed', productProperties(removed, { cart_id: customer.cartId }));
    }
  }
  if (rng.chance(0.06)) visit.open(`/help/${rng.pick(HELP_ARTICLES)}`, 'Help article');
  if (customer.newsletterSince === null && rng.chance(0.04)) {
    visit.track('Newsletter Subscribed', { list: 'weekly', form: 'footer' });
    if (!customer.known) visit.identify();
    customer.newsletterSince = visit.at;
  }
  if (customer.loyaltyTier !== 'none' && customer.signedInOnDevice && rng.chance(0.3)) {
    visit.open('/rewards', 'Rewards');
  }
  if (customer.orders > 0 && customer.grievances === 0 && rng.chance(0.08)) {
    visit.track('Referral Link Shared', {
      share_via: rng.pick(['whatsapp', 'email', 'copy-link']),
    });
  }

  if (customer.cart.length === 0) return { outcome: 'browsed', endedAt: visit.at };

  const checkoutChance = 0.35 + 0.5 * customer.intent;
  if (!rng.chance(checkoutChance)) return { outcome: 'carted', endedAt: visit.at };
  const order = runCheckout(visit);
  return order
    ? { outcome: 'ordered', endedAt: visit.at, order }
    : { outcome: 'checkout-abandoned', endedAt: visit.at };
}
