import type { SqlQueryable, SqlResult } from './client.js';
import type { ResolvedOptions } from './options.js';

const names = new Map<string, string>();

/**
 * Internal: the name of a statement's text, the same in every process (53-bit cyrb53 hash of the
 * text, which names the schema). `pg` refuses two texts under one name; with a fixed set of a dozen
 * texts per schema (parameters carry the values, arrays included) a 53-bit collision is not a
 * practical risk. The memo of names is bounded by that set.
 * @internal
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    name = `pc_${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
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
