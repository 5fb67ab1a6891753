/**
 * Every command's definition: its summary, usage, options and help, in one table that `main.ts` lists and each
 * command parses with (command-line.ts). Kept free of heavy imports: `claimwire --help` and `claimwire help CMD` load
 * only this file; a command's code is imported when it runs.
 */
import type { CommandSpec } from './command-line.ts';

const catalogOption = {
  type: 'string',
  value: 'PATH',
  help: 'local actor catalog file (default: CLAIMWIRE_CATALOG, else <CLAIMWIRE_HOME>/catalog/actors.json)',
} as const;

export const EXTRACT = {
  name: 'extract',
  summary: 'Extract entities and cited claims from saved articles (JSON Lines to stdout; no services needed)',
  usage: ['[options] FILE...'],
  description: `Reads saved articles and writes one JSON object per article per line to stdout. Needs no Redis or Elasticsearch.

Inputs, by extension:
  .html .htm   a saved web page; url, title, publisher and dates come from the page
  .txt         plain article text; the options below supply its metadata
  .json        one article object { url, title, publisher, published, text | html }
  .jsonl       one such object per line
  -            read one article's text (or HTML, if it starts with "<") from standard input`,
  options: {
    url: { type: 'string', value: 'URL', help: 'URL of a .txt input (and fallback URL for pages that name none)' },
    title: { type: 'string', value: 'TEXT', help: 'title of a .txt input' },
    publisher: { type: 'string', value: 'NAME', help: 'publisher of a .txt input' },
    published: {
      type: 'string',
      value: 'DATE',
      help: 'published date (YYYY-MM-DD) of a .txt input; relative dates resolve against it',
    },
    format: { type: 'string', value: 'jsonl', help: 'output format (JSON Lines, the only one)', default: 'jsonl' },
    explain: {
      type: 'boolean',
      help: 'instead of JSON, say per claim why it was made: the learned decision, its score, the features that weighed most, negation, hedging and the quote',
    },
  },
  notes: 'Errors for one input go to stderr with the file name; the exit status is 1 if any input failed.',
} as const satisfies CommandSpec;

export const DEMO = {
  name: 'demo',
  summary: 'Start local services, ingest the sample articles through the queues, show claims for an alias',
  usage: ['[ALIAS]'],
  description: `Starts the local services if needed, ingests the sample articles in samples/ through the real queues, and prints
the claims indexed for ALIAS (default "Stone Panda", a CrowdStrike name of APT10 that the samples never use).
The services keep running afterwards: try \`claimwire search Cicada\`; stop them with \`claimwire services down\`.`,
  options: {},
} as const satisfies CommandSpec;

export const SERVICES = {
  name: 'services',
  summary: 'Local Redis and Elasticsearch: `services up`, `services down`, `services status`',
  usage: ['up|down|status'],
  description: `up       makes sure Redis answers at REDIS_URL (with REDIS_URL unset, starting a local redis-server if needed) and,
         unless ELASTICSEARCH_URL is set, starts the embedded Elasticsearch 7.10.2 node under CLAIMWIRE_HOME and
         waits until it is healthy (the first start downloads it from Maven Central)
down     stops the embedded Elasticsearch node and a Redis that claimwire started (never one it did not start)
status   says what runs where: URLs, versions, pids, health`,
  options: {},
  maxPositionals: 1,
} as const satisfies CommandSpec;

export const WORKER = {
  name: 'worker',
  summary: 'Run the queue workers (discover, fetch, extract, index, alert) until SIGINT/SIGTERM',
  usage: ['[--stages discover,fetch,extract,index,alert] [--no-schedule] [--metrics-port N]'],
  description: `Runs the pipeline's queue workers (several processes or hosts may run against one Redis). Registers the nightly
discovery schedule from the sources file (CLAIMWIRE_SOURCES) unless --no-schedule. SIGINT/SIGTERM stop intake, let
running jobs finish (or release them to another worker), then close; a second signal exits at once.`,
  options: {
    stages: { type: 'string', value: 'LIST', help: 'comma-separated stages to run (default: all)' },
    'no-schedule': { type: 'boolean', help: 'do not register the nightly discovery schedule' },
    'metrics-port': {
      type: 'string',
      value: 'N',
      help: 'serve Prometheus metrics at http://CLAIMWIRE_HOST:N/metrics (0 picks a free port)',
    },
  },
  maxPositionals: 0,
} as const satisfies CommandSpec;

export const INGEST = {
  name: 'ingest',
  summary: 'Queue URLs, feeds, sitemaps, saved files or all configured sources; --wait shows progress',
  usage: ['[URL... | FILE...] [--feed URL]... [--sitemap URL]... [--sources] [--wait] [--work]', '--batch ID [--work]'],
  description: `Adds work to the pipeline's queues; running workers (claimwire worker) do the rest.
  URL    an article page to fetch
  FILE   a saved page (.html), text (.txt), article JSON (.json) or JSON Lines (.jsonl): extracted without fetching
With --wait, a progress bar until the batch is done. If no worker takes the queues, it says so within 10 s and
exits (run \`claimwire worker\`, or pass --work). Ctrl-C stops waiting, not the batch: \`claimwire ingest --batch ID\`
follows it again.`,
  options: {
    feed: { type: 'string', multiple: true, value: 'URL', help: 'an RSS/Atom feed whose entries are fetched' },
    sitemap: {
      type: 'string',
      multiple: true,
      value: 'URL',
      help: 'a sitemap (or sitemap index) whose pages are fetched',
    },
    sources: {
      type: 'boolean',
      help: 'every enabled source in the sources file (CLAIMWIRE_SOURCES), once: what the nightly schedule runs',
    },
    batch: {
      type: 'string',
      value: 'ID',
      help: 'name the batch (default: a new id); ingesting into an existing batch skips what it already holds; alone, follows the batch',
    },
    wait: { type: 'boolean', help: 'wait until the batch is done, showing progress, then print a summary' },
    work: {
      type: 'boolean',
      help: 'run the workers in this process while waiting (no separate worker needed; implies --wait)',
    },
    timeout: { type: 'string', value: 'S', help: 'give up waiting after S seconds (exit 124)' },
  },
  notes: `The summary counts fetched/indexed articles, unchanged pages (seen before, nothing new), duplicates (syndicated
copies of a story already indexed), failures with their reasons, and claims indexed, and names any feed or sitemap
that listed nothing. Exit status 1 if any failed, 3 when no worker takes the queues, 130 after Ctrl-C, 124 after
--timeout.`,
} as const satisfies CommandSpec;

export const SEARCH = {
  name: 'search',
  summary: 'Claims about an actor (any alias), vendor, sector or country, with quotes and sources',
  usage: ['ENTITY [filters] [--format table|jsonl|csv|stix] [--limit N]'],
  description: `ENTITY is any name of an actor ("Stone Panda", "Cicada", "APT 10" and "menuPass" all mean APT10), a vendor, a sector
id or a country. A name several actors share lists the candidates instead of picking one. The list filters may be
repeated or comma-separated.`,
  options: {
    predicate: {
      type: 'string',
      multiple: true,
      value: 'P',
      help: 'targets-sector, targets-country, sponsored-by, reported-by, active-since, statistic',
    },
    sector: { type: 'string', multiple: true, value: 'ID', help: 'sector, e.g. pharmaceutical, it-services' },
    country: { type: 'string', multiple: true, value: 'CC', help: 'ISO country code, e.g. JP' },
    vendor: { type: 'string', multiple: true, value: 'ID', help: 'vendor the claim is reported by, e.g. symantec' },
    from: { type: 'string', value: 'DATE', help: 'published on or after (YYYY, YYYY-MM or YYYY-MM-DD)' },
    to: { type: 'string', value: 'DATE', help: 'published on or before' },
    hedged: { type: 'string', value: 'BOOL', help: 'true: only hedged claims; false: only stated ones' },
    negated: {
      type: 'string',
      value: 'WHICH',
      help: 'false (default: denials left out), true (only denials), any',
    },
    q: { type: 'string', value: 'WORDS', help: 'words the quote must contain' },
    format: {
      type: 'string',
      value: 'F',
      help: 'table (for reading), jsonl (one claim per line), csv, stix (a STIX 2.1 bundle)',
      default: 'table',
    },
    limit: {
      type: 'string',
      value: 'N',
      help: 'claims to show in a table or jsonl (default 20); csv and stix export up to 10,000',
    },
  },
  notes: 'Exit status 1 when nothing matches, 3 when ENTITY is ambiguous.',
} as const satisfies CommandSpec;

export const ASSERTIONS = {
  name: 'assertions',
  summary: 'What is asserted about an actor: each claim once, with its sources, vendors, dates and disputes',
  usage: ['ENTITY [filters] [--sort sources|last|first] [--format table|csv|json|stix] [--limit N]'],
  description: `Each (subject, predicate, object) once: how many independent sources (publishers) and articles state it, the
vendors they credit, when it was first and last reported, and how many articles deny or dispute it. ENTITY is any
name of an actor, a vendor, a sector or a country, as for search. The list filters may be repeated or
comma-separated; any value matches.`,
  options: {
    predicate: {
      type: 'string',
      multiple: true,
      value: 'P',
      help: 'targets-sector, targets-country, sponsored-by',
    },
    object: { type: 'string', multiple: true, value: 'ID', help: 'sector id or country code, e.g. pharmaceutical, JP' },
    vendor: { type: 'string', multiple: true, value: 'ID', help: 'vendor credited, e.g. symantec' },
    from: { type: 'string', value: 'DATE', help: 'reported on or after (YYYY, YYYY-MM or YYYY-MM-DD)' },
    to: { type: 'string', value: 'DATE', help: 'reported on or before' },
    disputed: { type: 'boolean', help: 'only assertions some article denies or disputes' },
    sort: {
      type: 'string',
      value: 'S',
      help: 'sources, last (latest report first), first (oldest first)',
      default: 'sources',
    },
    format: {
      type: 'string',
      value: 'F',
      help: 'table (for reading), csv, json, stix (one relationship per assertion, a report per article)',
      default: 'table',
    },
    tlp: { type: 'string', value: 'TLP', help: 'clear, green or amber: mark every object of a STIX export' },
    limit: {
      type: 'string',
      value: 'N',
      help: 'assertions to show in a table or json (default 20, at most 100); csv and stix export up to 500',
    },
  },
  notes: 'Exit status 1 when nothing matches, 3 when ENTITY is ambiguous.',
} as const satisfies CommandSpec;

export const SERVE = {
  name: 'serve',
  summary: 'Serve the HTTP API and the web UI on one port',
  usage: ['[--port N] [--host ADDR]'],
  description: `Serves the API (/v1/…, /openapi.json, /metrics) and the web UI (/) on one port. Writes need an API key from
CLAIMWIRE_API_KEYS. Starts the local services if they are not running (unless ELASTICSEARCH_URL is set).
SIGINT/SIGTERM stop taking requests, finish the open ones, then close.`,
  options: {
    port: { type: 'string', value: 'N', help: 'port to listen on (default: PORT, else 8080)' },
    host: { type: 'string', value: 'ADDR', help: 'address to listen on (default: CLAIMWIRE_HOST, else 127.0.0.1)' },
  },
  maxPositionals: 0,
} as const satisfies CommandSpec;

export const WATCH = {
  name: 'watch',
  summary: 'Watchlists: `watch add NAME --webhook URL`, `watch list`, `watch rm ID` (alerts on new reporting)',
  usage: [
    'add NAME --webhook URL [--on new-article|new-assertion] [--secret-file PATH | --secret-env | --secret-prompt] [--format json|slack] [--predicate P]... [--sector ID]... [--country CC]...',
    'list',
    'rm ID',
  ],
  description: `add    watches an actor by any of its names ("Stone Panda" watches APT10, and fires for articles that call it
       Cicada or APT10). A name several actors share is refused with the candidates; watch one of them by id.
       New reporting (first seen, not a re-ingest, not a syndicated copy) whose asserted claims match sends one
       signed POST per (watch, article); see docs/webhooks.md. A nightly digest goes to the same webhook.
       With --on new-assertion it fires only when an article makes an assertion about the actor that no earlier
       report made (the first report of it targeting a country or sector): one alert per assertion, naming it.
       The signing secret comes from a file (--secret-file PATH, - for stdin), the environment
       (--secret-env reads CLAIMWIRE_WATCH_SECRET) or the terminal (--secret-prompt), never from the command
       line, where shell history and ps would keep it.
list   the watches (secrets are never shown)
rm     deletes a watch`,
  options: {
    webhook: { type: 'string', value: 'URL', help: 'where alerts are POSTed' },
    on: {
      type: 'string',
      value: 'WHEN',
      help: 'new-article (every new article that matches) or new-assertion (only a first report)',
      default: 'new-article',
    },
    secret: { type: 'string', value: 'S', help: 'refused: a secret in argv is kept by shell history and ps' },
    'secret-file': { type: 'string', value: 'PATH', help: 'read the HMAC signing key from this file (- for stdin)' },
    'secret-env': { type: 'boolean', help: 'read the HMAC signing key from CLAIMWIRE_WATCH_SECRET' },
    'secret-prompt': { type: 'boolean', help: 'ask for the HMAC signing key on the terminal' },
    format: { type: 'string', value: 'json|slack', help: 'payload format (default json)' },
    predicate: { type: 'string', multiple: true, value: 'P', help: 'only claims with this predicate' },
    sector: { type: 'string', multiple: true, value: 'ID', help: 'only claims about this sector' },
    country: { type: 'string', multiple: true, value: 'CC', help: 'only claims about this country' },
  },
} as const satisfies CommandSpec;

export const ALERTS = {
  name: 'alerts',
  summary: 'Alerts sent to watch webhooks: `alerts list [--failed]`, `alerts ack ID`, `alerts redeliver ID`',
  usage: ['list [--failed | --pending] [--watch ID] [--limit N]', 'ack ID', 'redeliver ID'],
  description: `list        alerts newest first, with their status (pending, delivered, failed) and last error
ack         marks an alert as seen
redeliver   sends an alert again (a failed one after fixing the receiver, or a delivered one on request)`,
  options: {
    failed: { type: 'boolean', help: 'only failed alerts' },
    pending: { type: 'boolean', help: 'only alerts not delivered yet' },
    watch: { type: 'string', value: 'ID', help: "only this watch's alerts" },
    limit: { type: 'string', value: 'N', help: 'alerts to list, 1-1000 (default 50)' },
  },
  maxPositionals: 2,
} as const satisfies CommandSpec;

export const ACTORS = {
  name: 'actors',
  summary: 'Work with the actor catalog: `actors import FILE`, `actors show NAME`',
  usage: ['import FILE... [--catalog PATH] [--reextract [--work] [--batch ID]]', 'show NAME [--catalog PATH]'],
  description: `import   merges a MISP galaxy cluster file (threat-actor, mitre-intrusion-set, microsoft-activity-group …) or a
         MITRE ATT&CK STIX bundle into the local actor catalog, on top of the built-in one. Names shared by two
         actors are reported as conflicts, never merged. Importing the same file twice changes nothing.
         Running workers and \`serve\` pick the new catalog up by themselves (they look at the file before each
         job, and every 2 s). With --reextract, the stored articles that use a new name, or are attributed to an
         actor the import changed, are re-extracted (as \`claimwire reextract\` does, progress and counts included).
show     prints the actor a name or alias resolves to (or the candidates, if several actors share it)`,
  options: {
    catalog: catalogOption,
    reextract: {
      type: 'boolean',
      help: 'then re-extract the stored articles that mention the imported names (needs workers, or --work)',
    },
    work: { type: 'boolean', help: 'with --reextract: run the extract and index workers in this process' },
    batch: { type: 'string', value: 'ID', help: 'with --reextract: the re-extraction batch id (default: a new one)' },
  },
} as const satisfies CommandSpec;

export const REEXTRACT = {
  name: 'reextract',
  summary: 'Extract stored articles again (after an extractor upgrade or a catalog import) through the queues',
  usage: [
    '--all | [--actor NAME] [--since DATE] [--source ID] [--outdated] [--work] [--no-wait] [--batch ID]',
    '--batch ID [--work]',
  ],
  description: `Runs extraction again over the articles stored in Elasticsearch, without fetching them, and replaces each
article's claims: claims the extractor still makes keep their ids, new ones are added, the ones it no longer makes
are removed, and syndicated copies (duplicates) keep none. The work goes through the extract and index queues, so
every running \`claimwire worker\` takes a share (or pass --work). Waits with a progress bar, then prints the counts
of claims added, removed and unchanged. No alert is sent: the articles are not new reporting.
The selection options narrow each other:
  --all          every stored article
  --actor NAME   articles attributed to the actor, or whose text uses any of its names (after an import)
  --since DATE   articles ingested on or after DATE
  --source ID    articles from a source of the sources file (or a feed/sitemap URL)
  --outdated     articles whose claims another extractor version or catalog revision made
Ctrl-C stops waiting (the batch goes on); \`claimwire reextract --batch ID\` follows it again, or resumes one whose
command was stopped while queueing.`,
  options: {
    all: { type: 'boolean', help: 'every stored article' },
    actor: { type: 'string', value: 'NAME', help: 'articles about this actor (any of its names)' },
    since: { type: 'string', value: 'DATE', help: 'articles ingested on or after DATE (YYYY-MM-DD or ISO date-time)' },
    source: { type: 'string', value: 'ID', help: 'articles from this source id of the sources file, or a feed URL' },
    outdated: { type: 'boolean', help: 'only articles not made by the current extractor and catalog' },
    batch: { type: 'string', value: 'ID', help: 'resume or follow this re-extraction batch (default: a new one)' },
    work: { type: 'boolean', help: 'run extract and index workers in this process while waiting' },
    'no-wait': { type: 'boolean', help: 'queue the batch, print its id and return' },
    timeout: { type: 'string', value: 'S', help: 'give up waiting after S seconds (exit 124)' },
    catalog: catalogOption,
  },
  maxPositionals: 0,
  notes: `Exit status 1 if any article failed, 3 when no worker takes the queues (said within 10 s, with what to run),
130 after Ctrl-C, 124 after --timeout.`,
} as const satisfies CommandSpec;

/** The commands in the order `claimwire --help` lists them. */
export const COMMAND_SPECS: readonly CommandSpec[] = [
  EXTRACT,
  DEMO,
  SERVICES,
  WORKER,
  INGEST,
  REEXTRACT,
  SEARCH,
  ASSERTIONS,
  SERVE,
  WATCH,
  ALERTS,
  ACTORS,
];
