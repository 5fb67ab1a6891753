/** The extract stage keeps one extraction short enough for the job lock to be renewed (issue 11, L4). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../../src/extract/index.ts';
import type { ExtractPayload, IndexPayload } from '../../../src/queue/payloads.ts';
import type { StageDeps } from '../../../workers/deps.ts';
import { capForExtraction, MAX_EXTRACT_CHARS, processExtract } from '../../../workers/extract.ts';

const SENTENCE =
  'APT28, also known as Fancy Bear, targeted energy companies in Germany and France in 2023, the researchers said. ';

describe('L4: extraction of a huge dense page is capped', () => {
  it('L4: a 9.5 MiB page of dense reporting is extracted from its first 300,000 characters only, and the cut is logged', async () => {
    const text = SENTENCE.repeat(Math.ceil((9.5 * 1024 * 1024) / SENTENCE.length));
    const indexed: IndexPayload[] = [];
    const lines: string[] = [];
    const deps = {
      catalog: defaultCatalog(),
      queues: { addIndex: async (p: IndexPayload) => void indexed.push(p) },
      logger: { warn: (fields: object, message: string) => lines.push(`${message} ${JSON.stringify(fields)}`) },
      metrics: { steps: { startTimer: () => () => undefined } },
    } as unknown as StageDeps;
    const data: ExtractPayload = {
      batchId: 'b',
      article: {
        url: 'https://news.example.test/dense',
        title: 'Dense',
        publisher: null,
        authors: [],
        published: '2024-01-01',
        modified: null,
        language: 'en',
        text,
        paragraphs: [{ start: 0, end: text.length }],
      },
      provenance: { normalizedUrl: 'https://news.example.test/dense', parsedAt: '2024-01-01T00:00:00Z' },
    };
    await processExtract(deps, data);
    const result = indexed[0]?.result;
    assert.ok(result);
    assert.ok(result.article.text.length <= MAX_EXTRACT_CHARS, `${result.article.text.length} characters extracted`);
    assert.ok(text.startsWith(result.article.text), 'a prefix: every offset still points into the page');
    assert.ok(result.article.text.endsWith('said.'), 'cut at a sentence end');
    assert.ok(result.claims.length > 0);
    assert.match(lines.join('\n'), /article text cut for extraction .*"from":\d+,"to":\d+/);
  });

  it('L4: an article under the cap is passed through as it is', () => {
    const article = {
      ...{ url: null, title: null, publisher: null, authors: [], published: null, modified: null, language: null },
      text: SENTENCE,
      paragraphs: [],
    };
    assert.equal(capForExtraction(article), article);
  });
});
