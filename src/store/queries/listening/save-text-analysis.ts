import type { DuckSession } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';

export interface SentimentRow {
  key: string;
  workspaceId: string;
  score: number;
  label: string;
}

export interface ReasonRow {
  key: string;
  workspaceId: string;
  modelId: string;
  predicted: string;
  confidence: number;
  reason: string;
}

const SENTIMENT_JSON = '[{"k":"VARCHAR","ws":"VARCHAR","score":"DOUBLE","label":"VARCHAR"}]';
const REASON_JSON =
  '[{"k":"VARCHAR","ws":"VARCHAR","m":"VARCHAR","p":"VARCHAR","c":"DOUBLE","r":"VARCHAR"}]';

/**
 * Stores analysed texts from one JSON parameter (every value bound); a text analysed again (after
 * a cursor was found untrustworthy) replaces its row.
 */
async function saveTextAnalysisDuckdb(
  s: DuckSession,
  rows: { sentiment?: readonly SentimentRow[]; reasons?: readonly ReasonRow[] },
): Promise<void> {
  if (rows.sentiment?.length) {
    await s.run(
      `INSERT OR REPLACE INTO text_sentiment
       SELECT j.k::UHUGEINT, j.ws, j.score, j.label
       FROM (SELECT unnest(from_json(?::JSON, '${SENTIMENT_JSON}'), recursive := true)) j`,
      [
        JSON.stringify(
          rows.sentiment.map((r) => ({
            k: r.key,
            ws: r.workspaceId,
            score: r.score,
            label: r.label,
          })),
        ),
      ],
    );
  }
  if (rows.reasons?.length) {
    await s.run(
      `INSERT OR REPLACE INTO text_contact_reasons
       SELECT j.k::UHUGEINT, j.ws, j.m, j.p, j.c, j.r
       FROM (SELECT unnest(from_json(?::JSON, '${REASON_JSON}'), recursive := true)) j`,
      [
        JSON.stringify(
          rows.reasons.map((r) => ({
            k: r.key,
            ws: r.workspaceId,
            m: r.modelId,
            p: r.predicted,
            c: r.confidence,
            r: r.reason,
          })),
        ),
      ],
    );
  }
}

/** Stores sentiment and contact reasons of analysed texts, per engine. */
export const saveTextAnalysis: EngineVariants<
  (
    s: DuckSession,
    rows: { sentiment?: readonly SentimentRow[]; reasons?: readonly ReasonRow[] },
  ) => Promise<void>
> = { duckdb: saveTextAnalysisDuckdb };
