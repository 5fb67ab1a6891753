/**
 * Renders payloads as Slack incoming-webhook messages (`{ text, blocks }`), for watches with `format: 'slack'`, so
 * analysts can point a watch straight at a Slack channel without writing a receiver. Everything that came from an
 * article (titles, quotes, publisher names) is untrusted and escaped for mrkdwn, so a quote cannot inject a
 * `<!channel>` ping or a disguised link.
 */
import type { Predicate } from '../claims/types.ts';
import type { AlertClaim, AlertPayload, DigestPayload, WebhookPayload } from './types.ts';

/** A Slack Block Kit text object. */
export interface SlackText {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

/** The blocks claimwire emits (a subset of Block Kit). */
export type SlackBlock =
  | { type: 'header'; text: SlackText & { type: 'plain_text' } }
  | { type: 'section'; text: SlackText }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' };

/** A Slack incoming-webhook message. `text` is the notification and screen-reader fallback. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
  /** Article links are attacker-influenced; do not let Slack fetch and preview them. */
  unfurl_links: false;
  unfurl_media: false;
}

/** Slack limits (Block Kit): 3000 characters per section text, 150 per header, 10 elements per context, 50 blocks. */
const MAX_SECTION = 3000;
const MAX_HEADER = 150;
const MAX_QUOTE = 500;
/** The notification text; Slack truncates long ones anyway. */
const MAX_FALLBACK = 300;
/** Claims shown before "…and N more"; each takes one context block, keeping well under the 50-block cap. */
const MAX_CLAIMS_SHOWN = 10;
const MAX_DIGEST_ARTICLES = 20;

/**
 * Escapes text for Slack mrkdwn: `&`, `<` and `>` become entities, as Slack requires. `<` is what starts a link,
 * a mention (`<@U123>`) or a broadcast (`<!channel>`), so escaping it keeps article text inert.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A mrkdwn link `<url|label>`, or the escaped label alone when the URL is not http(s). `|` and `>` cannot be escaped
 * inside the URL part, so they are percent-encoded (they are not special in URLs, the link still works).
 */
export function slackLink(url: string, label: string): string {
  const text = escapeSlack(label.replace(/\s+/g, ' ').trim() || url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return text;
  const href = parsed.href.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${href}|${text.replace(/\|/g, '¦')}>`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const PREDICATE_LABELS: Record<Predicate, string> = {
  'targets-sector': 'targets',
  'targets-country': 'targets',
  'sponsored-by': 'sponsored by',
  'reported-by': 'reported by',
  'active-since': 'active since',
  statistic: 'statistic',
};

/** "targets Healthcare", "sponsored by China", "statistic: 40% of …" — plain text, escaped later. */
function claimSummary(claim: AlertClaim): string {
  const label = `${claim.negated ? 'not ' : ''}${PREDICATE_LABELS[claim.predicate]}`;
  const value =
    claim.value === null
      ? ''
      : typeof claim.value === 'string'
        ? claim.value
        : `${claim.value.percent}% of ${claim.value.of}`;
  const what = [claim.object?.name ?? '', value].filter((s) => s !== '').join(' ');
  const text = what === '' ? label : claim.predicate === 'statistic' ? `${label}: ${what}` : `${label} ${what}`;
  return claim.hedged ? `${text} (hedged)` : text;
}

function articleLabel(alert: Pick<AlertPayload, 'article'>): string {
  return alert.article.title ?? alert.article.url;
}

function byline(publisher: string | null, published: string | null): string {
  return [publisher, published].filter((s): s is string => s !== null && s !== '').join(', ');
}

function alertToSlack(alert: AlertPayload): SlackPayload {
  const { actor, article, claims, watch } = alert;
  const meta = byline(article.publisher, article.published);
  const claimWord = claims.length === 1 ? 'claim' : 'claims';
  const text = escapeSlack(
    truncate(
      `New reporting on ${actor.name}: ${articleLabel(alert)}${meta ? ` (${meta})` : ''}, ${claims.length} ${claimWord}`,
      MAX_FALLBACK,
    ),
  );
  const blocks: SlackBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*New reporting on ${escapeSlack(actor.name)}*\n${slackLink(article.url, articleLabel(alert))}` +
            (meta ? `\n${escapeSlack(meta)}` : ''),
          MAX_SECTION,
        ),
      },
    },
  ];
  for (const claim of claims.slice(0, MAX_CLAIMS_SHOWN)) {
    const credit = claim.reportedBy.length > 0 ? ` — ${claim.reportedBy.join(', ')}` : '';
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `*${escapeSlack(claimSummary(claim))}*${escapeSlack(credit)}\n“${escapeSlack(truncate(claim.quote, MAX_QUOTE))}”`,
        },
      ],
    });
  }
  const hidden = claims.length - MAX_CLAIMS_SHOWN;
  const footer = `Watch: ${watch.name}${hidden > 0 ? ` · and ${hidden} more ${hidden === 1 ? 'claim' : 'claims'}` : ''}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(footer) }] });
  return { text, blocks, unfurl_links: false, unfurl_media: false };
}

function digestToSlack(digest: DigestPayload): SlackPayload {
  const { totals, watch, period } = digest;
  const summary =
    `claimwire digest for ${watch.name}: ${totals.articles} ${totals.articles === 1 ? 'article' : 'articles'}, ` +
    `${totals.claims} ${totals.claims === 1 ? 'claim' : 'claims'} (${period.from.slice(0, 10)} – ${period.to.slice(0, 10)})`;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Digest: ${watch.name}`, MAX_HEADER) } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(summary) } },
  ];
  const lines: string[] = [];
  for (const entry of digest.articles.slice(0, MAX_DIGEST_ARTICLES)) {
    const meta = byline(entry.article.publisher, entry.article.published);
    const count = `${entry.claimCount} ${entry.claimCount === 1 ? 'claim' : 'claims'}`;
    lines.push(
      `• ${slackLink(entry.article.url, articleLabel(entry))} — ${escapeSlack(`${entry.actor.name}, ${count}${meta ? `, ${meta}` : ''}`)}`,
    );
  }
  if (lines.length > 0) {
    // Split into sections under the per-section limit rather than cutting a link in half.
    let chunk = '';
    for (const line of lines) {
      if (chunk !== '' && chunk.length + 1 + line.length > MAX_SECTION) {
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
        chunk = '';
      }
      chunk = chunk === '' ? truncate(line, MAX_SECTION) : `${chunk}\n${line}`;
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  }
  const hidden = digest.articles.length - MAX_DIGEST_ARTICLES;
  if (hidden > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `and ${hidden} more ${hidden === 1 ? 'article' : 'articles'}` }],
    });
  }
  return { text: escapeSlack(summary), blocks, unfurl_links: false, unfurl_media: false };
}

/**
 * The Slack message for an alert (a section with the actor and the article link, one context line per claim with its
 * quote) or a digest (a header and a list of article links). `text` is the notification fallback; it and all block
 * mrkdwn have every untrusted string escaped (header blocks are `plain_text`, which Slack never parses).
 */
export function toSlackPayload(payload: WebhookPayload): SlackPayload {
  return payload.type === 'claimwire.alert' ? alertToSlack(payload) : digestToSlack(payload);
}
