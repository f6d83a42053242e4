import type { TEventKind } from '../../../core/conformance/suggest-rule.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import {
  classifiedEventsSql,
  type JourneyScope,
  queryClassified,
} from '../touchpoint-detail/journey-scope.ts';

export interface UnmatchedKindsParams extends JourneyScope {
  /** How many kinds to return, most events first. */
  limit: number;
}

export interface UnmatchedKindRow extends TEventKind {
  events: number;
  customers: number;
}

/**
 * A page path with every segment that holds a digit replaced by `*`: `/products/sku-12` and
 * `/orders/8812/track` become `/products/*` and `/orders/*\/track`, one kind each, matched by the
 * rule the path suggests. The same function exists in PostgreSQL.
 */
const PATH_PATTERN = `regexp_replace(path, '/[^/]*[0-9][^/]*', '/*', 'g')`;

/**
 * The kinds of interaction (track, page, screen) in scope that no touchpoint of the journey
 * claims and that are not goal events, ranked by events, then customers: what the metrics count as
 * unmatched, grouped so that a team can see which touchpoints the map lacks. A track or screen
 * call is a kind by its name; a page view by its path pattern (by its name when it has no path).
 * Events are classified with the journey's current rules in map order (journey-scope.ts).
 */
async function unmatchedKindsDuckdb(
  db: DuckDatabase,
  p: UnmatchedKindsParams,
): Promise<UnmatchedKindRow[]> {
  const classified = classifiedEventsSql(p, {
    only: 'unmatched',
    where: { sql: "e.type IN ('track', 'page', 'screen')", params: [] },
    extra: ['type', 'event', 'path'],
  });
  const rows = await queryClassified<UnmatchedKindRow>(
    db,
    classified,
    (events: SqlFragment): SqlFragment => ({
      sql: `SELECT type, event, path, count(*)::INTEGER AS events,
          count(DISTINCT cid)::INTEGER AS customers
        FROM (
          SELECT type, cid,
            CASE WHEN type = 'page' AND path IS NOT NULL THEN NULL ELSE event END AS event,
            CASE WHEN type = 'page' AND path IS NOT NULL THEN ${PATH_PATTERN} END AS path
          FROM (${events.sql}) x
        )
        GROUP BY ALL
        ORDER BY events DESC, customers DESC, type, event NULLS FIRST, path NULLS FIRST
        LIMIT ?`,
      params: [...events.params, p.limit],
    }),
  );
  return rows;
}

/** Unmatched kinds of interaction per engine. */
export const unmatchedKinds: EngineVariants<
  (db: DuckDatabase, p: UnmatchedKindsParams) => Promise<UnmatchedKindRow[]>
> = {
  duckdb: unmatchedKindsDuckdb,
};
