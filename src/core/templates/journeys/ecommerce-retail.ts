import type { TJourneyTemplate } from '../journey-template.ts';

/** An online shop with a few physical stores: from first ad to repeat purchase. */
export const ECOMMERCE_RETAIL: TJourneyTemplate = {
  key: 'ecommerce-retail',
  name: 'E-commerce retail',
  description:
    'An online shop, with a few stores, selling to consumers: discovery through ads, social ' +
    'and search; browsing and checkout; delivery and billing; help when something goes wrong; ' +
    'and the emails and rewards that bring people back.',
  goal: { event: 'Order Completed', valueProperty: 'revenue' },
  settings: { conversionWindowDays: 30, inactivityDays: 21 },
  stages: [
    {
      name: 'Discover',
      lanes: {
        actions: [
          'Scrolls past a post or an ad',
          'Searches for a product type or a gift idea',
          'Reads a buying guide on the blog',
          'Hears about the shop from a friend',
          'Checks the shop rating on a review site',
        ],
        thoughts: [
          'Is this brand any good?',
          'Do they have what I need at a fair price?',
          'Can I trust them with my card details?',
        ],
        emotion: 1,
        painPoints: [
          'The same ad follows me everywhere',
          'Hard to tell what the shop sells from the homepage',
          'Old negative reviews with no answer',
        ],
        opportunities: [
          'Use customer photos in ads',
          'Answer every review-site complaint in public',
          'Send each campaign to a matching landing page instead of the homepage',
        ],
      },
      touchpoints: [
        { templateKey: 'social-media', name: 'Instagram and Facebook' },
        { templateKey: 'display-ads' },
        { templateKey: 'search-ads', name: 'Google search and shopping ads' },
        { templateKey: 'content-blog', name: 'Blog and buying guides' },
        { templateKey: 'peer-referral', name: 'Refer-a-friend' },
        { templateKey: 'review-sites', name: 'Trustpilot reviews' },
        { templateKey: 'homepage' },
      ],
    },
    {
      name: 'Consider',
      lanes: {
        actions: [
          'Browses a category and filters by size and price',
          'Compares two or three products',
          'Reads reviews and looks at photos',
          'Leaves and comes back after a reminder',
        ],
        thoughts: ['Will it fit?', 'Is it cheaper somewhere else?', 'When would it arrive?'],
        emotion: 0,
        painPoints: [
          'Delivery date only shown at checkout',
          'No size guide on some product pages',
          'Search misses common spellings',
        ],
        opportunities: [
          'Show the delivery date and returns policy on the product page',
          'Add fit notes from reviews',
          'Fix zero-result searches weekly',
        ],
      },
      touchpoints: [
        { templateKey: 'product-catalog', name: 'Categories and search' },
        { templateKey: 'product-pages' },
        { templateKey: 'product-reviews' },
        { templateKey: 'retargeting' },
      ],
    },
    {
      name: 'Purchase',
      lanes: {
        actions: [
          'Adds items to the cart',
          'Enters address and delivery choice',
          'Pays by card, wallet or pay-later',
          'Buys in a store or collects an online order there',
        ],
        thoughts: [
          'Why is shipping so expensive?',
          'Did my payment go through?',
          'Do I have to create an account?',
        ],
        emotion: -1,
        painPoints: [
          'Shipping cost appears late',
          'Card payments fail without a clear reason',
          'Discount codes rejected with no explanation',
        ],
        opportunities: [
          'Show shipping cost in the cart',
          'Explain payment failures and offer another method on the spot',
          'Offer guest checkout and wallets',
        ],
      },
      touchpoints: [
        { templateKey: 'shopping-cart', designedMarker: 'friction' },
        { templateKey: 'checkout-flow', name: 'Checkout and payment', designedMarker: 'decision' },
        { templateKey: 'point-of-sale', name: 'Store till and click & collect' },
      ],
    },
    {
      name: 'Receive',
      lanes: {
        actions: [
          'Reads the order confirmation',
          'Follows the parcel',
          'Pays an invoice or a pay-later instalment',
          'Answers a short survey after delivery',
        ],
        thoughts: ['When will it arrive?', 'Why was I charged again?', 'Was it worth it?'],
        emotion: 1,
        painPoints: [
          'Delays are not announced',
          'Pay-later charges fail and the customer is not told how to fix it',
        ],
        opportunities: [
          'Warn about delays before the customer asks',
          'Send a fix-it link as soon as a charge fails',
          'Ask for a review once the parcel has arrived',
        ],
      },
      touchpoints: [
        { templateKey: 'thank-you', name: 'Order confirmation and thank-you email' },
        { templateKey: 'delivery-tracking' },
        {
          templateKey: 'billing',
          name: 'Payment capture and pay-later invoices',
          designedMarker: 'friction',
        },
        { templateKey: 'feedback-survey', name: 'Post-delivery survey' },
      ],
    },
    {
      name: 'Get help',
      lanes: {
        actions: [
          'Looks for an answer in the help centre',
          'Starts a chat or writes an email',
          'Resets a forgotten password',
          'Returns an item and waits for the refund',
        ],
        thoughts: [
          'Why do I have to explain this again?',
          'Where is my money?',
          'Will anyone answer today?',
        ],
        emotion: -1,
        painPoints: [
          'Password-reset emails arrive late or not at all',
          'Customers contact support several times about the same delay',
          'Refunds take more than a week',
        ],
        opportunities: [
          'Show order status inside the chat',
          'Link the password-reset help article from the sign-in page',
          'Send a refund confirmation with the expected date',
        ],
      },
      touchpoints: [
        { templateKey: 'support-chat' },
        { templateKey: 'support-email' },
        { templateKey: 'knowledge-base', name: 'Help centre' },
        { templateKey: 'account-self-service', name: 'Sign-in and password reset' },
        { templateKey: 'returns-refunds' },
      ],
    },
    {
      name: 'Come back',
      lanes: {
        actions: [
          'Opens a recommendation email',
          'Reads the newsletter',
          'Collects and spends loyalty points',
          'Buys again',
        ],
        thoughts: ['They remember what I like', 'Is this offer actually good?', 'Too many emails'],
        emotion: 1,
        painPoints: ['Recommendations for things already bought', 'Points expire without warning'],
        opportunities: [
          'Base recommendations on the last order',
          'Remind members before points expire',
          'Let customers choose how often they hear from us',
        ],
      },
      touchpoints: [
        { templateKey: 'upsell-email', name: 'Recommendation emails' },
        { templateKey: 'newsletter' },
        { templateKey: 'loyalty-program' },
      ],
    },
  ],
};
