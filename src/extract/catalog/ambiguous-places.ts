/**
 * Place names that do not reliably mean a country when they appear alone. A country mention built on one of them
 * needs supporting context (a nearby country, a government or sponsor cue, "the country of …") before it counts.
 *
 * Entries are lower case. Two kinds:
 *
 * 1. Names that are in `data/countries.json` but misfire:
 *    - "us": the pronoun; the catalog entry is "US", matched only in capitals.
 *    - "america", "american", "americans": also Latin/South/Central/North America(n).
 *    - "washington": also the U.S. state, the Washington Post and people's names (kept as a metonym for the U.S.).
 *    - "georgia", "georgian", "georgians", "south georgia": also the U.S. state and its southern part.
 *    - "jordan", "chad", "israel": also given names.
 *    - "niger": also the river.
 *    - "guinea", "guinean", "guineans": also New Guinea, the guinea pig and the other Guineas.
 *    - "turkey": also the bird.
 *    - "jersey", "guernsey": also New Jersey, the garment and the cattle.
 *    - "mexico", "england", "wales": also New Mexico, New England and New South Wales.
 *    - "reunion": also the ordinary word (the country is Réunion).
 *    - "polish", "pole", "poles": also the verb and the North and South Poles.
 *    - "indian", "indians": also the Indian Ocean and Native Americans.
 *    - "macedonia", "macedonian", "macedonians": also the Greek region.
 *    - "micronesia": also the wider Pacific region.
 *    - "saint martin": the island is shared by Saint Martin (MF) and Sint Maarten (SX).
 *    - "dominican": Dominican Republic (DO) only; Dominica's demonym is spelled the same, so Dominica has none.
 *    - "republic of korea": also the tail of "Democratic People's Republic of Korea" when the apostrophe splits
 *      the longer name.
 *
 * 2. Names deliberately left out of the country catalog, because they name more than one country or something else:
 *    - "korea", "korean", "koreans": North or South Korea.
 *    - "congo", "congolese": the Democratic Republic of the Congo or the Republic of the Congo.
 *    - "virgin islands", "virgin islander", "virgin islanders": the British or the U.S. Virgin Islands.
 *    - "republic of china": Taiwan, but also the tail of "People's Republic of China".
 *    - "emirates": the UAE, but more often the airline.
 *    - "persia", "persian": historical, and the language and the Persian Gulf.
 */
export const AMBIGUOUS_PLACE_NAMES: ReadonlySet<string> = new Set([
  // In the catalog, context needed.
  'us',
  'america',
  'american',
  'americans',
  'washington',
  'georgia',
  'georgian',
  'georgians',
  'south georgia',
  'jordan',
  'chad',
  'israel',
  'niger',
  'guinea',
  'guinean',
  'guineans',
  'turkey',
  'jersey',
  'guernsey',
  'mexico',
  'england',
  'wales',
  'reunion',
  'polish',
  'pole',
  'poles',
  'indian',
  'indians',
  'macedonia',
  'macedonian',
  'macedonians',
  'micronesia',
  'saint martin',
  'dominican',
  'republic of korea',
  // Left out of the catalog.
  'korea',
  'korean',
  'koreans',
  'congo',
  'congolese',
  'virgin islands',
  'virgin islander',
  'virgin islanders',
  'republic of china',
  'emirates',
  'persia',
  'persian',
]);

/**
 * Longer phrases that contain a catalog place name but denote something else. A longest-match matcher can register
 * them as blockers so that, say, "New Mexico" is not read as Mexico or "Latin America" as the United States.
 */
export const PLACE_NAME_TRAPS: readonly string[] = [
  'Latin America',
  'Latin American',
  'Latin Americans',
  'South America',
  'South American',
  'South Americans',
  'Central America',
  'Central American',
  'North America',
  'North American',
  'Native American',
  'Native Americans',
  'American Indian',
  'New Mexico',
  'New Jersey',
  'New England',
  'New South Wales',
  'New Guinea',
  'Indian Ocean',
  'British Columbia',
  'Washington state',
  'Washington Post',
  'University of Washington',
  'Georgia Tech',
  'North Pole',
  'South Pole',
];
