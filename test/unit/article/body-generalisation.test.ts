/**
 * Body-extraction behaviours that generalise across site templates (docs/article-bodies.md), each on a page written
 * for the test: class names that only look like chrome, lists and tables that are part of the article, and language
 * cues for boilerplate beyond English.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BODY_TUNING, parseArticle } from '../../../src/article/index.ts';

const P1 =
  'The regional water board approved a new filtration plant on Tuesday, after two years of debate about the cost, the site and the effect on the river downstream.';
const P2 =
  'Engineers expect the plant to be finished by the spring of next year, and the board said that household bills would rise only slightly to pay for it.';
const P3 =
  'Residents who spoke at the meeting welcomed the decision, although several asked why the work could not begin sooner, given the problems of last summer.';

function page(body: string): string {
  return `<!doctype html><html><head><title>Water board</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
${body}
<footer>Contact us · Imprint · Privacy</footer></body></html>`;
}

/** Each line as its own paragraph between story paragraphs: the body must come out as the story alone. */
function assertLinesDropped(lines: readonly string[]): void {
  const html = page(
    `<article><p>${P1}</p>${lines.map((l) => `<p>${l}</p>`).join('')}<p>${P2}</p><p>${P3}</p></article>`,
  );
  assert.equal(parseArticle(html).text, [P1, P2, P3].join('\n\n'));
}

describe('class names that only look like chrome', () => {
  it('keeps a body whose class tokens say "label-hidden", "hidden-xs" or "print-content"', () => {
    for (const cls of ['field field--name-body field--label-hidden', 'l-text hidden-xs', 'print-content']) {
      const html = page(`<main><h1>Water board</h1>
<div class="intro"><p>${P1}</p></div>
<div class="${cls}"><p>${P2}</p><p>${P3}</p></div>
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share by e-mail</a></div></main>`);
      const text = parseArticle(html).text;
      assert.ok(text.includes(P2) && text.includes(P3), `${cls}: ${text}`);
      assert.ok(!text.includes('Share on Facebook'), cls);
    }
  });

  it('keeps a section named as content by one class token whatever another says ("content_body TOC_TITLE_2")', () => {
    const html = page(`<article><div class="content_body TOC_TITLE_1"><p>${P1}</p></div>
<div class="content_body TOC_TITLE_2"><p>${P2}</p><p>${P3}</p></div><div class="toc"><p>Contents: plant, costs and what the residents said about it</p></div></article>`);
    assert.equal(parseArticle(html).text, [P1, P2, P3].join('\n\n'));
  });

  it('still drops an element whose whole class token is chrome ("hidden", "post-tags", "meta")', () => {
    for (const cls of ['hidden', 'post-tags', 'entry-meta-bar']) {
      const html = page(`<article><p>${P1}</p><p>${P2}</p>
<div class="${cls}"><p>Filed in water, infrastructure, local politics and planning decisions</p></div><p>${P3}</p></article>`);
      const text = parseArticle(html).text;
      assert.ok(!text.includes('Filed in water'), `${cls}: ${text}`);
      assert.ok(text.includes(P3), cls);
    }
  });
});

describe('page builders and named anchors', () => {
  it('keeps a body a page builder wraps in "elementor-widget" layout blocks, and still drops a sidebar widget', () => {
    const block = (p: string) =>
      `<div class="elementor-element elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container"><div class="elementor-text-editor"><p>${p}</p></div></div></div>`;
    const html = page(`<main><article class="page"><div class="entry-content"><div class="elementor-widget-wrap">
${block(P1)}${block(P2)}${block(P3)}</div></div></article>
<div class="widget widget_recent_entries"><p>Recent posts: the budget, the bridge and the summer fair in the old town square</p></div></main>`);
    const text = parseArticle(html).text;
    assert.equal(text, [P1, P2, P3].join('\n\n'));
  });

  it('does not read text under an unclosed named anchor (<a name>, no href) as link text', () => {
    const html = page(`<article><h2><a name="toc-1">The decision</a></h2><div><a name="section-1" class="anchor">
<div class="content_body"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></div>
<ul class="links"><li><a href="/a">Other story one about the water board</a></li><li><a href="/b">Other story two about the river</a></li></ul></article>`);
    const text = parseArticle(html).text;
    assert.ok(text.includes(P1) && text.includes(P2) && text.includes(P3), text);
  });
});

describe('layout words in class names', () => {
  it('reads a wrapper named "o-section--has-ads" or "with-sidebar" as what it holds, not as an ad slot or sidebar', () => {
    for (const cls of ['o-section o-section--has-ads', 'layout with-sidebar']) {
      const html =
        page(`<section class="${cls}"><div class="c-article-copy"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div></section>
<section class="o-section c-related"><div><p><a href="/a">Another story about the river and its floods in the past</a></p>
<p><a href="/b">A third story about the council and the budget for next year</a></p></div></section>`);
      const text = parseArticle(html).text;
      assert.equal(text, [P1, P2, P3].join('\n\n'), cls);
    }
  });
});

describe('blocks inside the body', () => {
  it('keeps a prose block illustrated with several images (a gallery wrapper is not chrome when it holds the text)', () => {
    const html = page(`<article><p>${P1}</p>
<div class="gallery-block"><img src="a.jpg"><img src="b.jpg"><img src="c.jpg"><p>${P2}</p></div><p>${P3}</p></article>`);
    assert.ok(parseArticle(html).text.includes(P2));
  });

  it('keeps a checklist of ingredients with checkboxes, and drops a newsletter form', () => {
    const items = ['200 g flour, sifted twice', '100 g cold butter, in small cubes', '2 eggs at room temperature'];
    const html = page(`<article><p>${P1}</p>
<section class="ingredients"><ul>${items.map((t) => `<li><input type="checkbox"> ${t}</li>`).join('')}</ul></section>
<p>${P2}</p><div class="box"><p>Our letter</p><input type="email"><input type="submit"></div><p>${P3}</p></article>`);
    const text = parseArticle(html).text;
    for (const t of items) assert.ok(text.includes(t), t);
    assert.ok(!text.includes('Our letter'), text);
  });
});

describe('boilerplate lines beyond English', () => {
  const cues = [
    ['de', 'Lesen Sie auch:'],
    ['de', 'Verwandte Beiträge'],
    ['fr', 'À lire aussi'],
    ['es', 'Te puede interesar'],
    ['pl', 'Czytaj też'],
  ];
  for (const [lang, cue] of cues) {
    it(`drops a "${cue}" (${lang}) intro with the list of links after it`, () => {
      const html = page(`<article><p>${P1}</p><p>${P2}</p><p>${P3}</p>
<h3>${cue}</h3><ul><li><a href="/x">Die Brücke wird im Herbst gesperrt</a></li><li><a href="/y">Neue Buslinie für das Westviertel</a></li></ul></article>`);
      const text = parseArticle(html).text;
      assert.equal(text, [P1, P2, P3].join('\n\n'));
    });
  }

  it('drops a linked "read also" lead between paragraphs in German and Spanish', () => {
    for (const lead of ['Lesen Sie auch:', 'Lea también:']) {
      const html = page(
        `<article><p>${P1}</p><p>${lead} <a href="/z">Stadtrat beschließt neuen Haushalt für das kommende Jahr</a></p><p>${P2}</p><p>${P3}</p></article>`,
      );
      assert.equal(parseArticle(html).text, [P1, P2, P3].join('\n\n'), lead);
    }
  });

  it('drops share, rating, source and "about the author" lines in German and French', () => {
    const lines = [
      'Artikel teilen',
      'War der Artikel nützlich?',
      'Quelle: Landesamt für Statistik',
      'Über den Autor',
      'Partager sur Facebook',
      'Crédits photos : Agence Nord',
    ];
    assertLinesDropped(lines);
  });
});

describe('when the scored container holds next to nothing', () => {
  it('falls back to the whole page, chrome still excluded', () => {
    // Each line is too short to vote as a paragraph, so scoring settles on the teaser.
    const steps = [
      'Heat the oven to 180 °C.',
      'Butter a round tin.',
      'Beat eggs and sugar.',
      'Fold in the flour.',
      'Bake forty minutes.',
      'Let it cool a while.',
      'Dust with icing sugar.',
      'Serve with cream.',
      'Keeps for three days.',
      'Freezes well in slices.',
      'Try it with lemon zest.',
      'Or add cocoa powder.',
    ];
    const html =
      page(`<div class="wrap"><h1>Plain sponge cake</h1><h2>Method</h2><ol>${steps.map((s) => `<li>${s}</li>`).join('')}</ol>
<div class="teaser"><p>A sponge cake that anyone can bake on a rainy afternoon, with what is in the cupboard.</p></div></div>
<div class="sidebar"><p>Our most popular recipes of the week, chosen by readers like you, every Sunday.</p></div>`);
    const text = parseArticle(html).text;
    for (const s of steps) assert.ok(text.includes(s), `${s} in ${text}`);
    assert.ok(!text.includes('most popular recipes'), text);
    assert.ok(!text.includes('Contact us'), text);
  });
});

describe('metadata and prompt lines beyond English', () => {
  it('drops German and Polish datelines, reading times, newsletter prompts and a lone "Mehr zum Thema"', () => {
    const lines = [
      'Publiziert: 03.04.2021, 12:35',
      'Verfasst von: Redaktion | 31. Dezember 2020',
      'Erstellt am Dienstag 6. Mai 2014 um 23:30',
      'Publikacja: 04.05.2021',
      '11 minut czytania',
      'Never miss the latest news by signing up to our newsletter today!',
      'Mehr zum Thema',
      '(Alle Angaben ohne Gewähr)',
    ];
    assertLinesDropped(lines);
  });

  it('drops a rating widget headed by a stock question, and keeps a sentence that only starts like a dateline', () => {
    const kept =
      'Erstellt wurde der Plan von einer Arbeitsgruppe aus Anwohnern, Ingenieuren und zwei Mitgliedern des Stadtrats.';
    const html = page(
      `<article><p>${P1}</p><p>War der Artikel nützlich?<br>(95 Stimmen: 4,7 von 5)<br>Loading...</p><p>${P2}</p><p>${kept}</p><p>${P3}</p></article>`,
    );
    assert.equal(parseArticle(html).text, [P1, P2, kept, P3].join('\n\n'));
  });
});

describe('the lead between the headline and the body (tuning leadMaxBlocks)', () => {
  const LEAD = 'The board chose the northern site, the cheapest of three, and will borrow most of the money it needs.';
  const withLead = { ...DEFAULT_BODY_TUNING, leadMaxBlocks: 2, leadMaxGap: 600 };
  const story = `<div class="story-body"><p>${P1}</p><p>${P2}</p><p>${P3}</p></div>`;

  it('puts a standfirst set apart in the article header before the body, and only when the tuning asks for it', () => {
    const html = page(`<article><header><h1>Water board approves plant</h1><p class="standfirst">${LEAD}</p>
<p class="byline">By Jane Doe</p></header>${story}</article>`);
    assert.equal(parseArticle(html, { tuning: withLead }).text, [LEAD, P1, P2, P3].join('\n\n'));
    assert.equal(parseArticle(html, { tuning: DEFAULT_BODY_TUNING }).text, [P1, P2, P3].join('\n\n'));
  });

  it('takes no caption under the headline picture, no unpunctuated subtitle, and nothing across a page of teasers', () => {
    const caption = `<article><header><h1>Water board approves plant</h1><img src="plant.jpg" alt="">
<p>The planned filtration plant, as drawn by the architects for the board, seen from the river bank.</p></header>${story}</article>`;
    const subtitle = `<article><header><h1>Water board approves plant</h1>
<h2>Seven votes to two after two years of debate about the cost of the new plant</h2></header>${story}</article>`;
    const teasers = Array.from(
      { length: 8 },
      (_, k) =>
        `<div class="teaser"><p>Teaser number ${k} about another story of the week, in a sentence or two of text.</p></div>`,
    ).join('');
    const far = `<div class="top"><h1>Water board approves plant</h1><p class="standfirst">${LEAD}</p></div>
<div class="more">${teasers}</div><article>${story}</article>`;
    for (const html of [caption, subtitle, far]) {
      assert.equal(parseArticle(page(html), { tuning: withLead }).text, [P1, P2, P3].join('\n\n'));
    }
  });
});

describe('a short body is re-read with the whole page (tuning minBodyChars)', () => {
  it('falls back when the scored container holds less than minBodyChars, and not below that length', () => {
    // The method is thirty lines too short to vote as paragraphs; scoring settles on the two-paragraph intro.
    const steps = Array.from({ length: 30 }, (_, k) => `Stir it, step ${k + 1}.`);
    const html = page(`<div class="recipe"><h1>Tomato sauce</h1><ul>${steps.map((s) => `<li>${s}</li>`).join('')}</ul>
<div class="intro"><p>${P1}</p><p>${P2}</p></div></div>`);
    const strict = parseArticle(html, { tuning: { ...DEFAULT_BODY_TUNING, minBodyChars: 250 } }).text;
    assert.equal(strict, [P1, P2].join('\n\n'));
    const reread = parseArticle(html, { tuning: { ...DEFAULT_BODY_TUNING, minBodyChars: 1000 } }).text;
    for (const s of steps) assert.ok(reread.includes(s), `${s} in ${reread}`);
    assert.ok(reread.includes(P1) && !reread.includes('Contact us'), reread);
  });
});
