/**
 * The small parsers and filters behind parseArticle, on hand-checked strings: date normalisation, author-name
 * cleaning, and the line-level boilerplate filter (which must keep timeline entries and ordinary prose).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanAuthorNames } from '../../../src/article/author-names.ts';
import { toIsoDate } from '../../../src/article/dates.ts';
import type { Paragraph } from '../../../src/article/paragraph.ts';
import { filterParagraphs } from '../../../src/article/paragraph-filter.ts';

describe('toIsoDate', () => {
  it('normalises the common web formats to YYYY-MM-DD, keeping the local calendar date', () => {
    const cases: [string, string][] = [
      ['2019-11-19T23:30:00-05:00', '2019-11-19'],
      ['20191119', '2019-11-19'],
      ['2019/11/19', '2019-11-19'],
      ['Nov 19, 2019', '2019-11-19'],
      ['November 19th, 2019 10:00 AM', '2019-11-19'],
      ['Tue, 19 Nov 2019 10:00:00 GMT', '2019-11-19'],
      ['Published 5 Mar. 2019', '2019-03-05'],
      ['segunda-feira, 22 de janeiro de 2018 às 0:13', '2018-01-22'],
      ['22. Januar 2019', '2019-01-22'],
      ['3 février 2020', '2020-02-03'],
      ['19.11.2019', '2019-11-19'],
      ['11/19/2019', '2019-11-19'],
    ];
    for (const [input, expected] of cases) assert.equal(toIsoDate(input), expected, input);
  });

  it('reads ambiguous numeric dates month-first unless told the page is day-first', () => {
    assert.equal(toIsoDate('05/10/2018'), '2018-05-10');
    assert.equal(toIsoDate('05/10/2018', true), '2018-10-05');
    assert.equal(toIsoDate('25/10/2018'), '2018-10-25');
  });

  it('keeps partial dates as prefixes and rejects impossible ones', () => {
    assert.equal(toIsoDate('2019-11'), '2019-11');
    assert.equal(toIsoDate('2019'), '2019');
    assert.equal(toIsoDate('2019-02-30'), null);
    assert.equal(toIsoDate('Summer 2019'), null);
    assert.equal(toIsoDate(''), null);
  });
});

describe('cleanAuthorNames', () => {
  it('splits author lists and strips prefixes, roles, credentials and dates', () => {
    assert.deepEqual(cleanAuthorNames(['By Jane Doe and John Smith'], null), ['Jane Doe', 'John Smith']);
    assert.deepEqual(cleanAuthorNames(['Rachael Link, MS, RD'], null), ['Rachael Link']);
    assert.deepEqual(cleanAuthorNames(['Analysis by Chris Park, CNN Editor-at-large'], 'CNN'), ['Chris Park']);
    assert.deepEqual(cleanAuthorNames(['Carrie Arnold November 15, 2019'], null), ['Carrie Arnold']);
    assert.deepEqual(cleanAuthorNames(['Jeff Ross, Monday, November 18, 2019'], null), ['Jeff Ross']);
    assert.deepEqual(cleanAuthorNames(['Text: Венера Ерофеева'], null), ['Венера Ерофеева']);
  });

  it('drops the publisher next to a person, site taglines and usernames, but keeps a lone wire agency', () => {
    assert.deepEqual(cleanAuthorNames(['Troy Smith, Cleveland.com'], null), ['Troy Smith']);
    assert.deepEqual(cleanAuthorNames(['Jill Diaz, CNN Business'], 'CNN'), ['Jill Diaz']);
    assert.deepEqual(cleanAuthorNames(["Nigeria's popular news platform", 'admin'], null), []);
    assert.deepEqual(cleanAuthorNames(['PTI'], 'Deccan Herald'), ['PTI']);
    assert.deepEqual(cleanAuthorNames(['Reuters'], null), ['Reuters']);
  });
});

describe('filterParagraphs', () => {
  const prose = (text: string): Paragraph => ({
    text,
    heading: false,
    linkShare: 0,
    afterImage: false,
    emphasized: false,
  });
  const before = prose(
    'A long enough paragraph of prose that precedes the line under test, with no links in it at all.',
  );
  const after = prose('Another long enough paragraph of prose that follows the line under test, also without links.');
  const kept = (p: Paragraph): boolean => filterParagraphs([before, p, after]).length === 3;

  it('drops stock boilerplate lines, datelines, bylines and credits', () => {
    for (const line of [
      'Advertisement',
      'ADVERTISEMENT',
      'Anzeige',
      'Story continues below advertisement',
      'Posted on June 5, 2021 by admin',
      'Updated: 10:02 AM EST, Tue November 19, 2019',
      'November 20, 2019 - 11:28 AMT',
      '05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde',
      '(Reporting by Sam Ortiz; Editing by Mei Lin)',
      'Jane Doe contributed reporting from Kyiv.',
      'Follow us on Twitter and Facebook for more updates on this story.',
      'Sign up for our free weekly newsletter',
      'This slideshow requires JavaScript.',
      '© 2024 The Signal Desk',
      'Tags: ransomware, healthcare, leaks',
      '5 min read',
      'By Dana Whitfield and Omar Haddad',
      'Von Katrin Vogel',
    ]) {
      assert.ok(!kept(prose(line)), `should drop ${JSON.stringify(line)}`);
    }
  });

  it('keeps timeline entries and prose that merely resembles boilerplate', () => {
    for (const line of [
      'March 3, 2021: Attack discovered',
      'March 3, 2021: CISA published an advisory',
      'Subscribers can read the full report on the website today.',
      'Copyright law is changing.',
      'Several factors contributed.',
      'Topics of discussion included supply-chain attacks and election security.',
      'By the end of the year the group had moved on',
      'By Tuesday',
    ]) {
      assert.ok(kept(prose(line)), `should keep ${JSON.stringify(line)}`);
    }
  });

  it('drops promo lead-ins with links, related blocks and an italic caption after an image', () => {
    assert.ok(!kept({ ...prose('READ MORE: How phishing kits went mainstream'), linkShare: 0.8 }));
    assert.ok(kept(prose('READ MORE: How phishing kits went mainstream')), 'no link: not a promo');
    const related = filterParagraphs([
      before,
      { ...prose('Related stories'), heading: true },
      { ...prose('Police dismantle botnet used to send spam'), linkShare: 1 },
      { ...prose('Bank customers targeted by fake alerts'), linkShare: 1 },
      after,
    ]);
    assert.deepEqual(related, [before, after]);
    assert.ok(
      !kept({ ...prose('The seller dashboard, as seen by investigators'), afterImage: true, emphasized: true }),
    );
    assert.ok(kept({ ...prose('The seller dashboard, as seen by investigators'), afterImage: true }));
  });

  it('drops link-only lines and headings left at the end of the body', () => {
    const out = filterParagraphs([
      before,
      after,
      { ...prose('More from our newsroom'), heading: true },
      { ...prose('Another story headline'), linkShare: 1 },
    ]);
    assert.deepEqual(out, [before, after]);
  });
});
