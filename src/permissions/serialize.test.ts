import { describe, expect, it } from 'vitest';
import { blank, must } from '../../test/permissions/helpers.js';
import { enableAll, loadTemplate, parseTemplate, serializeTemplate, setToolLevel, validateTemplate } from './index.js';

describe('serialisation (P13) and validation', () => {
  it('P13: parse(serialize(t)) = t, with the schema version', () => {
    let t = must(setToolLevel(blank('pm', ['crew']), 'action_plans', 'standard'));
    t = must(setToolLevel(t, 'correspondence', 'standard', { itemType: 'letter' }));
    t = must(enableAll(must(setToolLevel(t, 'rfis', 'read_only')), 'rfis'));
    const json = must(serializeTemplate(t));
    expect(JSON.parse(json).schemaVersion).toBe(1);
    const back = must(parseTemplate(json));
    expect(back).toEqual(t);
    expect(must(serializeTemplate(back))).toBe(json);
    expect(Object.isFrozen(back)).toBe(true);
  });

  it('P13: unknown schema versions, bad JSON and non-strings are INVALID_INPUT', () => {
    for (const input of ['{"schemaVersion":2}', '{not json', 42, '[]']) {
      const r = parseTemplate(input);
      expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    }
  });

  it('P2/P3/P5/P12: validation reports every problem at once', () => {
    const t = {
      ...blank(),
      tools: {
        rfis: { level: 'admin', granted: ['rfis.act_as_rfi_manager'] },
        photos: { level: 'standard', granted: [] },
        budget: { level: 'read_only', granted: ['budget.import_budget', 'rfis.act_as_rfi_manager'] },
        daily_log: { level: 'read_only', granted: ['daily_log.standard_edit_delete_own_entries'] },
        schedule: { level: 'standard', granted: [] },
        nope: { level: 'standard', granted: [] },
      },
      typeSettings: { rfis: { letter: { level: 'standard', granted: [] } } },
    };
    const report = validateTemplate(t);
    expect(report.valid).toBe(false);
    expect(report.errors.map((e) => e.code).sort()).toEqual(
      [
        'LEVEL_NOT_GRANULAR',
        'LOCKED_PERMISSION',
        'DEPENDENCY_MISSING',
        'UNKNOWN_PERMISSION',
        'LEVEL_TOO_LOW',
        'LOCKED_PERMISSION',
        'UNKNOWN_TOOL',
        'INVALID_INPUT',
      ].sort(),
    );
    const first = loadTemplate(t);
    expect(!first.ok && first.error.code).toBe(report.errors[0]?.code);
    const parsed = parseTemplate(JSON.stringify(t));
    expect(parsed.ok).toBe(false);
  });

  it('§7: validation of malformed input reports INVALID_INPUT and never throws', () => {
    for (const input of [undefined, null, 'x', { schemaVersion: 1 }, { ...blank(), id: '__proto__' }]) {
      const report = validateTemplate(input);
      expect(report.valid).toBe(false);
      expect(report.errors[0]?.code).toBe('INVALID_INPUT');
    }
  });
});
