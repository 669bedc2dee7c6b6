import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../testing/referenceFixture';
import { algorithmsFor, METHODS, REDUCTION_METHODS, SIMILARITY_METHODS } from './index';

/** GitHub's anchor of a markdown heading: lower case, punctuation dropped, spaces → '-'. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

describe('the method table', () => {
  it('points at docs sections and code that exist', () => {
    for (const m of REDUCTION_METHODS) {
      const { docs, code } = METHODS[m];
      expect(existsSync(join(repoRoot, code)), `${m}: ${code}`).toBe(true);
      const [file, section] = docs.split('#');
      const text = readFileSync(join(repoRoot, file), 'utf8');
      if (section) expect(text.split('\n').filter((l) => l.startsWith('#')).map((l) => anchor(l.replace(/^#+/, '')))).toContain(section);
    }
  });

  it('gives every similarity method a kind, a threshold pointing its way and a slider default inside its range', () => {
    for (const m of SIMILARITY_METHODS) {
      const f = METHODS[m];
      expect(f.threshold).toBe(f.kind === 'distance' ? 'maxDistance' : 'minSimilarity');
      expect(f.slider.initial).toBeGreaterThanOrEqual(f.range.min);
      expect(f.slider.initial).toBeLessThanOrEqual(f.range.max);
      expect(algorithmsFor(m)).toContain('greedy');
    }
    expect(algorithmsFor('hash')).toEqual(['greedy', 'leader']);
    expect(algorithmsFor('all')).toEqual([]);
  });
});
