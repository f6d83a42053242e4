import type { TGoal, TJourneySettings } from '../../../core/schemas/journey.ts';
import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import { jsonPath, quoteIdentifier, type SqlFragment } from '../../sql.ts';
import { compileMatchRule, compileSegmentRule, compileTouchpointCase } from '../rules.ts';

/** What every query of the touchpoint detail page and the journey dashboard looks at. */
export interface JourneyScope {
  workspaceId: string;
  from: Date;
  to: Date;
  /** The journey's touchpoints in map order: the first whose rules match an event claims it. */
  touchpoints: ReadonlyArray<{ id: string; name: string; matchRules: readonly TMatchRule[] }>;
  goal: TGoal | null;
  settings: TJourneySettings;
  segment: TSegmentRule | null;
}

/**
 * Collects SQL text and its bound values side by side, so that a query is written in reading
 * order and its `?` placeholders cannot drift from their values.
 */
export class SqlBuilder {
  private readonly text: string[] = [];
  private readonly values: unknown[] = [];

  add(sql: string, ...values: unknown[]): this {
    this.text.push(sql);
    this.values.push(...values);
    return this;
  }

  fragment(f: SqlFragment): this {
    return this.add(f.sql, ...f.params);
  }

  build(): SqlFragment {
    return { sql: this.text.join(''), params: [...this.values] };
  }
}

/** The canonical customer of an event row `e` (merged profiles count for the survivor). */
export const CANONICAL_CUSTOMER = 'coalesce(a.canonical_id, e.customer_id)';
export const ALIAS_JOIN = 'LEFT JOIN customer_aliases a ON a.customer_id = e.customer_id';

/**
 * The conditions that put an event row `e` (joined to its alias `a`) in scope: the workspace, the
 * range [from, to), and the persona's customers by their traits now (docs/metrics.md, Scope).
 */
export function scopeCondition(p: JourneyScope): SqlFragment {
  const q = new SqlBuilder().add(
    'e.workspace_id = ? AND e.ts >= ?::TIMESTAMP AND e.ts < ?::TIMESTAMP',
    p.workspaceId,
    p.from.toISOString(),
    p.to.toISOString(),
  );
  if (p.segment) {
    q.add(
      ` AND ${CANONICAL_CUSTOMER} IN (SELECT c.id FROM customers c WHERE c.workspace_id = ? AND `,
      p.workspaceId,
    )
      .fragment(compileSegmentRule(p.segment))
      .add(')');
  }
  return q.build();
}

/** Event columns a match rule can test besides `properties`, by rule field. */
const RULE_COLUMNS = {
  type: 'type',
  event: 'event',
  path: 'path',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  channel: 'channel',
} as const;
type RuleField = keyof typeof RULE_COLUMNS;
const RULE_FIELDS = Object.keys(RULE_COLUMNS) as RuleField[];

/** The columns that make a kind of event: type and event (the goal test), and all rules read. */
function kindColumns(rules: readonly (readonly TMatchRule[])[]): string[] {
  const used = new Set<string>(['type', 'event']);
  for (const rule of rules.flat()) {
    for (const field of RULE_FIELDS) if (rule[field] !== undefined) used.add(RULE_COLUMNS[field]);
  }
  return Object.values(RULE_COLUMNS).filter((c) => used.has(c));
}

/** The connection's temporary table of classified kinds of event (see classifiedEventsSql). */
const KINDS_TABLE = quoteIdentifier('detail_event_kinds');

export interface ClassifiedEvents {
  /** Fills the connection's temporary table of kinds; run it first, on the same connection. */
  kinds: SqlFragment;
  /** The classified events (a SELECT that reads the kinds table). */
  events: SqlFragment;
}

/**
 * Every event in scope with its classification: `cid` (canonical customer), `ts`, `message_id`,
 * the `extra` columns of `e` asked for, `tp` (the claiming touchpoint's index in map order, or
 * NULL), `is_goal`, and `goal_value` (the goal's value property, else the event's value; NULL
 * except on goal events).
 *
 * Rules are mostly about an event's kind (type, name, path, campaign, channel), and a workspace
 * has a few thousand kinds for hundreds of thousands of events: the kinds table classifies each
 * distinct kind once by the rules without property conditions, and flags each rule with property
 * conditions whose other conditions the kind meets, when no earlier touchpoint claims the kind.
 * Only those rules' property conditions are then tested event by event, in map order; the first
 * that holds claims the event, else the kind's answer does (no earlier touchpoint can match).
 * The kinds are a table rather than a CTE because DuckDB inlines a CTE's expressions into the
 * filters it pushes down to the events scan, which would run the rules on every event again.
 *
 * - `upTo`: classify with the touchpoints up to that index only. Whether touchpoint k claims an
 *   event depends on no later touchpoint, so a query about k alone skips the others' rules.
 * - `only`: keep `journey` events (touches and goals), the `touches` of `upTo` and the goals,
 *   the `unmatched` events (neither touches nor goals), or `all` events.
 * - `where`: a further condition on the event row `e`.
 */
export function classifiedEventsSql(
  p: JourneyScope,
  options: {
    upTo?: number;
    only?: 'journey' | 'touches' | 'unmatched' | 'all';
    where?: SqlFragment;
    extra?: readonly string[];
  } = {},
): ClassifiedEvents {
  const only = options.only ?? 'journey';
  const all = p.touchpoints.map((t) => t.matchRules);
  const rules = options.upTo === undefined ? all : all.slice(0, options.upTo + 1);
  const columns = kindColumns(rules);
  const plain = compileTouchpointCase(rules.map((r) => r.filter((x) => !x.properties?.length)));
  // In map order, so that the first that matches an event is the touchpoint that claims it.
  const withProperties = rules.flatMap((r, tp) =>
    r.filter((x) => x.properties?.length).map((rule) => ({ tp: Math.trunc(tp), rule })),
  );
  // Both levels call their rows `e`, the alias that compiled rules read. `pr<i>`: the kind passes
  // property rule i's other conditions and no touchpoint before that rule's claims it.
  const kinds = new SqlBuilder().add(`CREATE OR REPLACE TEMP TABLE ${KINDS_TABLE} AS
    SELECT e.*, `);
  kinds.add(
    withProperties.length === 0 ? 'false' : withProperties.map((_, i) => `pr${i}`).join(' OR '),
  );
  kinds.add(` AS needs FROM (
    SELECT e.*`);
  withProperties.forEach(({ tp, rule }, i) => {
    const base = RULE_FIELDS.some((f) => rule[f] !== undefined)
      ? compileMatchRule({ ...rule, properties: undefined })
      : { sql: 'true', params: [] };
    kinds.add(', (').fragment(base).add(`) AND (e.tp IS NULL OR e.tp > ${tp}) AS pr${i}`);
  });
  kinds.add(`
    FROM (
      SELECT e.*, `);
  kinds.fragment(plain).add(' AS tp, ');
  if (p.goal) kinds.add("(e.type = 'track' AND lower(e.event) = lower(?))", p.goal.event);
  else kinds.add('false');
  kinds.add(
    ` AS is_goal
      FROM (SELECT DISTINCT ${columns.map((c) => `e.${c}`).join(', ')} FROM events e
        WHERE e.workspace_id = ? AND e.ts >= ?::TIMESTAMP AND e.ts < ?::TIMESTAMP) e
    ) e
  ) e`,
    p.workspaceId,
    p.from.toISOString(),
    p.to.toISOString(),
  );

  const q = new SqlBuilder().add(`SELECT * FROM (
    SELECT ${CANONICAL_CUSTOMER} AS cid, e.ts, e.message_id, `);
  for (const c of options.extra ?? []) q.add(`e.${c}, `);
  // Only the property conditions are left to test on the event: the kind settled the rest.
  if (withProperties.length === 0) q.add('k.tp');
  else {
    q.add('CASE');
    withProperties.forEach(({ tp, rule }, i) => {
      q.add(` WHEN k.pr${i} AND `)
        .fragment(compileMatchRule({ properties: rule.properties }))
        .add(` THEN ${tp}`);
    });
    q.add(' ELSE k.tp END');
  }
  q.add(' AS tp, k.is_goal, CASE WHEN k.is_goal THEN ');
  if (p.goal?.valueProperty) {
    q.add(
      'TRY_CAST(json_extract_string(e.properties, ?) AS DOUBLE)',
      jsonPath(p.goal.valueProperty),
    );
  } else q.add('e.value');
  q.add(` END AS goal_value
    FROM events e
    JOIN ${KINDS_TABLE} k ON ${columns
      .map((c) =>
        c === 'type' || c === 'event' ? `e.${c} = k.${c}` : `e.${c} IS NOT DISTINCT FROM k.${c}`,
      )
      .join(' AND ')}
    ${ALIAS_JOIN}
    WHERE `).fragment(scopeCondition(p));
  if (options.where) q.add(' AND ').fragment(options.where);
  // Kinds that can yield no wanted row are skipped before their events are joined.
  const upTo = Math.trunc(options.upTo ?? -1);
  const keep =
    only === 'all'
      ? undefined
      : only === 'unmatched'
        ? { kind: 'k.needs OR (k.tp IS NULL AND NOT k.is_goal)', row: 'tp IS NULL AND NOT is_goal' }
        : only === 'touches' && options.upTo !== undefined
          ? { kind: `k.needs OR k.tp = ${upTo} OR k.is_goal`, row: `tp = ${upTo} OR is_goal` }
          : { kind: 'k.needs OR k.tp IS NOT NULL OR k.is_goal', row: 'tp IS NOT NULL OR is_goal' };
  if (keep) q.add(` AND (${keep.kind})`);
  q.add(')');
  if (keep) q.add(` WHERE ${keep.row}`);
  return { kinds: kinds.build(), events: q.build() };
}

/** The journey events in scope (touches and goal events): see classifiedEventsSql. */
export const journeyEventsSql = (p: JourneyScope, options: { upTo?: number } = {}) =>
  classifiedEventsSql(p, {
    upTo: options.upTo,
    only: options.upTo === undefined ? 'journey' : 'touches',
  });

/**
 * Runs a query over classified events: fills the kinds table on a connection of its own, then
 * runs the query on that same connection (temporary tables live and die with it).
 */
export function queryClassified<T>(
  db: DuckDatabase,
  classified: ClassifiedEvents,
  build: (events: SqlFragment) => SqlFragment,
): Promise<T[]> {
  const q = build(classified.events);
  return db.with(async (s) => {
    await s.run(classified.kinds.sql, classified.kinds.params);
    return s.query<T>(q.sql, q.params);
  });
}

/**
 * A customer's journey events in order: by time; at one instant touches in map order, then goal
 * events that match no touchpoint (docs/metrics.md). Events still tied are alike for every figure
 * (same instant, touchpoint and goal flag), so their order does not matter.
 */
export const JOURNEY_ORDER = 'PARTITION BY cid ORDER BY ts, tp NULLS LAST, is_goal';

/** The end of the data: a lapse can only be observed up to the earlier of `to` and now. */
export const dataEnd = (to: Date, now = Date.now()) =>
  new Date(Math.min(to.getTime(), now)).toISOString();
