import { describe, expect, it } from 'vitest';
import { LEVELS, levelAtLeast } from '../core/level.js';
import { reaches } from './level-rank.js';

describe('level order of the check path (P1)', () => {
  it('P1: agrees with levelAtLeast on every pair of levels, and both follow none < read_only < standard < admin', () => {
    const SPEC_ORDER = ['none', 'read_only', 'standard', 'admin'] as const;
    expect([...LEVELS].sort()).toEqual([...SPEC_ORDER].sort());
    for (const a of LEVELS) {
      for (const b of LEVELS) {
        expect(reaches(a, b), `${a} ≥ ${b}`).toBe(levelAtLeast(a, b));
        expect(levelAtLeast(a, b), `${a} ≥ ${b}`).toBe(SPEC_ORDER.indexOf(a) >= SPEC_ORDER.indexOf(b));
      }
    }
  });
});
