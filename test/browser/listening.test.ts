import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONTACT_REASON_EXAMPLES } from '../../src/core/demo/contact-reason-examples.ts';
import { scoreSentiment } from '../../src/core/sentiment/score-sentiment.ts';
import {
  ARTIFACTS,
  browserMissing,
  createTestUser,
  launchBrowser,
  signInPage,
} from '../helpers/browser.ts';
import { basic, call, startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * The listening layer in a real browser against a real server: the map's emotion lane draws the
 * measured curve beside the designed one, with each stage's measured value written out; the
 * touchpoint card shows sentiment and CSAT; the customer's 360° view shows the sentiment of their
 * messages and their survey answers. Skips (or, with WAYMARK_REQUIRE_BROWSER=1, fails) like the
 * other browser tests.
 */
const REVIEWS = [
  'Great quality, will order again.',
  'Terrible quality, the seams ripped after one wash.',
  'Comfortable and warm, I love it!',
];
const CHAT = 'The password reset email never arrived and I am locked out. Awful.';
/** Ten emails about one thing, from seven customers: a self-service gap. */
const EMAIL = 'How do I exchange a jacket for a bigger size?';

/** "+0.92", "−1.10": how the lane and the badges write a value. */
const signed = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '±') + Math.abs(x).toFixed(2);

describe.skipIf(Boolean(browserMissing))('listening in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  let journeyId: string;
  let chatCustomer: string;
  const errors: string[] = [];
  const api = (p: string, body?: unknown) =>
    call(`${srv.url}${p}`, { auth: `Bearer ${srv.apiKey}`, body });

  beforeAll(async () => {
    srv = await startTestServer();
    await createTestUser(srv, 'editor@example.com', 'editor');
    browser = await launchBrowser();
    journeyId = (await api('/api/journeys', { name: 'Listening map' })).body.id;
    const buy = (
      await api(`/api/journeys/${journeyId}/stages`, { name: 'Buy', lanes: { emotion: 1 } })
    ).body.id;
    const help = (
      await api(`/api/journeys/${journeyId}/stages`, { name: 'Get help', lanes: { emotion: -1 } })
    ).body.id;
    const reviews = (
      await api(`/api/journeys/${journeyId}/touchpoints`, {
        stageId: buy,
        name: 'Product reviews',
        channel: 'review-site',
        phase: 'after',
        matchRules: [{ event: 'Product Reviewed' }],
      })
    ).body.id;
    const care = (
      await api(`/api/journeys/${journeyId}/stages`, { name: 'After care', lanes: { emotion: 0 } })
    ).body.id;
    await api(`/api/journeys/${journeyId}/touchpoints`, {
      stageId: care,
      name: 'Support email',
      channel: 'email',
      phase: 'service',
      matchRules: [{ event: 'Support Email *' }],
    });
    await api(`/api/journeys/${journeyId}/touchpoints`, {
      stageId: help,
      name: 'Support chat',
      channel: 'chat',
      phase: 'service',
      matchRules: [{ event: 'Live Chat *' }],
    });
    const at = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    const batch = [
      ...REVIEWS.map((text, i) => ({
        type: 'track',
        userId: `reviewer-${i}`,
        event: 'Product Reviewed',
        properties: { text },
        timestamp: at(5 + i),
      })),
      {
        type: 'track',
        userId: 'locked-out',
        event: 'Live Chat Message Sent',
        properties: { text: CHAT },
        timestamp: at(3),
      },
      ...Array.from({ length: 10 }, (_, i) => ({
        type: 'track',
        userId: `shopper-${i % 7}`,
        event: 'Support Email Received',
        properties: { text: EMAIL },
        timestamp: at(1 + i / 10),
      })),
    ];
    expect(
      (await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } })).status,
    ).toBe(200);
    chatCustomer = (await api('/api/customers?search=locked-out')).body.items[0].id;
    // The demo's contact reasons: the ten emails are about returns.
    await api('/api/contact-reasons/model', { examples: DEMO_CONTACT_REASON_EXAMPLES });
    // A CSAT answer of 4 from the customer who chatted, at the reviews touchpoint.
    const survey = (
      await api('/api/surveys', { touchpointId: reviews, name: 'Happy?', kind: 'csat' })
    ).body;
    await srv.store.importSurveyHistory(srv.workspaceId, {
      invitations: [],
      responses: [
        {
          nonce: 'n-1',
          surveyId: survey.id,
          touchpointId: reviews,
          customerId: chatCustomer,
          answers: {},
          score: 4,
          comment: 'Nice fabric.',
          channel: 'link',
          createdAt: new Date(Date.now() - 2 * 86_400_000),
        },
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('draws the measured emotion beside the designed curve, with its values written out', async () => {
    const page = await signInPage(browser, srv, 'editor@example.com', errors);
    await page.goto(`${srv.url}/journeys/${journeyId}`);
    const values = page.locator('.emotion-measured-values li');
    await expect.poll(() => values.count(), { timeout: 20_000 }).toBe(3);
    // Buy: 2 × mean sentiment of the reviews and CSAT 4 − 3 = 1, equally weighted.
    const buy =
      (2 * (REVIEWS.map((t) => scoreSentiment(t).score).reduce((a, b) => a + b) / 3) + 1) / 2;
    const help = 2 * scoreSentiment(CHAT).score;
    await expect.poll(() => values.nth(0).textContent()).toBe(`Buy: Measured ${signed(buy)} · n 4`);
    expect(await values.nth(1).textContent()).toBe(`Get help: Measured ${signed(help)} · n 1`);
    const care = 2 * scoreSentiment(EMAIL).score;
    expect(await values.nth(2).textContent()).toBe(`After care: Measured ${signed(care)} · n 10`);
    expect(await page.locator('.emotion-measured-line').count()).toBe(1);
    expect(await page.locator('.emotion-measured-point').count()).toBe(3);
    expect(await page.locator('.emotion-legend').textContent()).toContain(
      'Measured from sentiment and CSAT',
    );
    const label = await page.locator('.emotion-plot svg').getAttribute('aria-label');
    expect(label).toContain(`Measured emotion: Buy ${signed(buy)} from 4 texts and ratings`);

    // The card: average sentiment of the three reviews and the CSAT of one answer of 4.
    const card = page.locator('.tp-card', { hasText: 'Product reviews' });
    const avg = REVIEWS.map((t) => scoreSentiment(t).score).reduce((a, b) => a + b) / 3;
    expect(await card.locator('.tp-listening').textContent()).toBe(
      `Sentiment ${signed(avg)}CSAT 100%`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'listening-map.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists self-service suggestions below the map and makes one a task', async () => {
    const gaps = (await api(`/api/journeys/${journeyId}/self-service-gaps`)).body.gaps;
    expect(gaps.map((g: { name: string; volume: number }) => [g.name, g.volume])).toEqual([
      ['how to return', 10],
    ]);
    const [gap] = gaps;
    expect(gap.suggestion).toBe(
      'Add a knowledge-base article for *how to return*: 10 contacts in 30 days, 43% repeat',
    );
    const page = await signInPage(browser, srv, 'editor@example.com', errors);
    await page.goto(`${srv.url}/journeys/${journeyId}`);
    const item = page.locator(`.self-service-gap[data-gap-key="${gap.key}"]`);
    await item.waitFor({ timeout: 20_000 });
    expect(await item.locator('.self-service-text').textContent()).toBe(
      gap.suggestion.replaceAll('*', ''),
    );
    await item.getByRole('button', { name: 'Make it a task on Support email' }).click();
    await item.locator('.self-service-done').waitFor();
    const tasks = (await api(`/api/tasks?journeyId=${journeyId}`)).body;
    expect(tasks.map((t: { title: string; source: string }) => [t.title, t.source])).toEqual([
      [`Add a knowledge-base article for ${gap.name}`, 'suggestion'],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the sentiment of a customer's messages and their survey answers in the 360° view", async () => {
    const page = await signInPage(browser, srv, 'editor@example.com', errors);
    await page.goto(`${srv.url}/customers/${chatCustomer}`);
    const chat = scoreSentiment(CHAT);
    const panel = page.locator('section', {
      has: page.getByRole('heading', { name: 'Message sentiment' }),
    });
    await expect
      .poll(() => panel.locator('.sentiment-average').textContent(), { timeout: 20_000 })
      .toBe(`${signed(chat.score)} ${chat.label} average of 1 message`);
    const entry = page.locator('.timeline-entry', { hasText: 'Live Chat Message Sent' });
    expect(await entry.locator('.timeline-sentiment').textContent()).toBe(
      `${chat.label} ${signed(chat.score)}`,
    );
    const answers = page.locator('section', {
      has: page.getByRole('heading', { name: 'Survey answers' }),
    });
    const answer = answers.locator('.survey-answer');
    expect(await answer.count()).toBe(1);
    expect(await answer.textContent()).toContain('Happy?');
    expect(await answer.textContent()).toContain('score 4');
    expect(await answer.locator('.survey-comment').textContent()).toBe('Nice fabric.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'listening-customer.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
