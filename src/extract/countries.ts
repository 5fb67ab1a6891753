/**
 * Countries with the role they play in the article: victim (attacked, targeted), origin (where an actor comes from or
 * who backs it) or other (a vendor's home, a court, an economy). Demonyms count ("Japanese organizations" → Japan).
 */
import type { CountryEntity, CountryRole, Mention } from '../claims/types.ts';
import type { CountryForm, CountryMatch, ExtractionCatalog } from './catalog/index.ts';
import { TARGETING } from './cues.ts';
import type { Doc } from './document.ts';

export interface CountryMention extends Mention {
  code: string;
  /** How the country was named: its name, an alias, a demonym, its capital, a state agency. */
  form: CountryForm;
  role: CountryRole;
  /** True when the sentence says the state backs or operates the actor, not merely that it is based there. */
  sponsor: boolean;
}

const ORIGIN_AFTER =
  /^(?:['’]s)?[-\s]?(?:(?:state|government|military|communist party|regime|intelligence)[-\s]?)?(?:linked|backed|sponsored|based|affiliated|aligned|nexus|connected|origin|tied|supported|run|controlled|directed|operated|funded|allied)\b|^\s+(?:state[-\s])?(?:government[-\s])?(?:military\s+)?(?:hackers?|hacking|hacker groups?|APTs?|threat actors?|actors?|cyber\s?spies|spies|spy agency|espionage|cyber-?espionage|nation[-\s]state|operatives|agents|state actors?|adversar(?:y|ies)|intelligence (?:service|agency|services|agencies)|military intelligence|cyber ?criminals|cyber ?actors?|cyber (?:actors?|operations?|units?|forces?)|ransomware gangs?|operations|campaigns|intrusions)\b|^['’]s\s+(?:\p{L}+\s+){0,2}(?:intelligence|military|army|ministry of state security|state security|reconnaissance general bureau|government|regime|communist party|security services|spy agency|adversary|adversaries|cyber ?army|cyber\w*|hacking|hackers|espionage|capabilities|program)\b|^\s+(?:has|have|had)\s+(?:(?:started|begun|continued|also|long|repeatedly)\s+)?(?:launch|intensif|conduct|carr|hack|attack|target|spy|steal|infiltrat)\w*/iu;

const SPONSOR_AFTER =
  /^(?:['’]s)?[-\s]?(?:(?:state|government|military|communist party|regime)[-\s]?)?(?:backed|sponsored|affiliated|supported|run|controlled|directed|operated|funded)\b|^\s+(?:state|government|military)[-\s](?:linked|backed|sponsored|affiliated|supported|hackers?|actors?)\b|^['’]s\s+(?:\p{L}+\s+){0,2}(?:intelligence|military|army|ministry of state security|state security|reconnaissance general bureau|government|regime|communist party|security services|spy agency)\b/iu;

const STATE_AFTER = /^\s+(?:government|state|military|regime|intelligence|communist party)\b/i;

const ORIGIN_BEFORE =
  /\b(?:on behalf of|backed by|sponsored by|supported by|linked to|tied to|ties to|links to|affiliated with|connections? (?:with|to)|working for|work for|works for|operates? for|operating for|based in|out of|attributed to|originat\w+ (?:in|from)|hails? from|comes? from|directed by|run by|controlled by|tasked by|serv(?:e|es|ing) the interests of|in support of)\s+(?:the\s+)?(?:[\p{L}-]+\s+)?$/iu;

const SPONSOR_BEFORE =
  /\b(?:on behalf of|backed by|sponsored by|supported by|affiliated with|working for|work for|works for|operates? for|operating for|directed by|run by|controlled by|tasked by|with the blessing of|serv(?:e|es|ing) the interests of|in support of)\s+(?:the\s+)?(?:[\p{L}-]+\s+)?$/iu;

const VICTIM_AFTER =
  /^(?:['’]s)?[-\s]+(?:based\s+)?(?:[\p{L}-]+\s+)?(?:companies|company|firms?|organi[sz]ations?|entities|targets?|victims?|businesses|government agencies|governments?|agencies|networks?|sectors?|media|defen[cs]e|industry|industries|institutions?|universities|ministries|users|citizens|banks?|subsidiaries|corporations?|manufacturers?|critical infrastructure|infrastructure|think tanks?|officials'?|diplomats?|military|parliament|lawmakers|journalists|telecoms?|carriers?|hospitals?|utilities|interests)\b/iu;

const VICTIM_BEFORE =
  /\b(?:target(?:s|ed|ing)?|attack(?:s|ed|ing)?(?: on)?|against|in|into|inside|across|throughout|hit(?:ting)?|breach(?:ed|ing)?|compromis(?:ed|ing)|victims? in|spying on|spied on|(?:operations|activities|attacks|campaigns?|expan\w+)(?: \w+){0,2} (?:to|into)|(?:target|targets|victim|victims) (?:is|are|was|were|include|included)|focus(?:ed|es)? on)\s+(?:the\s+)?$/iu;

const VICTIM_PREDICATE =
  /^\s+(?:is|was|are|were)\s+(?:its|their|the group['’]s|the)\s+(?:[\p{L}-]+\s+){0,2}?(?:target|targets|victim|focus|second|third|biggest|largest|main|primary|top|central)\b/iu;

/** Beneficiaries and pairs are not victims: "an advantage to Chinese firms", "benefit China", "U.S.-China tensions". */
const NOT_VICTIM_BEFORE =
  /\b(?:advantage|benefit\w*|help\w*|aid|assist\w*|favou?r)\s+(?:to\s+|for\s+)?(?:the\s+)?$|[\p{L}.]-$/iu;
const NOT_VICTIM_AFTER = /^-\p{Lu}/u;

/** "particularly in Europe, Japan …": a list of places after a preposition, regions included. */
const PLACE_LIST_BEFORE =
  /\b(?:in|across|throughout|to|against)\s+(?:(?:the\s+)?\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)?,\s+){1,4}(?:and\s+)?(?:the\s+)?$/u;

const LIST_JOIN = /^(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:the\s+)?$/;

export function extractCountries(
  doc: Doc,
  catalog: ExtractionCatalog,
): { entities: CountryEntity[]; mentions: CountryMention[] } {
  const { text } = doc;
  const mentions: CountryMention[] = [];
  for (const m of catalog.countryMatcher.match(text, doc.tokens)) {
    const match = m.entries[0]?.payload as CountryMatch;
    if (match.form === 'trap') continue;
    const sentence = doc.sentenceAt(m.start);
    const before = text.slice(Math.max(sentence.start, m.start - 80), m.start);
    const after = text.slice(m.end, Math.min(sentence.end, m.end + 80));
    const previous = mentions.at(-1);
    let role: CountryRole = 'other';
    let sponsor = false;
    if (previous && previous.end > sentence.start && LIST_JOIN.test(text.slice(previous.end, m.start))) {
      role = previous.role;
      sponsor = previous.sponsor;
    } else if (ORIGIN_AFTER.test(after) || ORIGIN_BEFORE.test(before)) {
      role = 'origin';
      // "linked to the Chinese government": a tie to the state itself, not just to the country, is sponsorship.
      sponsor =
        SPONSOR_AFTER.test(after) ||
        SPONSOR_BEFORE.test(before) ||
        (ORIGIN_BEFORE.test(before) && STATE_AFTER.test(after));
    } else if (
      match.form !== 'metonym' &&
      TARGETING.test(doc.sentenceText(sentence)) &&
      !NOT_VICTIM_BEFORE.test(before) &&
      !NOT_VICTIM_AFTER.test(after) &&
      (VICTIM_BEFORE.test(before) ||
        PLACE_LIST_BEFORE.test(before) ||
        VICTIM_AFTER.test(after) ||
        VICTIM_PREDICATE.test(after))
    ) {
      role = 'victim';
    }
    mentions.push({ text: m.text, start: m.start, end: m.end, code: match.code, form: match.form, role, sponsor });
  }
  return { entities: countryEntities(mentions, catalog), mentions };
}

const ROLE_ORDER: CountryRole[] = ['victim', 'origin', 'other'];

/** Country entities with the roles their mentions play. */
export function countryEntities(mentions: readonly CountryMention[], catalog: ExtractionCatalog): CountryEntity[] {
  const byCode = new Map<string, CountryEntity>();
  for (const m of mentions) {
    let entity = byCode.get(m.code);
    if (!entity) {
      entity = { code: m.code, name: catalog.countries.get(m.code)?.name ?? m.code, roles: [], mentions: [] };
      byCode.set(m.code, entity);
    }
    entity.mentions.push({ text: m.text, start: m.start, end: m.end, role: m.role });
  }
  for (const e of byCode.values()) {
    const roles = new Set(e.mentions.map((m) => m.role));
    e.roles = ROLE_ORDER.filter((r) => roles.has(r));
  }
  return [...byCode.values()];
}
