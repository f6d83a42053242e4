import type { TSegmentRule, TTraitCondition } from '../../core/schemas/persona.ts';
import type { TMatchRule, TPropertyCondition } from '../../core/schemas/touchpoint.ts';
import { jsonPath, type SqlFragment, wildcardToLike } from '../sql.ts';

/**
 * SQL for match and segment rules, in the dialect DuckDB and PostgreSQL share (ILIKE,
 * json_extract_string). Every name and value from a rule is a bound parameter; only the fixed
 * column names below appear in the text. Positional `?` placeholders, in order.
 */

const textMatch = (column: string, pattern: string): SqlFragment =>
  pattern.includes('*')
    ? { sql: `${column} ILIKE ? ESCAPE '\\'`, params: [wildcardToLike(pattern)] }
    : { sql: `lower(${column}) = lower(?)`, params: [pattern] };

function propertyCondition(c: TPropertyCondition, column: string): SqlFragment {
  const path = jsonPath(c.key);
  const extracted = `json_extract_string(${column}, ?)`;
  switch (c.op) {
    case 'exists':
      return { sql: `${extracted} IS NOT NULL`, params: [path] };
    case 'eq':
      return { sql: `${extracted} = ?`, params: [path, String(c.value ?? '')] };
    case 'neq':
      return {
        sql: `(${extracted} IS DISTINCT FROM ?)`,
        params: [path, String(c.value ?? '')],
      };
    case 'contains':
      return {
        sql: `contains(lower(${extracted}), lower(?))`,
        params: [path, String(c.value ?? '')],
      };
    case 'gt':
    case 'lt':
      return {
        sql: `TRY_CAST(${extracted} AS DOUBLE) ${c.op === 'gt' ? '>' : '<'} ?`,
        params: [path, Number(c.value)],
      };
  }
}

/** One rule → a boolean SQL expression over an `events` row aliased `e`. */
export function compileMatchRule(rule: TMatchRule): SqlFragment {
  const parts: SqlFragment[] = [];
  if (rule.type) parts.push({ sql: 'e.type = ?', params: [rule.type] });
  if (rule.event) parts.push(textMatch('e.event', rule.event));
  if (rule.path) parts.push(textMatch('e.path', rule.path));
  if (rule.utmSource) parts.push(textMatch('e.utm_source', rule.utmSource));
  if (rule.utmMedium) parts.push(textMatch('e.utm_medium', rule.utmMedium));
  if (rule.utmCampaign) parts.push(textMatch('e.utm_campaign', rule.utmCampaign));
  if (rule.channel) parts.push(textMatch('e.channel', rule.channel));
  for (const p of rule.properties ?? []) parts.push(propertyCondition(p, 'e.properties'));
  return joinFragments(parts, ' AND ', 'false');
}

/** Any of the rules → one boolean expression; no rules match nothing. */
export function compileMatchRules(rules: readonly TMatchRule[]): SqlFragment {
  return joinFragments(rules.map(compileMatchRule), ' OR ', 'false');
}

/**
 * The touchpoint index of each event: `CASE WHEN <rules of tp 0> THEN 0 WHEN ... END`. The first
 * touchpoint (in map order) whose rules match wins, so an event belongs to at most one.
 */
export function compileTouchpointCase(
  rulesByTouchpoint: readonly (readonly TMatchRule[])[],
): SqlFragment {
  const whens: SqlFragment[] = [];
  rulesByTouchpoint.forEach((rules, i) => {
    if (rules.length === 0) return;
    const cond = compileMatchRules(rules);
    whens.push({ sql: `WHEN ${cond.sql} THEN ${i}`, params: cond.params });
  });
  if (whens.length === 0) return { sql: 'CAST(NULL AS INTEGER)', params: [] };
  return {
    sql: `CASE ${whens.map((w) => w.sql).join(' ')} END`,
    params: whens.flatMap((w) => w.params),
  };
}

function traitCondition(c: TTraitCondition, column: string): SqlFragment {
  const path = jsonPath(c.trait);
  const extracted = `json_extract_string(${column}, ?)`;
  const values = Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value];
  const one = String(values[0] ?? '');
  switch (c.op) {
    case 'exists':
      return { sql: `${extracted} IS NOT NULL`, params: [path] };
    case 'not_exists':
      return { sql: `${extracted} IS NULL`, params: [path] };
    case 'eq':
      return { sql: `${extracted} = ?`, params: [path, one] };
    case 'neq':
      return { sql: `(${extracted} IS DISTINCT FROM ?)`, params: [path, one] };
    case 'in':
    case 'not_in': {
      if (values.length === 0) return { sql: c.op === 'in' ? 'false' : 'true', params: [] };
      const marks = values.map(() => '?').join(', ');
      const not = c.op === 'not_in' ? 'NOT ' : '';
      return {
        sql: `coalesce(${extracted} ${not}IN (${marks}), ${c.op === 'not_in'})`,
        params: [path, ...values.map(String)],
      };
    }
    case 'contains':
      return { sql: `contains(lower(${extracted}), lower(?))`, params: [path, one] };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op];
      return { sql: `TRY_CAST(${extracted} AS DOUBLE) ${op} ?`, params: [path, Number(one)] };
    }
  }
}

/** A persona's segment rule → a boolean expression over a `customers` row aliased `c`. */
export function compileSegmentRule(rule: TSegmentRule): SqlFragment {
  if (rule.conditions.length === 0) return { sql: 'true', params: [] };
  return joinFragments(
    rule.conditions.map((c) => traitCondition(c, 'c.traits')),
    rule.match === 'all' ? ' AND ' : ' OR ',
    'true',
  );
}

function joinFragments(parts: SqlFragment[], sep: string, empty: string): SqlFragment {
  if (parts.length === 0) return { sql: empty, params: [] };
  return {
    sql: `(${parts.map((p) => p.sql).join(sep)})`,
    params: parts.flatMap((p) => p.params),
  };
}
