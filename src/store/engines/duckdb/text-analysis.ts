import type { TIntentModel } from '../../../core/intents/train-intents.ts';
import {
  classifyContactReason,
  loadContactReasonModel,
  type TContactReasonModelInfo,
} from '../../../core/listening/contact-reason-model.ts';
import { scoreSentiment } from '../../../core/sentiment/score-sentiment.ts';
import { pendingTexts } from '../../queries/listening/pending-texts.ts';
import {
  type ReasonRow,
  type SentimentRow,
  saveTextAnalysis,
} from '../../queries/listening/save-text-analysis.ts';
import type { DuckDatabase, DuckSession } from './database.ts';

/**
 * Text analysis of the events table: the sentiment of every event text, and the contact reason
 * of every text of a workspace that has a contact-reason model.
 *
 * It runs in the background after events load, never on the ingestion path: a write only
 * schedules a pass (debounced) and returns. It is caught up incrementally, like the journey
 * events tables (journey-events.ts): each analysis keeps a `rowid` bound below which every text
 * is analysed, advanced in the same transaction as the rows it stored, so a crash loses nothing
 * (the next pass starts from the last committed bound) and a restart picks up where it stopped.
 * The number of events below the bound is stored too and checked: if rows were ever deleted or
 * renumbered, the bound is not trusted and the analysis starts over (rows are replaced by key).
 * Reads that show analysed texts first call `catchUp()`, so they never miss a text that a
 * background pass has not reached yet.
 *
 * Work is cut into small chunks, one transaction each, with a turn of the event loop between
 * them: scoring is CPU work in this process, and requests keep being served meanwhile.
 */

const SENTIMENT_CURSOR = 'sentiment';
const reasonsCursor = (workspaceId: string) => `reasons:${workspaceId}`;
/** Texts per transaction: ~50 ms of scoring, ~100 ms of classifying. */
const SENTIMENT_CHUNK = 1000;
const REASON_CHUNK = 500;

interface CursorRow {
  events_end: number;
  events_below: number;
}

interface LoadedModel {
  id: string;
  model: TIntentModel;
  minConfidence: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class TextAnalysis {
  private timer: NodeJS.Timeout | undefined;
  /** Settles the scheduled pass's promise when the timer is cleared before it fires. */
  private cancel: (() => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private background: Promise<void> = Promise.resolve();
  private closed = false;
  /** Parsed models by workspace, dropped when a workspace's model changes. */
  private readonly models = new Map<string, LoadedModel>();

  constructor(
    private readonly db: DuckDatabase,
    /** Resolves once every accepted event is readable (the event writer's settled()). */
    private readonly settled: () => Promise<void>,
    /** The debounce of background passes after a write. */
    private readonly delayMs: number,
  ) {}

  /** Schedules a background pass and returns at once; passes already scheduled absorb it. */
  schedule(): void {
    if (this.closed || this.timer) return;
    const previous = this.background;
    this.background = new Promise<void>((resolve) => {
      this.cancel = resolve;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.cancel = undefined;
        // A failed background pass is retried by the next write or read; reads report errors.
        void previous
          .then(() => this.catchUp())
          .catch(() => undefined)
          .then(resolve);
      }, this.delayMs);
      this.timer.unref();
    });
  }

  /** Resolves when the background pass scheduled or running now (if any) has finished. */
  idle(): Promise<void> {
    return this.background;
  }

  /** Analyses every text of the events accepted before the call. */
  catchUp(): Promise<void> {
    return this.serialized(async () => {
      await this.settled();
      if (this.closed) return;
      await this.advance(SENTIMENT_CURSOR, undefined, SENTIMENT_CHUNK, (texts) => ({
        sentiment: texts.map((t): SentimentRow => {
          const { score, label } = scoreSentiment(t.text);
          return { key: t.key, workspaceId: t.workspaceId, score, label };
        }),
      }));
      const withModels = await this.db.query<{ workspace_id: string }>(
        'SELECT workspace_id FROM contact_reason_models ORDER BY workspace_id',
      );
      for (const { workspace_id: ws } of withModels) {
        const loaded = await this.model(ws);
        if (!loaded || this.closed) continue;
        await this.advance(reasonsCursor(ws), ws, REASON_CHUNK, (texts) => ({
          reasons: texts.map((t): ReasonRow => {
            const r = classifyContactReason(loaded.model, t.text, loaded.minConfidence);
            return { key: t.key, workspaceId: ws, modelId: loaded.id, ...r };
          }),
        }));
      }
    });
  }

  /**
   * Replaces (or, with `null`, removes) a workspace's model: its stored reasons go and its
   * cursor restarts, in one transaction, between passes; the texts are classified again in the
   * background.
   */
  setModel(
    workspaceId: string,
    model: { id: string; file: unknown; info: TContactReasonModelInfo } | null,
  ): Promise<boolean> {
    return this.serialized(async () => {
      const existed = await this.db.transaction(async (s) => {
        const [row] = await s.query<{ n: number }>(
          'SELECT count(*) AS n FROM contact_reason_models WHERE workspace_id = ?',
          [workspaceId],
        );
        await s.run('DELETE FROM contact_reason_models WHERE workspace_id = ?', [workspaceId]);
        await s.run('DELETE FROM text_contact_reasons WHERE workspace_id = ?', [workspaceId]);
        await s.run('DELETE FROM text_analysis_cursors WHERE name = ?', [
          reasonsCursor(workspaceId),
        ]);
        if (model) {
          await s.run('INSERT INTO contact_reason_models VALUES (?, ?, ?::JSON, ?::JSON, now())', [
            workspaceId,
            model.id,
            JSON.stringify(model.file),
            JSON.stringify(model.info),
          ]);
        }
        return row!.n > 0;
      });
      this.models.delete(workspaceId);
      this.schedule();
      return existed;
    });
  }

  /** Stops scheduling, and waits for the pass in progress to stop after its current chunk. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.cancel?.();
    await this.queue.catch(() => undefined);
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async model(workspaceId: string): Promise<LoadedModel | undefined> {
    const cached = this.models.get(workspaceId);
    if (cached) return cached;
    const [row] = await this.db.query<{ id: string; model: string; info: string }>(
      'SELECT id, model::VARCHAR AS model, info::VARCHAR AS info FROM contact_reason_models WHERE workspace_id = ?',
      [workspaceId],
    );
    if (!row) return undefined;
    const info = JSON.parse(row.info) as TContactReasonModelInfo;
    const loaded = {
      id: row.id,
      model: loadContactReasonModel(JSON.parse(row.model)),
      minConfidence: info.minConfidence,
    };
    this.models.set(workspaceId, loaded);
    return loaded;
  }

  /** Moves one cursor up to the end of the events, a chunk per transaction. */
  private async advance(
    cursor: string,
    workspaceId: string | undefined,
    chunk: number,
    analyse: (
      texts: Array<{ key: string; workspaceId: string; text: string }>,
    ) => Parameters<(typeof saveTextAnalysis)['duckdb']>[1],
  ): Promise<void> {
    const session = await this.db.session();
    try {
      const [now] = await session.query<{ end_now: number }>(
        'SELECT coalesce(max(rowid), -1)::BIGINT + 1 AS end_now FROM events',
      );
      const end = now!.end_now;
      const state = await readCursor(session, cursor);
      let start = state && (await holds(session, state)) ? state.events_end : 0;
      while (start < end && !this.closed) {
        const texts = await pendingTexts.duckdb(session, { start, end, limit: chunk, workspaceId });
        const next = texts.length < chunk ? end : texts[texts.length - 1]!.rowid + 1;
        const rows = analyse(texts);
        await session.transaction(async (t) => {
          await saveTextAnalysis.duckdb(t, rows);
          await t.run(
            `INSERT OR REPLACE INTO text_analysis_cursors
             SELECT ?, ?, count(*), now() FROM events WHERE rowid < ?`,
            [cursor, BigInt(next), BigInt(next)],
          );
        });
        start = next;
        await nextTurn();
      }
    } finally {
      session.connection.closeSync();
    }
  }
}

async function readCursor(s: DuckSession, name: string): Promise<CursorRow | undefined> {
  const [row] = await s.query<CursorRow>(
    'SELECT events_end, events_below FROM text_analysis_cursors WHERE name = ?',
    [name],
  );
  return row;
}

/** The events below the bound are still the ones that were analysed. */
async function holds(s: DuckSession, state: CursorRow): Promise<boolean> {
  const [r] = await s.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE rowid < ?', [
    BigInt(state.events_end),
  ]);
  return r!.n === state.events_below;
}
