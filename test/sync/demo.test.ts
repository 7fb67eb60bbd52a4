import { describe, expect, it } from 'vitest';
import { runSyncDemo } from '../../examples/sync-demo.js';

describe('examples/sync-demo.ts', () => {
  it('S5/S6/N3: the story runs and shows retries, withheld recipients and detached copies', () => {
    const lines: string[] = [];
    runSyncDemo((line) => lines.push(line));
    const text = lines.join('\n');
    expect(text).not.toMatch(/✘/);
    expect(text).toMatch(/store unchanged/);
    expect(text).toMatch(/withheld: hal/);
    // N3: hal, selected on the Drawings list but no longer on the directory, is told nothing.
    expect(lines.filter((l) => l.includes('(drawings list)'))).not.toHaveLength(0);
    for (const l of lines.filter((x) => x.includes('(drawings list)'))) expect(l).not.toMatch(/\bhal\b/);
    expect(text).toMatch(/A-101 rev 2: detached/);
    expect(text).toMatch(/nothing moves \(all: not_connected\)/);
  });
});
