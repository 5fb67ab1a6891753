import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSentences } from '../../../src/extract/text/sentences.ts';

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
});
