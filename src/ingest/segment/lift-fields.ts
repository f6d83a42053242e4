import type { TJsonObject } from '../../core/schemas/common.ts';
import type { TEventType, TNormalizedEvent } from '../../core/schemas/event.ts';
import { getOwn, getOwnObject } from './json-object.ts';

/** The columns lifted out of properties, traits and context. */
export type TLiftedFields = Pick<
  TNormalizedEvent,
  | 'path'
  | 'url'
  | 'referrer'
  | 'utmSource'
  | 'utmMedium'
  | 'utmCampaign'
  | 'channel'
  | 'text'
  | 'value'
  | 'email'
>;

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A non-empty string value of an own key, else null. */
function text(object: TJsonObject | undefined, key: string): string | null {
  if (object === undefined) return null;
  const value = getOwn(object, key);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The first candidate key holding a non-empty string (unusable values are skipped). */
function firstText(object: TJsonObject, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = text(object, key);
    if (value !== null) return value;
  }
  return null;
}

/** A finite number, or a string that is one (`"19.99"`), else null. */
function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function firstNumber(object: TJsonObject, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = toNumber(getOwn(object, key));
    if (value !== null) return value;
  }
  return null;
}

/** The path of an absolute URL, so that path match rules work when a caller sends only `url`. */
function pathOf(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return null;
  return new URL(url).pathname;
}

/**
 * Lifts the frequently queried fields into columns. A page call describes the page in its
 * properties as well as in context.page; context.page is read first.
 */
export function liftFields(
  type: TEventType,
  properties: TJsonObject,
  traits: TJsonObject,
  context: TJsonObject,
): TLiftedFields {
  const page = getOwnObject(context, 'page');
  const pageProps = type === 'page' ? properties : undefined;
  const url = text(page, 'url') ?? text(pageProps, 'url');
  const path = text(page, 'path') ?? text(pageProps, 'path') ?? pathOf(url);
  const campaign = getOwnObject(context, 'campaign');
  // Only traits say who the customer is. An email among event properties may be someone else's
  // (an invited colleague, a gift recipient), so it never links identities.
  const email = text(traits, 'email') ?? text(getOwnObject(context, 'traits'), 'email');
  return {
    path,
    url,
    referrer: text(page, 'referrer') ?? text(pageProps, 'referrer'),
    utmSource: text(campaign, 'source'),
    utmMedium: text(campaign, 'medium'),
    utmCampaign: text(campaign, 'name'),
    channel: text(context, 'channel') ?? text(properties, 'channel'),
    text: firstText(properties, ['text', 'body', 'message', 'comment']),
    value: firstNumber(properties, ['value', 'revenue', 'total']),
    email: email === null ? null : email.trim() || null,
  };
}
