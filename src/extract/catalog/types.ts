/** Catalog records shared by the matcher, the importers and the search API. */

/** ISO 3166-1 alpha-2 code, upper case. */
export type CountryCode = string;

export interface ActorAlias {
  /** The alias as usually written ("Stone Panda", "menuPass", "APT10"). */
  name: string;
  /** Organisation that coined the name, by vendor id ("crowdstrike", "microsoft"), when known. */
  coinedBy?: string;
  /**
   * True when the alias is also an ordinary word or a common name (Cicada, Potassium, Sandworm, Barium, Lazarus),
   * so a bare mention needs supporting context before it counts as the actor.
   */
  commonWord?: boolean;
  /**
   * True when the name is also the name of a malware or ransomware family (Emotet, REvil, LockBit, Conti): a mention
   * names the group only when the text speaks of the people ("the Conti gang", "LockBit affiliates").
   */
  malware?: boolean;
}

export interface ActorRecord {
  /** Stable lowercase slug ("apt10", "lazarus-group"). */
  id: string;
  /** The name analysts most commonly use (APT10, not menuPass). */
  name: string;
  /** MITRE ATT&CK group id (G0045) where one exists. */
  attackId?: string;
  kind: 'state' | 'criminal' | 'hacktivist' | 'unknown';
  /** Suspected sponsor / origin state. */
  sponsor?: CountryCode;
  aliases: ActorAlias[];
  /**
   * Id of the umbrella actor this one is a part of (APT38 and Andariel within Lazarus Group, as the MISP galaxy lists
   * them). A name both share ("Lazarus") resolves to the umbrella.
   */
  partOf?: string;
  /** Where the record came from: "builtin", "misp:threat-actor", "attack:enterprise" … */
  sources?: string[];
}

export interface VendorRecord {
  /** Stable slug ("symantec", "us-doj"). */
  id: string;
  /** Usual short name ("Symantec", "U.S. Justice Department"). */
  name: string;
  kind: 'security-vendor' | 'government-agency' | 'tech-company' | 'research-group' | 'consultancy';
  country?: CountryCode;
  /** Other ways the organisation and its teams are written ("Symantec Threat Hunter Team", "DOJ"). */
  aliases: string[];
  /** True when the bare name is also an ordinary word (e.g. "Proofpoint" is not, "Check Point" is not, "Talos" is). */
  commonWord?: boolean;
}

export interface CountryRecord {
  code: CountryCode;
  /** Canonical English short name ("United States", "South Korea"). */
  name: string;
  /** Other names and abbreviations ("U.S.", "USA", "America", "Republic of Korea", "DPRK"). */
  aliases: string[];
  /** Adjectival / demonym forms ("American", "Japanese", "North Korean"). */
  demonyms: string[];
  /** Capital or government metonyms that stand for the state in CTI prose ("Pyongyang", "Beijing", "Kremlin"). */
  metonyms?: string[];
  /** State intelligence and military bodies that stand for the state as a sponsor ("Ministry of State Security", "GRU"). */
  agencies?: string[];
}

export interface SectorRecord {
  /** One of the contract's closed taxonomy ids. */
  id: string;
  /** Display name. */
  name: string;
  /** Phrases naming victims in the sector ("governmental agencies", "IT service providers", "law firms"). */
  synonyms: string[];
}
