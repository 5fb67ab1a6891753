/**
 * Word lists and patterns shared by the extractors. Each list is about one decision (is this sentence about an
 * attack? is it a denial?), so changing what counts for one decision happens in one place.
 */

/** Phrases that point back to the last-named actor. */
export const ACTOR_ANAPHOR =
  /\b(?:the|this|that|these)\s+(?:[\w-]+\s+){0,2}?(?:group|groups|attackers|hackers|actors?|threat actor|adversary|gang|crew|operators|cybercriminals|cyberspies|spies|APT|intruders|cluster|outfit|collective|campaign|operation|activity|intrusions|espionage effort)\b|\b(?:its|their|they|it)\b/i;

/** Phrases that say the perpetrator is not a named actor; they stop references back to an earlier actor. */
export const UNNAMED_ACTOR =
  /\b(?:unidentified|unknown|unnamed|unattributed|other|separate|different)\s+(?:[\w-]+\s+)?(?:attackers|hackers|actors?|group|groups|threat actors?|cybercriminals)\b|\bby\s+(?:[\w-]+\s+){0,3}(?:hackers|attackers|threat actors|cybercriminals)\b|^Separately\b/i;

/** An indefinite perpetrator in a lead sentence ("a hacking group linked to…", "North Korean hackers") that the
 * article names in the next sentences. */
export const INDEFINITE_ACTOR =
  /\b(?:an?\s+(?:[\w-]+\s+){0,4}?(?:group|crew|gang|threat actor|actor|hacking team|APT)|(?:[\w-]+\s+)?hackers)\b/i;

/** Words that make a sentence say someone was attacked or aimed at. */
export const TARGETING =
  /\b(?:target\w*|attack\w*|breach\w*|hack(?:ed|ing)?|compromis\w+|infiltrat\w+|intru\w+|penetrat\w+|victim\w*|hit|struck|spy(?:ing)?|spied|espionage|steal\w*|stole\w*|theft|exfiltrat\w+|burrow\w*|phish\w*|spear-?phish\w*|exploit\w*|focus\w*|aimed|against|affected|impact\w*|prey\w*|sabotag\w+|disrupt\w*|ransom\w*|extort\w*|surveil\w*|infect\w*|gain(?:ed|ing)? access|operations? (?:in|to|against)|expan\w+|went after|going after|goes after|lure\w*|br(?:oke|eak|eaking) into|got into|foothold|way into|access(?:ed|ing)? (?:to )?|went after|hijack\w*|wip(?:e|ed|ing)|deploy\w* ransomware|pursu(?:ed|ing|es)|tap(?:ped|ping))\b/i;

/** Hedges: the sentence suspects or alleges rather than states. */
export const HEDGE =
  /\b(?:suspect\w*|alleg\w+|believ\w+|likely|possibl[ey]|probabl[ey]|reportedly|apparently|appears? to|seem\w* to|thought to|may|might|could|potential(?:ly)?|presum\w+|moderate confidence|low confidence|purported(?:ly)?|speculat\w+|accus\w+)\b/i;

/** Cheap pre-filter for denials; sentences that pass are examined more closely. */
export const NEGATION_HINT =
  /\b(?:not|no|never|neither|nor|without|den(?:y|ies|ied|ying|ial)|refut\w+|reject\w+|dismiss\w+|unrelated|disput\w+|rul(?:ed|es) out)\b|n['’]t\b/i;

/** An actor named only as a comparison ("much like its action against the Volt Typhoon group") is not the subject. */
export const COMPARISON_BEFORE =
  /\b(?:(?:much |just )?like|similar to|unlike|as with|compared (?:to|with)|in contrast to)\b(?:\s+[\w’'-]+){0,5}\s+$/i;
