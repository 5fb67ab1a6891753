import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../../src/extract/catalog/index.ts';
import { Doc } from '../../../src/extract/document.ts';
import { Decider, type Decision, defaultModels } from '../../../src/extract/model/models.ts';
import { extractVendors, type VendorExtraction } from '../../../src/extract/vendors.ts';

/** Vendors of a text with the weights that ship, and every 'vendor-cited' decision taken. */
function vendorsOf(text: string, publisher: string | null = null): VendorExtraction & { decisions: Decision[] } {
  const decisions: Decision[] = [];
  const decider = new Decider(defaultModels(), (d) => decisions.push(d));
  const result = extractVendors(new Doc(text, '2025-03-04'), defaultCatalog(), decider, publisher);
  return { ...result, decisions };
}

const cited = (r: VendorExtraction) => r.entities.map((e) => [e.id, e.name]);

describe('vendors: organisations cited as sources', () => {
  it('finds an organisation the catalog lacks when it is cited, under a new: id with its name as written', () => {
    const r = vendorsOf(
      'Hackers linked to Beijing broke into the ministry. Kestrel Labs, a Lisbon-based security firm, said the ' +
        'intruders used a custom backdoor. Kestrel Labs researchers found the same loader at two telecoms.',
    );
    assert.deepEqual(cited(r), [['new:kestrel-labs', 'Kestrel Labs']]);
    const first = r.mentions.find((m) => m.vendorId === 'new:kestrel-labs');
    assert.ok(first?.rules.includes('vendor:appositive'), `rules: ${first?.rules}`);
    assert.ok(first?.rules.includes('vendor:verb-after'), `rules: ${first?.rules}`);
    assert.ok((first?.score ?? 0) >= 0.5);
  });

  it('cites an organisation named once when it is introduced as a security firm and speaks in the same frame', () => {
    const r = vendorsOf(
      'Kestrel Labs, a Lisbon-based security firm, said the intrusions at two shipping companies in Portugal were the work of APT28.',
    );
    assert.deepEqual(cited(r), [['new:kestrel-labs', 'Kestrel Labs']]);
    assert.ok(r.mentions[0]?.rules.includes('vendor:introduced-and-speaking'));
    // Introduced but silent, or speaking but never introduced, a name seen once is left to the model.
    const silent = vendorsOf('Kestrel Labs, a Lisbon-based security firm, moved to a new office in Porto.');
    assert.ok(!silent.mentions.some((m) => m.rules.includes('vendor:introduced-and-speaking')));
  });

  it('takes "documented by" and "according to cybersecurity firm" as citation cues on uncatalogued names', () => {
    const r = vendorsOf(
      'The implant was first documented by Brightwater Labs in March. Brightwater Labs researchers said the ' +
        'operators reused servers. According to cybersecurity firm Harrowgate Labs, the same servers hosted a loader.',
    );
    const rules = (id: string) => r.mentions.filter((m) => m.vendorId === id).map((m) => m.rules.sort());
    assert.deepEqual(rules('new:brightwater-labs'), [['vendor:by'], ['vendor:the-company-said', 'vendor:verb-after']]);
    assert.deepEqual(rules('new:harrowgate-labs'), [
      ['vendor:according-to', 'vendor:descriptor', 'vendor:introduced-and-speaking'],
    ]);
    // Cited twice in two frames: accepted by the model. Named once, Harrowgate Labs is cited by its frame: introduced
    // as a cybersecurity firm and the source of what follows "according to".
    assert.ok(
      cited(r).some(([id]) => id === 'new:brightwater-labs'),
      `cited: ${cited(r)}`,
    );
    assert.ok(
      cited(r).some(([id]) => id === 'new:harrowgate-labs'),
      `cited: ${cited(r)}`,
    );
  });

  it('counts a national agency the catalog lacks as a source when it is cited, like a catalogued one', () => {
    const r = vendorsOf(
      'Russian hackers probed Finnish ministries. The Finnish Security Intelligence Office said the same crew ' +
        'used stolen accounts, and CISA warned operators on Tuesday. The office added that no data was taken.',
    );
    const ids = cited(r).map(([id]) => id);
    assert.ok(ids.includes('new:finnish-security-intelligence-office'), `cited: ${ids}`);
    assert.ok(ids.includes('cisa'), `cited: ${ids}`);
    const finnish = r.decisions.find((d) => d.about.vendorId === 'new:finnish-security-intelligence-office');
    assert.equal(finnish?.x.get('kind:government-agency'), 1, 'the kind is read from the name');
  });

  it('reads "the US government says" as a government cited', () => {
    const r = vendorsOf('Iranian hackers sold access to ransomware gangs, the US government says.');
    assert.deepEqual(
      r.mentions.map((m) => [m.vendorId, m.text, m.rules]),
      [['new:us-government', 'US government', ['vendor:verb-after']]],
    );
  });

  it('does not cite a vendor named only as a victim or a product maker', () => {
    const r = vendorsOf(
      'The group breached Microsoft and stole e-mail from executives. It exploited a flaw in Microsoft Exchange ' +
        'servers, according to CISA. The agency said patches were applied.',
    );
    assert.deepEqual(cited(r), [['cisa', 'CISA']]);
    const microsoft = r.decisions.find((d) => d.about.vendorId === 'microsoft');
    assert.ok(microsoft && !microsoft.accepted, 'Microsoft was a candidate and was turned down');
  });

  it('keeps a vendor that denies a link as the source of the denial', () => {
    const r = vendorsOf('ESET did not find any evidence that Sandworm targeted organizations in Poland.');
    assert.deepEqual(cited(r), [['eset', 'ESET']]);
  });

  it('never takes people, news outlets or ordinary sentence-initial words for organisations', () => {
    const r = vendorsOf(
      'Officials at the city confirmed the outage. Residents said phones were down, according to Reuters. ' +
        'Tomasz Wierzbicki, the mayor, said the attack began at night. Wierzbicki said backups were intact.',
    );
    assert.deepEqual(cited(r), []);
    assert.deepEqual(r.decisions, [], 'none of them is even a candidate');
  });

  it('joins an acronym given in brackets to the organisation it abbreviates', () => {
    const r = vendorsOf(
      'Analysts at the Baltic Institute for Network Defence (BIND) tracked the campaign. BIND said the ' +
        'attackers used stolen certificates.',
    );
    assert.deepEqual(cited(r), [['new:baltic-institute-for-network-defence', 'Baltic Institute for Network Defence']]);
    assert.deepEqual(
      r.mentions.filter((m) => m.vendorId.startsWith('new:')).map((m) => m.text),
      ['Baltic Institute for Network Defence', 'BIND', 'BIND'],
    );
  });
});
