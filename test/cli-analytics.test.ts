import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { tempDir } from './helpers/server.ts';

const run = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/**
 * `waymark report paths|funnel|conformance|attribution` on a workspace's own events, with the
 * figures worked out by hand. Three shoppers on the e-commerce template: c1 views a product,
 * starts a checkout 5 minutes later and orders 4 minutes after that (30 EUR); c2 views and starts
 * a checkout 30 minutes later; c3 only views. "Product Viewed" lands on "E-commerce product
 * pages", "Checkout Started" on "Checkout and payment", and "Order Completed" is the goal, which
 * no touchpoint of the template claims.
 */
describe('waymark report on journey analytics', () => {
  const dir = tempDir('waymark-cli-analytics-');
  const ws = ['--workspace', 'Shop', '--data-dir', dir];
  const range = ['--from', '2026-09-01T00:00:00Z', '--to', '2026-11-01T00:00:00Z'];

  beforeAll(async () => {
    await run(['workspace', 'create', '--name', 'Shop', '--data-dir', dir]);
    await run(['template', 'apply', ...ws, '--template', 'ecommerce-retail']);
    const file = path.join(dir, 'events.ndjson');
    const ev = (userId: string, event: string, at: string, properties?: object) =>
      JSON.stringify({ userId, event, timestamp: `2026-10-${at}:00Z`, properties });
    writeFileSync(
      file,
      [
        ev('c1', 'Product Viewed', '01T10:00'),
        ev('c1', 'Checkout Started', '01T10:05'),
        ev('c1', 'Order Completed', '01T10:09', { revenue: 30 }),
        ev('c2', 'Product Viewed', '02T10:00'),
        ev('c2', 'Checkout Started', '02T10:30'),
        ev('c3', 'Product Viewed', '03T10:00'),
      ].join('\n'),
    );
    const imported = await run(['import', 'events', file, ...ws]);
    expect(imported.code, imported.err).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the directly-follows edges and variants of the touchpoint paths', async () => {
    const res = await run(['report', 'paths', ...ws, ...range, '--format', 'json']);
    expect(res.code, res.err).toBe(0);
    const paths = JSON.parse(res.out);
    const label = new Map(paths.nodes.map((n: { key: string; label: string }) => [n.key, n.label]));
    const edges = paths.edges.map((e: { from: string; to: string; count: number }) => [
      label.get(e.from),
      label.get(e.to),
      e.count,
    ]);
    expect(edges).toEqual(
      expect.arrayContaining([
        ['E-commerce product pages', 'Checkout and payment', 2],
        ['Checkout and payment', 'Order Completed', 1],
      ]),
    );
    expect(edges).toHaveLength(2);
    expect(paths.sequences).toBe(3);
    expect(
      paths.variants.map((v: { steps: string[]; count: number }) =>
        v.steps.map((k) => label.get(k)),
      ),
    ).toEqual(
      expect.arrayContaining([
        ['E-commerce product pages', 'Checkout and payment', 'Order Completed'],
        ['E-commerce product pages', 'Checkout and payment'],
        ['E-commerce product pages'],
      ]),
    );

    const table = await run(['report', 'paths', ...ws, ...range]);
    expect(table.out).toMatch(/E-commerce product pages\s+Checkout and payment\s+2\s+18 min/);
  });

  it('prints a funnel of touchpoints and an event, with conversions and times between steps', async () => {
    const steps = 'E-commerce product pages > Checkout and payment > event:Order Completed';
    const res = await run(['report', 'funnel', ...ws, ...range, '--steps', steps, '--json']);
    expect(res.code, res.err).toBe(0);
    const funnel = JSON.parse(res.out);
    expect(
      funnel.steps.map((s: { customers: number; conversionFromFirst: number }) => [
        s.customers,
        s.conversionFromFirst,
      ]),
    ).toEqual([
      [3, 1],
      [2, 2 / 3],
      [1, 1 / 3],
    ]);
    // c1 took 5 minutes to the checkout, c2 30: the median of two is their mean.
    expect(funnel.steps[1].medianHoursFromPrevious).toBeCloseTo(17.5 / 60, 6);
    expect(funnel.steps[2].medianHoursFromPrevious).toBeCloseTo(4 / 60, 6);

    const table = await run(['report', 'funnel', ...ws, ...range, '--steps', steps]);
    expect(table.out).toMatch(/2\. Checkout and payment\s+2\s+66\.7%\s+66\.7%\s+18 min/);
  });

  it('credits the conversion to the web channel in every model, and lists its value', async () => {
    const res = await run(['report', 'attribution', ...ws, ...range, '--json']);
    expect(res.code, res.err).toBe(0);
    const attribution = JSON.parse(res.out);
    expect(attribution.totals).toMatchObject({ conversions: 1, value: 30, unattributed: 0 });
    for (const model of ['first', 'last', 'linear', 'timeDecay', 'position', 'markov']) {
      const web = attribution.models[model].find((r: { key: string }) => r.key === 'web');
      expect(web, model).toMatchObject({ conversions: 1, value: 30 });
    }
    const table = await run(['report', 'attribution', ...ws, ...range, '--measure', 'value']);
    expect(table.out).toMatch(/^web\s+30\.00\s+30\.00/m);
  });

  it('prints conformance with the customers and their mean fitness', async () => {
    const res = await run(['report', 'conformance', ...ws, ...range, '--json']);
    expect(res.code, res.err).toBe(0);
    const report = JSON.parse(res.out);
    expect(report.customers).toBe(3);
    expect(report.meanFitness).toBeGreaterThan(0);
    expect(report.meanFitness).toBeLessThanOrEqual(1);
    const table = await run(['report', 'conformance', ...ws, ...range]);
    expect(table.out).toContain('3 customers, mean fitness');
  });

  it('names the bad option or step and exits non-zero', async () => {
    const step = await run([
      'report',
      'funnel',
      ...ws,
      '--steps',
      'Nowhere > Checkout and payment',
    ]);
    expect(step.code).toBe(2);
    expect(step.err).toContain('no touchpoint "Nowhere"');
    const one = await run(['report', 'funnel', ...ws, '--steps', 'Checkout and payment']);
    expect(one.err).toContain('at least two steps');
    const level = await run(['report', 'paths', ...ws, '--level', 'galaxy']);
    expect(level.code).toBe(2);
    expect(level.err).toContain('query.level');
    const persona = await run(['report', 'attribution', ...ws, '--persona', 'Nobody']);
    expect(persona.code).toBe(2);
    expect(persona.err).toContain('no persona "Nobody"');
  });
});
