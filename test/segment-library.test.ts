import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

describe('the official Segment library (@segment/analytics-node)', () => {
  it('sends track, page, screen, identify, group and alias calls to Waymark by changing only the host', async () => {
    const analytics = new Analytics({
      writeKey: srv.writeKey,
      host: srv.url,
      flushAt: 3,
      maxRetries: 0,
    });
    const failures: unknown[] = [];
    analytics.on('error', (err) => failures.push(err));
    analytics.page({ anonymousId: 'anon-seg', name: 'Pricing', properties: { path: '/pricing' } });
    analytics.track({
      anonymousId: 'anon-seg',
      event: 'Checkout Started',
      properties: { value: 40 },
    });
    analytics.identify({
      anonymousId: 'anon-seg',
      userId: 'seg-user',
      traits: { email: 'seg@example.com', plan: 'pro' },
    });
    analytics.track({ userId: 'seg-user', event: 'Order Completed', properties: { revenue: 40 } });
    analytics.screen({ userId: 'seg-user', name: 'Home' });
    analytics.group({ userId: 'seg-user', groupId: 'org-1', traits: { name: 'Acme' } });
    analytics.alias({ userId: 'seg-user', previousId: 'old-seg-id' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);

    expect(await srv.store.countEvents(srv.workspaceId)).toBe(7);
    const { items } = await srv.store.listCustomers(srv.workspaceId, { search: 'seg-user' });
    expect(items).toHaveLength(1);
    expect(items[0]!.traits).toMatchObject({ plan: 'pro', email: 'seg@example.com' });
    const timeline = await srv.store.listEvents(srv.workspaceId, { customerId: items[0]!.id });
    expect(timeline.map((e) => e.type).sort()).toEqual(
      ['alias', 'group', 'identify', 'page', 'screen', 'track', 'track'].sort(),
    );
    const page = timeline.find((e) => e.type === 'page')!;
    expect(page.event).toBe('Pricing');
    expect(page.path).toBe('/pricing');
  });
});
