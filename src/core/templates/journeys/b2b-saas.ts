import type { TJourneyTemplate } from '../journey-template.ts';

/** A software product sold to companies, with a trial, a sales team and annual contracts. */
export const B2B_SAAS: TJourneyTemplate = {
  key: 'b2b-saas',
  name: 'B2B SaaS',
  description:
    'Software sold to teams and companies: research and events, a trial or a demo, a ' +
    'conversation with sales and a contract, onboarding, day-to-day adoption, and the renewal.',
  goal: { event: 'Contract Signed', valueProperty: 'value' },
  settings: { conversionWindowDays: 90, inactivityDays: 30 },
  stages: [
    {
      name: 'Become aware',
      lanes: {
        actions: [
          'Searches for a way to solve a team problem',
          'Reads an article or a comparison',
          'Joins a webinar',
          'Checks ratings on G2 or Capterra',
        ],
        thoughts: [
          'Is this for a company of our size?',
          'Who else uses it?',
          'Will it work with our tools?',
        ],
        emotion: 0,
        painPoints: [
          'Content is generic and does not mention the buyer’s industry',
          'Pricing is hidden behind a form',
        ],
        opportunities: [
          'Publish integration and industry pages',
          'Invite webinar attendees to a trial with sample data',
        ],
      },
      touchpoints: [
        { templateKey: 'content-blog', name: 'Blog, guides and comparisons' },
        { templateKey: 'search-ads' },
        { templateKey: 'social-media', name: 'LinkedIn' },
        { templateKey: 'events-webinars' },
        { templateKey: 'review-sites', name: 'G2 and Capterra' },
      ],
    },
    {
      name: 'Evaluate',
      lanes: {
        actions: [
          'Compares plans on the pricing page',
          'Starts a trial and invites a colleague',
          'Books a demo',
          'Reads the documentation',
        ],
        thoughts: [
          'How long until this is useful?',
          'Will my team actually use it?',
          'Which plan do we need?',
        ],
        emotion: 1,
        painPoints: [
          'Empty trial workspace with nothing to try',
          'Demo slots a week away',
          'Security questions with no public answers',
        ],
        opportunities: [
          'Seed trials with sample data',
          'Offer same-day demo slots',
          'Publish a security page and a standard questionnaire',
        ],
      },
      touchpoints: [
        { templateKey: 'pricing-page' },
        { templateKey: 'free-trial' },
        { templateKey: 'demo-request' },
        { templateKey: 'knowledge-base', name: 'Product documentation' },
      ],
    },
    {
      name: 'Buy',
      lanes: {
        actions: [
          'Talks to sales about needs and price',
          'Gets approval from a manager and procurement',
          'Signs the contract and pays the first invoice',
        ],
        thoughts: [
          'Can we get a discount for a longer term?',
          'What if it does not work out?',
          'Legal will take weeks',
        ],
        emotion: -1,
        painPoints: [
          'Procurement asks for documents the team does not have ready',
          'Invoices do not match the purchase order',
        ],
        opportunities: [
          'Keep a procurement pack ready',
          'Put the purchase-order number on every invoice',
        ],
      },
      touchpoints: [
        { templateKey: 'sales-conversation' },
        { templateKey: 'proposal-contract', designedMarker: 'decision' },
        { templateKey: 'billing', name: 'Invoicing', designedMarker: 'friction' },
      ],
    },
    {
      name: 'Onboard',
      lanes: {
        actions: [
          'Receives a welcome from the account team',
          'Connects data and invites the team',
          'Asks first questions',
        ],
        thoughts: ['Who do I ask for help?', 'Are we set up the right way?'],
        emotion: 0,
        painPoints: ['Set-up needs an admin who is on holiday', 'No clear first milestone'],
        opportunities: [
          'Agree a first milestone at the kickoff call',
          'Answer set-up questions in chat during the first two weeks',
        ],
      },
      touchpoints: [
        { templateKey: 'thank-you', name: 'Welcome email from the account team' },
        { templateKey: 'onboarding' },
        { templateKey: 'support-chat' },
      ],
    },
    {
      name: 'Adopt',
      lanes: {
        actions: [
          'Uses the product every week',
          'Asks peers in the community',
          'Meets the customer success manager',
          'Emails support about an issue',
        ],
        thoughts: ['Are we getting our money’s worth?', 'Others must have had this problem'],
        emotion: 1,
        painPoints: [
          'Usage falls after the champion leaves',
          'The chatbot loops on billing questions',
        ],
        opportunities: [
          'Alert customer success when usage falls two weeks in a row',
          'Hand billing questions straight to a person',
        ],
      },
      touchpoints: [
        { templateKey: 'customer-success' },
        { templateKey: 'community-forum' },
        { templateKey: 'chatbot', name: 'In-app assistant' },
        { templateKey: 'support-email' },
      ],
    },
    {
      name: 'Renew and expand',
      lanes: {
        actions: [
          'Reviews value before the renewal',
          'Adds seats or upgrades',
          'Answers an NPS survey',
          'Recommends the product to a peer',
        ],
        thoughts: ['Is it worth another year?', 'Could we do more with it?'],
        emotion: 1,
        painPoints: [
          'Renewal price surprises the buyer',
          'Nobody told the customer about new features',
        ],
        opportunities: [
          'Send a value report 60 days before renewal',
          'Ask promoters for a reference or a review',
        ],
      },
      touchpoints: [
        { templateKey: 'subscription-renewal', name: 'Contract renewal' },
        { templateKey: 'upsell-email', name: 'Upgrade and add-on offers' },
        { templateKey: 'feedback-survey', name: 'NPS survey' },
        { templateKey: 'peer-referral', name: 'References and referrals' },
      ],
    },
  ],
};
