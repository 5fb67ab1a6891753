/**
 * Reads schema.org JSON-LD blocks: the most reliable metadata a news page carries (it feeds search engines), so it
 * outranks meta tags for headline, dates and authors.
 */

export type JsonObject = { [key: string]: unknown };

const ARTICLE_TYPES =
  /^(?:\w*Article|BlogPosting|LiveBlogPosting|SocialMediaPosting|DiscussionForumPosting|Report|Posting|Review|Blog)$/;
const CONTROL_CHARS = /[\n\r\t\f\v]+/g;

/** Caps on what is read from JSON-LD: real pages have a handful of nodes; huge blocks are not worth walking. */
const MAX_OBJECTS = 200;
const MAX_VISITS = 10_000;

/** All objects in the JSON-LD blocks (top level, arrays and `@graph`), skipping blocks that do not parse. */
export function jsonLdObjects(blocks: readonly string[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const block of blocks) {
    // Breadth-first with an index, not shift()/push(...spread): linear, and no argument-count limits.
    const queue: unknown[] = [parseLenient(block)];
    for (let k = 0; k < queue.length && k < MAX_VISITS && out.length < MAX_OBJECTS; k++) {
      const v = queue[k];
      if (Array.isArray(v)) {
        for (const x of v) if (queue.length < MAX_VISITS) queue.push(x);
      } else if (isObject(v)) {
        out.push(v);
        const graph = v['@graph'];
        if (Array.isArray(graph)) for (const x of graph) if (queue.length < MAX_VISITS) queue.push(x);
      }
    }
  }
  return out;
}

/** The object describing the article itself: an Article-like type, preferring one that has a headline. */
export function findArticleObject(objects: readonly JsonObject[]): JsonObject | null {
  let best: JsonObject | null = null;
  for (const o of objects) {
    if (!typeNames(o).some((t) => ARTICLE_TYPES.test(t))) continue;
    if (!best || (!best.headline && o.headline)) best = o;
  }
  if (best) return best;
  // Some sites describe the story as a WebPage or put the article fields on an untyped object.
  return objects.find((o) => typeof o.headline === 'string' || typeof o.datePublished === 'string') ?? null;
}

/**
 * Names in a schema.org person/organization value: a string, `{ name }`, an `{ "@id" }` reference to another node
 * of the graph (resolved through `objects`), or an array of those.
 */
export function names(value: unknown, objects: readonly JsonObject[] = []): string[] {
  const out: string[] = [];
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    let v = item;
    if (isObject(v) && v.name === undefined && typeof v['@id'] === 'string') {
      const id = v['@id'];
      v = objects.find((o) => o !== item && o['@id'] === id) ?? v;
    }
    if (typeof v === 'string') out.push(v);
    else if (isObject(v)) {
      const n = v.name;
      if (typeof n === 'string') out.push(n);
      else if (Array.isArray(n)) for (const x of n) if (typeof x === 'string') out.push(x);
    }
  }
  return out;
}

export function stringField(o: JsonObject | null, key: string): string | null {
  if (!o) return null;
  const v = o[key];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return null;
}

export function typeNames(o: JsonObject): string[] {
  const t = o['@type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseLenient(block: string): unknown {
  const text = block.trim().replace(/^<!\[CDATA\[|\]\]>$/g, '');
  try {
    return JSON.parse(text);
  } catch {
    try {
      // Raw newlines/tabs inside strings are the commonest hand-written JSON-LD error.
      return JSON.parse(text.replace(CONTROL_CHARS, ' '));
    } catch {
      return null;
    }
  }
}
