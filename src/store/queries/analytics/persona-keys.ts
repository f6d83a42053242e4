import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import { compileSegmentRule } from '../rules.ts';

/**
 * Numbered parameters ($1, $2, …) for the queries over a journey's materialized events, so that
 * one value can be used in several places and fragments compiled with `?` can be spliced in.
 */
export class NumberedParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A fragment written with `?` placeholders, renumbered after the parameters before it. */
  splice(fragment: { sql: string; params: readonly unknown[] }): string {
    let i = 0;
    return fragment.sql.replace(/\?/g, () => this.add(fragment.params[i++]));
  }
}

/**
 * The canonical keys (`ck` of the journey events tables) of the customers whose traits match a
 * persona's segment rule now, as a SELECT. Traits are read on the canonical customer, as the
 * metrics do (docs/metrics.md, Scope).
 */
export function personaKeysSql(
  params: NumberedParams,
  workspaceId: string,
  segment: TSegmentRule,
): string {
  return `SELECT k.ck FROM customer_keys k JOIN customers c ON c.id = k.customer_id
    WHERE k.workspace_id = ${params.add(workspaceId)} AND c.workspace_id = k.workspace_id
      AND ${params.splice(compileSegmentRule(segment))}`;
}

/**
 * Sequences of small integers (touchpoint or key indexes) travel from the database as text, one
 * character per index: `chr(48 + i)` in SQL. Text groups, compares and transfers far faster than
 * lists; 48 keeps the characters printable, and indexes stay far below the UTF-16 surrogates.
 */
export const INDEX_CHAR_BASE = 48;
export const MAX_INDEXES = 50_000;

/** The indexes of a sequence read from the database. */
export function decodeIndexes(text: string): number[] {
  // Pushed, not preallocated: a packed array, which later loops read several times faster.
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) - INDEX_CHAR_BASE);
  return out;
}

/** The text of a sequence of indexes, as the database writes it. */
export function encodeIndexes(indexes: readonly number[]): string {
  return indexes.map((i) => String.fromCharCode(i + INDEX_CHAR_BASE)).join('');
}
