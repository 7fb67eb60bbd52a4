import { domainError, type DomainError } from '../core/errors.js';
import { err, ok, type Result } from '../core/result.js';
import { readTemplate, TEMPLATE_SCHEMA_VERSION, type PermissionTemplate, type ToolSetting } from './template.js';
import { loadTemplate } from './validate.js';
import type { PermissionCatalog } from './catalog-types.js';
import type { PermissionTemplateInput } from './inputs.js';

function sortedRecord<T>(record: Readonly<Record<string, T>>, map: (value: T) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) out[key] = map(record[key] as T);
  return out;
}

const setting = (s: ToolSetting): unknown => ({ level: s.level, granted: [...s.granted] });

/**
 * Serialises a template to JSON with a stable key order and its schema version (P13).
 *
 * @example
 * ```ts
 * const json = serializeTemplate(template);
 * json.ok && parseTemplate(json.value); // the same template
 * ```
 * @since 0.1.0
 */
export function serializeTemplate(template: PermissionTemplateInput): Result<string, DomainError<'INVALID_INPUT'>> {
  const t = readTemplate(template);
  if (!t.ok) return t;
  const v = t.value;
  return ok(
    JSON.stringify({
      schemaVersion: v.schemaVersion,
      id: v.id,
      name: v.name,
      tools: sortedRecord(v.tools, setting),
      typeSettings: sortedRecord(v.typeSettings, (types) => sortedRecord(types, setting)),
      assignable: [...v.assignable],
    }),
  );
}

/**
 * Parses a serialised template (P13): JSON, known schema version, well-formed, and valid against the
 * catalog (the first problem otherwise; `validateTemplate` lists them all). `serializeTemplate` answers
 * a Result: parsing its `value` gives back `t` (`const s = serializeTemplate(t); s.ok && parseTemplate(s.value)`).
 *
 * @remarks
 * `json` stays `unknown`: a parser reads whatever it is handed (`INVALID_INPUT` for anything but a
 * well-formed template text).
 *
 * @example
 * ```ts
 * const r = parseTemplate('{"schemaVersion":1,"id":"viewer","name":"Viewer","tools":{},"typeSettings":{},"assignable":[]}');
 * r.ok && r.value.id; // 'viewer'
 * ```
 * @since 0.1.0
 */
export function parseTemplate(json: unknown, catalog?: PermissionCatalog): Result<PermissionTemplate, DomainError> {
  if (typeof json !== 'string') {
    return err(domainError('INVALID_INPUT', { issues: [{ path: [], code: 'invalid_type', message: 'a serialised template is a JSON string' }] }));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : 'not JSON';
    return err(domainError('INVALID_INPUT', { issues: [{ path: [], code: 'invalid_json', message }] }));
  }
  if (typeof raw === 'object' && raw !== null && 'schemaVersion' in raw && raw.schemaVersion !== TEMPLATE_SCHEMA_VERSION) {
    const version = String((raw as { schemaVersion: unknown }).schemaVersion);
    return err(
      domainError('INVALID_INPUT', {
        issues: [{ path: ['schemaVersion'], code: 'unsupported_version', message: `schema version ${version} is not supported (expected ${TEMPLATE_SCHEMA_VERSION})` }],
      }),
    );
  }
  return loadTemplate(raw, catalog);
}
