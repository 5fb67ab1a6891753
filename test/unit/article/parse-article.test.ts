/**
 * parseArticle on hand-written pages (test/fixtures/pages): boilerplate removed with the paragraphs kept, and
 * citation metadata taken from JSON-LD, Open Graph, `<time>` and byline text — never from a non-JSON-LD script.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type Article, parseArticle } from '../../../src/article/index.ts';

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/pages/${name}`, import.meta.url), 'utf8');
}

function paragraphTexts(a: Article): string[] {
  return a.paragraphs.map((p) => a.text.slice(p.start, p.end));
}

describe('parseArticle: body text', () => {
  const article = parseArticle(fixture('news-article.html'));
  const paras = paragraphTexts(article);

  it('keeps every story paragraph and the in-body heading, in order', () => {
    assert.deepEqual(paras, [
      'Security researchers said on Monday that the group known as Ember Bear deployed a previously unseen wiper against two regional electricity distributors, in what they described as the most aggressive campaign by the group this year.',
      "According to the report, the intruders gained access through a vulnerable VPN appliance in January, then spent six weeks mapping the operators' networks before the destructive payload was triggered.",
      '"The attackers were patient and methodical," said Lena Ostrova, who leads incident response at the firm. "They knew exactly which servers would hurt the most."',
      'A familiar playbook',
      'The wiper shares code with tools the group used in 2022, including the same routine for overwriting the master boot record, the researchers said, adding that the overlap was strong enough to attribute the campaign with high confidence.',
      'Government officials did not respond to a request for comment. The two distributors said power supply was not interrupted and that systems were restored from backups within three days.',
      'The report recommends that utilities patch internet-facing appliances promptly and keep offline backups of critical control systems.',
    ]);
  });

  it('separates paragraphs with a blank line and reports their exact offsets', () => {
    assert.equal(article.text, paras.join('\n\n'));
    let expectedStart = 0;
    for (const span of article.paragraphs) {
      assert.equal(span.start, expectedStart);
      expectedStart = span.end + 2;
    }
    assert.equal(article.paragraphs.at(-1)?.end, article.text.length);
  });

  it('drops navigation, share bar, ads, newsletter box, caption, author bio, related links, comments, cookie banner and footer', () => {
    for (const chrome of [
      'Threats',
      'Share on',
      'Advertisement',
      'ADVERTISEMENT',
      'newsletter',
      'Subscribe',
      'Photo: Signal Desk archive',
      'previously reported from Brussels',
      'Related stories',
      'Why wipers are back',
      'segmented networks',
      'We use cookies',
      'All rights reserved',
      'By Dana Whitfield',
    ]) {
      assert.ok(!article.text.includes(chrome), `body should not contain ${JSON.stringify(chrome)}`);
    }
  });

  it('does not repeat the headline in the body', () => {
    assert.ok(!article.text.includes('targets grid operators'));
  });
});

describe('parseArticle: body split into sections, inside a layout wrapper', () => {
  const a = parseArticle(fixture('split-body-inline-promos.html'));

  it('joins both body sections and drops the inline promos between and after them', () => {
    assert.deepEqual(paragraphTexts(a), [
      'For three years the platform sold ready-made login pages for more than a hundred banks and email providers, together with hosting and a dashboard that showed stolen passwords as they arrived.',
      'Investigators said the service had about 2,000 paying customers, most of whom paid in cryptocurrency for monthly subscriptions that cost between $150 and $400.',
      "Its operators advertised on criminal forums and ran a support channel that answered customers' questions within minutes, according to court documents.",
      "The takedown began when a hosting company noticed thousands of lookalike domains registered with the same payment card and reported them to police, who then obtained access to the platform's servers.",
      'Officers replaced the dashboard with a banner announcing the seizure and began notifying victims whose credentials had been captured in the previous months.',
    ]);
  });

  it('drops the italic caption under the image, READ MORE line, related links, credits line, site blurbs', () => {
    for (const chrome of [
      "seller's dashboard",
      'READ MORE',
      'Related',
      'Police dismantle',
      'Reporting by',
      'Wirecut',
    ]) {
      assert.ok(!a.text.includes(chrome), `body should not contain ${JSON.stringify(chrome)}`);
    }
  });
});

describe('parseArticle: old-style markup', () => {
  it('splits <br><br>-separated text into paragraphs and keeps single <br> as a line break', () => {
    const html = `<html><body><div id="menu"><a href="/">Home</a> <a href="/a">About</a></div><div>
      The first paragraph of an old page describes a data breach at a regional insurer, disclosed this week.<br><br>
      The second paragraph says that the breach exposed policy numbers,<br>names and addresses of customers.<br><br>
      <font size="2">The third paragraph quotes the insurer's statement about notifying customers by post.</font>
    </div></body></html>`;
    assert.deepEqual(paragraphTexts(parseArticle(html)), [
      'The first paragraph of an old page describes a data breach at a regional insurer, disclosed this week.',
      'The second paragraph says that the breach exposed policy numbers,\nnames and addresses of customers.',
      "The third paragraph quotes the insurer's statement about notifying customers by post.",
    ]);
  });
});

describe('parseArticle: metadata', () => {
  it('prefers JSON-LD for headline, dates, authors and publisher; canonical link for the URL', () => {
    const a = parseArticle(fixture('news-article.html'), { url: 'https://mirror.example/copy' });
    assert.equal(a.title, 'Ember Bear targets grid operators with new wiper');
    assert.equal(a.url, 'https://signaldesk.example/2024/03/ember-bear-wiper');
    assert.equal(a.publisher, 'The Signal Desk');
    assert.deepEqual(a.authors, ['Dana Whitfield', 'Omar Haddad']);
    // JSON-LD's local date wins over article:published_time (2024-03-05 in UTC) and the dataLayer script's 2019 date.
    assert.equal(a.published, '2024-03-04');
    assert.equal(a.modified, '2024-03-06');
    assert.equal(a.language, 'en');
  });

  it('reads Open Graph / article meta when there is no JSON-LD, ignoring an article:author URL', () => {
    const a = parseArticle(fixture('og-meta-only.html'));
    assert.equal(a.title, 'Ransomware crew leaks hospital records after failed negotiation');
    assert.equal(a.url, 'https://ledger.example/news/ransomware-hospital-leak');
    assert.equal(a.publisher, 'Northern Ledger');
    assert.deepEqual(a.authors, ['Marie Leclerc']);
    assert.equal(a.published, '2023-11-20');
    assert.equal(a.modified, '2023-11-21');
    assert.equal(a.language, 'fr');
    assert.equal(paragraphTexts(a).length, 3);
    assert.ok(!a.text.includes('Most read') && !a.text.includes('sourdough') && !a.text.includes('LinkedIn'));
  });

  it('takes the date from a <time> at the top of the article, not from the comments, and a "Von" byline', () => {
    const a = parseArticle(fixture('time-and-byline.html'), { url: 'https://techblatt.example/phishing' });
    assert.equal(a.published, '2022-08-17');
    assert.equal(a.modified, null);
    assert.deepEqual(a.authors, ['Katrin Vogel']);
    assert.equal(a.title, 'Phishing-Welle trifft Stadtwerke');
    assert.equal(a.url, 'https://techblatt.example/phishing');
    assert.equal(a.publisher, null);
    assert.equal(a.language, 'de');
    assert.equal(paragraphTexts(a).length, 3);
    assert.ok(!a.text.includes('Schulungen'), 'comment text must not leak into the body');
  });

  it('takes author and date from a plain-text byline', () => {
    const a = parseArticle(fixture('byline-text-date.html'));
    assert.deepEqual(a.authors, ['Priya Raman']);
    assert.equal(a.published, '2021-03-03');
    assert.equal(a.language, null);
    assert.equal(a.url, null);
    assert.equal(paragraphTexts(a).length, 3);
    assert.ok(!a.text.includes('Archive'));
    assert.ok(!a.text.includes('Published March'));
  });

  it('never takes a date that only appears inside a non-JSON-LD <script> (or deep in the comments)', () => {
    const a = parseArticle(fixture('script-date-only.html'));
    assert.equal(a.published, null);
    assert.equal(a.modified, null);
    assert.deepEqual(a.authors, []);
    assert.equal(a.title, 'Credential stuffing wave hits streaming services');
    assert.equal(paragraphTexts(a).length, 3);
    assert.ok(!a.text.includes('trackView') && !a.text.includes('pageMeta'));
  });

  it('strips the site name from a <title> when it is the only title', () => {
    const html =
      '<html><head><title>Wiper found in shipping firm networks - Harbour Times</title>' +
      '<meta property="og:site_name" content="Harbour Times"></head><body><p>Text of the article that is long enough to count as a paragraph for the parser.</p></body></html>';
    assert.equal(parseArticle(html).title, 'Wiper found in shipping firm networks');
  });
});
