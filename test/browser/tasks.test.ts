import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, createTestUser, launchBrowser, signInPage } from '../helpers/browser.ts';
import { call, startTestServer, type TestServer } from '../helpers/server.ts';

describe.skipIf(Boolean(browserMissing))('task board in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    await createTestUser(srv, 'owner@example.com', 'owner');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('adds tasks to a journey, ticks a checklist, moves a task to done and filters overdue ones', async () => {
    const auth = `Bearer ${srv.apiKey}`;
    const journey = await call(`${srv.url}/api/journeys/from-template`, {
      auth,
      body: { template: 'ecommerce-retail', name: 'Shop' },
    });
    const tp = (await call(`${srv.url}/api/journeys/${journey.body.id}`, { auth })).body
      .touchpoints[0];
    await call(`${srv.url}/api/tasks`, {
      auth,
      body: { touchpointId: tp.id, title: 'Late one', dueDate: '2021-05-01' },
    });

    const page = await signInPage(browser, srv, 'owner@example.com', errors);
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    await page.getByLabel('Journey').selectOption({ label: 'Shop' });
    await page.getByLabel('Task', { exact: true }).fill('Rewrite the ad copy');
    await page.getByRole('button', { name: 'Add task' }).click();
    const todo = page.locator('.task-column', {
      has: page.getByRole('heading', { name: /To do/ }),
    });
    await todo.getByRole('heading', { name: 'Rewrite the ad copy' }).waitFor();

    await page.getByRole('button', { name: 'Add starter checklist' }).click();
    const starter = page.locator('.task-card', { hasText: 'Starter checklist' });
    await starter.waitFor();
    await starter.getByRole('checkbox').first().check();
    await starter.getByText(/Checklist 1\//).waitFor();

    await page.getByLabel('Status of Rewrite the ad copy').selectOption('done');
    const done = page.locator('.task-column', { has: page.getByRole('heading', { name: /Done/ }) });
    await done.getByRole('heading', { name: 'Rewrite the ad copy' }).waitFor();
    const stored = await call(`${srv.url}/api/tasks?status=done`, { auth });
    expect(stored.body[0].completedAt).not.toBeNull();

    await page.getByLabel('Overdue only').check();
    await page.locator('.task-card').filter({ hasText: 'Late one' }).waitFor();
    await expect.poll(() => page.locator('.task-card').count()).toBe(1);
    expect(page.url()).toContain('overdue=1');
    expect(errors).toEqual([]);
  });
});
