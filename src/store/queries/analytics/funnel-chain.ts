import type { FunnelOrder } from '../../../core/journey-analytics/types.ts';
import type { SqlFragment } from '../../sql.ts';
import { SqlBuilder } from '../touchpoint-detail/journey-scope.ts';
import { EVENT_KEY_SQL, type PathsScope, stepsSql } from './paths-scope.ts';

/** A funnel step by what matches it: touches of a touchpoint (index in map order), or events. */
export type FunnelStepMatch = { tp: number } | { event: string };

export interface FunnelParams extends PathsScope {
  /** 2 to 10 steps. */
  steps: readonly FunnelStepMatch[];
  windowDays: number;
  /** `strict` takes steps of one kind only (the store checks). */
  order: FunnelOrder;
}

const DAY_US = 86_400_000_000;

/** The window in microseconds (fractional days allowed). */
const windowUs = (p: FunnelParams) => BigInt(Math.round(p.windowDays * DAY_US));

/** Integers computed here (step numbers), never user input, written into the SQL. */
function int(x: number): string {
  if (!Number.isSafeInteger(x)) throw new Error(`not an integer: ${x}`);
  return String(x);
}

/** Each step's kind: equal steps (same touchpoint, same event key) share one. */
function kindsOf(steps: readonly FunnelStepMatch[]) {
  const names = steps.map((s) => ('tp' in s ? `tp:${s.tp}` : `event:${s.event}`));
  const distinct = [...new Set(names)];
  const kinds = distinct.map((name) => steps[names.indexOf(name)]!);
  return { kinds, ofStep: names.map((n) => distinct.indexOf(n)) };
}

/**
 * The rows of the funnel's kinds of step: (cid, ts, kind). Touchpoint steps read the touches of
 * their touchpoints from the materialized table; event steps read the events with their key.
 * Both are keyed by customer key, so a funnel may mix them (loose order).
 */
function kindRowsSql(p: FunnelParams, table: string, kinds: readonly FunnelStepMatch[]) {
  const parts: SqlFragment[] = [];
  const tps = kinds.flatMap((k, i) => ('tp' in k ? [{ tp: k.tp, i }] : []));
  const events = kinds.flatMap((k, i) => ('event' in k ? [{ event: k.event, i }] : []));
  for (const [list, level] of [
    [tps.map((t) => ({ value: t.tp as number | string, i: t.i })), 'touchpoint'],
    [events.map((e) => ({ value: e.event as number | string, i: e.i })), 'event'],
  ] as const) {
    if (list.length === 0) continue;
    const marks = list.map(() => '?').join(', ');
    const where: SqlFragment = {
      sql: level === 'touchpoint' ? `tp IN (${marks})` : `(${EVENT_KEY_SQL}) IN (${marks})`,
      params: list.map((x) => x.value),
    };
    const kindOf = list.map((x) => `WHEN ? THEN ${int(x.i)}`).join(' ');
    parts.push(
      new SqlBuilder()
        .add(`SELECT cid, ts, CASE k ${kindOf} END AS kind FROM (`, ...list.map((x) => x.value))
        .fragment(stepsSql(p, table, level, where))
        .add(')')
        .build(),
    );
  }
  const q = new SqlBuilder();
  parts.forEach((part, i) => {
    if (i > 0) q.add(' UNION ALL ');
    q.fragment(part);
  });
  return q.build();
}

/**
 * Loose order, per candidate first step: the customer's events are grouped by instant, with per
 * kind the number of events there (`c<i>`) and the next instant with one (`n<i>`, strictly
 * later). From the candidate's instant t0, step k is reached at the instant of step k-1 when an
 * event of its kind there is still unused (more of them than earlier steps of that kind took at
 * that instant), else at the next instant with one: the earliest possible, which reaches
 * farthest. Each step after the second looks its instant up (a join on customer and instant).
 * A step beyond t0 + window is not reached, nor any after it.
 *
 * `lead(…) IGNORE NULLS` finds the next instant three times faster in DuckDB than the standard
 * `min(…) OVER (… ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)` PostgreSQL would use.
 */
function looseChainSql(p: FunnelParams, table: string): SqlFragment {
  const { kinds, ofStep } = kindsOf(p.steps);
  const w = windowUs(p);
  const counts = kinds.map((_, i) => `count(*) FILTER (WHERE kind = ${int(i)}) AS c${i}`);
  const nexts = kinds.map(
    (_, i) => `lead(CASE WHEN c${i} > 0 THEN ts END IGNORE NULLS) OVER f AS n${i}`,
  );
  const q = new SqlBuilder()
    .add('WITH r AS (')
    .fragment(kindRowsSql(p, table, kinds))
    .add(`),
  inst AS (SELECT cid, ts, ${counts.join(', ')} FROM r GROUP BY cid, ts),
  nx AS MATERIALIZED (
    SELECT *, ${nexts.join(', ')}
    FROM inst
    WINDOW f AS (PARTITION BY cid ORDER BY ts)
  ),
  ch0 AS (SELECT *, ts AS t0 FROM nx WHERE c${ofStep[0]} > 0)`);
  const columns = (k: number) => Array.from({ length: k }, (_, j) => `ch.t${j}`).join(', ');
  for (let k = 1; k < ofStep.length; k++) {
    const kind = ofStep[k]!;
    // The instant's row: the candidate's own for step 1, else looked up at t(k-1).
    const src = k === 1 ? 'ch' : 'x';
    const used =
      ofStep
        .slice(0, k)
        .map((kj, j) => (kj === kind ? `CASE WHEN ch.t${j} = ch.t${k - 1} THEN 1 ELSE 0 END` : ''))
        .filter(Boolean)
        .join(' + ') || '0';
    q.add(
      `,
  ch${k} AS (
    SELECT ch.cid, ${columns(k)}, CASE WHEN ch.t${k - 1} IS NULL THEN NULL
      WHEN ${src}.c${kind} > ${used} THEN ch.t${k - 1}
      WHEN ${src}.n${kind} <= ch.t0 + ? THEN ${src}.n${kind} END AS t${k}
    FROM ${k === 1 ? 'ch0' : `ch${k - 1}`} ch${
      k === 1 ? '' : ` LEFT JOIN nx x ON x.cid = ch.cid AND x.ts = ch.t${k - 1}`
    }
  )`,
      w,
    );
  }
  return q.add(`,\n  chain AS (SELECT * FROM ch${ofStep.length - 1})`).build();
}

/**
 * Strict order: the customer's steps at the level of the funnel's steps (touchpoint or event, as
 * in paths), with consecutive steps of one key forming a run. Every event of the first step is a
 * candidate; step k must be the run right after the run of step k-1's event (further repeats of
 * step k-1 may come between), reached at that run's first event, within the window of the
 * candidate. Runs are numbered in a second pass (`run`), and each run looks ahead at the next
 * m-1 runs in a third, over runs only.
 */
function strictChainSql(p: FunnelParams, table: string): SqlFragment {
  const level = 'tp' in p.steps[0]! ? 'touchpoint' : 'event';
  const keys = p.steps.map((s) => ('tp' in s ? s.tp : s.event));
  const w = windowUs(p);
  const m = keys.length;
  const q = new SqlBuilder()
    .add('WITH s AS (')
    .fragment(stepsSql(p, table, level))
    .add(`),
  w AS (
    SELECT cid, ts, k, row_number() OVER o AS rn, lag(k) OVER o AS prev_k
    FROM s WINDOW o AS (PARTITION BY cid ORDER BY ts, k)
  ),
  r AS MATERIALIZED (
    SELECT cid, ts, k, prev_k IS NULL OR prev_k <> k AS first,
      sum(CASE WHEN prev_k IS NULL OR prev_k <> k THEN 1 ELSE 0 END)
        OVER (PARTITION BY cid ORDER BY rn) AS run
    FROM w
  ),
  l AS (
    SELECT cid, run${Array.from(
      { length: m - 1 },
      (_, j) =>
        `, lead(k, ${int(j + 1)}) OVER o AS k${j + 1}, lead(ts, ${int(j + 1)}) OVER o AS n${j + 1}`,
    ).join('')}
    FROM r WHERE first WINDOW o AS (PARTITION BY cid ORDER BY run)
  ),
  ok AS (
    SELECT r.cid, r.ts AS t0${Array.from({ length: m - 1 }, (_, j) => `, l.n${j + 1}`).join('')}`);
  for (let j = 1; j < m; j++) q.add(`, (l.k${j} = ? AND l.n${j} <= r.ts + ?) AS o${j}`, keys[j], w);
  q.add(
    `
    FROM r JOIN l ON l.cid = r.cid AND l.run = r.run WHERE r.k = ?
  ),
  chain AS (
    SELECT cid, t0`,
    keys[0],
  );
  for (let j = 1; j < m; j++) {
    const all = Array.from({ length: j }, (_, i) => `o${i + 1}`).join(' AND ');
    q.add(`, CASE WHEN ${all} THEN n${j} END AS t${j}`);
  }
  return q.add(' FROM ok)').build();
}

/**
 * Each customer's best attempt at the funnel, as CTE text ending in `best (cid, reach, t0 …
 * t<m-1>)`: `reach` steps completed (1 to m), `t<k>` when step k was reached (epoch
 * microseconds; NULL beyond `reach`). Of a customer's candidate first steps, the one that reaches
 * farthest wins, ties to the earliest (docs/analytics.md, Funnels). Append a SELECT.
 */
export function funnelChainSql(p: FunnelParams, table: string): SqlFragment {
  const m = p.steps.length;
  const chain = p.order === 'strict' ? strictChainSql(p, table) : looseChainSql(p, table);
  const reached = Array.from(
    { length: m - 1 },
    (_, j) => ` + CAST(t${j + 1} IS NOT NULL AS INTEGER)`,
  );
  return new SqlBuilder()
    .fragment(chain)
    .add(`,
  best AS MATERIALIZED (
    SELECT cid, reach, ${Array.from({ length: m }, (_, j) => `t${j}`).join(', ')} FROM (
      SELECT *, row_number() OVER (PARTITION BY cid ORDER BY reach DESC, t0) AS pick
      FROM (SELECT *, 1${reached.join('')} AS reach FROM chain)
    ) WHERE pick = 1
  )`)
    .build();
}
