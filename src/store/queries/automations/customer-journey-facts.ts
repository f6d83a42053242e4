import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import { compileMatchRules } from '../rules.ts';
import { SqlBuilder } from '../touchpoint-detail/journey-scope.ts';

export interface JourneyFactsParams {
  workspaceId: string;
  /** The canonical customer. */
  customerId: string;
  touchpoints: ReadonlyArray<{ id: string; rules: readonly TMatchRule[] }>;
  goals: ReadonlyArray<{ journeyId: string; event: string }>;
}

export interface JourneyFacts {
  reachedTouchpoints: Set<string>;
  reachedGoals: Set<string>;
}

/**
 * Which of the given touchpoints and goals a customer has reached so far: any of their events
 * (merged profiles included) matching the touchpoint's rules, or named as the goal. One query.
 */
async function customerJourneyFactsDuckdb(
  db: DuckDatabase,
  p: JourneyFactsParams,
): Promise<JourneyFacts> {
  const facts: JourneyFacts = { reachedTouchpoints: new Set(), reachedGoals: new Set() };
  const checks = [
    ...p.touchpoints.map((t) => ({
      kind: 'tp' as const,
      id: t.id,
      cond: compileMatchRules(t.rules),
    })),
    ...p.goals.map((g) => ({
      kind: 'goal' as const,
      id: g.journeyId,
      cond: { sql: 'e.event = ?', params: [g.event] },
    })),
  ];
  if (checks.length === 0) return facts;
  const q = new SqlBuilder().add('SELECT ');
  checks.forEach((c, i) => {
    q.add(i === 0 ? 'bool_or(' : ', bool_or(')
      .fragment(c.cond)
      .add(`) AS c${i}`);
  });
  q.add(
    ` FROM events e WHERE e.workspace_id = ? AND e.customer_id IN (
        SELECT ? UNION ALL SELECT customer_id FROM customer_aliases WHERE canonical_id = ?)`,
    p.workspaceId,
    p.customerId,
    p.customerId,
  );
  const built = q.build();
  const [row] = await db.query<Record<string, boolean | null>>(built.sql, built.params);
  checks.forEach((c, i) => {
    if (row?.[`c${i}`] !== true) return;
    if (c.kind === 'tp') facts.reachedTouchpoints.add(c.id);
    else facts.reachedGoals.add(c.id);
  });
  return facts;
}

export const customerJourneyFacts: EngineVariants<
  (db: DuckDatabase, p: JourneyFactsParams) => Promise<JourneyFacts>
> = { duckdb: customerJourneyFactsDuckdb };
