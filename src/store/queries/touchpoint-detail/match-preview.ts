import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import { compileMatchRules } from '../rules.ts';
import {
  classifiedEventsSql,
  type JourneyScope,
  queryClassified,
  SqlBuilder,
} from './journey-scope.ts';

export interface MatchPreviewParams extends JourneyScope {
  /** The draft rules to try; nothing is saved. */
  rules: readonly TMatchRule[];
  sampleSize: number;
}

export interface MatchPreviewRows {
  count: number;
  /** Matched events per claiming touchpoint index (map order, saved rules); null: unclaimed. */
  claimed: Array<{ tp: number | null; n: number }>;
  sample: Array<{
    messageId: string;
    timestamp: string;
    customerId: string;
    type: string;
    event: string;
    path: string | null;
    tp: number | null;
  }>;
}

interface Row {
  n: number;
  claimed: Array<{ tp: number | null; n: number }> | null;
  sample: Array<{
    message_id: string;
    ts: string;
    cid: string;
    type: string;
    event: string;
    path: string | null;
    tp: number | null;
  }> | null;
}

/**
 * The events in scope that draft match rules match: how many, which touchpoint claims them now
 * (the journey's saved rules in map order), and the latest few. The draft is tested on every event
 * in scope; the saved rules classify kinds of event, as everywhere on the detail page.
 */
async function matchPreviewDuckdb(
  db: DuckDatabase,
  p: MatchPreviewParams,
): Promise<MatchPreviewRows> {
  const classified = classifiedEventsSql(p, {
    only: 'all',
    where: compileMatchRules(p.rules),
    extra: ['type', 'event', 'path'],
  });
  const build = (events: SqlFragment) =>
    new SqlBuilder()
      .add('WITH m AS MATERIALIZED (')
      .fragment(events)
      .add(
        `
  )
  SELECT (SELECT count(*) FROM m) AS n,
    (SELECT list({'tp': tp, 'n': n} ORDER BY n DESC, tp NULLS LAST)
      FROM (SELECT tp, count(*) AS n FROM m GROUP BY tp)) AS claimed,
    (SELECT list({'message_id': message_id, 'ts': ts, 'cid': cid, 'type': type, 'event': event,
        'path': path, 'tp': tp} ORDER BY ts DESC, message_id)
      FROM (SELECT * FROM m ORDER BY ts DESC, message_id LIMIT ?)) AS sample`,
        p.sampleSize,
      )
      .build();
  const [row] = await queryClassified<Row>(db, classified, build);
  return {
    count: row?.n ?? 0,
    claimed: row?.claimed ?? [],
    sample: (row?.sample ?? []).map((r) => ({
      messageId: r.message_id,
      timestamp: r.ts,
      customerId: r.cid,
      type: r.type,
      event: r.event,
      path: r.path,
      tp: r.tp,
    })),
  };
}

/** What draft match rules would match, per engine. */
export const matchPreview: EngineVariants<
  (db: DuckDatabase, p: MatchPreviewParams) => Promise<MatchPreviewRows>
> = {
  duckdb: matchPreviewDuckdb,
};
