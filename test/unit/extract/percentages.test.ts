import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractPercentages } from '../../../src/extract/percentages.ts';

describe('percentages', () => {
  it('reads figures written with %, percent and per cent', () => {
    const text = 'The U.S. took 54% of its activity, Japan 17 percent, Europe 2.5 per cent and 1,200% growth.';
    assert.deepEqual(
      extractPercentages(text).map((p) => [p.text, p.value]),
      [
        ['54%', 54],
        ['17 percent', 17],
        ['2.5 per cent', 2.5],
        ['1,200%', 1200],
      ],
    );
    for (const p of extractPercentages(text)) assert.equal(text.slice(p.start, p.end), p.text);
  });

  it('ignores fractions in words and numbers that are not percentages', () => {
    assert.deepEqual(extractPercentages('A third of victims paid $620 million; 14,000 users were warned.'), []);
  });

  it('lists each occurrence, even of the same figure', () => {
    assert.equal(extractPercentages('Up from 40% in 2019; 40% of its incidents used insiders.').length, 2);
  });
});
