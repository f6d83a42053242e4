import type { TGoal } from '../../../core/schemas/journey.ts';
import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import { jsonPath, type SqlFragment } from '../../sql.ts';
import { compileMatchRule, compileTouchpointCase } from '../rules.ts';

/** What classifying an event against a journey depends on: its touchpoints, stages and goal. */
export interface JourneyShape {
  /** Touchpoints in map order (stage, then position): the first whose rules match an event wins. */
  touchpoints: ReadonlyArray<{ stageIndex: number; matchRules: readonly TMatchRule[] }>;
  stageCount: number;
  goal: TGoal | null;
}

/** Event columns a match rule can test (besides `properties`), by rule field. */
const RULE_COLUMNS = {
  type: 'type',
  event: 'event',
  path: 'path',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  channel: 'channel',
} as const;

/**
 * The columns that make a kind of event: type and event (the goal test reads them), and every
 * other column some rule tests. Events that differ only elsewhere are the same kind.
 */
function kindColumns(shape: JourneyShape): string[] {
  const used = new Set<string>(['type', 'event']);
  for (const t of shape.touchpoints) {
    for (const rule of t.matchRules) {
      for (const [field, column] of Object.entries(RULE_COLUMNS)) {
        if (rule[field as keyof typeof RULE_COLUMNS]) used.add(column);
      }
    }
  }
  return Object.values(RULE_COLUMNS).filter((c) => used.has(c));
}

/** A match rule with property conditions, split into what a kind decides and what it cannot. */
interface PropertyRule {
  tp: number;
  /** The rule's other conditions: the same for every event of a kind. */
  base: SqlFragment;
  /** The property conditions: evaluated per event. */
  props: SqlFragment;
}

/** The rules that read `properties`, in map order (the order the touchpoint CASE tries them). */
function propertyRules(shape: JourneyShape): PropertyRule[] {
  const out: PropertyRule[] = [];
  shape.touchpoints.forEach((t, tp) => {
    for (const rule of t.matchRules) {
      if (!rule.properties?.length) continue;
      const hasBase = Object.keys(RULE_COLUMNS).some(
        (field) => rule[field as keyof typeof RULE_COLUMNS],
      );
      out.push({
        tp,
        base: hasBase
          ? compileMatchRule({ ...rule, properties: undefined })
          : { sql: 'true', params: [] },
        props: compileMatchRule({ properties: rule.properties }),
      });
    }
  });
  return out;
}

/**
 * Classifies the events that `scope` (a condition over `events e`) selects against a journey's
 * current rules, as docs/metrics.md defines it. Yields one row per event that matters to the
 * journey: `customer_id` (as stored, not yet canonical), `ts` (epoch microseconds), `tp`
 * (touchpoint index in map order, or NULL), `is_goal`, `goal_value` (goal events only) and
 * `interaction`. Kept are touches, goal events and unmatched interactions (track, page, screen:
 * what `unmatchedEvents` counts); identify, group and alias calls that match nothing are left
 * out.
 *
 * The rules run once per kind of event (the distinct combinations of the columns they read),
 * not once per event: a few hundred thousand kinds instead of ten million events. Only events of
 * kinds where a rule with property conditions could still win test their properties one by one.
 */
export function classifyEventsSql(shape: JourneyShape, scope: SqlFragment): SqlFragment {
  const plainCase = compileTouchpointCase(
    shape.touchpoints.map((t) => t.matchRules.filter((r) => !r.properties?.length)),
  );
  const prules = propertyRules(shape);
  const columns = kindColumns(shape);
  const sql: string[] = [];
  const params: unknown[] = [];
  const add = (text: string, ...values: unknown[]) => {
    sql.push(text);
    params.push(...values);
  };
  const addFragment = (f: SqlFragment) => add(f.sql, ...f.params);

  // Kinds: the touchpoint by the rules without property conditions (tp), and for each rule with
  // property conditions whether a kind passes its other conditions and the rule could still win
  // (pr<i>); only events of kinds with such a rule (needs) test properties.
  add(`WITH kinds AS MATERIALIZED (
    SELECT e.*, ${prules.length ? prules.map((_, i) => `pr${i}`).join(' OR ') : 'false'} AS needs
    FROM (
      SELECT e.*`);
  prules.forEach((r, i) => {
    add(', (');
    addFragment(r.base);
    add(`) AND (e.tp IS NULL OR ${r.tp} < e.tp) AS pr${i}`);
  });
  add(`
      FROM (
        SELECT e.*, `);
  addFragment(plainCase);
  add(' AS tp, ');
  if (shape.goal) add("(e.type = 'track' AND lower(e.event) = lower(?))", shape.goal.event);
  else add('false');
  // Unmatched events count interactions only: identify, group and alias calls are not touches.
  add(` AS is_goal, e.type IN ('track', 'page', 'screen') AS interaction FROM (
          SELECT ${columns.map((c) => `e.${c}`).join(', ')}
          FROM events e WHERE `);
  addFragment(scope);
  add(` GROUP BY ALL
        ) e
      ) e
    ) e
  )
  SELECT * FROM (
    SELECT e.customer_id, epoch_us(e.ts) AS ts, `);
  if (prules.length > 0) {
    add('CASE WHEN k.needs THEN CASE');
    prules.forEach((r, i) => {
      add(` WHEN k.pr${i} AND `);
      addFragment(r.props);
      add(` THEN ${r.tp}`);
    });
    add(' ELSE k.tp END ELSE k.tp END AS tp,');
  } else add('k.tp,');
  add(' k.is_goal, k.interaction, CASE WHEN k.is_goal THEN ');
  if (shape.goal?.valueProperty) {
    add(
      'TRY_CAST(json_extract_string(e.properties, ?) AS DOUBLE)',
      jsonPath(shape.goal.valueProperty),
    );
  } else add('e.value');
  add(` END AS goal_value
    FROM events e
    JOIN (SELECT * FROM kinds WHERE tp IS NOT NULL OR is_goal OR needs OR interaction) k
      ON e.type = k.type AND e.event = k.event
      ${columns
        .slice(2)
        .map((c) => `AND e.${c} IS NOT DISTINCT FROM k.${c}`)
        .join(' ')}
    WHERE `);
  addFragment(scope);
  add(`
  ) WHERE tp IS NOT NULL OR is_goal OR interaction`);
  return { sql: sql.join(''), params };
}
