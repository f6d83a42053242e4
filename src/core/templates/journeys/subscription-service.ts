import type { TJourneyTemplate } from '../journey-template.ts';

/** A consumer subscription delivered every month (a box, a plan, a membership). */
export const SUBSCRIPTION_SERVICE: TJourneyTemplate = {
  key: 'subscription-service',
  name: 'Subscription service',
  description:
    'A monthly consumer subscription: discovery, choosing a plan, the first delivery, everyday ' +
    'use, billing and renewal, and winning back those who leave.',
  goal: { event: 'Subscription Started', valueProperty: 'revenue' },
  settings: { conversionWindowDays: 30, inactivityDays: 35 },
  stages: [
    {
      name: 'Discover',
      lanes: {
        actions: ['Sees an ad or a post', 'Gets a discount code from a friend', 'Reads reviews'],
        thoughts: ['Is it cheaper than doing it myself?', 'Can I cancel at any time?'],
        emotion: 1,
        painPoints: ['Reviews mention cancellation trouble'],
        opportunities: [
          'Say "cancel any time" in ads and show how',
          'Give referrers credit they can see',
        ],
      },
      touchpoints: [
        { templateKey: 'social-media' },
        { templateKey: 'display-ads' },
        { templateKey: 'peer-referral', name: 'Refer-a-friend credit' },
        { templateKey: 'review-sites' },
      ],
    },
    {
      name: 'Choose a plan',
      lanes: {
        actions: [
          'Compares plan sizes and prices',
          'Creates an account',
          'Starts with a discounted first month',
          'Enters card details',
        ],
        thoughts: ['Which plan fits my household?', 'What will I pay after the first month?'],
        emotion: 0,
        painPoints: [
          'Full price after the offer is in small print',
          'Account required before seeing the menu',
        ],
        opportunities: [
          'Show the price after the offer next to the offer',
          'Let visitors browse before signing up',
        ],
      },
      touchpoints: [
        { templateKey: 'homepage' },
        { templateKey: 'pricing-page', name: 'Plans and prices' },
        { templateKey: 'sign-up' },
        { templateKey: 'free-trial', name: 'Discounted first month' },
        { templateKey: 'checkout-flow', name: 'Subscription checkout', designedMarker: 'decision' },
      ],
    },
    {
      name: 'First delivery',
      lanes: {
        actions: ['Reads the welcome email', 'Sets preferences', 'Tracks the first box'],
        thoughts: ['Did I choose the right things?', 'Will someone be home for the delivery?'],
        emotion: 1,
        painPoints: ['Delivery window too wide', 'Preferences hard to change'],
        opportunities: [
          'Let customers pick a one-hour delivery window',
          'Ask for preferences in the welcome email',
        ],
      },
      touchpoints: [
        { templateKey: 'thank-you', name: 'Welcome and confirmation' },
        { templateKey: 'onboarding', name: 'Preferences set-up' },
        { templateKey: 'delivery-tracking' },
      ],
    },
    {
      name: 'Everyday use',
      lanes: {
        actions: [
          'Skips or changes a delivery',
          'Reads the newsletter',
          'Earns rewards',
          'Asks a question in chat',
        ],
        thoughts: ['I keep forgetting to skip weeks', 'Nice to get a bonus item'],
        emotion: 1,
        painPoints: ['The skip deadline is easy to miss', 'The chatbot cannot change a delivery'],
        opportunities: [
          'Remind customers two days before the skip deadline',
          'Let the chatbot skip a week',
        ],
      },
      touchpoints: [
        { templateKey: 'newsletter' },
        { templateKey: 'loyalty-program', name: 'Member rewards' },
        { templateKey: 'chatbot' },
        { templateKey: 'support-chat' },
        { templateKey: 'knowledge-base' },
      ],
    },
    {
      name: 'Billing and renewal',
      lanes: {
        actions: [
          'Is charged each month',
          'Updates an expired card',
          'Decides to stay, pause or cancel',
        ],
        thoughts: ['Why was I charged for a week I skipped?', 'Is there a cheaper plan?'],
        emotion: -1,
        painPoints: [
          'Failed charges pause deliveries without warning',
          'Cancelling takes several screens',
        ],
        opportunities: [
          'Warn before a card expires',
          'Offer a pause and a smaller plan in the cancellation flow',
        ],
      },
      touchpoints: [
        { templateKey: 'billing', name: 'Monthly charge', designedMarker: 'friction' },
        { templateKey: 'subscription-renewal' },
        { templateKey: 'cancellation-flow', designedMarker: 'decision' },
      ],
    },
    {
      name: 'Win back',
      lanes: {
        actions: [
          'Receives a postcard offer',
          'Gets an email about new plans',
          'Says why they left',
        ],
        thoughts: ['Maybe I will try it again', 'They just want me back for the money'],
        emotion: 0,
        painPoints: ['Win-back offers arrive the day after cancelling'],
        opportunities: [
          'Wait a month before the first win-back offer',
          'Use the cancellation reason to choose the offer',
        ],
      },
      touchpoints: [
        { templateKey: 'direct-mail', name: 'Win-back postcard' },
        { templateKey: 'upsell-email', name: 'Win-back and new-plan emails' },
        { templateKey: 'feedback-survey', name: 'Leaving survey' },
      ],
    },
  ],
};
