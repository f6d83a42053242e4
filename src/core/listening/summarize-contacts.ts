/**
 * Contact reasons and themes as figures: volume this period and the previous one of equal length
 * (the trend), how many customers and how many of them got in touch more than once about it (the
 * repeat rate), and example texts. docs/voice-of-customer.md, Contact reasons in a workspace.
 */

/** One customer message at a service touchpoint, with its reason or theme. */
export interface TContact {
  customerId: string;
  /** Epoch milliseconds. */
  at: number;
  /** The reason or theme it was counted under. */
  key: string;
  name: string;
  text: string;
  /** The classifier's confidence (null for themes). */
  confidence: number | null;
}

/** The current period [from, to) and the previous one [previousFrom, from), epoch ms. */
export interface TPeriods {
  from: number;
  to: number;
  previousFrom: number;
}

export interface TTrend {
  previous: number;
  /** volume − previous. */
  change: number;
  /** change / previous; null when the previous period had none. */
  relativeChange: number | null;
  direction: 'up' | 'down' | 'flat';
}

export interface TReasonFigures {
  key: string;
  name: string;
  /** Contacts in the current period. */
  volume: number;
  /** volume / all contacts in the current period. */
  share: number;
  trend: TTrend;
  customers: number;
  /** Customers with more than one contact about it in the current period. */
  repeatCustomers: number;
  /** repeatCustomers / customers; 0 without customers. */
  repeatRate: number;
  /** Up to three distinct texts of the current period: the most confident first, else latest. */
  examples: string[];
}

export interface TContactSummary {
  contacts: number;
  previousContacts: number;
  customers: number;
  /** Customers with more than one contact (about anything) / customers. */
  repeatRate: number;
  /** Reasons seen in either period: by volume, then previous volume, then name. */
  reasons: TReasonFigures[];
}

/** The trend from the previous period's count to this one's. */
export function trendOf(volume: number, previous: number): TTrend {
  const change = volume - previous;
  return {
    previous,
    change,
    relativeChange: previous > 0 ? change / previous : null,
    direction: change > 0 ? 'up' : change < 0 ? 'down' : 'flat',
  };
}

/** How many customers, and how many of them appear more than once. */
function countCustomers(contacts: readonly TContact[]): { customers: number; repeat: number } {
  const per = new Map<string, number>();
  for (const c of contacts) per.set(c.customerId, (per.get(c.customerId) ?? 0) + 1);
  let repeat = 0;
  for (const n of per.values()) if (n > 1) repeat++;
  return { customers: per.size, repeat };
}

/**
 * Figures per reason. Contacts outside both periods are ignored.
 *
 * @example summarizeContacts(contacts, { previousFrom: 0, from: 30 * DAY, to: 60 * DAY })
 * // { contacts: 12, reasons: [{ key: 'late-delivery', volume: 8, trend: { previous: 4, … }, … }] }
 */
export function summarizeContacts(
  contacts: readonly TContact[],
  periods: TPeriods,
): TContactSummary {
  const current = contacts.filter((c) => c.at >= periods.from && c.at < periods.to);
  const previous = contacts.filter((c) => c.at >= periods.previousFrom && c.at < periods.from);
  const keys = new Map<string, string>();
  for (const c of [...current, ...previous]) if (!keys.has(c.key)) keys.set(c.key, c.name);
  const reasons = [...keys].map(([key, name]): TReasonFigures => {
    const mine = current.filter((c) => c.key === key);
    const before = previous.filter((c) => c.key === key).length;
    const { customers, repeat } = countCustomers(mine);
    return {
      key,
      name,
      volume: mine.length,
      share: current.length > 0 ? mine.length / current.length : 0,
      trend: trendOf(mine.length, before),
      customers,
      repeatCustomers: repeat,
      repeatRate: customers > 0 ? repeat / customers : 0,
      examples: pickExamples(mine),
    };
  });
  reasons.sort(
    (a, b) =>
      b.volume - a.volume || b.trend.previous - a.trend.previous || a.name.localeCompare(b.name),
  );
  const all = countCustomers(current);
  return {
    contacts: current.length,
    previousContacts: previous.length,
    customers: all.customers,
    repeatRate: all.customers > 0 ? all.repeat / all.customers : 0,
    reasons,
  };
}

function pickExamples(contacts: readonly TContact[]): string[] {
  const ranked = [...contacts].sort(
    (a, b) => (b.confidence ?? 0) - (a.confidence ?? 0) || b.at - a.at,
  );
  const out: string[] = [];
  for (const c of ranked) {
    const text = c.text.trim();
    if (out.includes(text)) continue;
    out.push(text);
    if (out.length === 3) break;
  }
  return out;
}

/**
 * A key for a reason or theme name that fits a URL path segment: lower case, runs of anything
 * but letters and digits as one dash, at most 60 characters.
 *
 * @example reasonKey('reason', 'Password reset') === 'reason-password-reset'
 */
export function reasonKey(kind: 'reason' | 'theme', name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${kind}-${slug || 'none'}`;
}
