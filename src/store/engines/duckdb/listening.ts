import { invalid } from '../../../core/errors.ts';
import { newId } from '../../../core/ids.ts';
import { discoverThemes } from '../../../core/intents/discover-themes.ts';
import type { TIntentModelFile } from '../../../core/intents/model-file.ts';
import {
  type TContactReasonModelInfo,
  UNCLASSIFIED,
} from '../../../core/listening/contact-reason-model.ts';
import { measureEmotion, summarizeCsat } from '../../../core/listening/measure-emotion.ts';
import {
  findSelfServiceGaps,
  GAP_MIN_CONTACTS,
  GAP_MIN_SHARE,
} from '../../../core/listening/self-service-gaps.ts';
import {
  addTallies,
  EMPTY_TALLY,
  summarizeSentiment,
} from '../../../core/listening/sentiment-summary.ts';
import {
  reasonKey,
  summarizeContacts,
  type TContact,
} from '../../../core/listening/summarize-contacts.ts';
import type { TJourney, TPersona, TStage, TTouchpoint } from '../../../core/schemas/index.ts';
import type { DetailQuery, SurveyScoreCounts, SurveyScoreQuery } from '../../port.ts';
import { customerSentiment } from '../../queries/listening/customer-sentiment.ts';
import { customerSurveyResponses } from '../../queries/listening/customer-survey-responses.ts';
import type {
  ContactReasonModelRecord,
  ContactReasonsQuery,
  ContactReasonsReport,
  JourneyListening,
  ListeningRepo,
  SelfServiceGapsReport,
} from '../../queries/listening/listening-repo.ts';
import { serviceContacts } from '../../queries/listening/service-contacts.ts';
import { touchpointSentiment } from '../../queries/listening/touchpoint-sentiment.ts';
import type { JourneyScope } from '../../queries/touchpoint-detail/journey-scope.ts';
import type { DuckDatabase } from './database.ts';
import { TextAnalysis } from './text-analysis.ts';

/** What the listening repository reads of the rest of the workspace. */
export interface ListeningLookups {
  getJourney(workspaceId: string, id: string): Promise<TJourney | undefined>;
  getPersona(workspaceId: string, id: string): Promise<TPersona | undefined>;
  listStages(workspaceId: string, journeyId: string): Promise<TStage[]>;
  listTouchpoints(workspaceId: string, journeyId: string): Promise<TTouchpoint[]>;
  getTouchpoint(workspaceId: string, id: string): Promise<TTouchpoint | undefined>;
  /** The surveys module's score counts (CSAT per touchpoint and per stage). */
  surveyScoreCounts(
    workspaceId: string,
    query: SurveyScoreQuery,
  ): Promise<SurveyScoreCounts | undefined>;
}

/**
 * Texts read per contact-reasons report, latest first: a bound on memory and on the time theme
 * discovery takes. `truncated` says when it was reached.
 */
export const CONTACT_TEXT_LIMIT = 10_000;

/** The CSAT rating tables of a score-counts answer, by group. */
function csatTables(counts: SurveyScoreCounts | undefined): Map<string, Record<number, number>> {
  const out = new Map<string, Record<number, number>>();
  for (const c of counts?.counts ?? []) {
    if (c.kind !== 'csat' || c.score === null) continue;
    const table = out.get(c.group) ?? {};
    table[c.score] = (table[c.score] ?? 0) + c.n;
    out.set(c.group, table);
  }
  return out;
}

export class DuckListeningRepo implements ListeningRepo {
  readonly analysis: TextAnalysis;

  constructor(
    private readonly db: DuckDatabase,
    private readonly lookups: ListeningLookups,
    settled: () => Promise<void>,
    delayMs: number,
  ) {
    this.analysis = new TextAnalysis(db, settled, delayMs);
  }

  catchUp() {
    return this.analysis.catchUp();
  }

  idle() {
    return this.analysis.idle();
  }

  /** The journey's scope, or undefined when the journey or the persona is not in the workspace. */
  private async scope(
    workspaceId: string,
    journeyId: string,
    q: DetailQuery,
  ): Promise<{ journey: TJourney; touchpoints: TTouchpoint[]; scope: JourneyScope } | undefined> {
    const journey = await this.lookups.getJourney(workspaceId, journeyId);
    if (!journey) return undefined;
    let segment = null;
    if (q.personaId) {
      const persona = await this.lookups.getPersona(workspaceId, q.personaId);
      if (!persona) return undefined;
      segment = persona.segment;
    }
    const touchpoints = await this.lookups.listTouchpoints(workspaceId, journeyId);
    return {
      journey,
      touchpoints,
      scope: {
        workspaceId,
        from: q.from,
        to: q.to,
        touchpoints,
        goal: journey.goal,
        settings: journey.settings,
        segment,
      },
    };
  }

  async journeyListening(
    workspaceId: string,
    journeyId: string,
    q: DetailQuery,
  ): Promise<JourneyListening | undefined> {
    const found = await this.scope(workspaceId, journeyId, q);
    if (!found) return undefined;
    await this.catchUp();
    const stages = await this.lookups.listStages(workspaceId, journeyId);
    const surveyQuery = { from: q.from, to: q.to, journeyId, personaId: q.personaId };
    const [tallies, byTouchpoint, byStage] = await Promise.all([
      touchpointSentiment.duckdb(this.db, found.scope),
      this.lookups.surveyScoreCounts(workspaceId, { ...surveyQuery, groupBy: 'touchpoint' }),
      this.lookups.surveyScoreCounts(workspaceId, { ...surveyQuery, groupBy: 'stage' }),
    ]);
    const csatByTouchpoint = csatTables(byTouchpoint);
    const csatByStage = csatTables(byStage);
    const touchpoints = found.touchpoints.map((t, i) => ({
      touchpointId: t.id,
      name: t.name,
      stageId: t.stageId,
      phase: t.phase,
      tally: tallies.get(i) ?? EMPTY_TALLY,
      csat: summarizeCsat(csatByTouchpoint.get(t.id) ?? {}),
    }));
    return {
      touchpoints: touchpoints.map(({ tally, ...t }) => ({
        ...t,
        sentiment: summarizeSentiment(tally),
      })),
      stages: stages.map((s) => {
        const sentiment = summarizeSentiment(
          addTallies(touchpoints.filter((t) => t.stageId === s.id).map((t) => t.tally)),
        );
        const csat = summarizeCsat(csatByStage.get(s.id) ?? {});
        return {
          stageId: s.id,
          name: s.name,
          designedEmotion: s.lanes.emotion,
          sentiment,
          csat,
          measuredEmotion: measureEmotion(sentiment, csat),
        };
      }),
    };
  }

  async customerSentiment(workspaceId: string, customerId: string, limit: number) {
    await this.catchUp();
    const { tally, messages } = await customerSentiment.duckdb(this.db, {
      workspaceId,
      customerId,
      limit,
    });
    return { summary: summarizeSentiment(tally), messages };
  }

  customerSurveyResponses(workspaceId: string, customerId: string, limit: number) {
    return customerSurveyResponses.duckdb(this.db, { workspaceId, customerId, limit });
  }

  async getContactReasonModel(workspaceId: string) {
    const [row] = await this.db.query<{ id: string; info: string; created_at: string }>(
      'SELECT id, info::VARCHAR AS info, created_at FROM contact_reason_models WHERE workspace_id = ?',
      [workspaceId],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      info: JSON.parse(row.info) as TContactReasonModelInfo,
      createdAt: row.created_at,
    };
  }

  async saveContactReasonModel(
    workspaceId: string,
    model: { file: TIntentModelFile; info: TContactReasonModelInfo },
  ): Promise<ContactReasonModelRecord> {
    await this.analysis.setModel(workspaceId, { id: newId('crm'), ...model });
    return (await this.getContactReasonModel(workspaceId))!;
  }

  deleteContactReasonModel(workspaceId: string) {
    return this.analysis.setModel(workspaceId, null);
  }

  async contactReasons(
    workspaceId: string,
    q: ContactReasonsQuery,
  ): Promise<ContactReasonsReport | undefined> {
    let journeyId = q.journeyId;
    let named: TTouchpoint | undefined;
    if (q.touchpointId) {
      named = await this.lookups.getTouchpoint(workspaceId, q.touchpointId);
      if (!named) return undefined;
      if (journeyId && named.journeyId !== journeyId) {
        throw invalid(`touchpoint ${named.id} is not on journey ${journeyId}`, [
          { path: 'query.touchpointId', message: 'not on this journey' },
        ]);
      }
      journeyId = named.journeyId;
    }
    if (!journeyId) {
      throw invalid('name a journey or a touchpoint', [
        { path: 'query.journeyId', message: 'required without touchpointId' },
      ]);
    }
    const span = q.to.getTime() - q.from.getTime();
    const previousFrom = new Date(q.from.getTime() - span);
    const found = await this.scope(workspaceId, journeyId, { ...q, from: previousFrom });
    if (!found) return undefined;
    const targets = named ? [named] : found.touchpoints.filter((t) => t.phase === 'service');
    const indexes = targets.map((t) => found.touchpoints.findIndex((x) => x.id === t.id));
    await this.catchUp();
    const model = await this.getContactReasonModel(workspaceId);
    const rows = await serviceContacts.duckdb(this.db, {
      ...found.scope,
      indexes,
      limit: CONTACT_TEXT_LIMIT + 1,
    });
    const truncated = rows.length > CONTACT_TEXT_LIMIT;
    if (truncated) rows.pop();

    let contacts: Array<TContact & { tp: number }>;
    let themeExamples: Map<string, string[]> | undefined;
    if (model) {
      contacts = rows.map((r) => {
        const name = r.reason ?? UNCLASSIFIED;
        return { ...r, key: reasonKey('reason', name), name };
      });
    } else if (rows.length === 0) {
      contacts = [];
    } else {
      const discovery = discoverThemes(
        rows.map((r) => r.text),
        { assign: true, seed: 1 },
      );
      themeExamples = new Map(
        discovery.themes.map((t) => [reasonKey('theme', t.name), t.examples]),
      );
      contacts = rows.map((r, i) => {
        const theme = discovery.themes[discovery.assignment![i]!]!;
        return { ...r, key: reasonKey('theme', theme.name), name: theme.name, confidence: null };
      });
    }
    const periods = {
      previousFrom: previousFrom.getTime(),
      from: q.from.getTime(),
      to: q.to.getTime(),
    };
    const summary = summarizeContacts(contacts, periods);
    const current = contacts.filter((c) => c.at >= periods.from && c.at < periods.to);
    return {
      journeyId,
      touchpoints: targets.map((t) => ({ touchpointId: t.id, name: t.name })),
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      previousFrom: previousFrom.toISOString(),
      mode: model ? 'reasons' : 'themes',
      model: model
        ? {
            id: model.id,
            accuracy: model.info.holdout.accuracy,
            minConfidence: model.info.minConfidence,
          }
        : null,
      contacts: summary.contacts,
      previousContacts: summary.previousContacts,
      customers: summary.customers,
      repeatRate: summary.repeatRate,
      truncated,
      reasons: summary.reasons.map((r) => ({
        ...r,
        examples: themeExamples?.get(r.key) ?? r.examples,
        touchpoints: indexes
          .map((index) => ({
            touchpointId: found.touchpoints[index]!.id,
            name: found.touchpoints[index]!.name,
            volume: current.filter((c) => c.key === r.key && c.tp === index).length,
          }))
          .filter((t) => t.volume > 0)
          .sort((a, b) => b.volume - a.volume),
      })),
    };
  }

  async selfServiceGaps(
    workspaceId: string,
    journeyId: string,
    q: DetailQuery,
  ): Promise<SelfServiceGapsReport | undefined> {
    const report = await this.contactReasons(workspaceId, { ...q, journeyId });
    if (!report) return undefined;
    const byKey = new Map(report.reasons.map((r) => [r.key, r.touchpoints]));
    return {
      journeyId,
      from: report.from,
      to: report.to,
      previousFrom: report.previousFrom,
      mode: report.mode,
      contacts: report.contacts,
      rule: { minContacts: GAP_MIN_CONTACTS, minShare: GAP_MIN_SHARE },
      gaps: findSelfServiceGaps(
        report.reasons.map(({ touchpoints: _t, ...r }) => r),
        report.mode,
        q.to.getTime() - q.from.getTime(),
        (key) => byKey.get(key) ?? [],
      ),
    };
  }
}
