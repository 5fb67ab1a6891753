import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distinctDates, findDates } from '../../../src/extract/dates.ts';

const values = (text: string, published: string | null) => findDates(text, published).map((d) => [d.text, d.value]);

describe('dates', () => {
  it('reads absolute dates in the usual forms', () => {
    assert.deepEqual(values('It was published on November 17, 2017 and revised Dec. 12, 2023.', null), [
      ['November 17, 2017', '2017-11-17'],
      ['Dec. 12, 2023', '2023-12-12'],
    ]);
    assert.deepEqual(values('Stamped 2022-04-21 and 3 March 2021.', null), [
      ['2022-04-21', '2022-04-21'],
      ['3 March 2021', '2021-03-03'],
    ]);
    assert.deepEqual(values('The indictment came in December 2018 after mid-October 2019 talks.', null), [
      ['December 2018', '2018-12'],
      ['mid-October 2019', '2019-10'],
    ]);
  });

  it('keeps since-phrases and prepositions of bare years with the year', () => {
    assert.deepEqual(values('The crew, active since around 2009, was charged in 2018 after a 2017 report.', null), [
      ['since around 2009', '2009'],
      ['in 2018', '2018'],
      ['2017', '2017'],
    ]);
    assert.deepEqual(values('Since at least 2015 it has hit banks; Since February 2023 it sprays passwords.', null), [
      ['Since at least 2015', '2015'],
      ['Since February 2023', '2023-02'],
    ]);
  });

  it('resolves relative dates against the published date', () => {
    // 2020-11-17 was a Tuesday.
    assert.deepEqual(values('Researchers said Tuesday that the breach in May hit clients this year.', '2020-11-17'), [
      ['Tuesday', '2020-11-17'],
      ['in May', '2020-05'],
      ['this year', '2020'],
    ]);
    // 2023-09-28 was a Thursday: Wednesday is the day before.
    assert.deepEqual(
      values('The agencies warned late on Wednesday, and earlier this month the FBI spoke.', '2023-09-28'),
      [
        ['Wednesday', '2023-09-27'],
        ['earlier this month', '2023-09'],
      ],
    );
    assert.deepEqual(values('In January of this year an email was sent; Yesterday it was confirmed.', '2017-11-17'), [
      ['January of this year', '2017-01'],
      ['Yesterday', '2017-11-16'],
    ]);
    assert.deepEqual(values('Microsoft disclosed it last week; the attacks began last year.', '2024-01-24'), [
      ['last week', '2024-01'],
      ['last year', '2023'],
    ]);
    assert.deepEqual(values('A payment was made on March 29 to the thieves.', '2022-04-21'), [
      ['March 29', '2022-03-29'],
    ]);
  });

  it('keeps a part of the day with its weekday', () => {
    // 2018-10-18 was a Thursday.
    assert.deepEqual(values('It was confirmed on Thursday; the attack happened on Tuesday morning.', '2018-10-18'), [
      ['Thursday', '2018-10-18'],
      ['Tuesday morning', '2018-10-16'],
    ]);
  });

  it('keeps a weekday with the date it names and reads day-month order', () => {
    // 2024-09-11: October is later in the same year.
    assert.deepEqual(values('The visit runs from Friday, October 18 to Saturday, October 26.', '2024-09-11'), [
      ['Friday, October 18', '2024-10-18'],
      ['Saturday, October 26', '2024-10-26'],
    ]);
    assert.deepEqual(values('The shutdown began on 22 April; the report came out on the 21st of May.', '2025-06-02'), [
      ['22 April', '2025-04-22'],
      ['21st of May', '2025-05-21'],
    ]);
  });

  it('resolves a month with this or last year, and a range whose year is given once at its end', () => {
    assert.deepEqual(values('The minister disclosed the attack in July last year.', '2026-02-09'), [
      ['July last year', '2025-07'],
    ]);
    assert.deepEqual(values('It ran from May until the end of August 2022, then from January to April 2023.', null), [
      ['May', '2022-05'],
      ['until the end of August 2022', '2022-08'],
      ['January', '2023-01'],
      ['April 2023', '2023-04'],
    ]);
    assert.deepEqual(values('It hit drone makers between April and July. This year’s survey agrees.', '2024-09-10'), [
      ['between April and July', '2024-04'],
      ['This year', '2024'],
    ]);
  });

  it('reads a month used before a noun, not the word march', () => {
    assert.deepEqual(values('They claimed a February ransomware attack. The march began at noon.', '2023-04-20'), [
      ['February', '2023-02'],
    ]);
  });

  it('reads old years after a preposition, decades and centuries, and period names like T2 2022', () => {
    assert.deepEqual(values('Last seen in the 1620s, found again in 1951, set in mid-1800s England.', null), [
      ['in the 1620s', null],
      ['in 1951', '1951'],
      ['in mid-1800s', null],
    ]);
    assert.deepEqual(values('The T2 2022 report covers 1500 servers.', null), [['T2 2022', '2022']]);
  });

  it('leaves relative dates unresolved without a published date', () => {
    assert.deepEqual(values('It said Tuesday that the group struck in July.', null), [
      ['Tuesday', null],
      ['in July', null],
    ]);
  });

  it('skips durations, product versions, identifiers and recurring days', () => {
    assert.deepEqual(
      values('They lingered for months and were watched for eight years, over a decade in all.', '2020-01-01'),
      [],
    );
    assert.deepEqual(values('Servers running Exchange 2013 and Windows 2000 were hit via CVE-2021-26855.', null), []);
    assert.deepEqual(values('Patches ship on the second Tuesday in each month, on Tuesdays.', '2021-03-03'), []);
    assert.deepEqual(values('Losses hit 2,019 accounts worth $2018 on 1500 servers.', null), []);
  });

  it('lists each distinct expression once', () => {
    const found = findDates('Charged in 2018, sanctioned in 2018, and again from 2018.', null);
    assert.equal(found.length, 3);
    assert.deepEqual(
      distinctDates(found).map((d) => d.text),
      ['in 2018', 'from 2018'],
    );
  });

  it('gives offsets that point at the text', () => {
    const text = 'Since the beginning of this year, attacks rose.';
    for (const d of findDates(text, '2017-11-17')) assert.equal(text.slice(d.start, d.end), d.text);
  });
});
