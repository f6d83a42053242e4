import type {
  Channel,
  DesignedMarker,
  FourKeys,
  MatchRule,
  Phase,
  PropertyCondition,
  Touchpoint,
  TouchpointCreate,
} from '../types.ts';

/**
 * The side panel edits a draft of plain strings (what form fields hold) and turns it into the
 * API's body only on save: empty fields become absent, numbers become numbers.
 */
export interface PropertyDraft {
  key: string;
  op: PropertyCondition['op'];
  value: string;
}

export interface RuleDraft {
  type: string;
  event: string;
  path: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  channel: string;
  properties: PropertyDraft[];
}

export interface TouchpointDraft {
  stageId: string;
  name: string;
  description: string;
  channel: Channel;
  phase: Phase;
  owner: string;
  designedMarker: DesignedMarker;
  keys: FourKeys;
  matchRules: RuleDraft[];
}

const TEXT_FIELDS = ['event', 'path', 'utmSource', 'utmMedium', 'utmCampaign', 'channel'] as const;

export const emptyRule = (): RuleDraft => ({
  type: '',
  event: '',
  path: '',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  channel: '',
  properties: [],
});

export function ruleToDraft(rule: MatchRule): RuleDraft {
  const draft = emptyRule();
  draft.type = rule.type ?? '';
  for (const f of TEXT_FIELDS) draft[f] = rule[f] ?? '';
  draft.properties = (rule.properties ?? []).map((p) => ({
    key: p.key,
    op: p.op,
    value: p.value === undefined ? '' : String(p.value),
  }));
  return draft;
}

export function ruleFromDraft(draft: RuleDraft): MatchRule {
  const rule: MatchRule = {};
  if (draft.type) rule.type = draft.type as MatchRule['type'];
  for (const f of TEXT_FIELDS) {
    const v = draft[f].trim();
    if (v) rule[f] = v;
  }
  const properties = draft.properties
    .filter((p) => p.key.trim())
    .map((p): PropertyCondition => {
      const condition: PropertyCondition = { key: p.key.trim(), op: p.op };
      // `exists` takes no value; gt/lt compare numbers; the others compare the property's text.
      if (p.op === 'gt' || p.op === 'lt') condition.value = Number(p.value);
      else if (p.op !== 'exists') condition.value = p.value;
      return condition;
    });
  if (properties.length > 0) rule.properties = properties;
  return rule;
}

export function toDraft(tp: Touchpoint | null, stageId: string): TouchpointDraft {
  if (!tp) {
    return {
      stageId,
      name: '',
      description: '',
      channel: 'web',
      phase: 'before',
      owner: '',
      designedMarker: 'neutral',
      keys: { relevance: null, usefulness: null, simplicity: null, attractiveness: null },
      matchRules: [],
    };
  }
  return {
    stageId: tp.stageId,
    name: tp.name,
    description: tp.description,
    channel: tp.channel,
    phase: tp.phase,
    owner: tp.owner,
    designedMarker: tp.designedMarker,
    keys: { ...tp.keys },
    matchRules: tp.matchRules.map(ruleToDraft),
  };
}

/** The problems the server would refuse, said in the form's words; empty when it can be saved. */
export function draftProblems(draft: TouchpointDraft): string[] {
  const problems: string[] = [];
  if (!draft.name.trim()) problems.push('Give the touchpoint a name.');
  draft.matchRules.forEach((rule, i) => {
    const r = ruleFromDraft(rule);
    if (Object.keys(r).length === 0) {
      problems.push(`Rule ${i + 1} has no condition: fill in at least one field, or remove it.`);
    }
    rule.properties.forEach((p, j) => {
      if (!p.key.trim() && (p.value.trim() || p.op !== 'eq')) {
        problems.push(`Rule ${i + 1}, property condition ${j + 1} needs a property name.`);
      }
      if (
        (p.op === 'gt' || p.op === 'lt') &&
        (p.value.trim() === '' || Number.isNaN(Number(p.value)))
      ) {
        problems.push(`Rule ${i + 1}, property condition ${j + 1} compares with a number.`);
      }
    });
  });
  return problems;
}

export function draftToBody(draft: TouchpointDraft): TouchpointCreate {
  return {
    stageId: draft.stageId,
    name: draft.name.trim(),
    description: draft.description,
    channel: draft.channel,
    phase: draft.phase,
    owner: draft.owner.trim(),
    designedMarker: draft.designedMarker,
    keys: draft.keys,
    matchRules: draft.matchRules.map(ruleFromDraft),
  };
}

/** Only the fields that changed, so that a save never overwrites what someone else changed. */
export function draftPatch(
  initial: TouchpointDraft,
  draft: TouchpointDraft,
): Partial<TouchpointCreate> {
  const before = draftToBody(initial);
  const after = draftToBody(draft);
  const patch: Partial<TouchpointCreate> = {};
  for (const key of Object.keys(after) as (keyof TouchpointCreate)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      (patch as Record<string, unknown>)[key] = after[key];
    }
  }
  return patch;
}
