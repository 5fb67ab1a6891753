/** Shared inputs for the alert tests: a watch, the APT10 actor, an article and its claims, as the store holds them. */
import type { ActorInput, ArticleInput, BuildAlertInput, ClaimInput } from '../../../src/alerts/index.ts';

export const WATCH = {
  id: 'watch-apt10',
  name: 'APT10 in healthcare',
  query: { actorId: 'apt10', predicates: ['targets-sector' as const], sectors: ['healthcare'] },
  // A stored watch holds these too; they must never reach a payload.
  url: 'https://hooks.example.com/services/T000/B000/super-secret-token',
  secret: 'whsec_do_not_leak',
  format: 'json' as const,
};

export const ACTOR: ActorInput = {
  id: 'apt10',
  name: 'APT10',
  aliases: [{ name: 'APT10' }, { name: 'menuPass' }, { name: 'Stone Panda' }, { name: 'Cicada' }],
};

export const ARTICLE: ArticleInput = {
  id: 'a1b2c3',
  url: 'https://vendor.example/blog/cicada?x=1&y=2',
  title: 'Cicada: Chinese APT group <targets> Japan & others',
  publisher: 'Symantec',
  published: '2020-11-17',
};

export function claim(id: string, overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    id,
    predicate: 'targets-sector',
    object: { kind: 'sector', id: 'healthcare', name: 'Healthcare' },
    value: null,
    negated: false,
    hedged: false,
    reportedBy: ['symantec'],
    citation: { url: 'https://vendor.example/blog/cicada', quote: `Quote for ${id}.`, start: 0, end: 10 },
    ...overrides,
  };
}

export const NOW = new Date('2024-05-01T12:00:00.000Z');

export function alertInput(overrides: Partial<BuildAlertInput> = {}): BuildAlertInput {
  return {
    watch: WATCH,
    actor: ACTOR,
    article: ARTICLE,
    claims: [
      claim('c1'),
      claim('c2', {
        predicate: 'statistic',
        object: null,
        value: { percent: 40, of: 'victims' },
        hedged: true,
        citation: { url: null, quote: 'About 40% of victims were in Japan.', start: 20, end: 40 },
      }),
    ],
    now: NOW,
    ...overrides,
  };
}
