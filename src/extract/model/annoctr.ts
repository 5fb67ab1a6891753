/**
 * AnnoCTR (Lange et al., LREC-COLING 2024; CC BY-SA 4.0) as extra training examples for the 'actor-is-group'
 * decision only: its gold tells threat groups from the malware and tools they use, which is exactly that decision.
 * Its other annotations follow other rules than claimwire's (any sector mention, no roles), so no other decision is
 * labelled from it. Only the train split is ever used for fitting; dev is for measuring (`npm run eval:annoctr`).
 */
import type { Article } from '../../article/types.ts';
import { nameKey } from '../text/tokens.ts';
import type { Decision } from './models.ts';
import type { ExtraSource } from './train.ts';

/** The parts of an `annoctr-gold/1` file training reads. */
export interface AnnoCtrGold {
  id: string;
  groups: { attackId: string | null; title: string; mentions: { text: string }[] }[];
}

/** An AnnoCTR input file (`<split>/input/<id>.json`). */
export interface AnnoCtrInput {
  id: string;
  url: string | null;
  title: string | null;
  publisher: string | null;
  published: string | null;
  text: string;
}

export function annoCtrArticle(input: AnnoCtrInput): Article {
  return {
    url: input.url ?? `annoctr:${input.id}`,
    title: input.title,
    publisher: input.publisher,
    authors: [],
    published: input.published,
    modified: null,
    language: 'en',
    text: input.text,
    paragraphs: [],
  };
}

/** Group names compare without a leading "the" and trailing "group", "gang", "ransomware"… (as AnnoCTR's scorer). */
export function groupKey(name: string): string {
  let k = name
    .trim()
    .replace(/^the\s+/i, '')
    .toLowerCase();
  for (;;) {
    const next = k.replace(/[\s-]*(?:group|gang|team|crew|apt|actors?|hackers|operators|ransomware)$/i, '').trim();
    if (next === k) break;
    k = next;
  }
  return nameKey(k);
}

/** Labels 'actor-is-group' decisions from AnnoCTR gold: 1 when the candidate is one of the report's groups. */
export function annoCtrSource(docs: readonly { input: AnnoCtrInput; gold: AnnoCtrGold }[]): ExtraSource {
  const golds = docs.map(({ gold }) => ({
    attackIds: new Set(gold.groups.flatMap((g) => (g.attackId ? [g.attackId] : []))),
    names: new Set(gold.groups.flatMap((g) => [g.title, ...g.mentions.map((m) => m.text)].map(groupKey))),
  }));
  return {
    articles: docs.map(({ input }) => annoCtrArticle(input)),
    label(i: number, d: Decision): number | null {
      if (d.model !== 'actor-is-group') return null;
      const g = golds[i];
      if (!g) return null;
      const attackId = d.about.attackId;
      if (typeof attackId === 'string' && g.attackIds.has(attackId)) return 1;
      const names = Array.isArray(d.about.names) ? d.about.names : [];
      return names.some((n) => g.names.has(groupKey(n))) ? 1 : 0;
    },
  };
}
