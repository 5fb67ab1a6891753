/**
 * What the words around a sector or country mention say about its role: victim, origin or sponsor, source, or
 * neither. Each cue is a named pattern, defined once; the learned decisions (src/extract/relations.ts) take the names
 * of the cues that fire as features and learn how much each one counts, so no list has to be widened until some
 * article passes.
 *
 * `before` is the text of the clause up to the mention, `after` the text of the clause after it, `clause` the whole
 * clause. Patterns on `before` are anchored at its end, patterns on `after` at its start.
 */

export interface Cue {
  id: string;
  where: 'before' | 'after' | 'clause';
  pattern: RegExp;
}

const W = String.raw`(?:[\p{L}\p{N}'’&-]+\s+)`;

export const ROLE_CUES: readonly Cue[] = [
  // ---- victim
  {
    id: 'pre-target-verb',
    where: 'before',
    pattern: new RegExp(
      String.raw`\b(?:target\w*|attack\w*|hit(?:ting)?|struck|breach\w*|compromis\w*|infiltrat\w*|penetrat\w*|hack(?:ed|ing)|spy(?:ing)? on|spied on|went after|going after|goes after|infect\w*|victimi[sz]\w*|affect\w*|impact\w*|disrupt\w*|extort\w*|focus\w* on|aim\w* at|br(?:oke|eak|eaking) into|phish\w*)\s+(?:the\s+|a\s+|an\s+|several\s+|many\s+|multiple\s+|dozens of\s+|hundreds of\s+|at least\s+\w+\s+)?${W}{0,4}$`,
      'iu',
    ),
  },
  {
    id: 'pre-place-prep',
    where: 'before',
    pattern: new RegExp(String.raw`\b(?:in|inside|across|throughout|within|into)\s+(?:the\s+)?${W}{0,1}$`, 'iu'),
  },
  { id: 'pre-against', where: 'before', pattern: new RegExp(String.raw`\bagainst\s+(?:the\s+)?${W}{0,4}$`, 'iu') },
  {
    id: 'pre-victim-noun-of',
    where: 'before',
    pattern:
      /\b(?:victims?|targets?|organi[sz]ations?|entities|companies|firms|networks?|systems|users|customers)\s+(?:in|from|across|of|at)\s+(?:the\s+)?$/iu,
  },
  {
    id: 'pre-list-lead',
    where: 'before',
    pattern: new RegExp(
      String.raw`\b(?:including|such as|like|among them|namely|notably|particularly|especially|mainly|mostly|primarily|chiefly|largely|e\.g\.,?)\s+(?:the\s+|in\s+|against\s+)?${W}{0,3}$`,
      'iu',
    ),
  },
  { id: 'pre-colon', where: 'before', pattern: new RegExp(String.raw`:\s*(?:the\s+)?${W}{0,3}$`, 'u') },
  {
    id: 'pre-list-join',
    where: 'before',
    pattern: /(?:,\s*(?:and\s+|or\s+|as well as\s+)?|\s+and\s+|\s+or\s+|\s+as well as\s+)(?:the\s+|in\s+)?$/iu,
  },
  {
    id: 'pre-most-affected',
    where: 'before',
    pattern:
      /\b(?:most (?:affected|targeted|hit|impacted)|hardest hit|top (?:targets?|sectors?|countries)|(?:were|was|are|is) hit|next came|followed by|second|third)\b[^.;]{0,40}$/iu,
  },
  {
    id: 'post-victim-noun',
    where: 'after',
    pattern:
      /^(?:['’]s)?[-\s]+(?:based\s+)?(?:[\p{L}-]+\s+){0,2}?(?:companies|company|firms?|organi[sz]ations?|entities|targets?|victims?|businesses|agenc(?:y|ies)|governments?|networks?|sectors?|industr(?:y|ies)|institutions?|universities|ministr(?:y|ies)|users|citizens|banks?|subsidiar(?:y|ies)|corporations?|manufacturers?|makers?|providers?|operators?|infrastructure|think tanks?|officials|diplomats?|embass(?:y|ies)|parliament|lawmakers|journalists|carriers?|hospitals?|utilities|interests|defen[cs]e contractors?|contractors?|suppliers?|facilities|plants?|groups?|victims?|individuals|dissidents|activists|researchers|students|schools|municipalities|cities|departments?)\b/iu,
  },
  {
    id: 'post-victim-predicate',
    where: 'after',
    pattern:
      /^\s+(?:is|was|are|were|has been|have been|remains?)\s+(?:(?:its|their|the group['’]s|the|a|one of the)\s+)?(?:[\p{L}-]+\s+){0,2}?(?:target|targets|victim|victims|focus|hit|affected|targeted|attacked|breached|compromised|impacted)\b/iu,
  },
  {
    id: 'post-passive-victim',
    where: 'after',
    pattern:
      /^\s+(?:was|were|has been|have been)\s+(?:\w+\s+)?(?:hit|breached|hacked|attacked|targeted|compromised|infected|affected)\b/iu,
  },
  {
    id: 'post-list-tail',
    where: 'after',
    pattern: /^(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?\p{Lu}/u,
  },
  // ---- origin, sponsor
  {
    id: 'post-origin-adj',
    where: 'after',
    pattern:
      /^(?:['’]s)?[-\s]?(?:(?:state|government|military|communist party|regime|intelligence)[-\s]?)?(?:linked|backed|sponsored|affiliated|connected|tied|supported|run|controlled|directed|operated|funded|allied)\b/iu,
  },
  {
    // "Russia-aligned", "China-nexus", "Iran-based", "Chinese-speaking": where a group is from or leans, which the
    // reporting does not present as the state backing it.
    id: 'post-origin-only',
    where: 'after',
    pattern: /^(?:['’]s)?[-\s]?(?:aligned|nexus|based|origin|speaking)\b/iu,
  },
  {
    id: 'post-sponsor-adj',
    where: 'after',
    pattern:
      /^(?:['’]s)?[-\s]?(?:(?:state|government|military|communist party|regime)[-\s]?)?(?:backed|sponsored|affiliated|supported|run|controlled|directed|operated|funded)\b|^\s+(?:state|government|military)[-\s](?:linked|backed|sponsored|affiliated|supported|hackers?|actors?)\b/iu,
  },
  {
    id: 'post-actor-noun',
    where: 'after',
    pattern:
      /^\s+(?:state[-\s])?(?:government[-\s])?(?:military\s+)?(?:hackers?|hacking|hacker groups?|APTs?|threat (?:actors?|groups?)|actors?|cyber\s?spies|spies|spy agency|espionage|cyber-?espionage|nation[-\s]state|operatives|agents|state actors?|adversar(?:y|ies)|intelligence (?:services?|agenc(?:y|ies)|officers?)|military intelligence|cyber ?criminals|cyber (?:actors?|operations?|units?|forces?|army)|ransomware gangs?|gangs?|groups?|crews?|campaigns?|operations|intrusions|attackers|threat|APT)\b/iu,
  },
  {
    id: 'post-state-body',
    where: 'after',
    pattern:
      /^(?:['’]s)?\s+(?:(?:\p{L}+\s+){0,2})?(?:government|state|military|army|regime|intelligence|communist party|ministry|security services|spy agency|authorities|embassy|officials)\b/iu,
  },
  {
    id: 'pre-sponsor',
    where: 'before',
    pattern:
      /\b(?:on behalf of|backed by|sponsored by|supported by|affiliated with|working for|work for|works for|operates? for|operating for|directed by|run by|controlled by|tasked by|with the blessing of|serv(?:e|es|ing) the interests of|in support of|at the behest of|under the direction of|unit of|arm of|part of|employed by|officers? of|members? of|linked to|tied to|ties to|tie to|links to|link to|connections? (?:with|to)|nexus to)\s+(?:the\s+)?(?:[\p{L}'’-]+\s+){0,2}$/iu,
  },
  {
    id: 'pre-origin-place',
    where: 'before',
    pattern:
      /\b(?:based in|out of|originat\w+ (?:in|from)|hails? from|comes? from|operat\w+ from|located in|from)\s+(?:the\s+)?$/iu,
  },
  {
    id: 'pre-attributed',
    where: 'before',
    pattern:
      /\b(?:attributed|attributes|attributing|blamed|blames|pinned)\s+(?:\w+\s+){0,4}(?:to|on)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,2}$/iu,
  },
  // ---- source or neither
  {
    id: 'post-speaks',
    where: 'after',
    pattern:
      /^\s+(?:[\p{L}-]+\s+){0,4}?(?:said|say|says|told|accused|alleged|allege|warned|believe|believes|announced|noted|reported|confirmed|investigat\w+|sanctioned|indicted|charged|urged|issued|attributed|blamed|denied|denies|disputes?|rejected|stated|added|concluded|determined|assessed|claimed|insisted|argued|tie|ties|link|links|published|shows?|showed|found|finds|suggests?|suggested|reveal(?:s|ed)|indicates?|follows)\b/iu,
  },
  {
    id: 'pre-according',
    where: 'before',
    pattern: /\b(?:according to|said|says|told|by)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}$/iu,
  },
  {
    id: 'pre-benefit',
    where: 'before',
    pattern: /\b(?:advantage|benefit\w*|help\w*|aid|assist\w*|favou?r|interests? of)\s+(?:to\s+|for\s+)?(?:the\s+)?$/iu,
  },
  { id: 'post-hyphen-pair', where: 'after', pattern: /^[-–]\p{Lu}/u },
  { id: 'pre-hyphen-pair', where: 'before', pattern: /\p{L}[-–]$/u },
  {
    // "a telecom company", "an energy firm": often the victim itself, so a cue to weigh, not a verdict.
    id: 'post-describes-org',
    where: 'after',
    pattern: /^\s+(?:maker|provider|giant|firm|company|vendor|manufacturer|supplier|specialist|outfit)\b/iu,
  },
  {
    // "the tech press", "security researchers", "law enforcement": the sector word names who speaks or acts.
    id: 'post-non-victim-noun',
    where: 'after',
    pattern:
      /^\s+(?:press|media|researchers?|experts?|analysts?|engineering|enforcement|officials?|takedowns?|actions?|crackdowns?|response|contracts?|budgets?)\b/iu,
  },
  {
    // "Sekoia, a French security company", "an Israeli cyber firm", "Japanese threat-intelligence researchers": the
    // country of whoever reports, never its victim.
    id: 'post-security-org',
    where: 'after',
    pattern:
      /^\s+(?:(?:cyber\s?|information\s|IT\s)?security|cyber|threat[-\s]intelligence|threat[-\s]research|antivirus|anti-virus|infosec|incident[-\s]response)\s+(?:firms?|company|companies|vendors?|researchers?|provider|outfit|specialists?|experts?|analysts?|start-?ups?|giant|group|team)\b/iu,
  },
  {
    id: 'pre-non-victim-role',
    where: 'before',
    pattern: /\b(?:reverse|social|law|the tech|tech|security|cyber ?security|trade|industry|former|ex-?)\s*$/iu,
  },
  {
    id: 'post-proper-name',
    where: 'after',
    pattern: /^\s+\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)*\s+(?:said|says|told)\b/u,
  },
  // ---- the clause as a whole
  {
    id: 'clause-targeting',
    where: 'clause',
    pattern:
      /\b(?:target\w*|attack\w*|breach\w*|hack(?:ed|ing|s)?|compromis\w+|infiltrat\w+|intru\w+|penetrat\w+|victim\w*|hit|struck|spy(?:ing)?|spied|espionage|steal\w*|stole\w*|theft|exfiltrat\w+|phish\w*|exploit\w*|aimed|against|affected|impact\w*|sabotag\w+|disrupt\w*|ransom\w*|extort\w*|surveil\w*|infect\w*|gain(?:ed|ing)? access|br(?:oke|eak|eaking) into|hijack\w*|wip(?:e|ed|ing)|went after|campaigns?|operations?|incidents?|cyber-?attacks?)\b/iu,
  },
  {
    id: 'clause-origin-word',
    where: 'clause',
    pattern:
      /\b(?:state-sponsored|state-backed|state-linked|nation-state|backed|sponsored|on behalf of|aligned|affiliated|directed by|intelligence (?:service|agency)|military intelligence|government-backed)\b/iu,
  },
  { id: 'clause-speech', where: 'clause', pattern: /\b(?:said|says|told|according to|stated|added|noted|warned)\b/iu },
  {
    id: 'clause-denial-word',
    where: 'clause',
    pattern:
      /\b(?:no evidence|not|never|denied|denies|deny|disputes?|rejects?|unrelated|ruled out|unfounded)\b|n['’]t\b/iu,
  },
  {
    id: 'clause-defense-word',
    where: 'clause',
    pattern:
      /\b(?:sanction\w*|indict\w*|charg\w+|arrest\w*|seiz\w+|takedown|dismantl\w*|warn\w*|advis\w+|protect\w*|defen[cs]\w*|detect\w*|respond\w*|help\w*|partner\w*)\b/iu,
  },
];

/** Ids of the cues that fire for a mention with this context. */
export function firedCues(before: string, after: string, clause: string): string[] {
  const out: string[] = [];
  for (const cue of ROLE_CUES) {
    const target = cue.where === 'before' ? before : cue.where === 'after' ? after : clause;
    if (cue.pattern.test(target)) out.push(cue.id);
  }
  return out;
}
