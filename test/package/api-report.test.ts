import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_REPORT, apiNames, renderApiReport } from '../../scripts/api-report.js';
import * as root from '../../src/index.js';

describe('API report: the public surface is recorded in docs/api-report.md (issue 14)', () => {
  const names = apiNames();

  it('docs/api-report.md is what `npm run api-report` generates from the sources', () => {
    expect(readFileSync(new URL(`../../${API_REPORT}`, import.meta.url), 'utf8')).toBe(renderApiReport(names));
  }, 60_000);

  it('the values of the report are exactly the runtime exports of the core entry', () => {
    const values = (names.get('project-connections') ?? []).filter((n) => n.kind !== 'interface' && n.kind !== 'type').map((n) => n.name);
    expect(values.sort()).toEqual(Object.keys(root).sort());
  });

  it('src/index.ts lists its names explicitly (no `export *`)', () => {
    const text = readFileSync(new URL('../../src/index.ts', import.meta.url), 'utf8');
    expect(text).not.toMatch(/^export \* from/m);
  });
});
