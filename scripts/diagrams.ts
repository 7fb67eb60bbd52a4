/**
 * Generates the lifecycle diagrams from the machine definitions and embeds them in the docs, between
 * `<!-- diagram:NAME -->` and `<!-- /diagram:NAME -->` markers.
 *
 *   npm run diagrams          rewrite the docs
 *   (test/docs/diagrams.test.ts fails when a doc is out of date)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectionMachine, sharedProjectMachine, toMermaid } from '../src/index.js';
import type { MachineDefinition } from '../src/index.js';

const root = resolve(import.meta.dirname, '..');

/** Each diagram: its marker name, its machine, and the docs that embed it. */
export const DIAGRAMS: readonly { name: string; machine: MachineDefinition<string, string>; docs: readonly string[] }[] = [
  { name: 'connection', machine: connectionMachine as MachineDefinition<string, string>, docs: ['docs/connection-lifecycle.md', 'README.md'] },
  { name: 'shared-project', machine: sharedProjectMachine as MachineDefinition<string, string>, docs: ['docs/shared-projects.md', 'README.md'] },
];

function block(name: string, machine: MachineDefinition<string, string>): string {
  return `<!-- diagram:${name} -->\n\`\`\`mermaid\n${toMermaid(machine)}\`\`\`\n<!-- /diagram:${name} -->`;
}

/** The docs' contents with every diagram block regenerated. */
export function renderDocs(): Map<string, string> {
  const out = new Map<string, string>();
  for (const { name, machine, docs } of DIAGRAMS) {
    for (const doc of docs) {
      const current = out.get(doc) ?? readFileSync(resolve(root, doc), 'utf8');
      const pattern = new RegExp(`<!-- diagram:${name} -->[\\s\\S]*?<!-- /diagram:${name} -->`);
      if (!pattern.test(current)) throw new Error(`${doc} has no <!-- diagram:${name} --> marker`);
      out.set(doc, current.replace(pattern, block(name, machine)));
    }
  }
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const [doc, content] of renderDocs()) writeFileSync(resolve(root, doc), content);
  console.log('diagrams up to date');
}
