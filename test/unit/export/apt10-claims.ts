/** Claim documents for the export tests: what claimwire stores for a CyberScoop story on APT10 (Cicada). */
import type { Claim } from '../../../src/claims/types.ts';
import type { ClaimDocument } from '../../../src/store/documents.ts';

export const ARTICLE = {
  id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  url: 'https://www.cyberscoop.com/apt10-cicada-symantec-japan/',
  title: 'Chinese hackers target Japanese companies in long-running campaign',
  publisher: 'CyberScoop',
  published: '2020-11-17',
};

const ALIASES = ['APT10', 'menuPass', 'Stone Panda', 'Cicada'];

/** A claim document about APT10 with the given differences. */
export function claimDoc(
  id: string,
  predicate: Claim['predicate'],
  fields: Partial<Pick<ClaimDocument, 'object' | 'value' | 'negated' | 'hedged' | 'reportedBy'>> & { quote: string },
): ClaimDocument {
  const value = fields.value ?? null;
  return {
    id,
    subject: {
      kind: 'actor',
      id: 'apt10',
      name: 'APT10',
      aliases: ALIASES,
      aliasKeys: ALIASES.map((a) => a.toLowerCase()),
    },
    predicate,
    object: fields.object ?? null,
    value,
    negated: fields.negated ?? false,
    hedged: fields.hedged ?? false,
    reportedBy: fields.reportedBy ?? ['symantec'],
    citation: { url: ARTICLE.url, quote: fields.quote, start: 100, end: 100 + fields.quote.length },
    valueText: typeof value === 'string' ? value : value ? value.of : null,
    percent: value && typeof value === 'object' ? value.percent : null,
    article: { ...ARTICLE },
    ingestedAt: '2024-05-02T08:30:00.123Z',
  };
}

export const PHARMA = claimDoc('c-pharma', 'targets-sector', {
  object: { kind: 'sector', id: 'pharmaceutical', name: 'Pharmaceutical' },
  quote: 'The group targeted companies in the automotive, pharmaceutical and engineering sectors, Symantec said.',
});
export const JAPAN = claimDoc('c-japan', 'targets-country', {
  object: { kind: 'country', id: 'JP', name: 'Japan' },
  quote: 'Cicada has been going after Japanese-linked organizations in multiple regions.',
});
export const CHINA = claimDoc('c-china', 'sponsored-by', {
  object: { kind: 'country', id: 'CN', name: 'China' },
  quote: 'Symantec researchers said Cicada is a Chinese state-sponsored group.',
});
export const SYMANTEC = claimDoc('c-symantec', 'reported-by', {
  object: { kind: 'vendor', id: 'symantec', name: 'Symantec' },
  quote: 'Symantec researchers said Cicada is a Chinese state-sponsored group.',
});
export const SINCE = claimDoc('c-since', 'active-since', {
  value: '2009',
  quote: 'Cicada, also known as APT10, has been active since at least 2009.',
});
export const STATISTIC = claimDoc('c-stat', 'statistic', {
  value: { percent: 54, of: "APT10's activity" },
  quote: "Japanese-linked organizations accounted for 54% of APT10's activity in the campaign.",
});
export const DENIED = claimDoc('c-denied', 'targets-sector', {
  object: { kind: 'sector', id: 'government', name: 'Government' },
  negated: true,
  quote: 'There is no evidence that APT10 targeted government agencies in this campaign.',
});
export const HEDGED = claimDoc('c-hedged', 'targets-country', {
  object: { kind: 'country', id: 'US', name: 'United States' },
  hedged: true,
  reportedBy: [],
  quote: 'The attackers may also have hit a subsidiary in the United States.',
});

/** The whole set, in the order the API would return it. */
export const APT10_CLAIMS: ClaimDocument[] = [PHARMA, JAPAN, CHINA, SYMANTEC, SINCE, STATISTIC, DENIED, HEDGED];
