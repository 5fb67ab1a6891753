import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildAlert,
  buildDigest,
  escapeSlack,
  type SlackBlock,
  slackLink,
  toSlackPayload,
} from '../../../src/alerts/index.ts';
import { ARTICLE, alertInput, claim, WATCH } from './fixtures.ts';

function mrkdwnOf(block: SlackBlock | undefined): string {
  if (block?.type === 'section') return block.text.text;
  if (block?.type === 'context') return block.elements.map((e) => e.text).join('\n');
  return assert.fail(`expected a section or context block, got ${JSON.stringify(block)}`);
}

describe('toSlackPayload (alert)', () => {
  const evil = claim('evil', {
    citation: { url: null, quote: 'They ran <script>alert(1)</script> & <!channel> <@U123>', start: 0, end: 10 },
  });
  const slack = toSlackPayload(buildAlert(alertInput({ claims: [claim('c1'), evil] })));

  it('has text, a section with the actor and the article link, and a context line per claim', () => {
    assert.equal(typeof slack.text, 'string');
    assert.match(slack.text, /^New reporting on APT10: /);
    assert.equal(slack.unfurl_links, false);
    const [section, ...rest] = slack.blocks;
    assert.equal(section?.type, 'section');
    const head = mrkdwnOf(section);
    assert.match(head, /\*New reporting on APT10\*/);
    assert.ok(
      head.includes(
        '<https://vendor.example/blog/cicada?x=1&amp;y=2|Cicada: Chinese APT group &lt;targets&gt; Japan &amp; others>',
      ),
      head,
    );
    assert.match(head, /Symantec, 2020-11-17/);
    assert.equal(rest.filter((b) => b.type === 'context').length, 3); // two claims and the footer
    assert.match(mrkdwnOf(rest[0]), /\*targets Healthcare\* — symantec\n“Quote for c1\.”/);
    assert.match(mrkdwnOf(rest.at(-1)), /Watch: APT10 in healthcare/);
  });

  it('escapes &, < and > in quotes so nothing becomes markup, a mention or a broadcast', () => {
    const line = mrkdwnOf(slack.blocks[2]);
    assert.ok(
      line.includes('They ran &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt; &lt;@U123&gt;'),
      line,
    );
    for (const block of slack.blocks) {
      if (block.type === 'divider' || block.type === 'header') continue;
      // Every < left in mrkdwn opens one of our own links.
      for (const m of mrkdwnOf(block).matchAll(/</g)) {
        assert.equal(mrkdwnOf(block).slice(m.index, m.index + 9), '<https://');
      }
    }
    assert.doesNotMatch(slack.text, /<|>/);
  });

  it('summarises hedged statistics and denials and caps the claim lines', () => {
    const many = Array.from({ length: 13 }, (_, i) => claim(`c${i}`));
    const stat = claim('s', {
      predicate: 'statistic',
      object: null,
      value: { percent: 40, of: 'victims' },
      hedged: true,
    });
    const denied = claim('d', { negated: true });
    const s = toSlackPayload(buildAlert(alertInput({ claims: [stat, denied, ...many] })));
    assert.match(mrkdwnOf(s.blocks[1]), /\*statistic: 40% of victims \(hedged\)\*/);
    assert.match(mrkdwnOf(s.blocks[2]), /\*not targets Healthcare\*/);
    assert.equal(s.blocks.length, 1 + 10 + 1);
    assert.match(mrkdwnOf(s.blocks.at(-1)), /and 5 more claims/);
  });
});

describe('slack helpers', () => {
  it('escapes only the three characters Slack requires', () => {
    assert.equal(escapeSlack('a & b < c > d *e* _f_'), 'a &amp; b &lt; c &gt; d *e* _f_');
  });

  it('does not link non-http URLs and keeps the link delimiters out of URL and label', () => {
    assert.equal(slackLink('javascript:alert(1)', 'click <me>'), 'click &lt;me&gt;');
    assert.equal(slackLink('https://x.example/a|b', 'x|y'), '<https://x.example/a%7Cb|x¦y>');
    assert.equal(slackLink('https://x.example/', '  '), '<https://x.example/|https://x.example/>');
  });
});

describe('toSlackPayload (digest)', () => {
  it('renders a header, a summary and the article list with links', () => {
    const alerts = [
      buildAlert(alertInput()),
      buildAlert(alertInput({ article: { ...ARTICLE, id: 'b', title: null, url: 'https://b.example/post' } })),
    ];
    const digest = buildDigest({ watch: WATCH, alerts, period: { from: '2024-04-30', to: '2024-05-01' } });
    const slack = toSlackPayload(digest);
    assert.equal(slack.blocks[0]?.type, 'header');
    assert.match(slack.text, /2 articles, 4 claims \(2024-04-30 – 2024-05-01\)/);
    const list = mrkdwnOf(slack.blocks[2]);
    assert.match(
      list,
      /• <https:\/\/b\.example\/post\|https:\/\/b\.example\/post> — APT10, 2 claims, Symantec, 2020-11-17/,
    );
    assert.ok(list.includes('&lt;targets&gt;'));
  });
});
