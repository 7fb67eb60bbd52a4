/**
 * Embeds the README's TypeScript snippets from their files: every `examples/readme/NAME.ts` appears in
 * README.md between `<!-- snippet:NAME -->` and `<!-- /snippet:NAME -->` markers, as a ```ts block.
 * The files are the source: they are typechecked (tsconfig's `include`) and run by a test.
 *
 *   npm run readme          rewrite README.md from the files
 *   (test/docs/readme.test.ts fails when README.md and the files differ)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** The folder of the snippet files, relative to the repository root. */
export const SNIPPET_DIR = 'examples/readme';

/** The snippet names (file names without `.ts`), sorted. */
export function snippetNames(): string[] {
  return readdirSync(resolve(root, SNIPPET_DIR))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

/** The marked block that embeds snippet `name` with the file's `code`. */
export function snippetBlock(name: string, code: string): string {
  return `<!-- snippet:${name} -->\n\`\`\`ts\n${code.endsWith('\n') ? code : `${code}\n`}\`\`\`\n<!-- /snippet:${name} -->`;
}

/**
 * `readme` with every snippet block replaced by its file's current content. Throws when a file has no
 * marker in the README or a marker names no file, so neither can be forgotten.
 */
export function renderReadme(readme: string = readFileSync(resolve(root, 'README.md'), 'utf8')): string {
  const names = snippetNames();
  const marked = [...readme.matchAll(/<!-- snippet:([\w-]+) -->/g)].map((m) => m[1] ?? '');
  const unknown = marked.filter((n) => !names.includes(n));
  if (unknown.length > 0) throw new Error(`README.md embeds snippets with no file in ${SNIPPET_DIR}/: ${unknown.join(', ')}`);
  const missing = names.filter((n) => !marked.includes(n));
  if (missing.length > 0) throw new Error(`README.md has no <!-- snippet:NAME --> marker for ${missing.map((n) => `${SNIPPET_DIR}/${n}.ts`).join(', ')}`);
  let out = readme;
  for (const name of names) {
    const pattern = new RegExp(`<!-- snippet:${name} -->[\\s\\S]*?<!-- /snippet:${name} -->`);
    if (!pattern.test(out)) throw new Error(`README.md: <!-- snippet:${name} --> has no closing <!-- /snippet:${name} -->`);
    const code = readFileSync(resolve(root, SNIPPET_DIR, `${name}.ts`), 'utf8');
    out = out.replace(pattern, () => snippetBlock(name, code));
  }
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const file = resolve(root, 'README.md');
  const before = readFileSync(file, 'utf8');
  const after = renderReadme(before);
  if (after !== before) writeFileSync(file, after);
  console.log(after === before ? 'README snippets up to date' : 'README snippets updated');
}
