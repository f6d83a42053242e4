import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/automation/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningServer, startServer } from '../../src/server/start.ts';
import { createWorkspaceWithKeys } from '../../src/store/setup.ts';
import {
  ARTIFACTS,
  browserMissing,
  createTestUser,
  launchBrowser,
  signInPage,
} from '../helpers/browser.ts';
import { basic, call, type TestServer, tempDir } from '../helpers/server.ts';

/**
 * The automations pages in Chromium against a real server and DuckDB file. The engine's loop is
 * off and its clock is manual (as in test/automations.test.ts): each `tick()` is one pass, and a
 * wait elapses when the test moves the clock, not by sleeping.
 */
describe.skipIf(Boolean(browserMissing))('automations in Chromium', () => {
  let running: RunningServer;
  let srv: TestServer;
  let browser: Browser;
  let dataDir: string;
  const clock = new ManualClock(new Date());
  const errors: string[] = [];
  const tp: Record<string, string> = {};
  let journeyId: string;

  beforeAll(async () => {
    dataDir = tempDir('waymark-browser-automations-');
    const config = loadConfig(
      {
        port: '0',
        dataDir,
        demo: 'false',
        logLevel: 'silent',
        flushIntervalMs: '1',
        automationTickMs: '0',
      },
      {},
    );
    running = await startServer(config, () => undefined, { clock });
    const created = await createWorkspaceWithKeys(running.store, 'Test');
    srv = {
      url: running.url,
      store: running.store,
      dataDir,
      workspaceId: created.workspace.id,
      writeKey: created.writeKey.secret,
      apiKey: created.apiKey.secret,
      close: async () => running.close(),
    };
    await createTestUser(srv, 'editor@example.com', 'editor');
    await createTestUser(srv, 'viewer@example.com', 'viewer');
    const journey = await srv.store.createJourneyFromBlueprint(srv.workspaceId, {
      journey: { name: 'Shop', goal: { event: 'Order Completed' } },
      stages: [
        {
          stage: { name: 'Buy' },
          touchpoints: [
            { name: 'Order', channel: 'web', phase: 'during', matchRules: [{ event: 'Order *' }] },
          ],
        },
        {
          stage: { name: 'Service' },
          touchpoints: [
            {
              name: 'Support',
              channel: 'chat',
              phase: 'service',
              matchRules: [{ event: 'Support Ticket Opened' }],
            },
          ],
        },
      ],
    });
    journeyId = journey.id;
    for (const t of await srv.store.listTouchpoints(srv.workspaceId, journeyId)) tp[t.name] = t.id;
    const identify = await call(`${srv.url}/v1/identify`, {
      auth: basic(srv.writeKey),
      body: { userId: 'ann', traits: { email: 'ann@example.com', first_name: 'Ann' } },
    });
    expect(identify.status).toBe(200);
    await srv.store.eventsSettled();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `automations-${name}.png`), fullPage: true });

  /** Opens the page and records every dialog (none is expected) and page error. */
  async function open(email: string) {
    const page = await signInPage(browser, srv, email, errors);
    page.on('dialog', (dialog) => {
      errors.push(`unexpected dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return page;
  }

  let automationId = '';

  it('builds an automation, shows a 400 at the bad step, test-runs it, and shows its live run and its task on the map', async () => {
    const page = await open('editor@example.com');
    await page.getByRole('link', { name: 'Automations' }).click();
    await page.getByRole('heading', { name: 'Automations', level: 1 }).waitFor();
    await page.getByText('No automations yet.').waitFor();
    await page.getByRole('link', { name: 'New automation' }).click();
    await page.getByRole('heading', { name: 'New automation', level: 1 }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('Follow up orders');
    await page.getByLabel('Switch it on when saved').check();
    await page
      .locator('[data-path="trigger.touchpointId"] select')
      .selectOption({ label: 'Order' });
    await page.getByText('When: An event at Order').waitFor();

    // A task first, then a wait moved above it by keyboard.
    const addKind = page.getByLabel('Kind of step to add to the steps');
    const addStep = page.getByRole('button', { name: 'Add step to the steps', exact: true });
    await addKind.selectOption('task');
    await addStep.click();
    await page
      .locator('[data-path="steps.0.touchpointId"] select')
      .selectOption({ label: 'Support' });
    await page.locator('[data-path="steps.0.title"] input').fill('Call {{traits.first_name}}');
    await addKind.selectOption('wait');
    await addStep.click();
    await page.getByRole('button', { name: 'Move step 2 up' }).focus();
    await page.keyboard.press('Enter');
    const headings = page.locator('.auto-step > .auto-step-head h3');
    await expect
      .poll(() => headings.allTextContents())
      .toEqual(['1 Wait 1 day', '2 Task “Call {{traits.first_name}}”']);
    // The focus stayed on the step that moved, now first.
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.dataset.stepPath)).toBe(
      '0',
    );

    // By mouse: the task dragged by its grip above the wait, then the wait back above it.
    const grip = (n: number) => page.locator('.auto-step').nth(n).locator('.auto-grip');
    await grip(1).dragTo(page.locator('.auto-step').nth(0), { targetPosition: { x: 200, y: 5 } });
    await expect
      .poll(() => headings.allTextContents())
      .toEqual(['1 Task “Call {{traits.first_name}}”', '2 Wait 1 day']);
    await grip(1).dragTo(page.locator('.auto-step').nth(0), { targetPosition: { x: 200, y: 5 } });
    await expect
      .poll(() => headings.allTextContents())
      .toEqual(['1 Wait 1 day', '2 Task “Call {{traits.first_name}}”']);

    // An email without a subject: the server's 400 shows at that field.
    await addKind.selectOption('email');
    await addStep.click();
    await page.locator('[data-path="steps.2.text"] textarea').fill('Thanks for your order.');
    await page.getByRole('button', { name: 'Create automation' }).click();
    const subject = page.locator('[data-path="steps.2.subject"]');
    await subject.locator('.field-error').waitFor();
    expect(await subject.locator('input').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.locator('.field-error').count()).toBe(1);
    await shot(page, 'builder-400');

    await page.getByRole('button', { name: 'Remove step 3' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => headings.count()).toBe(2);
    await page.getByRole('button', { name: 'Create automation' }).click();
    await page.getByRole('heading', { name: 'Follow up orders', level: 1 }).waitFor();
    automationId = /\/automations\/([^/?]+)/.exec(page.url())?.[1] ?? '';
    const saved = await call(`${srv.url}/api/automations/${automationId}`, {
      auth: `Bearer ${srv.apiKey}`,
    });
    expect(saved.body).toMatchObject({
      enabled: true,
      trigger: { type: 'event', touchpointId: tp.Order },
      steps: [
        { type: 'wait', duration: { amount: 1, unit: 'days' } },
        { type: 'task', touchpointId: tp.Support, title: 'Call {{traits.first_name}}' },
      ],
    });
    expect(await page.getByRole('switch').getAttribute('aria-checked')).toBe('true');

    // A dry run for Ann fills in the templates and changes nothing.
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel('Find a customer').fill('ann@example');
    await page.getByRole('radio', { name: /ann@example\.com/ }).check();
    await page.getByRole('button', { name: 'Dry run' }).click();
    const result = page.locator('.auto-test-result');
    await result.getByRole('heading', { name: 'Dry run for ann@example.com' }).waitFor();
    const steps = result.locator('.auto-run-step');
    await expect.poll(() => steps.count()).toBe(2);
    expect(await steps.nth(0).textContent()).toContain('Would run');
    expect(await steps.nth(1).locator('dd').allTextContents()).toEqual(['Support', 'Call Ann']);
    await shot(page, 'test-run');

    // A matching event through /v1/batch starts a live run, which waits a day.
    const sentAt = clock.now();
    const batch = await call(`${srv.url}/v1/batch`, {
      auth: basic(srv.writeKey),
      body: {
        batch: [{ type: 'track', userId: 'ann', event: 'Order Completed', messageId: 'o-1' }],
      },
    });
    expect(batch.status).toBe(200);
    await srv.store.eventsSettled();
    expect(await running.automations.tick()).toEqual({ runsStarted: 1, stepsRun: 0 });

    await page.getByRole('tab', { name: 'Run history' }).click();
    const row = page.locator('.auto-run-table tbody tr');
    await row.getByText('Order Completed').waitFor();
    const due = new Date(sentAt.getTime() + 86_400_000);
    const dueText = `${due.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`;
    await expect.poll(() => row.textContent()).toContain('ann@example.com');
    expect(await row.textContent()).toContain('Running');
    expect(await row.locator('td').nth(3).textContent()).toContain(dueText);
    await row.getByRole('link', { name: /Steps/ }).click();
    const detail = page.locator('.auto-run-detail');
    await detail.getByRole('heading', { name: 'Run for ann@example.com' }).waitFor();
    const first = detail.locator('.auto-run-step').first();
    expect(await first.textContent()).toContain('Pending');
    expect(await first.locator('code').textContent()).toMatch(/\S{8,}/);
    await shot(page, 'run-detail');

    // A day later the wait is over and the task is created: the map card shows it.
    clock.set(new Date(due.getTime() + 60_000));
    expect(await running.automations.tick()).toEqual({ runsStarted: 0, stepsRun: 2 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => detail.locator('.run-status').first().textContent()).toBe('Done');

    await page.goto(`${srv.url}/journeys/${journeyId}`);
    const badge = page.locator(`[data-touchpoint-id="${tp.Support}"] .task-badge`);
    await badge.waitFor();
    expect(await badge.textContent()).toContain('1 task');
    expect(await page.locator(`[data-touchpoint-id="${tp.Order}"] .task-badge`).count()).toBe(0);
    await shot(page, 'map-badge');
    await badge.click();
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    expect(page.url()).toContain(`touchpoint=${tp.Support}`);
    await page.locator('.task-card', { hasText: 'Call Ann' }).waitFor();

    // The list: on, one live run in 30 days, its last run.
    await page.getByRole('link', { name: 'Automations' }).click();
    const listRow = page.locator('.auto-list tbody tr', { hasText: 'Follow up orders' });
    await expect.poll(() => listRow.locator('td.num').textContent()).toBe('1');
    await expect.poll(() => listRow.locator('td').first().textContent()).toBe('An event at Order');
    await expect.poll(() => listRow.locator('td').last().textContent()).toBe('Not measured yet');
    await shot(page, 'list');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a viewer the automation without any control that changes it', async () => {
    const page = await open('viewer@example.com');
    await page.goto(`${srv.url}/automations`);
    await page.locator('.auto-list').getByRole('link', { name: 'Follow up orders' }).waitFor();
    expect(await page.getByRole('link', { name: 'New automation' }).count()).toBe(0);
    expect(await page.getByRole('switch').count()).toBe(0);

    await page.locator('.auto-list').getByRole('link', { name: 'Follow up orders' }).click();
    await page.getByRole('heading', { name: 'Follow up orders', level: 1 }).waitFor();
    await page.locator('.auto-step').first().waitFor();
    for (const name of [/Save changes/, /Add step/, /Move step/, /Remove step/, /Delete/]) {
      expect(await page.getByRole('button', { name }).count(), String(name)).toBe(0);
    }
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    await page.getByRole('tab', { name: 'Outcome' }).click();
    await page.locator('.auto-headline').waitFor();
    // Ann's run is the one that went through it; her 30-day window is still open.
    expect(await page.locator('.auto-headline').textContent()).toBe(
      '1 went through it; none has finished the 30-day window in which a conversion counts yet.',
    );
    const qualified = page.locator('.auto-outcome-table tr', {
      hasText: 'Customers who qualified',
    });
    expect(await qualified.locator('td').allTextContents()).toEqual(['1', '0']);
    await shot(page, 'viewer-outcome');
    expect(errors).toEqual([]);
    await page.close();
  });
});
