/**
 * The invented shop behind the demo history: an outdoor-clothing retailer with a web shop and
 * three stores. Names, products and messages are made up for the demo.
 */

export const SHOP_URL = 'https://shop.example.com';
export const CURRENCY = 'EUR';

export interface DemoProduct {
  id: string;
  slug: string;
  name: string;
  category: string;
  price: number;
}

export const CATEGORIES = ['jackets', 'footwear', 'backpacks', 'knitwear', 'accessories'] as const;

export const PRODUCTS: readonly DemoProduct[] = [
  {
    id: 'p-101',
    slug: 'storm-shell-jacket',
    name: 'Storm Shell Jacket',
    category: 'jackets',
    price: 189,
  },
  { id: 'p-102', slug: 'down-puffer', name: 'Down Puffer', category: 'jackets', price: 229 },
  { id: 'p-103', slug: 'wind-anorak', name: 'Wind Anorak', category: 'jackets', price: 119 },
  {
    id: 'p-104',
    slug: 'fleece-overshirt',
    name: 'Fleece Overshirt',
    category: 'jackets',
    price: 89,
  },
  { id: 'p-201', slug: 'trail-runner-2', name: 'Trail Runner 2', category: 'footwear', price: 139 },
  {
    id: 'p-202',
    slug: 'hiking-boot-mid',
    name: 'Hiking Boot Mid',
    category: 'footwear',
    price: 169,
  },
  { id: 'p-203', slug: 'camp-slipper', name: 'Camp Slipper', category: 'footwear', price: 49 },
  { id: 'p-204', slug: 'city-sneaker', name: 'City Sneaker', category: 'footwear', price: 99 },
  { id: 'p-301', slug: 'daypack-22', name: 'Daypack 22', category: 'backpacks', price: 79 },
  { id: 'p-302', slug: 'trek-pack-45', name: 'Trek Pack 45', category: 'backpacks', price: 159 },
  {
    id: 'p-303',
    slug: 'roll-top-commuter',
    name: 'Roll-top Commuter',
    category: 'backpacks',
    price: 109,
  },
  { id: 'p-401', slug: 'merino-crew', name: 'Merino Crew', category: 'knitwear', price: 95 },
  {
    id: 'p-402',
    slug: 'cable-knit-sweater',
    name: 'Cable Knit Sweater',
    category: 'knitwear',
    price: 129,
  },
  { id: 'p-403', slug: 'zip-cardigan', name: 'Zip Cardigan', category: 'knitwear', price: 115 },
  { id: 'p-501', slug: 'wool-beanie', name: 'Wool Beanie', category: 'accessories', price: 29 },
  {
    id: 'p-502',
    slug: 'hiking-socks-3-pack',
    name: 'Hiking Socks 3-pack',
    category: 'accessories',
    price: 25,
  },
  {
    id: 'p-503',
    slug: 'insulated-bottle',
    name: 'Insulated Bottle',
    category: 'accessories',
    price: 35,
  },
  {
    id: 'p-504',
    slug: 'touchscreen-gloves',
    name: 'Touchscreen Gloves',
    category: 'accessories',
    price: 39,
  },
];

export const SEARCH_QUERIES = [
  'rain jacket',
  'waterproof boots',
  'merino',
  'backpack 30l',
  'gloves',
  'gift for dad',
  'wide fit shoes',
  'vegan jacket',
];

export const BLOG_POSTS = [
  'how-to-layer-for-winter-hikes',
  'choosing-your-first-trail-shoe',
  'caring-for-merino-wool',
  'what-to-pack-for-a-weekend-hut-trip',
  'rain-jacket-ratings-explained',
];

export const HELP_ARTICLES = [
  'delivery-times',
  'returns-policy',
  'size-guide',
  'reset-your-password',
  'pay-later-explained',
  'track-your-order',
];

export const STORES = [
  { id: 'store-amsterdam', country: 'NL' },
  { id: 'store-berlin', country: 'DE' },
  { id: 'store-lyon', country: 'FR' },
] as const;

export const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['NL', 18],
  ['DE', 24],
  ['FR', 14],
  ['BE', 7],
  ['GB', 10],
  ['ES', 6],
  ['IT', 6],
  ['SE', 5],
  ['DK', 4],
  ['AT', 4],
  ['US', 2],
];

export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Carla',
  'Daan',
  'Eva',
  'Finn',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Katja',
  'Lars',
  'Mila',
  'Noah',
  'Olivia',
  'Pieter',
  'Quinn',
  'Rosa',
  'Sami',
  'Tess',
  'Umar',
  'Vera',
  'Wout',
  'Xenia',
  'Yara',
  'Zeno',
  'Lea',
  'Marco',
  'Sofie',
  'Tomas',
];

export const LAST_NAMES = [
  'Jansen',
  'Muller',
  'Dubois',
  'Visser',
  'Schmidt',
  'Laurent',
  'Peeters',
  'Smith',
  'Garcia',
  'Rossi',
  'Lindqvist',
  'Hansen',
  'Bauer',
  'Meyer',
  'Martin',
  'Bakker',
  'Novak',
  'Weber',
  'Moreau',
  'Olsen',
];

/** Problems that send customers to support, with first messages and follow-ups. */
export type ProblemKind =
  | 'delivery-delay'
  | 'password-reset'
  | 'refund'
  | 'checkout-payment'
  | 'billing-charge'
  | 'damaged-item'
  | 'discount-code';

export const PROBLEM_SUBJECTS: Record<ProblemKind, string> = {
  'delivery-delay': 'Where is my order?',
  'password-reset': 'Cannot reset my password',
  refund: 'Refund not received',
  'checkout-payment': 'Payment failed at checkout',
  'billing-charge': 'Problem with my pay-later payment',
  'damaged-item': 'Item arrived damaged',
  'discount-code': 'Discount code not working',
};

/** `{order}` and `{product}` are filled in when a message is written. */
export const PROBLEM_MESSAGES: Record<ProblemKind, { first: string[]; again: string[] }> = {
  'delivery-delay': {
    first: [
      'Hi, order {order} should have arrived yesterday and tracking has not moved for three days. Can you check?',
      'My parcel is late. The tracking page just says in transit. When will it come?',
      'I ordered the {product} a week ago for a trip this weekend and it is still not here.',
    ],
    again: [
      'Still no parcel and no update. This is the second time I am asking about order {order}.',
      'Writing again about the same late delivery. Nobody has told me what is going on.',
      'Third message about order {order}. If it does not arrive by Friday I want my money back.',
    ],
  },
  'password-reset': {
    first: [
      'I asked for a password reset but the email never arrived. I checked my spam folder too.',
      'The reset link says it has expired as soon as I open it.',
      'I cannot log in to see my order because the password reset does not work.',
    ],
    again: [
      'I tried the password reset again and still nothing arrives. Please help.',
      'Same problem as yesterday: no reset email. Can you reset it for me?',
    ],
  },
  refund: {
    first: [
      'I sent back order {order} two weeks ago. When will I get my refund?',
      'Your site says the return was received but I have not been refunded yet.',
    ],
    again: [
      'Still waiting for the refund for order {order}. This is taking far too long.',
      'Asking again about my refund. It has been almost three weeks now.',
    ],
  },
  'checkout-payment': {
    first: [
      'My card was declined at checkout but my bank says everything is fine.',
      'The payment failed twice and now I see two pending charges on my card.',
      'Checkout keeps saying payment failed when I use my credit card. Is something broken?',
    ],
    again: [
      'I tried another card and the payment still fails. I really want to order this.',
      'Still cannot pay. Do you take bank transfer?',
    ],
  },
  'billing-charge': {
    first: [
      'I got a message that my pay-later payment failed. I updated my card, what happens now?',
      'You charged my card twice for order {order}.',
    ],
    again: [
      'The invoice for order {order} still shows as unpaid even though I paid it.',
      'Second time asking: please remove the late fee, the payment failure was on your side.',
    ],
  },
  'damaged-item': {
    first: [
      'The zipper on the {product} I received is broken. Can I get a replacement?',
      'The {product} arrived with a tear in the fabric.',
    ],
    again: ['I sent photos of the damaged {product} last week and have heard nothing back.'],
  },
  'discount-code': {
    first: [
      'The WELCOME10 code from your email is rejected at checkout.',
      'My loyalty voucher does not work on the sale items. Is that right?',
    ],
    again: ['The discount code still does not work. I will order elsewhere if this is not fixed.'],
  },
};

export const SURVEY_COMMENTS = {
  happy: [
    'Fast delivery and the jacket fits perfectly.',
    'Great quality, will order again.',
    'Easy checkout and friendly packaging.',
    'Exactly as described, thanks!',
  ],
  unhappy: [
    'Delivery took much longer than promised.',
    'Payment failed twice before it worked.',
    'The size guide was wrong for me.',
    'Too many emails after one order.',
    'Had to contact support three times.',
  ],
};

export const REVIEW_TEXTS = {
  happy: [
    'Warm, light and well made. Wore it on a three-day hike without issues.',
    'Comfortable from day one, true to size.',
    'Good value for the price, nice details.',
  ],
  unhappy: [
    'Runs small, order one size up.',
    'Colour is darker than on the photos.',
    'Seams started to come apart after a month.',
  ],
};
