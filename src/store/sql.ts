/**
 * The one place identifiers are quoted. Values never pass through here: they are always bound
 * parameters. Identifiers come from code (table and column names), not from users.
 *
 * @example quoteIdentifier('my "table"') === '"my ""table"""'
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Builds a JSON path for json_extract from a dotted key, each segment quoted so that any
 * character in a property name (dots excepted) is data. The result is bound as a value.
 *
 * @example jsonPath('plan') === '$."plan"'; jsonPath('address.country') === '$."address"."country"'
 */
export function jsonPath(dottedKey: string): string {
  return `$${dottedKey
    .split('.')
    .map((s) => `."${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)
    .join('')}`;
}

/** Turns a `*` wildcard pattern into a LIKE pattern, escaping LIKE's own metacharacters with `\`. */
export function wildcardToLike(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll('*', '%');
}

/** A fragment of SQL with its bound values, composed without ever splicing a value into text. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}
