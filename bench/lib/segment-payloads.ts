/**
 * Realistic Segment `track` payloads for the ingestion bench, built fast: each payload is a
 * pre-rendered JSON text with only the messageId spliced in, so that the load generator spends
 * its time sending, not serializing. Every payload is 350–450 bytes.
 */

const PRODUCTS = [
  ['sku-10442', 'Trail Runner 2', 129.9, 'shoes'],
  ['sku-20117', 'Merino Crew Sock (3-pack)', 24.5, 'socks'],
  ['sku-30981', 'Packable Rain Shell', 189, 'jackets'],
  ['sku-41230', 'Insulated Bottle 750 ml', 32, 'accessories'],
] as const;

const EVENTS = [
  'Product Viewed',
  'Product Added',
  'Cart Viewed',
  'Checkout Started',
  'Order Completed',
] as const;

/** One payload with a `%ID%` hole for its messageId, split around the hole. */
function template(i: number): [string, string] {
  const [sku, name, price, category] = PRODUCTS[i % PRODUCTS.length]!;
  const event = EVENTS[i % EVENTS.length]!;
  const user = 10_000 + ((i * 7919) % 50_000);
  const payload = {
    type: 'track',
    messageId: '%ID%',
    userId: `user-${user}`,
    anonymousId: `0f5c${(user * 2654435761) % 1e9}-7a1e-4c7b-9d0e-3b1f${user}`,
    event,
    properties: {
      product_id: sku,
      name,
      price,
      currency: 'EUR',
      category,
      ...(event === 'Order Completed' ? { order_id: `ord-${i}`, revenue: price } : {}),
    },
    context: {
      library: { name: 'analytics-node', version: '3.1.0' },
      page: {
        path: `/products/${sku}`,
        url: `https://shop.example/products/${sku}`,
        referrer: 'https://www.google.com/',
      },
      ip: '203.0.113.7',
    },
    timestamp: '2026-01-15T10:00:00.000Z',
  };
  const text = JSON.stringify(payload);
  const at = text.indexOf('%ID%');
  return [text.slice(0, at), text.slice(at + 4)];
}

const TEMPLATES = Array.from({ length: 20 }, (_, i) => template(i));

/** A payload for event number `seq` of this generator, with a messageId unique to `prefix`. */
export function trackPayload(prefix: string, seq: number): string {
  const [head, tail] = TEMPLATES[seq % TEMPLATES.length]!;
  return `${head}${prefix}-${seq}${tail}`;
}

/** A `/v1/batch` body of `size` events numbered from `firstSeq`. */
export function batchBody(prefix: string, firstSeq: number, size: number): string {
  const items: string[] = new Array(size);
  for (let k = 0; k < size; k++) items[k] = trackPayload(prefix, firstSeq + k);
  return `{"batch":[${items.join(',')}],"sentAt":"2026-01-15T10:00:01.000Z"}`;
}
