import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SENTENCE_CHARS, splitSentences } from '../../../src/extract/text/sentences.ts';

const split = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('sentences', () => {
  it('does not split after abbreviations and initials', () => {
    assert.deepEqual(split('The U.S. Justice Department charged two men in Dec. 2018. Mr. J. Smith agreed.'), [
      'The U.S. Justice Department charged two men in Dec. 2018.',
      'Mr. J. Smith agreed.',
    ]);
  });

  it('ends a sentence at a country abbreviation before a new sentence', () => {
    assert.deepEqual(split('The campaign also hit the U.S. The group denied it.'), [
      'The campaign also hit the U.S.',
      'The group denied it.',
    ]);
  });

  it('keeps closing quotes with their sentence and never crosses a line break', () => {
    const text = '“We believe it is theft,” he said. “Precaution is needed.” She left\nNew paragraph here.';
    assert.deepEqual(split(text), [
      '“We believe it is theft,” he said.',
      '“Precaution is needed.”',
      'She left',
      'New paragraph here.',
    ]);
    const s = splitSentences(text);
    assert.equal(s[2]?.paragraph, 0);
    assert.equal(s[3]?.paragraph, 1);
  });

  it('joins the soft wraps of hard-wrapped text, and only those', () => {
    const text =
      'Tracking the group\nacross nine countries, analysts saw attacks in Peru, Chile, the\nBahamas and Spain.\nA new paragraph.\nBanks\nHospitals';
    assert.deepEqual(split(text), [
      'Tracking the group\nacross nine countries, analysts saw attacks in Peru, Chile, the\nBahamas and Spain.',
      'A new paragraph.',
      'Banks',
      'Hospitals',
    ]);
    assert.deepEqual(
      splitSentences(text).map((s) => s.paragraph),
      [0, 1, 2, 3],
    );
  });

  it('cuts an endless sentence into bounded pieces, at spaces when there are any, in linear time', () => {
    const words = 'APT10 hit banks in Germany; '.repeat(100_000);
    const start = performance.now();
    const pieces = splitSentences(words);
    assert.ok(performance.now() - start < 1000);
    assert.ok(pieces.length >= words.length / MAX_SENTENCE_CHARS);
    for (const p of pieces) {
      assert.ok(p.end - p.start <= MAX_SENTENCE_CHARS);
      assert.notEqual(words[p.start], ' ');
      assert.ok(p.end === words.trimEnd().length || words[p.end] === ' ', 'cut at a space');
    }
    const solid = 'x'.repeat(1_000_000);
    const started = performance.now();
    const chunks = splitSentences(solid);
    assert.ok(performance.now() - started < 1000, 'no backward scan of the whole text per piece');
    assert.equal(chunks.length, 1_000_000 / MAX_SENTENCE_CHARS);
    // A surrogate pair is never split.
    const emoji = '😀'.repeat(5000);
    for (const p of splitSentences(emoji)) assert.equal((p.end - p.start) % 2, 0);
  });
});
