import type { DuckDbStore } from '../../src/store/engines/duckdb/store.ts';

/**
 * One kind of synthetic event, chosen with probability `weight / 1000`. The kinds are written to
 * hit the match rules of the `ecommerce-retail` journey template: about 93 % of events land on a
 * touchpoint, 2.5 % are the goal (`Order Completed` with a `revenue` property) and the rest match
 * nothing, as page views of an "about" page or sign-ins would.
 */
interface EventKind {
  weight: number;
  type: 'track' | 'page' | 'identify';
  event: string;
  path?: string;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  channel?: string;
  /** `{sku}`, `{category}` and `{order}` are filled per event, as real paths carry ids. */
  /** What the properties look like: an order, an email, a product, or a page. */
  props: 'order' | 'store-order' | 'email' | 'product' | 'page';
  emailType?: string;
}

const KINDS: readonly EventKind[] = [
  // Discover
  {
    weight: 35,
    type: 'page',
    event: '',
    path: '/',
    utmSource: 'google',
    utmMedium: 'cpc',
    utmCampaign: 'brand-search',
    props: 'page',
  },
  {
    weight: 30,
    type: 'page',
    event: '',
    path: '/lp/spring',
    utmSource: 'facebook',
    utmMedium: 'cpc',
    utmCampaign: 'spring-sale',
    props: 'page',
  },
  {
    weight: 15,
    type: 'page',
    event: '',
    path: '/',
    utmSource: 'instagram',
    utmMedium: 'social',
    props: 'page',
  },
  {
    weight: 20,
    type: 'page',
    event: '',
    path: '/lp/sale',
    utmSource: 'criteo',
    utmMedium: 'display',
    props: 'page',
  },
  { weight: 40, type: 'page', event: '', path: '/blog/how-to-choose-running-shoes', props: 'page' },
  { weight: 10, type: 'page', event: '', path: '/', utmSource: 'trustpilot', props: 'page' },
  { weight: 5, type: 'track', event: 'Referral Link Shared', props: 'page' },
  { weight: 49, type: 'page', event: 'Home', path: '/', props: 'page' },
  // Consider
  {
    weight: 60,
    type: 'track',
    event: 'Product List Viewed',
    path: '/collections/{category}',
    props: 'product',
  },
  { weight: 35, type: 'track', event: 'Products Searched', path: '/search', props: 'page' },
  { weight: 75, type: 'page', event: 'Product', path: '/products/{sku}', props: 'product' },
  { weight: 90, type: 'track', event: 'Product Viewed', path: '/products/{sku}', props: 'product' },
  { weight: 25, type: 'track', event: 'Product Reviews Viewed', props: 'product' },
  {
    weight: 15,
    type: 'track',
    event: 'Email Opened',
    channel: 'email',
    props: 'email',
    emailType: 'abandoned-cart',
  },
  {
    weight: 10,
    type: 'page',
    event: '',
    path: '/cart',
    utmSource: 'criteo',
    utmMedium: 'retargeting',
    props: 'page',
  },
  // Purchase
  { weight: 65, type: 'track', event: 'Product Added', path: '/products/{sku}', props: 'product' },
  { weight: 35, type: 'track', event: 'Cart Viewed', path: '/cart', props: 'product' },
  { weight: 20, type: 'page', event: 'Cart', path: '/cart', props: 'page' },
  { weight: 30, type: 'track', event: 'Checkout Started', path: '/checkout', props: 'order' },
  {
    weight: 35,
    type: 'track',
    event: 'Checkout Step Viewed',
    path: '/checkout/shipping',
    props: 'page',
  },
  {
    weight: 25,
    type: 'track',
    event: 'Payment Info Entered',
    path: '/checkout/payment',
    props: 'page',
  },
  { weight: 8, type: 'track', event: 'Coupon Applied', path: '/checkout', props: 'page' },
  { weight: 21, type: 'track', event: 'Order Completed', path: '/checkout/done', props: 'order' },
  {
    weight: 4,
    type: 'track',
    event: 'Order Completed',
    channel: 'in-person',
    props: 'store-order',
  },
  { weight: 6, type: 'track', event: 'Store Visited', channel: 'in-person', props: 'page' },
  // Receive
  {
    weight: 15,
    type: 'track',
    event: 'Email Opened',
    channel: 'email',
    props: 'email',
    emailType: 'thank-you',
  },
  { weight: 10, type: 'page', event: '', path: '/order-confirmation/{order}', props: 'page' },
  { weight: 20, type: 'track', event: 'Order Shipped', channel: 'email', props: 'order' },
  { weight: 18, type: 'track', event: 'Order Delivered', channel: 'email', props: 'order' },
  { weight: 3, type: 'track', event: 'Delivery Delayed', channel: 'email', props: 'order' },
  { weight: 10, type: 'track', event: 'Payment Succeeded', channel: 'billing', props: 'order' },
  { weight: 2, type: 'track', event: 'Payment Failed', channel: 'billing', props: 'order' },
  { weight: 5, type: 'track', event: 'Invoice Paid', channel: 'billing', props: 'order' },
  { weight: 6, type: 'track', event: 'Survey Responded', channel: 'email', props: 'page' },
  // Get help
  { weight: 6, type: 'track', event: 'Live Chat Started', channel: 'chat', props: 'page' },
  { weight: 3, type: 'track', event: 'Support Email Received', channel: 'email', props: 'page' },
  { weight: 15, type: 'page', event: '', path: '/help/returns', props: 'page' },
  { weight: 3, type: 'track', event: 'Password Reset Requested', props: 'page' },
  { weight: 4, type: 'track', event: 'Return Requested', props: 'order' },
  { weight: 2, type: 'track', event: 'Order Refunded', channel: 'billing', props: 'order' },
  // Come back
  {
    weight: 28,
    type: 'track',
    event: 'Email Opened',
    channel: 'email',
    props: 'email',
    emailType: 'newsletter',
  },
  {
    weight: 10,
    type: 'track',
    event: 'Email Link Clicked',
    channel: 'email',
    props: 'email',
    emailType: 'upsell',
  },
  { weight: 10, type: 'track', event: 'Loyalty Points Earned', props: 'order' },
  // Nothing on the map
  { weight: 25, type: 'page', event: 'About', path: '/about', props: 'page' },
  { weight: 22, type: 'track', event: 'Signed In', path: '/login', props: 'page' },
  { weight: 10, type: 'identify', event: '', props: 'page' },
  { weight: 10, type: 'track', event: 'Video Played', path: '/products/{sku}', props: 'product' },
];

const totalWeight = KINDS.reduce((s, k) => s + k.weight, 0);
if (totalWeight !== 1000)
  throw new Error(`synthetic event weights sum to ${totalWeight}, not 1000`);

export interface SyntheticEventsOptions {
  workspaceId: string;
  events: number;
  customers: number;
  /** The newest event is before this instant; the oldest is `days` before it. */
  end: Date;
  days: number;
}

/**
 * Fills the `events` table (and `customers`) with synthetic events, generated inside DuckDB so
 * that ten million rows take seconds, not the minutes the ingestion path would. Deterministic:
 * every choice is a hash of the row number. Each customer is active for 1–45 days starting on a
 * random day, so journeys lapse and convert at varied rates.
 */
export async function insertSyntheticEvents(
  store: DuckDbStore,
  o: SyntheticEventsOptions,
): Promise<void> {
  await store.db.with(async (s) => {
    // One row per thousandth of probability: an equi-join picks each event's kind.
    await s.run(`CREATE OR REPLACE TEMP TABLE kinds (
      pick INTEGER, type VARCHAR, event VARCHAR, path_pattern VARCHAR, utm_source VARCHAR,
      utm_medium VARCHAR, utm_campaign VARCHAR, channel VARCHAR, props VARCHAR, email_type VARCHAR)`);
    let lo = 0;
    for (const k of KINDS) {
      await s.run(`INSERT INTO kinds SELECT p, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM range(?, ?) r(p)`, [
        k.type,
        k.event,
        k.path ?? null,
        k.utmSource ?? null,
        k.utmMedium ?? null,
        k.utmCampaign ?? null,
        k.channel ?? null,
        k.props,
        k.emailType ?? null,
        lo,
        lo + k.weight,
      ]);
      lo += k.weight;
    }
    const endMs = o.end.getTime();
    const startSec = Math.floor((endMs - o.days * 86_400_000) / 1000);
    const activeDays = Math.min(45, o.days);
    const lastStartDay = Math.max(1, o.days - activeDays);
    await s.run(
      `INSERT INTO customers (id, workspace_id, traits, created_at, updated_at)
       SELECT 'cus_' || substr(md5('c' || c), 1, 20), $1,
         json_object('plan', CASE WHEN hash(c, 9) % 4 = 0 THEN 'pro' ELSE 'free' END,
           'loyalty_tier', ['none', 'silver', 'gold'][(1 + hash(c, 8) % 3)::BIGINT]),
         to_timestamp($2)::TIMESTAMP, to_timestamp($2)::TIMESTAMP
       FROM range($3) r(c)`,
      [o.workspaceId, startSec, o.customers],
    );
    // One customer in a hundred was merged into the next one (identity resolution at work).
    await s.run(
      `INSERT INTO customer_aliases
       SELECT $1, 'cus_' || substr(md5('c' || c), 1, 20), 'cus_' || substr(md5('c' || (c + 1)), 1, 20)
       FROM range(0, $2 - 1, 100) r(c)`,
      [o.workspaceId, o.customers],
    );
    await s.run(
      `INSERT INTO events
       WITH r AS (
         SELECT i, (hash(i) % $3)::BIGINT AS c, (hash(i, 1) % 1000)::INTEGER AS pick,
           (hash(i, 2) % 1000000)::BIGINT AS h
         FROM range($2) t(i)
       ), x AS (
         SELECT r.*, k.*, round(10 + (h % 30000) / 100.0, 2) AS revenue,
           replace(replace(replace(k.path_pattern, '{sku}', 'sku-' || (h % 2000)), '{order}',
             'ord-' || i), '{category}', ['shoes', 'jackets', 'socks', 'bags'][1 + h % 4]) AS path,
           make_timestamp(
             ($4 + (hash(c, 3) % $5)::BIGINT * 86400
               + (hash(i, 5) % ((1 + hash(c, 4) % $6) * 86400))::BIGINT) * 1000000) AS ts
         FROM r JOIN kinds k USING (pick)
       )
       SELECT md5_number($1 || chr(10) || ('msg-' || i)), $1, 'msg-' || i, type, event,
         -- ids shaped like newId('cus'): a prefix and 20 characters
         'cus_' || substr(md5('c' || c), 1, 20), 'user-' || c, 'anon-' || c, ts,
         ts + INTERVAL 1 SECOND, path, 'https://shop.example' || path, NULL,
         utm_source, utm_medium, utm_campaign, channel, NULL,
         CASE WHEN props IN ('order', 'store-order') THEN revenue END,
         CASE props
           WHEN 'order' THEN json_object('order_id', 'ord-' || i, 'revenue', revenue,
             'currency', 'EUR', 'items', 1 + h % 4)
           WHEN 'store-order' THEN json_object('order_id', 'ord-' || i, 'revenue', revenue,
             'currency', 'EUR', 'store_id', 'store-' || (h % 12))
           WHEN 'email' THEN json_object('email_type', email_type, 'campaign_id',
             'cmp-' || (h % 40))
           WHEN 'product' THEN json_object('product_id', 'sku-' || (h % 2000), 'price',
             round((h % 20000) / 100.0, 2), 'category', 'shoes')
           ELSE json_object('title', 'Shop', 'referrer', 'https://www.google.com/')
         END,
         '{"library":{"name":"bench"}}'
       FROM x`,
      [o.workspaceId, o.events, o.customers, startSec, lastStartDay, activeDays],
    );
    await s.run('DROP TABLE kinds');
  });
  await store.db.run('CHECKPOINT');
}
