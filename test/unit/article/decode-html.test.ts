/**
 * decodeHtml: charset from BOM, then Content-Type header, then <meta> in the first 1024 bytes, else UTF-8 with a
 * windows-1252 fallback. Byte fixtures are built here; the Shift_JIS bytes were produced by Python's own codec, an
 * encoder independent of the TextDecoder under test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeHtml, parseArticle } from '../../../src/article/index.ts';
import { InputError } from '../../../src/errors.ts';

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');
const hex = (h: string): Buffer => Buffer.from(h, 'hex');

describe('decodeHtml', () => {
  it('decodes windows-1252 declared only in <meta charset> (curly quotes, accents)', () => {
    // “Zero-day” exploits are back, says the café’s CISO — 0x93/0x94 quotes, 0xE9 é, 0x92 apostrophe.
    const bytes = Buffer.concat([
      ascii('<html><head><meta charset="windows-1252"><title>t</title></head><body><p>'),
      hex('935a65726f2d64617994206578706c6f69747320617265206261636b2c20736179732074686520636166e99273204349534f'),
      ascii('</p></body></html>'),
    ]);
    const html = decodeHtml(bytes);
    assert.ok(html.includes('\u201cZero-day\u201d exploits are back, says the caf\u00e9\u2019s CISO'));
  });

  it('decodes Shift_JIS declared only in <meta charset>, and parseArticle reads the Japanese text', () => {
    const bytes = Buffer.concat([
      ascii('<html><head><meta charset="Shift_JIS"><title>'),
      hex('8bba88d08fee95f1'), // 脅威情報
      ascii('</title></head><body><article><p>'),
      // 攻撃者グループは政府機関のネットワークに侵入し、機密文書を盗み出したと研究者は述べた。
      hex(
        '8d558c828ed2834f838b815b837682cd90ad957b8b408ad682cc836c83628367838f815b834e82c9904e93fc82b581418b4096a795b68f9182f0939082dd8f6f82b582bd82c68ca48b868ed282cd8f7182d782bd8142',
      ),
      ascii('</p></article></body></html>'),
    ]);
    const html = decodeHtml(bytes);
    assert.ok(html.includes('<title>脅威情報</title>'));
    const article = parseArticle(html);
    assert.equal(article.title, '脅威情報');
    assert.equal(
      article.text,
      '攻撃者グループは政府機関のネットワークに侵入し、機密文書を盗み出したと研究者は述べた。',
    );
  });

  it('reads the charset from an http-equiv Content-Type meta', () => {
    const bytes = Buffer.concat([
      ascii('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>'),
      hex('4dfc6e6368656e'), // München in Latin-1
      ascii('</body></html>'),
    ]);
    assert.ok(decodeHtml(bytes).includes('München'));
  });

  it('prefers the Content-Type header over <meta>', () => {
    const bytes = Buffer.from(
      '<html><head><meta charset="windows-1252"></head><body>Zürich – naïve</body></html>',
      'utf8',
    );
    assert.ok(decodeHtml(bytes, 'text/html; charset=UTF-8').includes('Zürich – naïve'));
  });

  it('prefers a BOM over a contradicting header (mislabelled page)', () => {
    const body = Buffer.from('<html><body><p>Kraków — “quoted”</p></body></html>', 'utf8');
    const withBom = Buffer.concat([hex('efbbbf'), body]);
    const html = decodeHtml(withBom, 'text/html; charset=ISO-8859-1');
    assert.ok(html.startsWith('<html>'), 'the BOM itself is not part of the text');
    assert.ok(html.includes('Kraków — “quoted”'));
  });

  it('decodes UTF-16LE with a BOM (whose NUL bytes are not binary)', () => {
    const body = Buffer.from('<html><body><p>Grüße aus Wien</p></body></html>', 'utf16le');
    const html = decodeHtml(Buffer.concat([hex('fffe'), body]), 'text/html; charset=utf-8');
    assert.ok(html.includes('Grüße aus Wien'));
  });

  it('defaults to UTF-8 and falls back to windows-1252 when the bytes are not valid UTF-8', () => {
    assert.ok(decodeHtml(Buffer.from('<p>Ærøskøbing</p>', 'utf8')).includes('Ærøskøbing'));
    const legacy = Buffer.concat([
      ascii('<p>'),
      hex('93'),
      ascii('smart'),
      hex('94'),
      ascii(' caf'),
      hex('e9'),
      ascii('</p>'),
    ]);
    assert.equal(decodeHtml(legacy), '<p>\u201csmart\u201d café</p>');
    // The WHATWG windows-1252 characters of 0x80–0x9F (Node's own TextDecoder maps these to C1 controls).
    assert.equal(
      decodeHtml(Buffer.concat([ascii('<p>'), hex('8085969799'), ascii('</p>')]), 'text/html; charset=latin1'),
      '<p>€…–—™</p>',
    );
  });

  it('ignores an unknown charset label and falls through to the next source', () => {
    const bytes = Buffer.from('<meta charset="x-no-such-charset"><p>Ångström</p>', 'utf8');
    assert.ok(decodeHtml(bytes, 'text/html; charset=bogus').includes('Ångström'));
  });

  it('reads UTF-8 bytes labelled ISO-8859-1 (header or meta) as UTF-8, and real Latin-1 as Latin-1', () => {
    const body = Buffer.from('<p>Zürich – “quoted”</p>', 'utf8');
    assert.equal(decodeHtml(body, 'text/html; charset=ISO-8859-1'), '<p>Zürich – “quoted”</p>');
    const meta = Buffer.from('<meta charset="latin1"><p>Kraków</p>', 'utf8');
    assert.ok(decodeHtml(meta).includes('<p>Kraków</p>'));
    assert.equal(decodeHtml(ascii('<p>Z\xfcrich</p>'), 'text/html; charset=ISO-8859-1'), '<p>Zürich</p>');
    // Other labels are still obeyed: UTF-8 bytes declared windows-1251 decode as windows-1251.
    assert.notEqual(decodeHtml(body, 'text/html; charset=windows-1251'), '<p>Zürich – “quoted”</p>');
  });

  it('refuses files with a binary signature even when their first bytes look like text', () => {
    const pdf = ascii(
      `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nBT (${'Readable words in a PDF. '.repeat(20)}) Tj ET\n`,
    );
    for (const [bytes, format] of [
      [pdf, 'pdf'],
      [Buffer.concat([hex('ffd8ffe0'), ascii('a'.repeat(500))]), 'jpeg'],
      [Buffer.concat([hex('504b0304'), ascii('word/document.xml'.repeat(20))]), 'zip (docx, xlsx, jar)'],
    ] as const) {
      assert.throws(
        () => decodeHtml(bytes, 'text/html'),
        (e: unknown) => e instanceof InputError && e.context.reason === 'binary-body' && e.context.format === format,
      );
    }
  });

  it('says why in context.reason', () => {
    const reasonOf = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (e) {
        return e instanceof InputError ? e.context.reason : e;
      }
      return 'no error';
    };
    assert.equal(
      reasonOf(() => decodeHtml(new Uint8Array(0))),
      'empty-body',
    );
    assert.equal(
      reasonOf(() => decodeHtml(ascii('   \n  '))),
      'empty-body',
    );
    assert.equal(
      reasonOf(() => decodeHtml(ascii('<p>a\u0000b</p>'))),
      'binary-body',
    );
    assert.equal(
      reasonOf(() => decodeHtml(new Uint8Array(32), 'text/html', 16)),
      'too-large',
    );
    assert.equal(
      reasonOf(() => parseArticle('x'.repeat(100), { maxSize: 50 })),
      'too-large',
    );
  });

  it('rejects empty, binary and oversized input with InputError naming the input', () => {
    assert.throws(
      () => decodeHtml(new Uint8Array(0)),
      (e: unknown) => e instanceof InputError && e.context.input === 'html',
    );
    const png = hex('89504e470d0a1a0a0000000d4948445200000001000000010806000000');
    assert.throws(() => decodeHtml(png), InputError);
    assert.throws(() => decodeHtml(new Uint8Array(32), 'text/html', 16), /over the 16-byte cap/);
  });
});
