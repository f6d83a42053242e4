/**
 * The touchpoint option lists as plain values, without zod: the schemas build their enums from
 * them, and the web app imports them for its forms, so a new channel appears in both at once.
 */
export const CHANNELS = [
  'web',
  'email',
  'social',
  'ads',
  'search',
  'phone',
  'chat',
  'in-person',
  'app',
  'mail',
  'event',
  'review-site',
  'referral',
  'billing',
  'sms',
  'community',
  'other',
] as const;

export const PHASES = ['before', 'during', 'after', 'service'] as const;

export const DESIGNED_MARKERS = ['positive', 'friction', 'decision', 'neutral'] as const;

/** The four keys a touchpoint is judged by. */
export const FOUR_KEYS = ['relevance', 'usefulness', 'simplicity', 'attractiveness'] as const;
