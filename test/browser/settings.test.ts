import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  browserMissing,
  createTestUser,
  launchBrowser,
  signInPage,
} from '../helpers/browser.ts';
import { basic, call, startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * Personas and settings in a real browser against a real server (see journey-map.test.ts for
 * when these run and when they skip).
 */
describe.skipIf(Boolean(browserMissing))('personas and settings in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    await createTestUser(srv, 'owner@example.com', 'owner');
    await createTestUser(srv, 'viewer@example.com', 'viewer');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  const signIn = (email: string) => signInPage(browser, srv, email, errors);

  it('lets an owner define a persona and see how many customers it matches', async () => {
    const batch = [
      { type: 'identify', userId: 'pro-1', traits: { plan: 'pro' } },
      { type: 'identify', userId: 'free-1', traits: { plan: 'free' } },
    ];
    const sent = await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } });
    expect(sent.status).toBe(200);
    expect(sent.body.accepted).toBe(2);

    const page = await signIn('owner@example.com');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Personas' })
      .click();
    await page.getByRole('heading', { name: 'Personas', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New persona' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Pro buyer');
    await page.getByLabel('Goals').fill('Buy fast\nGet an invoice');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Trait').fill('plan');
    await page.getByLabel('Test').selectOption('eq');
    await page.getByLabel('Value', { exact: true }).fill('pro');
    await page.getByRole('button', { name: 'Create persona' }).click();

    await expect
      .poll(async () => page.locator('.persona-count').textContent(), { timeout: 10_000 })
      .toMatch(/^1 customer matches the saved rule/);
    expect(await page.locator('.persona-item').count()).toBe(1);

    // An unsaved change says the count is of the saved rule.
    await page.getByLabel('Value', { exact: true }).fill('free');
    expect(await page.locator('.persona-count').textContent()).toContain('save to count');
    await page.getByRole('button', { name: 'Save persona' }).click();
    await expect
      .poll(async () => page.locator('.persona-count').textContent(), { timeout: 10_000 })
      .toBe('1 customer matches the saved rule.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'personas.png'), fullPage: true });

    const personas = await call(`${srv.url}/api/personas`, { auth: `Bearer ${srv.apiKey}` });
    expect(personas.body[0].segment).toEqual({
      match: 'all',
      conditions: [{ trait: 'plan', op: 'eq', value: 'free' }],
    });
    expect(personas.body[0].goals).toEqual(['Buy fast', 'Get an invoice']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets an owner create a write key, see its secret once, and invite a member', async () => {
    const page = await signIn('owner@example.com');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Keys' }).waitFor();
    await page.locator('.settings-table').first().waitFor();

    await page.getByLabel('Kind').selectOption('write');
    await page.getByLabel('Key name').fill('website');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-secret').textContent()) ?? '';
    expect(secret).toMatch(/^wk_[A-Za-z0-9_-]{20,}$/);
    const row = page.locator('.settings-table tr', { hasText: 'website' });
    await row.waitFor();
    expect(await row.textContent()).toContain(secret.slice(0, 10));

    // The secret works for ingestion…
    const sent = await call(`${srv.url}/v1/batch`, {
      auth: basic(secret),
      body: { batch: [{ type: 'track', userId: 'k-1', event: 'Key Tested' }] },
    });
    expect(sent.status).toBe(200);

    await page.getByLabel('Email').fill('newcomer@example.com');
    // (A select's accessible name includes its chosen option, hence no exact match here.)
    const inviteForm = page.locator('form', { has: page.getByRole('button', { name: 'Invite' }) });
    await inviteForm.getByLabel('Role').selectOption('editor');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = (await page.getByTestId('invite-link').textContent()) ?? '';
    expect(link).toMatch(new RegExp(`^${srv.url}/invite/[A-Za-z0-9_-]+$`));
    expect(await page.locator('.code-block').first().textContent()).toContain(srv.url);
    await page.screenshot({ path: path.join(ARTIFACTS, 'settings.png'), fullPage: true });

    // …and is never shown again.
    await page.reload();
    await page.locator('.settings-table').first().waitFor();
    expect(await page.getByTestId('new-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a viewer personas read-only and explains why keys and members are missing', async () => {
    const page = await signIn('viewer@example.com');
    await page.goto(`${srv.url}/settings`);
    await page.getByRole('heading', { name: 'Send events' }).waitFor();
    expect(await page.locator('.notice').textContent()).toContain('managed by the workspace');
    expect(await page.getByRole('heading', { name: 'Keys' }).count()).toBe(0);
    expect(await page.locator('.state-error').count()).toBe(0);

    await page.goto(`${srv.url}/personas`);
    await page.locator('.persona-item').first().click();
    await page.locator('.persona-count').getByText('customer').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'New persona' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save persona' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
