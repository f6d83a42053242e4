import { CATEGORIES } from './demo-data.ts';
import type { TDemoCampaign } from './demo-payload.ts';
import type { SeededRandom } from './random.ts';

/** How a visit starts: where the visitor came from. */
export type ArrivalKind =
  | 'organic'
  | 'organic-blog'
  | 'direct'
  | 'facebook'
  | 'instagram'
  | 'google-cpc'
  | 'google-display'
  | 'newsletter'
  | 'referral'
  | 'trustpilot'
  | 'retargeting'
  | 'abandoned-cart'
  | 'cross-sell';

export type LandingKind = 'home' | 'blog' | 'collection' | 'product' | 'cart';

export interface Arrival {
  kind: ArrivalKind;
  campaign?: TDemoCampaign;
  referrer: string;
  landing: LandingKind;
}

/** How new customers first arrive, in proportion. */
export const FIRST_ARRIVALS: ReadonlyArray<readonly [ArrivalKind, number]> = [
  ['organic', 18],
  ['organic-blog', 9],
  ['direct', 7],
  ['facebook', 13],
  ['instagram', 6],
  ['google-cpc', 15],
  ['google-display', 9],
  ['newsletter', 5],
  ['referral', 10],
  ['trustpilot', 8],
];

/** The campaign tags, referrer and landing page for an arrival of this kind. */
export function describeArrival(rng: SeededRandom, kind: ArrivalKind, issue = 1): Arrival {
  switch (kind) {
    case 'organic':
      return {
        kind,
        referrer: 'https://www.google.com/',
        landing: rng.weighted([
          ['home', 4],
          ['product', 4],
          ['collection', 2],
        ] as const),
      };
    case 'organic-blog':
      return { kind, referrer: 'https://www.google.com/', landing: 'blog' };
    case 'direct':
      return { kind, referrer: '', landing: 'home' };
    case 'facebook':
    case 'instagram':
      return {
        kind,
        campaign: {
          source: kind,
          medium: 'social',
          name: rng.pick(['autumn-drop', 'hiking-season', 'customer-stories']),
        },
        referrer: `https://www.${kind}.com/`,
        landing: rng.chance(0.6) ? 'product' : 'collection',
      };
    case 'google-cpc':
      return {
        kind,
        campaign: {
          source: 'google',
          medium: 'cpc',
          name: rng.pick(['brand', 'rain-jackets', 'trail-shoes', 'backpacks']),
        },
        referrer: 'https://www.google.com/',
        landing: rng.chance(0.7) ? 'product' : 'collection',
      };
    case 'google-display':
      return {
        kind,
        campaign: {
          source: 'google',
          medium: 'display',
          name: rng.pick(['autumn-drop', 'prospecting']),
        },
        referrer: 'https://googleads.g.doubleclick.net/',
        landing: rng.chance(0.5) ? 'home' : 'collection',
      };
    case 'newsletter':
      return {
        kind,
        campaign: { source: 'newsletter', medium: 'email', name: `issue-${issue}` },
        referrer: '',
        landing: rng.chance(0.6) ? 'collection' : 'product',
      };
    case 'referral':
      return {
        kind,
        campaign: { source: 'referral', medium: 'referral', name: 'refer-a-friend' },
        referrer: '',
        landing: 'home',
      };
    case 'trustpilot':
      return {
        kind,
        campaign: { source: 'trustpilot', medium: 'review-site', name: 'company-profile' },
        referrer: 'https://www.trustpilot.com/review/shop.example.com',
        landing: 'home',
      };
    case 'retargeting': {
      const source = rng.chance(0.6) ? 'facebook' : 'google';
      return {
        kind,
        campaign: { source, medium: 'retargeting', name: 'retarget-viewed-products' },
        referrer: source === 'facebook' ? 'https://www.facebook.com/' : 'https://www.google.com/',
        landing: 'product',
      };
    }
    case 'abandoned-cart':
      return {
        kind,
        campaign: { source: 'crm', medium: 'email', name: 'abandoned-cart' },
        referrer: '',
        landing: 'cart',
      };
    case 'cross-sell':
      return {
        kind,
        campaign: { source: 'crm', medium: 'email', name: `cross-sell-${rng.pick(CATEGORIES)}` },
        referrer: '',
        landing: 'product',
      };
  }
}
