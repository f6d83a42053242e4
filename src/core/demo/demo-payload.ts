import { SHOP_URL } from './demo-data.ts';

/** Marks every demo payload, so demo data can be recognised, filtered and deleted. */
export const DEMO_LIBRARY = { name: 'waymark-demo', version: '1' } as const;

export interface TDemoCampaign {
  source: string;
  medium: string;
  name: string;
}

export interface TDemoPage {
  path: string;
  url: string;
  referrer: string;
}

export interface TDemoContext {
  library: typeof DEMO_LIBRARY;
  /** Present on events sent from the browser. */
  page?: TDemoPage;
  /** Present on the landing page view of a visit that came with UTM tags. */
  campaign?: TDemoCampaign;
  /** Present on events sent by a back-office system: email, chat, billing, in-person. */
  channel?: string;
}

/**
 * One item of a Segment `/v1/batch` request, as a Segment client would send it. Every payload
 * has `properties.demo = true` and `context.library.name = 'waymark-demo'`.
 */
export interface TDemoPayload {
  type: 'track' | 'page' | 'identify' | 'alias';
  messageId: string;
  anonymousId?: string;
  userId?: string;
  previousId?: string;
  /** Track only. */
  event?: string;
  /** Page only. */
  name?: string;
  properties: { demo: true } & Record<string, unknown>;
  traits?: Record<string, unknown>;
  context: TDemoContext;
  timestamp: string;
}

/** Who an event is about: the browser's anonymous id and, once known, the user id. */
export interface TDemoIds {
  anonymousId?: string;
  userId?: string;
}

export interface TRecorded {
  at: number;
  payload: TDemoPayload;
}

/**
 * Collects the payloads of one demo customer. Anything at or after `end` is dropped: it has not
 * happened yet, and neither has anything it would cause, which always comes later.
 */
export class DemoRecorder {
  readonly recorded: TRecorded[] = [];
  private count = 0;

  constructor(
    private readonly messagePrefix: string,
    readonly end: number,
  ) {}

  page(
    at: number,
    ids: TDemoIds,
    name: string,
    page: TDemoPage,
    properties: Record<string, unknown> = {},
    campaign?: TDemoCampaign,
  ): void {
    const context: TDemoContext = { library: DEMO_LIBRARY, page };
    if (campaign) context.campaign = campaign;
    this.push(at, {
      type: 'page',
      ...ids,
      name,
      properties: { ...page, ...properties, demo: true },
      context,
    });
  }

  track(
    at: number,
    ids: TDemoIds,
    event: string,
    properties: Record<string, unknown>,
    where: { page?: TDemoPage; channel?: string } = {},
  ): void {
    const context: TDemoContext = { library: DEMO_LIBRARY };
    if (where.page) context.page = where.page;
    if (where.channel) context.channel = where.channel;
    this.push(at, {
      type: 'track',
      ...ids,
      event,
      properties: { ...properties, demo: true },
      context,
    });
  }

  identify(at: number, ids: TDemoIds, traits: Record<string, unknown>, page?: TDemoPage): void {
    const context: TDemoContext = { library: DEMO_LIBRARY };
    if (page) context.page = page;
    this.push(at, { type: 'identify', ...ids, traits, properties: { demo: true }, context });
  }

  alias(at: number, previousId: string, userId: string): void {
    this.push(at, {
      type: 'alias',
      previousId,
      userId,
      properties: { demo: true },
      context: { library: DEMO_LIBRARY },
    });
  }

  private push(at: number, body: Omit<TDemoPayload, 'messageId' | 'timestamp'>): void {
    if (at >= this.end) return;
    const when = Math.floor(at);
    this.count += 1;
    this.recorded.push({
      at: when,
      payload: {
        ...body,
        messageId: `${this.messagePrefix}-${this.count.toString(36)}`,
        timestamp: new Date(when).toISOString(),
      },
    });
  }
}

/** The page context of a path on the demo shop. */
export function shopPage(path: string, referrer = ''): TDemoPage {
  return { path, url: `${SHOP_URL}${path}`, referrer };
}
