import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  cronProblem,
  DEFAULT_CRON,
  loadSourcesConfig,
  parseSourcesConfig,
  SourcesConfigError,
} from '../../../config/sources.ts';
import { InputError } from '../../../src/errors.ts';

const defaultFile = fileURLToPath(new URL('../../../config/sources.json', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'claimwire-sources-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Parses and returns the SourcesConfigError's issues (fails if it parses). */
function issuesOf(raw: unknown): readonly string[] {
  try {
    parseSourcesConfig(raw, 'test.json');
  } catch (error) {
    assert.ok(error instanceof SourcesConfigError, String(error));
    assert.ok(error instanceof InputError);
    assert.equal(error.context.input, 'test.json');
    return error.issues;
  }
  assert.fail('expected a SourcesConfigError');
}

const feed = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'rss',
  url: `https://${id}.example.com/feed`,
  ...extra,
});

describe('sources config', () => {
  it('loads the shipped default: real example feeds, all disabled, nightly at 02:00 UTC', () => {
    const config = loadSourcesConfig(defaultFile);
    assert.deepEqual(config.schedule, { cron: '0 2 * * *', timezone: 'UTC' });
    assert.ok(config.sources.length >= 5);
    assert.deepEqual(
      config.sources.filter((s) => s.enabled),
      [],
    );
    assert.match(config.note ?? '', /example/i);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.sources));
  });

  it('applies defaults: schedule, enabled', () => {
    const config = parseSourcesConfig({ sources: [feed('one')] });
    assert.deepEqual(config.schedule, { cron: DEFAULT_CRON, timezone: 'UTC' });
    assert.equal(config.sources[0]?.enabled, true);
    assert.deepEqual(parseSourcesConfig({}).sources, []);
  });

  it('resolves file paths against the sources file folder', () => {
    const file = path.join(tmp, 'sources.json');
    writeFileSync(file, JSON.stringify({ sources: [{ id: 'local', kind: 'urls', file: 'lists/urls.txt' }] }));
    assert.equal(loadSourcesConfig(file).sources[0]?.file, path.join(tmp, 'lists', 'urls.txt'));
  });

  it('rejects a bad cron expression, using the scheduler own parser', () => {
    assert.match(issuesOf({ schedule: { cron: '61 2 * * *' } }).join('\n'), /schedule\.cron: invalid cron.*61/);
    assert.match(
      issuesOf({ schedule: { cron: 'every night' } }).join('\n'),
      /schedule\.cron: cron expression "every night" has 2 fields/,
    );
    assert.match(issuesOf({ schedule: { cron: '* * *' } }).join('\n'), /has 3 fields/);
    assert.equal(cronProblem('*/15 * * * *'), undefined);
    assert.equal(cronProblem('0 0 2 * * 1-5'), undefined);
    assert.equal(cronProblem('@daily'), undefined);
    assert.notEqual(cronProblem('0 2 31 2 *'), undefined);
  });

  it('rejects an unknown time zone', () => {
    const issues = issuesOf({ schedule: { cron: '0 2 * * *', timezone: 'Mars/Olympus_Mons' } });
    assert.match(issues.join('\n'), /schedule\.timezone: unknown time zone "Mars\/Olympus_Mons"/);
    assert.equal(parseSourcesConfig({ schedule: { timezone: 'Europe/Berlin' } }).schedule.timezone, 'Europe/Berlin');
  });

  it('rejects duplicate ids, naming the id and both entries', () => {
    const issues = issuesOf({ sources: [feed('talos'), feed('krebs'), feed('talos')] });
    assert.deepEqual(issues, ['source "talos" (sources[2]).id: duplicate id "talos" (first used by sources[0])']);
  });

  it('names the source id in per-source errors and lists every problem at once', () => {
    const issues = issuesOf({
      sources: [
        { id: 'no-url', kind: 'rss' },
        { id: 'bad-url', kind: 'atom', url: 'javascript:alert(1)' },
        { id: 'both', kind: 'sitemap', url: 'https://s.example.com/sitemap.xml', file: 'x.xml' },
        { id: 'bad-kind', kind: 'podcast', url: 'https://p.example.com/' },
        { id: 'typo', kind: 'rss', url: 'https://t.example.com/feed', enabeld: false },
        { id: 'cap', kind: 'rss', url: 'https://c.example.com/feed', maxItems: 0 },
        { id: 'list-inline', kind: 'urls', urls: ['https://ok.example.com/', 'file:///etc/passwd'] },
        { id: 'feed-with-urls', kind: 'feed', urls: ['https://ok.example.com/'] },
        { id: 'Bad Id', kind: 'rss', url: 'https://b.example.com/' },
      ],
    });
    const text = issues.join('\n');
    assert.match(text, /source "no-url" \(sources\[0\]\): kind "rss" needs exactly one of "url" or "file"/);
    assert.match(text, /source "bad-url" \(sources\[1\]\)\.url: must be an absolute http\(s\) URL/);
    assert.match(text, /source "both" \(sources\[2\]\): kind "sitemap" needs exactly one/);
    assert.match(text, /source "bad-kind" \(sources\[3\]\)\.kind:/);
    assert.match(text, /source "typo" \(sources\[4\]\).*enabeld/);
    assert.match(text, /source "cap" \(sources\[5\]\)\.maxItems:/);
    assert.match(text, /source "list-inline" \(sources\[6\]\)\.urls\.1: must be an absolute http\(s\) URL/);
    assert.match(text, /source "feed-with-urls" \(sources\[7\]\)\.urls: "urls" is only for kind "urls"/);
    assert.match(text, /source "Bad Id" \(sources\[8\]\)\.id: must be 1-64 characters/);
    assert.equal(issues.length, 9);
  });

  it('reports unreadable and non-JSON files with the path', () => {
    const missing = path.join(tmp, 'missing.json');
    assert.throws(
      () => loadSourcesConfig(missing),
      (e: unknown) => e instanceof SourcesConfigError && e.message.includes(missing) && /cannot read/.test(e.message),
    );
    const broken = path.join(tmp, 'broken.json');
    writeFileSync(broken, '{ "sources": [ }');
    assert.throws(
      () => loadSourcesConfig(broken),
      (e: unknown) => e instanceof SourcesConfigError && e.message.includes(broken) && /not valid JSON/.test(e.message),
    );
    assert.match(issuesOf([]).join('\n'), /\(top level\)/);
  });

  it("on first use, seeds a missing file from the example, then reads the user's copy and leaves it alone", () => {
    const user = path.join(tmp, 'xdg-config', 'claimwire', 'sources.json');
    const first = loadSourcesConfig(user, defaultFile);
    assert.equal(readFileSync(user, 'utf8'), readFileSync(defaultFile, 'utf8'));
    assert.deepEqual(first, loadSourcesConfig(defaultFile));
    writeFileSync(user, JSON.stringify({ sources: [] }));
    assert.deepEqual(loadSourcesConfig(user, defaultFile).sources, [], 'an edited file is never overwritten');
  });
});
