/**
 * Reading saved articles from files for `extract` and `ingest`: HTML pages, plain text, article JSON and JSON Lines,
 * each bad input named in its error, a bad line of a JSON Lines file reported without losing the good ones.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeHtml, parseArticle } from '../article/index.ts';
import type { Article } from '../article/types.ts';
import { InputError } from '../errors.ts';

/** Largest input file read; larger pages are refused with a clear error rather than parsed. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** The fields of an article object (JSON or a JSON Lines line); all optional, each a string (or null when metadata). */
interface ArticleObject {
  url?: string | null;
  title?: string | null;
  publisher?: string | null;
  published?: string | null;
  text?: string;
  html?: string;
}

const METADATA_FIELDS = ['url', 'title', 'publisher', 'published'] as const;

/**
 * What is wrong with `value` as an article object, one problem per field, or none. A plain check rather than a zod
 * schema: six optional strings do not need one, and zod would add a tenth to `extract`'s start-up.
 */
function articleObjectProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      `(root) expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
    ];
  }
  const o = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of METADATA_FIELDS) {
    const v = o[field];
    if (v !== undefined && v !== null && typeof v !== 'string')
      problems.push(`${field} expected a string or null, got ${typeof v}`);
  }
  for (const field of ['text', 'html'] as const) {
    const v = o[field];
    if (v !== undefined && typeof v !== 'string')
      problems.push(`${field} expected a string, got ${v === null ? 'null' : typeof v}`);
  }
  return problems;
}

export interface Metadata {
  url: string | null;
  title: string | null;
  publisher: string | null;
  published: string | null;
}

export function errorMessage(error: unknown): string {
  if (error instanceof InputError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

async function readBytes(input: string): Promise<Buffer> {
  if (input === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > MAX_INPUT_BYTES) throw new InputError(`standard input is over ${MAX_INPUT_BYTES} bytes`, { input });
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }
  let bytes: Buffer;
  try {
    const { size } = await stat(input);
    if (size > MAX_INPUT_BYTES) {
      throw new InputError(
        `file is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_INPUT_BYTES / 1048576} MB limit`,
        { input },
      );
    }
    bytes = await readFile(input);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? error})`,
      { input },
    );
  }
  if (bytes.length === 0) throw new InputError('empty file', { input });
  return bytes;
}

/** Text inputs must be text: a NUL byte or mostly control characters means a binary file. */
function decodeText(bytes: Buffer, input: string): string {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) throw new InputError('binary file (contains NUL bytes), not an article', { input });
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  if (control > sample.length * 0.1) throw new InputError('binary file, not an article', { input });
  return new TextDecoder('utf-8')
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
}

export interface InputArticles {
  articles: { source: string; article: Article }[];
  /** One line per unreadable record of a multi-article input ("file.jsonl#7: invalid JSON …"). */
  problems: string[];
}

const one = (source: string, article: Article): InputArticles => ({ articles: [{ source, article }], problems: [] });

/** Reads one input (a path, or `-` for standard input) into articles. */
export async function readArticleInput(input: string, flags: Metadata): Promise<InputArticles> {
  const bytes = await readBytes(input);
  const ext = input === '-' ? '-' : path.extname(input).toLowerCase();
  switch (ext) {
    case '.html':
    case '.htm':
      return one(input, fromHtml(decodeHtml(bytes), flags));
    case '.txt':
      return one(input, fromText(decodeText(bytes, input), flags, input));
    case '.json':
      return one(input, fromObject(parseJson(decodeText(bytes, input), input), flags, input));
    case '.jsonl':
    case '.ndjson':
      return fromJsonLines(decodeText(bytes, input), flags, input);
    case '-': {
      const text = decodeText(bytes, 'standard input');
      return one('-', /^\s*</.test(text) ? fromHtml(text, flags) : fromText(text, flags, '-'));
    }
    default:
      throw new InputError(`unsupported file type "${ext || '(none)'}": use .html, .htm, .txt, .json or .jsonl`, {
        input,
      });
  }
}

function parseJson(text: string, input: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid JSON: ${(error as Error).message}`, { input });
  }
}

function fromJsonLines(text: string, flags: Metadata, input: string): InputArticles {
  const articles: { source: string; article: Article }[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const source = `${input}#${i + 1}`;
    try {
      articles.push({ source, article: fromObject(parseJson(line, source), flags, source) });
    } catch (error) {
      problems.push(`${source}: ${errorMessage(error)}`);
    }
  });
  if (articles.length === 0 && problems.length === 0)
    throw new InputError('no articles (every line is blank)', { input });
  return { articles, problems };
}

function fromHtml(html: string, flags: Metadata): Article {
  const article = parseArticle(html, flags.url ? { url: flags.url } : {});
  return {
    ...article,
    title: article.title ?? flags.title,
    publisher: article.publisher ?? flags.publisher,
    published: article.published ?? flags.published,
  };
}

function fromText(text: string, flags: Metadata, input: string): Article {
  if (!text.trim()) throw new InputError('no text', { input });
  return { ...flags, authors: [], modified: null, language: null, text, paragraphs: [] };
}

function fromObject(value: unknown, flags: Metadata, input: string): Article {
  const problems = articleObjectProblems(value);
  if (problems.length > 0) throw new InputError(`not an article object: ${problems.join('; ')}`, { input });
  const o = value as ArticleObject;
  const meta: Metadata = {
    url: o.url ?? flags.url,
    title: o.title ?? flags.title,
    publisher: o.publisher ?? flags.publisher,
    published: normalizePublished(o.published) ?? flags.published,
  };
  if (typeof o.text === 'string') return fromText(o.text, meta, input);
  if (typeof o.html === 'string') return fromHtml(o.html, meta);
  throw new InputError('article object has neither "text" nor "html"', { input });
}

function normalizePublished(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  return m ? m[0] : null;
}
