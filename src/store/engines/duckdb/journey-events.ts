import { createHash } from 'node:crypto';
import { classifyEventsSql } from '../../queries/metrics/classify-events.ts';
import {
  type SequenceShape,
  sequenceJourneyEventsSql,
} from '../../queries/metrics/sequence-journey-events.ts';
import { quoteIdentifier, type SqlFragment } from '../../sql.ts';
import type { DuckDatabase, DuckSession } from './database.ts';

/**
 * The materialized "journey events" of each journey: every event classified once with the
 * journey's current rules and keyed by its canonical customer, with sequence columns over the
 * customer's full history (sequence-journey-events.ts). The metrics query reads this table
 * instead of classifying ten million events and sorting them per customer on every call.
 *
 * It is kept current lazily, when a query needs it, never on the ingestion path:
 * - the classification depends on the journey's **shape** (rules in map order, stages, goal),
 *   whose hash is stored: when it differs, the table is rebuilt from all events;
 * - events are append-only: the table holds the events whose `rowid` is below a stored bound,
 *   and new events are classified alone, then their customers' sequences recomputed from the
 *   table (their earlier events are not classified again);
 * - merges and their undoing change canonical customers: the aliases the table was keyed with
 *   are stored, and the customers on either side of a change are re-keyed and recomputed.
 *
 * Why `rowid` and not a sequence column on `events`: DuckDB gives appended rows their row ids
 * when the transaction commits, under its append lock, so rows committed after a snapshot
 * always get higher ids than every row visible in it, whatever order loads ran in. A sequence
 * value is taken at insert time: a load that commits late would hold values below a watermark
 * already passed, and its events would be missed. `rowid` also costs ingestion nothing. As a
 * guard, the number of events below the bound is stored and checked: if rows ever were deleted
 * or renumbered, the table is rebuilt rather than trusted.
 */

/** Bump when the table's columns or their computation change: every table is then rebuilt. */
const FORMAT = 5;

export interface JourneyEventsTarget {
  workspaceId: string;
  journeyId: string;
  shape: SequenceShape;
}

export interface JourneyEventsRefresh {
  /** The quoted table name. */
  table: string;
  /** What was done: nothing, new events or changed merges caught up, or a full rebuild. */
  action: 'current' | 'caught-up' | 'rebuilt';
  /** Customers whose sequences were recomputed (catch-up only). */
  customers: number;
}

/**
 * A hash of everything the stored columns depend on: rules, stages, goal, the conversion window
 * and the inactivity lapse (the range and the persona are applied at query time).
 */
export function journeyShapeHash(shape: SequenceShape): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        format: FORMAT,
        touchpoints: shape.touchpoints.map((t) => [t.stageIndex, t.matchRules]),
        stageCount: shape.stageCount,
        goal: shape.goal ? [shape.goal.event, shape.goal.valueProperty ?? null] : null,
        settings: [shape.conversionWindowDays, shape.inactivityDays],
      }),
    )
    .digest('hex');
}

export function journeyEventsTable(journeyId: string): string {
  return quoteIdentifier(`journey_events_${journeyId}`);
}

/** Catch-ups of one database run one at a time: they share the customer keys. */
const queues = new WeakMap<DuckDatabase, Promise<unknown>>();

function serialized<T>(db: DuckDatabase, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(db) ?? Promise.resolve()).then(fn);
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

interface StateRow {
  shape_hash: string;
  events_end: number;
  events_below: number;
}

/**
 * Brings a journey's events table up to date with the journey's shape, the events and the
 * merges, and returns its name. Cheap when nothing changed: three small look-ups.
 */
export function refreshJourneyEvents(
  db: DuckDatabase,
  target: JourneyEventsTarget,
): Promise<JourneyEventsRefresh> {
  const table = journeyEventsTable(target.journeyId);
  const hash = journeyShapeHash(target.shape);
  return serialized(db, () =>
    db.with(async (s) => {
      const state = await readState(s, target.journeyId);
      if (state?.shape_hash === hash && (await isCurrent(s, target, state))) {
        return { table, action: 'current', customers: 0 } as const;
      }
      // Tables made inside the transaction have no statistics yet: the planner would take them
      // for a handful of rows and turn the ASOF joins into nested loops (minutes at 1M events).
      await s.run('SET SESSION asof_loop_join_threshold = 0');
      await s.run('SET SESSION nested_loop_join_threshold = 0');
      return s.transaction(async (t) => {
        await dropOrphans(t);
        const [now] = await t.query<{ end_now: number; below: number }>(
          'SELECT coalesce(max(rowid), -1) + 1 AS end_now, count(*) AS below FROM events',
        );
        const end = now!.end_now;
        let result: JourneyEventsRefresh;
        if (state?.shape_hash === hash && (await rowidsHold(t, state))) {
          const customers = await catchUp(t, target, table, state.events_end, end);
          result = { table, action: 'caught-up', customers };
        } else {
          await rebuild(t, target, table, end);
          result = { table, action: 'rebuilt', customers: 0 };
        }
        await t.run(
          `INSERT OR REPLACE INTO journey_event_tables
           (journey_id, workspace_id, table_name, shape_hash, events_end, events_below, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, now())`,
          [target.journeyId, target.workspaceId, table, hash, end, now!.below],
        );
        await t.run('DELETE FROM journey_event_aliases WHERE journey_id = ?', [target.journeyId]);
        await t.run(
          `INSERT INTO journey_event_aliases
           SELECT ?, customer_id, canonical_id FROM customer_aliases WHERE workspace_id = ?`,
          [target.journeyId, target.workspaceId],
        );
        return result;
      });
    }),
  );
}

async function readState(s: DuckSession, journeyId: string): Promise<StateRow | undefined> {
  const [row] = await s.query<StateRow>(
    'SELECT shape_hash, events_end, events_below FROM journey_event_tables WHERE journey_id = ?',
    [journeyId],
  );
  return row;
}

/** The events below the bound are still exactly the ones the table was built from. */
async function rowidsHold(s: DuckSession, state: StateRow): Promise<boolean> {
  const [r] = await s.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE rowid < ?', [
    BigInt(state.events_end),
  ]);
  return r!.n === state.events_below;
}

/** No event after the bound, the bound still holds, and the merges are the ones applied. */
async function isCurrent(
  s: DuckSession,
  target: JourneyEventsTarget,
  state: StateRow,
): Promise<boolean> {
  const [r] = await s.query<{ end_now: number; changes: number }>(
    `SELECT (SELECT coalesce(max(rowid), -1) + 1 FROM events) AS end_now,
       (SELECT count(*) FROM (${aliasChangesSql})) AS changes`,
    [target.workspaceId, target.journeyId, target.journeyId, target.workspaceId],
  );
  return r!.end_now === state.events_end && r!.changes === 0 && (await rowidsHold(s, state));
}

/** The (customer, canonical) pairs added or removed since the table was keyed. 4 parameters. */
const aliasChangesSql = `
  (SELECT customer_id, canonical_id FROM customer_aliases WHERE workspace_id = ?
   EXCEPT SELECT customer_id, canonical_id FROM journey_event_aliases WHERE journey_id = ?)
  UNION ALL
  (SELECT customer_id, canonical_id FROM journey_event_aliases WHERE journey_id = ?
   EXCEPT SELECT customer_id, canonical_id FROM customer_aliases WHERE workspace_id = ?)`;

/** Drops the tables of journeys that no longer exist. */
async function dropOrphans(s: DuckSession): Promise<void> {
  const gone = await s.query<{ journey_id: string }>(
    'SELECT journey_id FROM journey_event_tables WHERE journey_id NOT IN (SELECT id FROM journeys)',
  );
  for (const g of gone) {
    await s.run(`DROP TABLE IF EXISTS ${journeyEventsTable(g.journey_id)}`);
    await s.run('DELETE FROM journey_event_tables WHERE journey_id = ?', [g.journey_id]);
    await s.run('DELETE FROM journey_event_aliases WHERE journey_id = ?', [g.journey_id]);
  }
}

/** The workspace's events with `start <= rowid < end`, as a condition over `events e`. */
function eventsScope(workspaceId: string, start: number, end: number): SqlFragment {
  return {
    sql: 'e.workspace_id = ? AND e.rowid >= ? AND e.rowid < ?',
    params: [workspaceId, BigInt(start), BigInt(end)],
  };
}

/**
 * Classifies the events in scope into the temp table `je_new` (`ck, rk, ts, tp, is_goal,
 * goal_value`): `rk` keys the customer the event was stored with, `ck` its canonical customer
 * now. Customers seen for the first time get a key first.
 */
async function classifyNew(s: DuckSession, target: JourneyEventsTarget, scope: SqlFragment) {
  await s.run(
    `INSERT INTO customer_keys (workspace_id, customer_id, ck)
     SELECT ?, id, (SELECT coalesce(max(ck), 0) FROM customer_keys) + row_number() OVER (ORDER BY id)
     FROM (
       SELECT DISTINCT e.customer_id AS id FROM events e WHERE ${scope.sql}
       UNION SELECT customer_id FROM customer_aliases WHERE workspace_id = ?
       UNION SELECT canonical_id FROM customer_aliases WHERE workspace_id = ?
     ) WHERE id NOT IN (SELECT customer_id FROM customer_keys WHERE workspace_id = ?)`,
    [
      target.workspaceId,
      ...scope.params,
      target.workspaceId,
      target.workspaceId,
      target.workspaceId,
    ],
  );
  const classified = classifyEventsSql(target.shape, scope);
  await s.run(
    `CREATE OR REPLACE TEMP TABLE je_new AS
     WITH keyed AS (
       SELECT k.customer_id, k.ck AS rk, c.ck
       FROM customer_keys k
       LEFT JOIN customer_aliases a ON a.customer_id = k.customer_id
       JOIN customer_keys c
         ON c.workspace_id = k.workspace_id AND c.customer_id = coalesce(a.canonical_id, k.customer_id)
       WHERE k.workspace_id = ?
     )
     SELECT keyed.ck, keyed.rk, x.ts, x.tp, x.is_goal, x.goal_value
     FROM (${classified.sql}) x JOIN keyed USING (customer_id)`,
    [target.workspaceId, ...classified.params],
  );
}

/** Rebuilds a journey's table from all of the workspace's events below `end`. */
async function rebuild(s: DuckSession, target: JourneyEventsTarget, table: string, end: number) {
  await classifyNew(s, target, eventsScope(target.workspaceId, 0, end));
  await s.run(
    `CREATE OR REPLACE TABLE ${table} AS ${sequenceJourneyEventsSql(target.shape, 'je_new')}`,
  );
  await s.run('DROP TABLE IF EXISTS je_new');
}

/**
 * Adds the events in [start, end) and applies changed merges: the affected canonical customers
 * (those of new events, and both sides of every changed alias) have their rows re-keyed and
 * their sequence columns recomputed from the table; nobody else's rows are touched. Returns how
 * many customers were recomputed.
 */
async function catchUp(
  s: DuckSession,
  target: JourneyEventsTarget,
  table: string,
  start: number,
  end: number,
): Promise<number> {
  await classifyNew(s, target, eventsScope(target.workspaceId, start, end));
  // Re-keying: each customer whose canonical changed moves to the key of its canonical now.
  await s.run(
    `CREATE OR REPLACE TEMP TABLE je_moved AS
     SELECT DISTINCT r.ck AS rk, old_c.ck AS old_ck, new_c.ck AS new_ck
     FROM (${aliasChangesSql}) changed
     JOIN customer_keys r ON r.workspace_id = ? AND r.customer_id = changed.customer_id
     LEFT JOIN journey_event_aliases o
       ON o.journey_id = ? AND o.customer_id = changed.customer_id
     LEFT JOIN customer_aliases n ON n.customer_id = changed.customer_id
     JOIN customer_keys old_c
       ON old_c.workspace_id = ? AND old_c.customer_id = coalesce(o.canonical_id, changed.customer_id)
     JOIN customer_keys new_c
       ON new_c.workspace_id = ? AND new_c.customer_id = coalesce(n.canonical_id, changed.customer_id)`,
    [
      target.workspaceId,
      target.journeyId,
      target.journeyId,
      target.workspaceId,
      target.workspaceId,
      target.journeyId,
      target.workspaceId,
      target.workspaceId,
    ],
  );
  await s.run(
    `CREATE OR REPLACE TEMP TABLE je_affected AS
     SELECT ck FROM je_new UNION SELECT old_ck FROM je_moved UNION SELECT new_ck FROM je_moved`,
  );
  const [a] = await s.query<{ n: number }>('SELECT count(*) AS n FROM je_affected');
  const customers = a!.n;
  if (customers > 0) {
    await s.run(
      `CREATE OR REPLACE TEMP TABLE je_redo AS
       SELECT coalesce(m.new_ck, e.ck) AS ck, e.rk, e.ts, e.tp, e.is_goal, e.goal_value
       FROM ${table} e LEFT JOIN je_moved m ON m.rk = e.rk
       WHERE e.ck IN (SELECT ck FROM je_affected)
       UNION ALL SELECT * FROM je_new`,
    );
    await s.run(`DELETE FROM ${table} WHERE ck IN (SELECT ck FROM je_affected)`);
    await s.run(`INSERT INTO ${table} ${sequenceJourneyEventsSql(target.shape, 'je_redo')}`);
  }
  for (const temp of ['je_new', 'je_moved', 'je_affected', 'je_redo']) {
    await s.run(`DROP TABLE IF EXISTS ${temp}`);
  }
  return customers;
}
