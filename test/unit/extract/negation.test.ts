import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDenial } from '../../../src/extract/negation.ts';

describe('denials', () => {
  it('recognises denials of a link', () => {
    for (const s of [
      'Investigators found no evidence tying the crew to the telecom breach, the analyst said.',
      'The company denied being connected to the hackers.',
      'Officials stressed that these intrusions are not related to the earlier pipeline attack.',
      'The ministry has previously denied any links to the campaign.',
      'The regulatory filing didn’t make such an attribution.',
      'The outage was unrelated to the group, the firm added.',
    ]) {
      assert.equal(isDenial(s), true, s);
    }
  });

  it('does not take other negations for denials', () => {
    for (const s of [
      'While the vendor did not name specific victims, it said many have links to Japan.',
      'The group has targeted banks in Europe since 2016.',
      'There were no confirmed reports of compromised accounts.',
      'The agency did not immediately respond to a request for comment.',
    ]) {
      assert.equal(isDenial(s), false, s);
    }
  });
});
