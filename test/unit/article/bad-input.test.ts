/**
 * Input that is not a usable page: rejected fast with InputError (empty, binary, over the size cap), or parsed
 * best-effort without crashing (malformed markup, 100k-deep nesting, megabyte-long lines), in bounded time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_HTML_SIZE, parseArticle } from '../../../src/article/index.ts';
import { InputError } from '../../../src/errors.ts';

const isInputError = (e: unknown): boolean => e instanceof InputError && e.context.input === 'html';

const PROSE =
  'Investigators linked the intrusion to a financially motivated group that has targeted retailers since 2019, according to the report.';

describe('parseArticle: rejected input', () => {
  it('rejects empty and whitespace-only input', () => {
    assert.throws(() => parseArticle(''), isInputError);
    assert.throws(() => parseArticle(' \n\t  '), /empty/);
  });

  it('rejects binary input (NUL bytes, or mostly control characters)', () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('latin1');
    assert.throws(() => parseArticle(png), isInputError);
    const controls = '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008'.repeat(50);
    assert.throws(() => parseArticle(`<p>${controls}</p>`), /binary/);
  });

  it('rejects a 50 MB page fast, before parsing it', () => {
    const huge = `<html><body>${'<p>filler text </p>'.repeat((50 * 1024 * 1024) / 18)}</body></html>`;
    assert.ok(huge.length > 50 * 1024 * 1024 - 64);
    const start = performance.now();
    assert.throws(
      () => parseArticle(huge),
      (e: unknown) => isInputError(e) && /cap/.test((e as Error).message),
    );
    assert.ok(performance.now() - start < 50, 'the size check must not scan the input');
  });

  it('exports the 10 MB cap and lets callers lower it', () => {
    assert.equal(MAX_HTML_SIZE, 10 * 1024 * 1024);
    assert.throws(() => parseArticle(`<p>${PROSE}</p>`, { maxSize: 50 }), isInputError);
  });
});

describe('parseArticle: best effort on broken markup', () => {
  it('parses unclosed and mismatched tags without crashing', () => {
    const html = `<html><head><title>Broken page</title><body><div class="content"><p>${PROSE}<p>Second paragraph about the same intrusion, with more detail on the malware used by the group.<div><span><b>unclosed bold text that still counts as words</div></i></em></table><p>Third paragraph after stray closing tags, describing the response of the retailers.`;
    const a = parseArticle(html);
    assert.equal(a.title, 'Broken page');
    assert.ok(a.text.includes(PROSE));
    assert.ok(a.text.includes('Third paragraph after stray closing tags'));
  });

  it('survives unterminated comments, scripts, attributes and tags', () => {
    for (const html of [
      `<p>${PROSE}</p><!-- never closed <p>hidden</p>`,
      `<p>${PROSE}</p><script>var x = "<p>not text</p>";`,
      `<p>${PROSE}</p><a href="unterminated>link text</a>`,
      `<p>${PROSE}</p><div class="x"`,
      '<<<>>></></ ><!><!doctype><p>',
    ]) {
      const a = parseArticle(html);
      assert.equal(typeof a.text, 'string');
    }
    assert.equal(parseArticle(`<p>${PROSE}</p><!-- never closed <p>hidden</p>`).text, PROSE);
    assert.equal(parseArticle(`<p>${PROSE}</p><script>var x = "<p>not text</p>";`).text, PROSE);
  });

  it('handles text with no markup at all', () => {
    assert.equal(parseArticle(PROSE).text, PROSE);
  });

  it('handles 100k nested divs without blowing the stack or going quadratic', () => {
    const depth = 100_000;
    const html = `<html><body>${'<div>'.repeat(depth)}<p>${PROSE}</p>${'</div>'.repeat(depth)}</body></html>`;
    const start = performance.now();
    const a = parseArticle(html);
    assert.equal(a.text, PROSE);
    assert.ok(performance.now() - start < 3000, `took ${Math.round(performance.now() - start)} ms`);
  });

  it('handles 100k unclosed nested inline elements', () => {
    const html = `<body><p>${PROSE}</p>${'<div><span>'.repeat(50_000)}tail words here</body>`;
    const start = performance.now();
    const a = parseArticle(html);
    assert.ok(a.text.includes(PROSE));
    assert.ok(performance.now() - start < 3000, `took ${Math.round(performance.now() - start)} ms`);
  });

  it('stays linear on pathological repetition (unclosed raw-text tags, stray closers, huge JSON-LD)', () => {
    const cases = {
      unclosedNoscript: `<p>${PROSE}</p>${'<noscript>x '.repeat(100_000)}`,
      unclosedLdJson: `<p>${PROSE}</p>${'<script type="application/ld+json">{"a":1} '.repeat(50_000)}`,
      strayClosers: `<body>${'<div>'.repeat(20_000)}<p>${PROSE}</p>${'</span>'.repeat(100_000)}</body>`,
      unclosedNav: `<p>${PROSE}</p>${'<nav>menu '.repeat(100_000)}`,
      hugeJsonLd: `<script type="application/ld+json">[${'{"@type":"Thing"},'.repeat(200_000)}{}]</script><p>${PROSE}</p>`,
    };
    for (const [name, html] of Object.entries(cases)) {
      const start = performance.now();
      const a = parseArticle(html);
      const ms = performance.now() - start;
      assert.ok(a.text.includes(PROSE), `${name}: lost the paragraph`);
      assert.ok(ms < 3000, `${name} took ${Math.round(ms)} ms`);
    }
  });

  it('keeps the DOM bounded on a million tiny elements: tags past the cap are dropped, their text kept', () => {
    const html = `<body><article><p>${PROSE}</p>${'<i>a</i>'.repeat(1_000_000)}<p>tail marker words</p></article></body>`;
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    const a = parseArticle(html);
    const ms = performance.now() - start;
    assert.ok(a.text.startsWith(PROSE));
    assert.ok(a.text.includes('tail marker words'), 'text after the cap is kept');
    assert.ok(a.text.includes('a'.repeat(800_000)), 'the dropped elements leave their text');
    assert.ok(ms < 4000, `took ${Math.round(ms)} ms`);
    // Without the cap this page built ~1 GB of DOM.
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 400 * 1024 * 1024);
  });

  it('handles a 5 MB line of text and a 1 MB attribute value in linear time', () => {
    const word = 'lorem ipsum dolor sit amet, ';
    const longLine = word.repeat(Math.ceil((5 * 1024 * 1024) / word.length));
    const noSpaces = 'x'.repeat(1024 * 1024);
    const html = `<html><body><div data-blob="${noSpaces}"><p>${PROSE}</p><p>${longLine}</p></div></body></html>`;
    const start = performance.now();
    const a = parseArticle(html);
    assert.ok(a.text.startsWith(PROSE));
    assert.ok(a.text.length > 5 * 1024 * 1024 - 100);
    assert.ok(performance.now() - start < 3000, `took ${Math.round(performance.now() - start)} ms`);
  });
});
