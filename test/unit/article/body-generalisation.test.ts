/**
 * Body-extraction behaviours that generalise across site templates (docs/article-bodies.md), each on a page written
 * for the test: class names that only look like chrome, lists and tables that are part of the article, and language
 * cues for boilerplate beyond English.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArticle } from '../../../src/article/index.ts';

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
