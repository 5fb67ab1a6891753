/**
 * STIX 2.1 vocabularies and relationship rules that the exporter writes and the validator checks, transcribed from the
 * OASIS STIX 2.1 specification (§10 vocabularies, the "Relationships" tables of each SDO in §4) so neither needs the
 * spec or the JSON schemas at run time.
 */

/** §10.7 identity-class-ov. */
export const IDENTITY_CLASS_OV: ReadonlySet<string> = new Set([
  'individual',
  'group',
  'system',
  'organization',
  'class',
  'unknown',
]);

/** §10.11 industry-sector-ov, spelled as the spec spells it (`pharmaceuticals`, `financial-services`, `non-profit`). */
export const INDUSTRY_SECTOR_OV: ReadonlySet<string> = new Set([
  'agriculture',
  'aerospace',
  'automotive',
  'chemical',
  'commercial',
  'communications',
  'construction',
  'defense',
  'education',
  'energy',
  'engineering',
  'entertainment',
  'financial-services',
  'government',
  'emergency-services',
  'government-local',
  'government-national',
  'government-public-services',
  'government-regional',
  'healthcare',
  'hospitality-leisure',
  'infrastructure',
  'dams',
  'nuclear',
  'water',
  'insurance',
  'manufacturing',
  'mining',
  'non-profit',
  'pharmaceuticals',
  'retail',
  'technology',
  'telecommunications',
  'transportation',
  'utilities',
]);

/** §10.19 region-ov (UN M49 regions). */
export const REGION_OV: ReadonlySet<string> = new Set([
  'africa',
  'eastern-africa',
  'middle-africa',
  'northern-africa',
  'southern-africa',
  'western-africa',
  'americas',
  'latin-america-caribbean',
  'south-america',
  'caribbean',
  'central-america',
  'northern-america',
  'asia',
  'central-asia',
  'eastern-asia',
  'southern-asia',
  'south-eastern-asia',
  'western-asia',
  'europe',
  'eastern-europe',
  'northern-europe',
  'southern-europe',
  'western-europe',
  'oceania',
  'australia-new-zealand',
  'melanesia',
  'micronesia',
  'polynesia',
  'antarctica',
]);

/**
 * claimwire sector taxonomy id → the industry-sector-ov value that fits it. Sectors with no honest counterpart in the
 * 2.1 vocabulary (media, research, legal, political) are absent: their identity carries the name only, since a wrong
 * `sectors` value would file victims under the wrong industry in an importer.
 */
export const SECTOR_TO_STIX: Readonly<Record<string, string>> = {
  government: 'government',
  diplomatic: 'government-national',
  defense: 'defense',
  military: 'defense',
  aerospace: 'aerospace',
  manufacturing: 'manufacturing',
  semiconductor: 'technology',
  finance: 'financial-services',
  cryptocurrency: 'financial-services',
  automotive: 'automotive',
  pharmaceutical: 'pharmaceuticals',
  healthcare: 'healthcare',
  engineering: 'engineering',
  technology: 'technology',
  'it-services': 'technology',
  telecommunications: 'telecommunications',
  energy: 'energy',
  utilities: 'utilities',
  education: 'education',
  ngo: 'non-profit',
  religious: 'non-profit',
  transportation: 'transportation',
  maritime: 'transportation',
  retail: 'retail',
  hospitality: 'hospitality-leisure',
  chemical: 'chemical',
  'critical-infrastructure': 'infrastructure',
  construction: 'construction',
  agriculture: 'agriculture',
  entertainment: 'entertainment',
};

/** The SDO types of STIX 2.1 (§4). */
export const SDO_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);

/** The SRO types (§5). */
export const SRO_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);

/** Meta objects that also carry `spec_version` (§7). */
export const SMO_TYPES: ReadonlySet<string> = new Set([
  'marking-definition',
  'language-content',
  'extension-definition',
]);

const TARGETS = ['identity', 'location', 'vulnerability'];
const TARGETS_INFRA = ['identity', 'infrastructure', 'location', 'vulnerability'];
const USES = ['attack-pattern', 'infrastructure', 'malware', 'tool'];
const NETWORK = ['domain-name', 'ipv4-addr', 'ipv6-addr', 'url'];

/**
 * The relationships the spec defines per source SDO: source type → relationship type → allowed target types.
 * `related-to` (any SDO to any SDO) and `derived-from` / `duplicate-of` (same type) hold for every SDO besides.
 * Note: the spec gives intrusion-set `attributed-to` only toward threat-actor, and `originates-from` toward location.
 */
export const SPEC_RELATIONSHIPS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'attack-pattern': { delivers: ['malware'], targets: TARGETS, uses: ['malware', 'tool'] },
  campaign: {
    'attributed-to': ['intrusion-set', 'threat-actor'],
    compromises: ['infrastructure'],
    'originates-from': ['location'],
    targets: TARGETS,
    uses: USES,
  },
  'course-of-action': {
    investigates: ['indicator'],
    mitigates: ['attack-pattern', 'indicator', 'malware', 'tool', 'vulnerability'],
    remediates: ['malware', 'vulnerability'],
  },
  identity: { 'located-at': ['location'] },
  indicator: {
    indicates: ['attack-pattern', 'campaign', 'infrastructure', 'intrusion-set', 'malware', 'threat-actor', 'tool'],
    'based-on': ['observed-data'],
  },
  infrastructure: {
    'communicates-with': ['infrastructure', ...NETWORK],
    'consists-of': ['infrastructure', 'observed-data'],
    controls: ['infrastructure', 'malware'],
    delivers: ['malware'],
    has: ['vulnerability'],
    hosts: ['tool', 'malware'],
    'located-at': ['location'],
    uses: ['infrastructure'],
  },
  'intrusion-set': {
    'attributed-to': ['threat-actor'],
    compromises: ['infrastructure'],
    hosts: ['infrastructure'],
    owns: ['infrastructure'],
    'originates-from': ['location'],
    targets: TARGETS,
    uses: USES,
  },
  malware: {
    'authored-by': ['threat-actor', 'intrusion-set'],
    'beacons-to': ['infrastructure'],
    'exfiltrates-to': ['infrastructure'],
    'communicates-with': NETWORK,
    controls: ['malware'],
    downloads: ['malware', 'tool', 'file'],
    drops: ['malware', 'tool', 'file'],
    exploits: ['vulnerability'],
    'originates-from': ['location'],
    targets: TARGETS_INFRA,
    uses: USES,
    'variant-of': ['malware'],
  },
  'malware-analysis': {
    characterizes: ['malware'],
    'analysis-of': ['malware'],
    'static-analysis-of': ['malware'],
    'dynamic-analysis-of': ['malware'],
    'av-analysis-of': ['malware'],
  },
  'threat-actor': {
    'attributed-to': ['identity'],
    compromises: ['infrastructure'],
    hosts: ['infrastructure'],
    owns: ['infrastructure'],
    impersonates: ['identity'],
    'located-at': ['location'],
    targets: TARGETS,
    uses: USES,
  },
  tool: {
    delivers: ['malware'],
    drops: ['malware'],
    has: ['vulnerability'],
    targets: TARGETS_INFRA,
    uses: ['infrastructure'],
  },
};

/** Why a relationship between these types is not one the spec defines, or null when it is. */
export function relationshipProblem(relationshipType: string, sourceType: string, targetType: string): string | null {
  if (relationshipType === 'related-to') return null;
  if (relationshipType === 'derived-from' || relationshipType === 'duplicate-of') {
    return sourceType === targetType ? null : `${relationshipType} must join two objects of the same type`;
  }
  const table = SPEC_RELATIONSHIPS[sourceType];
  // SCO-to-SCO links (resolves-to, belongs-to …) and custom types are outside this table; only SDO sources are judged.
  if (!table) return null;
  const targets = table[relationshipType];
  if (!targets) return `${sourceType} has no "${relationshipType}" relationship in STIX 2.1`;
  if (!targets.includes(targetType)) {
    return `${sourceType} "${relationshipType}" must point to ${targets.join(' or ')}, not ${targetType}`;
  }
  return null;
}
