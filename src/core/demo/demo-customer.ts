import { COUNTRIES, type DemoProduct, FIRST_NAMES, LAST_NAMES } from './demo-data.ts';
import {
  type DemoRecorder,
  shopPage,
  type TDemoCampaign,
  type TDemoIds,
  type TDemoPage,
} from './demo-payload.ts';
import type { SeededRandom } from './random.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type LoyaltyTier = 'none' | 'member' | 'silver' | 'gold';

/** Everything the simulation knows about one invented customer. */
export class DemoCustomer {
  readonly userId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly country: string;
  /** The browser the customer is on now; a new device starts anonymous again. */
  anonymousId: string;
  signedInOnDevice = false;
  /** True once an identify has tied the customer to `userId`. */
  known = false;
  createdAt: number | null = null;
  loyaltyTier: LoyaltyTier = 'none';
  newsletterSince: number | null = null;
  orders = 0;
  /** Bad experiences so far: they lower survey scores and the chance of coming back. */
  grievances = 0;
  /** Products looked at, most recent last: retargeting and reviews pick from these. */
  viewed: DemoProduct[] = [];
  /** The cart survives between visits, as a signed-in or cookie cart does. */
  cart: DemoProduct[] = [];
  cartId: string | null = null;
  /** How ready to buy this customer is, 0..1: scales every step of the funnel. */
  readonly intent: number;
  private counter = 0;

  constructor(
    readonly index: number,
    readonly rng: SeededRandom,
    readonly rec: DemoRecorder,
  ) {
    const tag = index.toString(36);
    this.userId = `usr_${rng.token(6)}${tag}`;
    this.firstName = rng.pick(FIRST_NAMES);
    this.lastName = rng.pick(LAST_NAMES);
    this.email = `${this.firstName}.${this.lastName}.${tag}@example.com`.toLowerCase();
    this.country = rng.weighted(COUNTRIES);
    this.anonymousId = rng.uuid();
    this.intent = 0.25 + 0.75 * rng.next() ** 1.5;
  }

  /** A new id for an order, a ticket, a cart...: unique within the customer, readable. */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.index.toString(36)}x${this.counter.toString(36)}`;
  }

  /** Ids for an event sent from the current browser. */
  browserIds(): TDemoIds {
    return this.signedInOnDevice
      ? { anonymousId: this.anonymousId, userId: this.userId }
      : { anonymousId: this.anonymousId };
  }

  /** Ids for an event sent by a back-office system, which only knows the user id. */
  serverIds(): TDemoIds {
    return { userId: this.userId };
  }

  traits(at: number): Record<string, unknown> {
    return {
      email: this.email,
      name: `${this.firstName} ${this.lastName}`,
      firstName: this.firstName,
      lastName: this.lastName,
      country: this.country,
      loyaltyTier: this.loyaltyTier,
      createdAt: new Date(this.createdAt ?? at).toISOString(),
    };
  }

  /** Ties the current browser to the user id, as a sign-in, sign-up or checkout does. */
  identify(at: number, page?: TDemoPage): void {
    this.signedInOnDevice = true;
    if (this.createdAt === null) this.createdAt = at;
    this.known = true;
    this.rec.identify(at, this.browserIds(), this.traits(at), page);
  }

  /** Re-sends traits from the back office, e.g. when the loyalty tier changes. */
  updateTraits(at: number): void {
    this.rec.identify(at, this.serverIds(), this.traits(at));
  }

  /** Moves to another device: the next visit is anonymous until the customer signs in. */
  switchDevice(): void {
    this.anonymousId = this.rng.uuid();
    this.signedInOnDevice = false;
  }

  /** A lifecycle email, opened and perhaps clicked, as an email provider would report it. */
  sendEmail(
    at: number,
    emailType: string,
    subject: string,
    open: number,
    click: number,
    extra: Record<string, unknown> = {},
  ): { openedAt: number | null; clickedAt: number | null } {
    if (!this.known || !this.rng.chance(open)) return { openedAt: null, clickedAt: null };
    const properties = {
      email_id: this.nextId('em'),
      email_type: emailType,
      email_subject: subject,
      ...extra,
    };
    const openedAt = at + this.rng.exponential(3 * HOUR);
    this.rec.track(openedAt, this.serverIds(), 'Email Opened', properties, { channel: 'email' });
    if (!this.rng.chance(click)) return { openedAt, clickedAt: null };
    const clickedAt = openedAt + this.rng.int(5, 120) * 1000;
    this.rec.track(clickedAt, this.serverIds(), 'Email Link Clicked', properties, {
      channel: 'email',
    });
    return { openedAt, clickedAt };
  }
}

/** A browser visit: a clock and the page the customer is on. */
export class WebVisit {
  private current: TDemoPage | null = null;

  constructor(
    readonly customer: DemoCustomer,
    public at: number,
  ) {}

  get page(): TDemoPage | null {
    return this.current;
  }

  /** Moves on by a human pause: a few seconds to a couple of minutes. */
  pause(minSeconds = 6, maxSeconds = 90): void {
    this.at += this.customer.rng.int(minSeconds, maxSeconds) * 1000;
  }

  open(
    path: string,
    name: string,
    properties: Record<string, unknown> = {},
    landing?: { campaign?: TDemoCampaign; referrer?: string },
  ): void {
    this.pause();
    const referrer = landing ? (landing.referrer ?? '') : (this.current?.url ?? '');
    this.current = shopPage(path, referrer);
    this.customer.rec.page(
      this.at,
      this.customer.browserIds(),
      name,
      this.current,
      properties,
      landing?.campaign,
    );
  }

  track(event: string, properties: Record<string, unknown>, channel?: string): void {
    this.pause(2, 40);
    this.customer.rec.track(this.at, this.customer.browserIds(), event, properties, {
      page: this.current ?? undefined,
      channel,
    });
  }

  identify(): void {
    this.pause(1, 5);
    this.customer.identify(this.at, this.current ?? undefined);
  }
}
