/**
 * Named word lists and patterns for actor candidates and for the 'actor-is-group' decision, each defined once.
 * Candidates come from rules (ids below); whether a candidate names the group (and not its malware, not an ordinary
 * word) is decided by the learned model from the generic context features these patterns describe.
 */

/** Ids of the rules that propose actor mentions (recorded on every mention, used as features). */
export const ACTOR_RULES = {
  /** A catalog alias. */
  catalog: 'actor:catalog',
  /** A structured code name the catalog lacks (UNC2452, Storm-0558, TA4557). */
  codeName: 'actor:code-name',
  /** A name introduced as another name of an actor just named ("also known as …"). */
  aliasIntro: 'actor:alias-intro',
  /** "another hacking group Taidoor", "the Nightglass group": a group the catalog lacks, named as a group. */
  namedGroup: 'actor:named-group',
  /** "tracked as X", "dubbed X", "a group called X": a name the text coins or cites for a cluster. */
  trackedAs: 'actor:tracked-as',
  /** A later bare mention of a name found by one of the rules above. */
  repeat: 'actor:repeat',
} as const;
export type ActorRule = (typeof ACTOR_RULES)[keyof typeof ACTOR_RULES];

/**
 * Words that make a sentence about cyber threat actors, used to accept aliases that are also ordinary words
 * ("Cicada", "Royal", "Play"). Deliberately narrower than "group" or "attack": a band, a film cast or a campaign trail
 * uses those too.
 */
export const ACTOR_CONTEXT =
  /\b(?:hack(?:er|ers|ing|ed)|APTs?|threat (?:actors?|groups?)|cyber-?(?:espionage|criminals?|crime|attacks?|spies|security|gangs?|actors?)|cyberattacks?|ransomware|malware|espionage|state[- ](?:sponsored|backed|linked)|nation-state|intrusions?|spear-?phishing|phishing|backdoors?|also known as|a\.k\.a|aka|tracked as|dubbed|(?:military )?intelligence (?:agency|service|unit)|GRU|SVR|FSB|MSS|RGB|PLA)\b/i;

/** A matched name followed by one of these is a tool, not the group ("Winnti malware", "Turla backdoor"). */
export const TOOL_AFTER =
  /^\s+(?:malware|backdoor|trojan|RAT|implant|loader|payload|dropper|rootkit|family|variant)\b/i;

/**
 * Structured code names of clusters (Mandiant UNC/APT/FIN, Proofpoint TA, Microsoft DEV/Storm, Recorded Future TAG,
 * CERT-UA UAC). ATT&CK tactic ids (TA0001–TA0043) share the TA shape and are never actors: see TACTIC_ID.
 */
export const CODE_NAME =
  /\b(?:UNC\d{3,4}|TA\d{3,4}|APT ?-?\d{1,3}|FIN\d{1,2}|DEV-\d{4}|Storm-\d{4}|TAG-\d{2,3}|UAC-\d{4}|TEMP\.[A-Z][a-z]+)\b/g;

/** MITRE ATT&CK tactic (TA0001…) and technique (T1566, T1566.001) ids. */
export const TACTIC_ID = /^(?:TA00\d\d|T\d{4}(?:\.\d{3})?)$/;

/** The shape of a structured code name (a feature: such names are almost always clusters). */
export const CODE_SHAPE = /^(?:UNC|TA|APT|FIN|DEV|Storm|TAG|UAC|TEMP)[-. ]?\d/i;

/** "also known as A, B and C", "tracked as", "dubbed", "aka": introduces more names of the actor just named. */
export const ALIAS_INTRO =
  /^\s*[,(—–]?\s*(?:(?:which|who|that)\s+(?:is|are|was|were)\s+)?(?:also\s+|otherwise\s+|variously\s+)?(?:(?:known|tracked|referred to|identified|called|dubbed|named|labell?ed|designated)(?:\s+by\s+[\w\s]{1,40}?)?\s+as|aka|a\.k\.a\.?|also called|dubbed|nicknamed)\s+/i;

/** "group X" patterns that name a group the catalog may not know. */
export const NAMED_GROUP =
  /\b(?:hacking|hacker|threat|APT|espionage|cyber-?espionage|cybercrim\w*|ransomware|extortion|state-sponsored)\s+(?:group|gang|crew|actor|outfit|collective)\s*,?\s+(?:called\s+|named\s+|dubbed\s+|known\s+as\s+)?[‘'“"]?((?:\p{Lu}[\p{L}\p{N}$]*)(?:[ -]\p{Lu}[\p{L}\p{N}$]*){0,2})/gu;

/** "the Nightglass group", "the Redfang gang": a capitalised name right before a group noun. */
export const NAME_THEN_GROUP =
  /\bthe\s+[‘'“"]?((?:\p{Lu}[\p{L}\p{N}$]*)(?:[ -]\p{Lu}[\p{L}\p{N}$]*){0,2})[’'”"]?\s+(?:(?:hacking|hacker|threat|APT|ransomware|extortion|cyber-?espionage|espionage|cybercrime)\s+)?(?:group|gang|crew|collective|threat actor)\b/gu;

/**
 * "tracked as X", "dubbed X", "a group called X", "which it calls X": a name given to something. What was named (a
 * group or a piece of malware) is in the words before; the decision reads them as features.
 */
export const TRACKED_AS =
  /\b(?:tracked|tracks|tracking|track)\s+(?:\w+\s+){0,2}?as|\b(?:dubbed|nicknamed|codenamed|code-named)|\b(?:(?:group|gang|crew|actor|cluster|collective|outfit)s?\s+(?:called|named|known\s+as))|\b(?:which|that|whom)\s+(?:it|they|we|researchers)\s+(?:calls?|named|dubbed|track(?:s|ed)?\s+as)/gi;

/** The name after a TRACKED_AS cue. */
export const TRACKED_NAME = /^\s*[‘'“"]?((?:\p{Lu}|\p{N})[\p{L}\p{N}$]*(?:[ -](?:\p{Lu}|\p{N})[\p{L}\p{N}$]*){0,2})/u;

export const LIST_ITEM =
  /^[‘'“"]?((?:\p{Lu}|\p{N})[\p{L}\p{N}$.-]*(?:\s+(?:\p{Lu}|\p{N})[\p{L}\p{N}$-]*){0,3})[’'”"]?/u;
export const LIST_SEPARATOR = /^\s*(?:,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+|\s*\/\s*)/;

/** Capitalised words that start a list item but never name a group. */
export const NOT_A_NAME = new Set(
  (
    'the a an this that these those it its they their we our he she his her group team hackers actor actors ' +
    'operation campaign malware ransomware in on by and or since according researchers security microsoft google ' +
    'when while after before during if as at for from with new one two some many most all other another threat'
  ).split(' '),
);

// Context of one mention, for the 'actor-is-group' decision. Each pattern reads the words right after (`^…`) or right
// before (`…$`) the mention within its sentence.

/**
 * The rest of a list the mention heads (case-sensitive: list items are capitalised names) ("Conti and REvil groups", "BlackBasta, BlackCat/ALPHV, and Play ransomware
 * gangs", "Hive, LockBit & BlackCat pounce"): what follows the list is said of every item.
 */
const LIST_TAIL = String.raw`(?:(?:,\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&)\s+|\s*\/\s*)\p{Lu}[\p{L}\p{N}]*(?:\s\p{Lu}[\p{L}\p{N}]*)?){0,4}`;
const LIST_TAIL_RE = new RegExp(`^${LIST_TAIL}`, 'u');

/** The words after a mention, past the rest of a list it heads; PEOPLE_AFTER, ACTS_AFTER and KIND_AFTER read these. */
export function pastList(after: string): string {
  return after.slice(LIST_TAIL_RE.exec(after)?.[0].length ?? 0);
}
const after = (body: string): RegExp => new RegExp(`^${body}`, 'i');

/** The people behind a name: "the Conti gang", "LockBit affiliates", "Emotet's operators", "Hive ransomware operators". */
export const PEOPLE_AFTER = after(
  String.raw`(?:['’]s)?\s+(?:(?:ransomware|extortion|hacking|hacker|threat|cybercrime|cyber-?criminal|APT|espionage|malware|botnet|RaaS)\s+)?(?:gangs?|groups?|operators?|operations?|affiliates?|crews?|teams?|members?|actors?|outfits?|cartel|admins?|administrators?|developers?|hackers|collective|syndicate|cluster|leaders?|leak site|negotiators?|cybercriminals)\b`,
);

/** Said to act as people do: "LockBit claimed", "Akira accounted for", "Clop's attack". */
export const ACTS_AFTER = after(
  String.raw`(?:['’]s\s+(?:attacks?|campaigns?|victims?|claims?|demands?)|\s+(?:has|have|had|was|were|is|are)?\s*(?:claimed|claims|claim|attacked|attack|targeted|targets|target|breached|hit|stole|demanded|posted|listed|leaked|published|threatened|emailed|said|told|announced|carried out|conducted|dominated|accounted for|took credit|compromised|extorted|is (?:a|an|one)|was (?:a|an|one)|emerged|surfaced|ceased|shut down|rebranded|relaunched|recruited|pounced?|struck))\b`,
);

/** Said to be a group: "X is a ransomware group", "X was not the only group", "X, a Russian-speaking gang". */
export const IS_GROUP_AFTER = after(
  String.raw`(?:,\s*|\s+(?:is|was|are|were|remains|became)\s+(?:not\s+)?(?:also\s+)?)(?:a|an|one|the)\s+(?:[\w-]+\s+){0,4}?(?:group|gang|crew|outfit|cartel|syndicate|collective|threat actor|actor|APT)s?\b`,
);

/** Said to be a tool: "X is a loader", "X, a banking trojan". */
export const IS_TOOL_AFTER = after(
  String.raw`(?:,\s*|\s+(?:is|was|are|were|remains|became)\s+(?:not\s+)?(?:also\s+)?)(?:a|an|one|the)\s+(?:[\w-]+\s+){0,4}?(?:malware|loader|trojan|botnet|backdoor|RAT|stealer|variant|strain|family|dropper|downloader|tool|implant)s?\b`,
);

/** A tool named as a tool: "Conti ransomware" (without people after), "Emotet samples", "QBot infections". */
export const MALWARE_AFTER =
  /^(?:['’]s)?\s+(?:(?:ransomware|malware)\s+)?(?:malware|loader|trojan|botnet|payloads?|samples?|variants?|strains?|infections?|binar(?:y|ies)|builders?|DLLs?|executables?|encryptors?|lockers?|modules?|bots?|droppers?|downloader|backdoor|implant|famil(?:y|ies)|versions?|code|source code|binary|stealer|infostealer|RAT|spam|emails?|attachments?|documents?|C2|servers?|detections?|injects?|config(?:uration)?s?)\b/i;

/** "X ransomware" / "X malware" with nothing about people after it, also at the head of a list ("Maze and Egregor
 * ransomware"). */
export const KIND_AFTER = after(
  String.raw`\s+(?:ransomware|malware)\b(?!\s+(?:gangs?|groups?|operators?|affiliates?|actors?|crews?|operations?|outfits?))`,
);

/** Named right after a group noun: "another RaaS group, Babuk, claimed", "the ransomware gang LockBit". */
export const GROUP_BEFORE =
  /\b(?:group|gang|crew|outfit|collective|cartel|syndicate|operation|threat actor)\s*,?\s*(?:(?:also\s+)?(?:known|tracked|identified)\s+as|called|named|dubbed)?\s*[‘'“"]?$/i;

/** A group noun shortly before the name in its sentence: "identified the group behind the hack as DarkSide". */
export const GROUP_NOUN_NEAR = /\b(?:group|gang|crew|outfit|cartel|threat actors?|hackers)\b[^.;:]{0,50}$/i;

/** A person, not a group: "Giampaola Dedola, cyber security expert at Kaspersky". */
export const PERSON_AFTER =
  /^,\s+(?:a\s+|the\s+|an\s+)?(?:[\w-]+\s+){0,4}?(?:expert|researcher|analyst|director|officer|head|chief|manager|engineer|lead|founder|CEO|CTO|CISO|spokesperson|spokesman|spokeswoman|professor|scientist|president|consultant|investigator)\b/i;

/** Campaigns named by their payload ("Emotet campaigns"): common for both, a feature of its own. */
export const CAMPAIGN_AFTER = /^\s+(?:(?:ransomware|malware|phishing|spam)\s+)?(?:campaigns?|activity|attacks?)\b/i;

/** Used as a tool: "deployed Conti", "dropped QBot", "infected with Emotet", "a variant of Babuk". */
export const TOOL_BEFORE =
  /\b(?:deploy(?:ed|s|ing)?|drop(?:ped|s|ping)?|deliver(?:ed|s|ing)?|install(?:ed|s|ing)?|load(?:ed|s|ing)?|download(?:ed|s|ing)?|infect(?:ed|ions?)\s+(?:with|by)|variants?\s+of|versions?\s+of|samples?\s+of|strains?\s+of|copies\s+of|execut(?:e|ed|es|ing)|spread(?:s|ing)?|distribut(?:e|ed|es|ing)|leads?\s+to|led\s+to|followed\s+by|encrypted\s+(?:\w+\s+){0,2}(?:with|by)|payloads?\s+(?:such\s+as|like|including))\s+(?:the\s+|a\s+|an\s+)?(?:new\s+|latest\s+|updated\s+)?$/i;

/** Uses or operates it: "TA551 used IcedID", "operators of Emotet" (a group's tool, though not always). */
export const USE_BEFORE =
  /\b(?:us(?:e|es|ed|ing)|leverag\w+|operators?\s+of|affiliates?\s+of|developers?\s+of)\s+(?:the\s+)?$/i;

/** Blamed for something, as a group is: "attributed to X", "claimed by X", "carried out by X". */
export const BLAME_BEFORE =
  /\b(?:attributed\s+(?:\w+\s+){0,3}?to|blamed\s+(?:\w+\s+){0,3}?on|link(?:ed|ing)\s+(?:\w+\s+){0,3}?to|claimed\s+by|carried\s+out\s+by|conducted\s+by|perpetrated\s+by|orchestrated\s+by|members\s+of|behind\s+(?:\w+\s+){0,3}?(?:is|was|as))\s+(?:the\s+)?$/i;

/** Named within a list introduced by a group noun: "ransomware groups such as NoEscape, RansomHouse and BlackCat". */
export const GROUP_LIST_BEFORE =
  /\b(?:groups|gangs|crews|actors|operators|clusters|operations)\b[^.;:]{0,20}?\b(?:such as|like|including|include|namely)\b[^.;:]{0,80}$/i;

/** A list introduced by a malware noun: "ransomware families such as Maze, Egregor and REvil". */
export const MALWARE_LIST_BEFORE =
  /\b(?:malware|ransomware|families|strains|variants|payloads|loaders|trojans|botnets|tools)\b(?!\s+(?:groups|gangs|operators|actors|crews|operations))[^.;:]{0,20}?\b(?:such as|like|including|include|namely)\b[^.;:]{0,80}$/i;

/** Before a tracked-as cue: what kind of thing was named. */
export const GROUP_NOUN =
  /\b(?:group|gang|crew|actor|actors|cluster|collective|outfit|hackers|adversary|intrusion set|APT)\b/i;
export const MALWARE_NOUN =
  /\b(?:malware|ransomware|backdoor|trojan|loader|implant|tool|toolkit|RAT|stealer|botnet|variant|family|strain|campaign|operation|exploit|vulnerability|flaw|technique|framework|payload)\b/i;

/**
 * A technical report rather than news: indicators (hashes, defanged hosts, hxxp), code-like tokens. Such reports
 * discuss malware as artefacts, so a malware-named candidate there is more often the tool.
 */
export const TECHNICAL_TEXT = /\b[a-f0-9]{32,64}\b|\[\.\]|hxxps?:|\b\w+\.(?:exe|dll|ps1|vbs|js|hta|lnk|bat)\b/gi;
