/**
 * The cue patterns of vendor citation, as named data. Each cue looks at the text right before or right after one
 * organisation mention (inside its sentence) and says how the organisation is used there: cited as a source
 * ("according to X", "X researchers", "documented by X", "X, a Lisbon-based security firm, said"), or named as
 * something else (a victim, a parent company, a product maker). A cue never decides: the ids of the cues that fire
 * become features of the learned decision 'vendor-cited' (`vendors.ts`), and the mention records them as `rules`.
 */

/** Reporting verbs by class; the class is a feature ("said" cites more weakly than "attributed"). */
export const VERB_CLASSES = {
  speech:
    'said|says|say|told|tells|added|adds|explained|explains|stated|states|noted|notes|wrote|writes|claimed|claims|argued|argues|commented|emphasi[sz]ed|asserts?|asserted|speculated|cautioned|acknowledged|acknowledges|pointed out|points out|stressed',
  finding:
    'reported|reports|report|found|finds|find|discovered|discovers|discover|observed|observes|observe|warned|warns|warn|tracks|tracked|track|tracking|attributed|attributes|attribute|attributing|believes|believe|assessed|assesses|assess|concluded|concludes|determined|determines|confirmed|confirms|confirm|identified|identifies|identify|detected|detects|detect|uncovered|uncovers|spotted|spots|linked|links|link|tied|ties|disclosed|discloses|published|publishes|announced|announces|revealed|reveals|estimated|estimates|dubbed|dubs|calls|called|named|names|labell?ed|alleged|alleges|accused|accuses|blamed|blames|traced|traces|exposed|exposes|shared|shares|documented|documents|analy[sz]ed|analy[sz]es|researched|investigated|investigates|monitors|monitored|monitoring|seen|saw|sees|see|notified|alerted|released|releases|recommended|recommends|advised|advises|flagged|flags|singled out|described|describes|detailed|details|highlighted|highlights|characteri[sz]ed|issued|issues|urged|urges|agreed|assigned|observing|uncovering|investigating|studied|predicted|predicts|counted|recorded|registered',
  legal:
    'sanctioned|sanctions|indicted|indicts|charged|charges|dismantled|dismantles|disrupted|disrupts|seized|seizes|took down|takes down|arrested|arrests|summoned|summons|condemned|condemns|offered|offers',
} as const;
export type VerbClass = keyof typeof VERB_CLASSES;

const ANY_VERB = Object.values(VERB_CLASSES).join('|');

/** Words between an organisation and its verb that keep the citation ("has also", "did not", "in a report"). */
const BETWEEN =
  '(?:\\s+(?:has|have|had|also|jointly|previously|recently|first|publicly|later|separately|itself|officially|now|already|been|did|does|do|not|never|yet|could|can|would|will|may|only|independently|initially|since|subsequently|in\\s+[^.;,]{1,25}?|on\\s+\\p{Lu}\\w+|last\\s+\\w+|this\\s+\\w+|earlier\\s+\\w+))*';

/**
 * What may stand between the organisation and the verb and still belong to the organisation: a possessive team
 * ("'s Criminal Division"), an acronym ("(OFAC)"), an appositive (", a Lisbon-based security firm,"), a partner
 * ("and Japanese police"), a role noun ("researchers", "threat intelligence team").
 */
const NAME_EXTENSION = [
  "(?:['’]s?(?:\\s+(?:\\p{Lu}[\\p{L}-]*|of|for|and|threat|intelligence|research|security|incident|response|team|unit|researchers|analysts))" +
    '{0,6})?',
  '(?:\\s*\\([^)]{1,40}\\))?',
  '(?:\\s*[,–—-][^,.;–—]{1,80}[,–—])?',
  '(?:\\s+and\\s+(?:[\\p{L}.-]+\\s+){0,5}?[\\p{L}.-]+)?',
  '(?:\\s+(?:security\\s+|threat\\s+|malware\\s+)?(?:researchers?|analysts?|experts?|investigators?|scientists?|team|teams|officials?|report|reports|research|analysis|blog|advisory|data|telemetry|intelligence|threat intelligence|spokes(?:person|man|woman)))?',
  '(?:\\s*,[^,.;]{1,60},)?',
].join('');

/**
 * Reporting verbs that are also nouns, where what follows shows the noun: "US and UN sanctions.", "in a report".
 */
const NOUN_USE =
  '(?:report|reports|links|details|names|calls|shares|notes|states|issues|charges|sanctions|finds|claims|documents|alerts)\\s*(?:[.,;:)]|$|(?:against|on|for|of|and|or|from|by|were|are|was|is|in|to|with)\\b)';

/** "X … said": the organisation is the subject of a reporting verb. Group 1: what stood between; 2: the verb. */
export const VERB_AFTER = new RegExp(
  `^${NAME_EXTENSION}(${BETWEEN})(?<!\\b(?:a|an|the|its|their|this|that|his|her))\\s+(?!${NOUN_USE})(${ANY_VERB})\\b`,
  'iu',
);

/** The class of a reporting verb matched by VERB_AFTER. */
export function verbClass(verb: string): VerbClass {
  const v = verb.toLowerCase().replace(/\s+/g, ' ');
  for (const [cls, re] of VERB_CLASS_RES) if (re.test(v)) return cls;
  return 'finding';
}

const VERB_CLASS_RES = (Object.entries(VERB_CLASSES) as [VerbClass, string][]).map(
  ([cls, alternatives]) => [cls, new RegExp(`^(?:${alternatives})$`)] as const,
);

const PARTICIPLE =
  'documented|reported|discovered|identified|published|observed|tracked|analy[sz]ed|described|attributed|uncovered|spotted|detected|disclosed|named|dubbed|released|issued|confirmed|investigated|exposed|flagged|found|seen|monitored|detailed|researched|shared|compiled|authored|written|conducted|assessed|studied|first reported|previously reported';

export interface Cue {
  id: string;
  /** Which side of the mention the pattern reads: the text before it (ends with `$`) or after it (starts with `^`). */
  side: 'before' | 'after';
  re: RegExp;
  /** +1: a sign of citation; -1: a sign of another role (victim, parent, product maker). */
  polarity: 1 | -1;
}

const TITLE_WORD =
  'analyst|researcher|director|director-general|officer|manager|chief|head|lead|leader|president|vp|engineer|expert|scientist|fellow|architect|strategist|spokes(?:person|man|woman)|founder|ceo|cto|ciso|partner|consultant|investigator|principal|commissioner|secretary|minister|adviser|advisor|official';

export const CUES: readonly Cue[] = [
  { id: 'vendor:verb-after', side: 'after', re: VERB_AFTER, polarity: 1 },
  {
    id: 'vendor:according-to',
    side: 'before',
    re: /\baccording(?:\s+to)?\s+(?:the\s+|a\s+|an\s+)?(?:[\p{L}-]+\s+){0,3}$/iu,
    polarity: 1,
  },
  {
    id: 'vendor:by',
    side: 'before',
    re: new RegExp(
      `\\b(?:(?:${PARTICIPLE})(?:\\s+[\\p{L}-]+){0,4}?|research|report|reports|analysis|findings|investigation|study|survey|assessment|advisory|alert|statement|data|work|blog post|write-?up)\\s+(?:published\\s+|released\\s+|conducted\\s+|issued\\s+)?by\\s+(?:the\\s+)?(?:[\\p{L}-]+\\s+){0,5}$`,
      'iu',
    ),
    polarity: 1,
  },
  {
    id: 'vendor:researchers-at',
    side: 'before',
    re: /\b(?:researchers?|analysts?|experts?|investigators?|scientists?|specialists?|team|teams|officials?|report|reports|research|findings|analysis|data|telemetry|intelligence|statement|advisory|spokes\w+|representatives?|came|comes|come)\s+(?:at|from|with|of)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}$/iu,
    polarity: 1,
  },
  {
    id: 'vendor:title-at',
    side: 'before',
    re: new RegExp(
      `\\b(?:${TITLE_WORD})\\b[^.,;]{0,40}\\b(?:at|of|with|for)\\s+(?:the\\s+)?(?:[\\p{L}-]+\\s+){0,3}$`,
      'iu',
    ),
    polarity: 1,
  },
  {
    id: 'vendor:speaker-at',
    side: 'before',
    re: /(?:said|says|told|added|noted|according to)\s+\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2},?\s+(?:a\s+|the\s+)?[\p{L}\s-]{0,60}?\s+(?:at|from|of|with|for)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}$/iu,
    polarity: 1,
  },
  {
    id: 'vendor:descriptor',
    side: 'before',
    re: /\b(?:(?:cyber-?\s?)?security|cybersecurity|cyber|threat[- ]intelligence|threat research|research|antivirus|anti-virus|infosec|intelligence|incident[- ]response|forensics?|blockchain analytics?|analytics|consulting|consultancy)\s+(?:firm|company|vendor|provider|outfit|giant|specialist|startup|start-up|researchers?|group|lab|agency|service|team|house|organi[sz]ation|institute)\s+$/iu,
    polarity: 1,
  },
  {
    id: 'vendor:appositive',
    side: 'after',
    re: /^\s*(?:\([^)]{1,40}\)\s*)?[,–—]\s*(?:an?|the|which is an?)\s+(?=(?:(?!\b(?:that|which|who|whose)\b)[^,.;–—]){0,100}\b(?:security|cybersecurity|cyber|threat|intelligence|research|antivirus|forensics?|investigati\w+|law enforcement|government|federal)\b)(?=(?:(?!\b(?:that|which|who|whose)\b)[^,.;–—]){0,100}\b(?:firm|company|vendor|provider|outfit|agency|organi[sz]ation|lab|labs|group|centre|center|institute|service|team|office|bureau|unit|department|body|authority|specialist|researchers|maker)\b)/iu,
    polarity: 1,
  },
  {
    id: 'vendor:team',
    side: 'after',
    re: /^(?:['’]s)?\s+(?:\p{Lu}[\p{L}-]*\s+){0,2}(?:threat\s+)?(?:intelligence|research|security research|threat research|incident response|threat hunting|threat hunter|threat analysis)\s+(?:team|unit|group|division|center|centre|arm|lab|labs)\b/iu,
    polarity: 1,
  },
  {
    id: 'vendor:publication',
    side: 'after',
    re: /^['’]s\s+(?:\p{L}[\p{L}-]*\s+){0,4}?(?:report|reports|research|researchers|analysis|findings|advisory|blog|post|telemetry|data|investigation|assessment|statement|alert|survey|study|review|team|experts|analysts)\b/iu,
    polarity: 1,
  },
  {
    id: 'vendor:speaker-title',
    side: 'before',
    re: /\b(?:said|says|told|added|noted|explained|explains|warned|warns|wrote|writes|stated|states)\s+(?:the\s+)?$/iu,
    polarity: 1,
  },
  {
    id: 'vendor:parent',
    side: 'before',
    re: /\b(?:division|subsidiary|unit|arm|part|owner|parent(?: company)?)\s+of\s+(?:[\p{L}-]+\s+){0,3}$|\b(?:owned|acquired|bought|backed|funded)\s+by\s+$|\b(?:site|outlet|publication|newsletter|podcast|project|product|brand|platform|service)\s+(?:run\s+|owned\s+|operated\s+|published\s+)?by\s+(?:[\p{L}-]+\s+){0,3}$/iu,
    polarity: -1,
  },
  {
    id: 'vendor:affiliated-with',
    side: 'before',
    re: /\b(?:associated|affiliated|linked|tied|connected|working)\s+(?:with|to|for)\s+(?:the\s+)?$/iu,
    polarity: -1,
  },
  {
    id: 'vendor:victim',
    side: 'before',
    re: /(?:\b|cyber-?)(?:attacks?\s+(?:on|against)|breach(?:es)?\s+(?:at|of)|hack(?:s|ing)?\s+(?:of|on|at)|intrusions?\s+(?:at|into)|compromise\s+of|targeted|targeting|targets|victims?,?\s+(?:including|such as|like)|hit|struck|breached|compromised|infiltrated|impersonat\w+|spoof\w+|posing as|masquerad\w+\s+as|abus\w+|customers\s+of|users\s+of|employees\s+of)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,2}$/iu,
    polarity: -1,
  },
  {
    id: 'vendor:victim-after',
    side: 'after',
    re: /^(?:['’]s)?\s+(?:was|were|has been|had been|is being)\s+(?:hacked|breached|targeted|compromised|hit|attacked|affected|impacted|impersonated|infiltrated)|^['’]s\s+(?:own\s+)?(?:network|networks|systems?|servers?|e-?mail|emails|corporate|customers?|users?|employees|staff|executives|accounts?|source code|infrastructure|tenants?)\b/iu,
    polarity: -1,
  },
  {
    id: 'vendor:product',
    side: 'after',
    re: /^(?:['’]s)?\s*(?:™|®)?\s*(?:\p{Lu}[\p{L}]*\s+){0,2}(?:Exchange|Windows|Office|Outlook|Azure|Teams|SharePoint|Chrome|Gmail|Drive|Android|iOS|products?|software|devices?|routers?|firewalls?|VPNs?|appliances?|platforms?|services?|accounts?|apps?|cloud|[Ss]uites?|solutions?|tools?|browser|operating system|vulnerabilit\w+|flaws?|bugs?|patch\w*|updates?|zero-days?|CVE)\b/u,
    polarity: -1,
  },
];

/**
 * Organisation words: a capitalised name that ends in one reads as an institution, not a person or a place
 * ("Kestrel Labs", "Czech Security Information Office", "US government").
 */
export const ORG_SUFFIX =
  /\b(?:Labs?|Security|Intelligence|Research|Cyber|Cybersecurity|Networks?|Technolog(?:y|ies)|Systems|Software|Solutions|Defen[cs]e|Threat|Agency|Ministry|Office|Department|Bureau|Directorate|Authority|Command|Service|Services|Police|Government|government|Institute|Instiutute|Centre|Center|Council|Commission|Administration|Inc|Ltd|LLC|Corp|Corporation|Group|Team|Unit|Division|Foundation|ISAC|CERT|CSIRT)\.?$/u;

/** Organisation words that make a name a public body rather than a company. */
export const AGENCY_WORD =
  /\b(?:Agency|Ministry|Office|Department|Bureau|Directorate|Authority|Command|Police|Government|government|Council|Commission|Administration|CERT|CSIRT|ISAC)\b/u;

/**
 * News outlets are never the source of a finding in the sense of the guidelines (they report others' findings);
 * "according to Reuters" must not make Reuters a vendor. Well-known outlets only, as written in bylines.
 */
export const NEWS_OUTLETS = new Set(
  [
    'Reuters',
    'Bloomberg',
    'Associated Press',
    'AP',
    'AFP',
    'Agence France-Presse',
    'BBC',
    'CNN',
    'CNBC',
    'NBC',
    'NBC News',
    'CBS',
    'CBS News',
    'ABC',
    'ABC News',
    'Fox News',
    'NPR',
    'The New York Times',
    'New York Times',
    'The Washington Post',
    'Washington Post',
    'The Wall Street Journal',
    'Wall Street Journal',
    'Financial Times',
    'The Guardian',
    'The Times',
    'The Telegraph',
    'Politico',
    'Axios',
    'Wired',
    'WIRED',
    'Ars Technica',
    'The Verge',
    'TechCrunch',
    'ZDNet',
    'ZDNET',
    'BleepingComputer',
    'The Record',
    'CyberScoop',
    'SecurityWeek',
    'Dark Reading',
    'The Register',
    'Infosecurity Magazine',
    'SC Media',
    'The Hacker News',
    'Nikkei',
    'Kyodo',
    'Yonhap',
    'Xinhua',
    'TASS',
    'RIA Novosti',
    'Interfax',
    'Haaretz',
    'Al Jazeera',
    'South China Morning Post',
    'Hindustan Times',
    'Le Monde',
    'Der Spiegel',
    'Spiegel',
    'Die Zeit',
    'El País',
  ].map((s) => s.toLowerCase()),
);
