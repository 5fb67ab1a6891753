/**
 * Actor candidates and the 'actor-is-group' decision, on short articles written for these tests. Rules that never
 * depend on a model (tactic ids, URLs, umbrella names, uncatalogued names) are checked with an untrained model set
 * (every candidate kept); the group-or-malware decision is checked with the weights that ship.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Article } from '../../../src/article/types.ts';
import type { ExtractionResult } from '../../../src/claims/types.ts';
import { extractArticle } from '../../../src/extract/index.ts';
import { type Decision, untrainedModels } from '../../../src/extract/model/models.ts';

function article(text: string): Article {
  return {
    url: 'https://news.example.test/actors',
    title: null,
    publisher: null,
    published: '2026-03-02',
    language: 'en',
    authors: [],
    modified: null,
    paragraphs: [],
    text,
  };
}

const candidatesOnly = { models: untrainedModels() };
const ids = (r: ExtractionResult): string[] => r.actors.map((a) => a.id).sort();
function decisions(text: string): Decision[] {
  const out: Decision[] = [];
  extractArticle(article(text), { observe: (d) => d.model === 'actor-is-group' && out.push(d) });
  return out;
}

// The same brand, once as the tool an intrusion ended with and once as the people behind an attack.
const DEPLOYED = [
  'Harbour Freight Logistics restores systems after weekend intrusion',
  'Incident responders said the intruders moved laterally for three days before they deployed Conti ransomware on the file servers. The loader dropped Conti through a scheduled task, and the Conti samples recovered from the servers encrypted shared drives.',
  'Indicators published with the report include the hashes 5f2b7c0e9a1d4b3c6e8f0a1b2c3d4e5f and 0a1b2c3d4e5f60718293a4b5c6d7e8f9, loader.dll and update.exe on a host at 203.0.113[.]7.',
].join('\n\n');
const GANG = [
  'Conti gang claims attack on regional hospital',
  'The Conti gang claimed responsibility for the attack on a regional hospital on Monday, posting patient records on its leak site.',
  'Conti affiliates have hit more than forty healthcare providers this year, and the Conti operators demanded $2 million from the hospital, according to the FBI.',
].join('\n\n');

describe('actor extraction: malware or the gang behind it', () => {
  it('does not report a ransomware brand the text only uses as the malware deployed', () => {
    assert.deepEqual(ids(extractArticle(article(DEPLOYED))), []);
  });

  it('reports the brand as an actor when the text speaks of the people (gang, affiliates, operators)', () => {
    const r = extractArticle(article(GANG));
    assert.deepEqual(ids(r), ['conti']);
    const mentions = r.actors[0]?.mentions.map((m) => m.text) ?? [];
    assert.ok(mentions.length >= 3, `mentions: ${mentions.join(', ')}`);
  });

  it('tells the two apart by context features, not by the name', () => {
    const [tool] = decisions(DEPLOYED);
    const [gang] = decisions(GANG);
    assert.ok(tool && gang, 'both articles propose Conti as a candidate');
    assert.equal(tool.x.get('malware-name'), 1);
    assert.equal(gang.x.get('malware-name'), 1);
    assert.equal(tool.x.get('malware-name:tool-use'), 1);
    assert.equal(tool.x.get('malware-name:people'), undefined);
    assert.equal(gang.x.get('malware-name:people'), 1);
    assert.ok(gang.score > tool.score, `gang ${gang.score} vs deployed ${tool.score}`);
    for (const d of [tool, gang])
      for (const f of d.x.keys()) assert.ok(!/conti/i.test(f), `feature ${f} names the actor`);
  });
});

describe('actor extraction: rules that hold whatever the model', () => {
  it('never takes ATT&CK tactic or technique ids for actors, but keeps a Proofpoint TA cluster', () => {
    const r = extractArticle(
      article(
        'The phishing wave maps to TA0001 (Initial Access) and TA0002 (Execution), using technique T1566.001. ' +
          'Proofpoint attributes the activity to a threat actor it tracks as TA4903, which has sent lures since 2023.',
      ),
      candidatesOnly,
    );
    const texts = r.actors.flatMap((a) => a.mentions.map((m) => m.text));
    assert.ok(!texts.some((t) => /^TA00|^T1566/.test(t)), `actor mentions: ${texts.join(', ')}`);
    assert.ok(texts.includes('TA4903'), `actor mentions: ${texts.join(', ')}`);
  });

  it('resolves an umbrella name to the umbrella actor unless the article names only a finer one', () => {
    const alone = extractArticle(
      article('North Korean hackers from Lazarus stole $40 million from a cryptocurrency exchange, the FBI said.'),
      candidatesOnly,
    );
    assert.deepEqual(ids(alone), ['lazarus-group']);
    assert.equal(alone.actors[0]?.ambiguous, undefined);
    const both = extractArticle(
      article(
        'The FBI said APT38 stole $40 million from a cryptocurrency exchange. Lazarus Group, the wider North Korean ' +
          'hacking operation, has stolen more than $3 billion since 2017, and Lazarus keeps recruiting developers.',
      ),
      candidatesOnly,
    );
    const lazarus = both.actors.find((a) => a.id === 'lazarus-group');
    assert.deepEqual(
      lazarus?.mentions.map((m) => m.text),
      ['Lazarus Group', 'Lazarus'],
    );
    assert.deepEqual(ids(both), ['apt38', 'lazarus-group']);
    const finer = extractArticle(
      article('The FBI said APT38 stole $40 million from a cryptocurrency exchange. Lazarus hackers denied nothing.'),
      candidatesOnly,
    );
    assert.deepEqual(ids(finer), ['apt38']);
  });

  it('proposes a group the catalog lacks from "tracked as" and later bare mentions of it', () => {
    const r = extractArticle(
      article(
        'Kestrel Labs said a state-sponsored threat group tracked as Ashen Loom breached two ministries in Chile. ' +
          'Ashen Loom used stolen VPN credentials, the company said.',
      ),
      candidatesOnly,
    );
    const loom = r.actors.find((a) => a.id === 'new:ashenloom');
    assert.ok(loom, `actors: ${ids(r).join(', ')}`);
    assert.deepEqual(
      loom.mentions.map((m) => m.text),
      ['Ashen Loom', 'Ashen Loom'],
    );
  });

  it('proposes every cluster of a "tracked as" list', () => {
    const r = extractArticle(
      article(
        'The agency said the intrusions came from three threat clusters it tracks as Ashen Loom, Copper Wren and ' +
          'Storm-2077, all of them hacking groups that targeted telecommunications providers.',
      ),
      candidatesOnly,
    );
    assert.deepEqual(ids(r), ['new:ashenloom', 'new:copperwren', 'new:storm2077']);
  });

  it('ignores names inside link targets and URLs, not in link anchors', () => {
    const r = extractArticle(
      article('Read the advisory [here](https://blog.example.test/2026/lazarus-group-apt38-report) before Friday.'),
      candidatesOnly,
    );
    assert.deepEqual(ids(r), []);
    const anchor = extractArticle(
      article(
        'The RAT has been used by state-sponsored groups such as [APT41](https://attack.mitre.org/groups/G0096/).',
      ),
      candidatesOnly,
    );
    assert.deepEqual(ids(anchor), ['apt41']);
  });

  it('does not take a person introduced after a group noun for a group', () => {
    const r = extractArticle(
      article(
        'Asked about the espionage threat actor, Marta Quillon, a senior researcher at Kestrel Labs, said the group ' +
          'reused infrastructure.',
      ),
      candidatesOnly,
    );
    assert.deepEqual(ids(r), []);
  });

  it('folds a catalog actor the article calls another name of the one just named', () => {
    // FIN7 and Anunak are two actors in the catalog; this article says they are one group, so they are here.
    const r = extractArticle(
      article(
        'Hotel chains across Europe were breached by FIN7—also known as Anunak—in a wave of card-skimming ' +
          'intrusions last spring, investigators said.\n\nAnunak operators later broke into two casino operators in Macau.',
      ),
      candidatesOnly,
    );
    assert.deepEqual(ids(r), ['fin7']);
    assert.deepEqual(
      r.actors[0]?.mentions.map((m) => m.text),
      ['FIN7', 'Anunak', 'Anunak'],
    );
    const macau = r.claims.find((c) => c.predicate === 'targets-country' && c.object?.id === 'MO');
    assert.equal(macau?.subject.id, 'fin7');
  });
});

describe('claim subjects', () => {
  it('carry the name the article uses for the actor, in the sentence or the one reached back to', () => {
    const r = extractArticle(
      article(
        'Security researchers at Kaspersky said DeathStalker has spent years breaking into law firms in Switzerland. ' +
          'The group also went after financial companies in Cyprus.',
      ),
    );
    const legal = r.claims.find((c) => c.predicate === 'targets-sector' && c.object?.id === 'legal');
    assert.equal(legal?.subject.id, 'evilnum');
    assert.equal(legal?.subject.name, 'Evilnum');
    assert.deepEqual(legal?.subject.mentions, [{ text: 'DeathStalker', start: 39, end: 51 }]);
    const cyprus = r.claims.find((c) => c.predicate === 'targets-country' && c.object?.id === 'CY');
    assert.deepEqual(cyprus?.subject.mentions, [{ text: 'DeathStalker', start: 39, end: 51 }]);
  });
});
