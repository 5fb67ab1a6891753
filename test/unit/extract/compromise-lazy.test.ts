import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  isOrdinaryWord,
  isPersonName,
  ORDINARY_WORDS_FILE,
  ordinaryWordsFromLexicon,
} from '../../../src/extract/compromise-lazy.ts';

describe('compromise, loaded on first use', () => {
  it('keeps the lexicon words with no organisation tag, sorted, whatever their other tags', () => {
    assert.deepEqual(
      ordinaryWordsFromLexicon({
        western: 'Adjective',
        first: ['Ordinal', 'Value'],
        acme: ['Noun', 'Company'],
        unesco: 'Organization',
        residents: 'Plural',
      }),
      ['first', 'residents', 'western'],
    );
  });

  it('answers from the lexicon itself when run from source (the build writes the list only into dist/)', () => {
    assert.equal(existsSync(ORDINARY_WORDS_FILE), false, 'no list beside the sources');
    assert.equal(isOrdinaryWord('Western'), true);
    assert.equal(isOrdinaryWord('FIRST'), true, 'any case');
    assert.equal(isOrdinaryWord('Kaspersky'), false, 'a guess from the ending is not the lexicon');
    assert.equal(isOrdinaryWord('Microsoft'), false, 'an organisation in the lexicon');
  });

  it('asks the people tagger about candidate names', () => {
    assert.equal(isPersonName('Kevin Mandia'), true);
    assert.equal(isPersonName('Recorded Future'), false);
  });
});
