import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_DOC, renderCatalogDoc } from '../../scripts/catalog-doc.js';
import { BUILT_IN_CATALOG } from '../../src/permissions/index.js';

describe('docs: permission catalog', () => {
  it('docs/permissions-catalog.md is generated from the catalog data (run `npm run catalog-doc` to update)', () => {
    const rendered = renderCatalogDoc();
    expect(readFileSync(resolve(import.meta.dirname, '../..', CATALOG_DOC), 'utf8')).toBe(rendered);
    for (const id of Object.keys(BUILT_IN_CATALOG.permissions)) expect(rendered, id).toContain(`| \`${id.slice(id.indexOf('.') + 1)}\` |`);
  });
});
