import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocs } from '../../scripts/diagrams.js';

describe('docs: lifecycle diagrams', () => {
  it('every embedded Mermaid diagram matches its machine definition (run `npm run diagrams` to update)', () => {
    const rendered = renderDocs();
    expect(rendered.size).toBeGreaterThan(0);
    for (const [doc, content] of rendered) {
      expect(readFileSync(resolve(import.meta.dirname, '../..', doc), 'utf8'), doc).toBe(content);
    }
  });
});
