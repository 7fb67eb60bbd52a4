import { describe, expect, it } from 'vitest';
import { LEVELS, levelAtLeast } from '../core/level.js';
import { reaches } from './level-rank.js';

describe('level order of the check path (P1)', () => {
  it('P1: agrees with levelAtLeast on every pair of levels', () => {
    for (const a of LEVELS) for (const b of LEVELS) expect(reaches(a, b), `${a} ≥ ${b}`).toBe(levelAtLeast(a, b));
  });
});
