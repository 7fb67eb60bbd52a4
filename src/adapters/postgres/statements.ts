import type { SqlQueryable, SqlResult } from './client.js';
import { digest } from '../../sync/hash.js';
import type { ResolvedOptions } from './options.js';

const names = new Map<string, string>();

/**
 * Internal: the name of a statement's text, the same in every process (`digest`, the library's 64-bit
 * text digest, of the text, which names the schema). `pg` refuses two texts under one name; with a
 * fixed set of a dozen texts per schema (parameters carry the values, arrays included) a 64-bit
 * collision is not a practical risk. The memo of names is bounded by that set.
 * @internal
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `pc_${digest(text)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Internal: runs one of the adapter's statements on `db`: as a named `pg` query config when
 * `o.namedStatements` (each connection then parses and plans it once), otherwise as text and
 * parameters.
 * @internal
 */
export function runStatement(db: SqlQueryable, o: ResolvedOptions, text: string, params: unknown[]): Promise<SqlResult> {
  if (o.namedStatements !== true) return db.query(text, params);
  const pg = db as unknown as { query(config: { name: string; text: string; values: unknown[] }): Promise<SqlResult> };
  return pg.query({ name: statementName(text), text, values: params });
}
