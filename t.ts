import { extractArticle } from './src/extract/index.ts';
const art = (text: string) => ({ url: 'https://news.example/story', title: null, publisher: null, published: '2025-03-04', language: 'en', authors: [], modified: null, paragraphs: [], text });
for (const t of [
 'Microsoft said it had seen no sign that APT29 accessed government systems in Germany.',
 'The company found nothing to suggest Lazarus was behind the attack on banks in Chile.',
 'Officials stopped short of blaming Sandworm for the outage at energy companies in Ukraine.',
 'There is no indication that Volt Typhoon compromised utilities in Guam.',
 'Mandiant has not linked APT41 to the breach of hospitals in Taiwan.',
 'Kaspersky dismissed claims that Turla targeted embassies in Poland.',
 'China denied that APT31 targeted lawmakers in Finland.',
 'The Chinese embassy rejected accusations that APT40 hacked universities in Australia.',
 'Contrary to earlier reports, Volt Typhoon did not target the telecom networks in Guam.',
 'Researchers found no link between Conti and the attack on hospitals in Ireland.',
 'Neither ESET nor Microsoft has tied Gamaredon to the attacks on ministries in Moldova.',
 'The FBI said there was no evidence Scattered Spider was involved in the breach of retailers in the UK.',
 'Beijing called the accusation that APT40 targeted Australian universities groundless.',
 'APT28 was not responsible for the intrusion into the parliament in Norway, officials concluded.',
 'Symantec said it could not attribute the attacks on telecom firms in Kenya to APT10.',
 'CrowdStrike found no overlap between Fancy Bear and the campaign against defense contractors in Canada.',
]) {
  const r = extractArticle(art(t));
  const bad = r.claims.filter(c=>c.predicate!=='reported-by' && !c.negated).map(c=>c.subject.id+' '+c.predicate+' '+(c.object?.id??''));
  const neg = r.claims.filter(c=>c.negated).map(c=>c.subject.id+' '+c.predicate+' '+(c.object?.id??''));
  const rep = r.claims.filter(c=>c.predicate==='reported-by').map(c=>c.subject.id+'<'+(c.object?.id??'')+(c.negated?' NEG':''));
  console.log((bad.length? 'ASSERTED ':'ok       ')+t.slice(0,70)+'\n    asserted='+JSON.stringify(bad)+' negated='+JSON.stringify(neg)+' rep='+JSON.stringify(rep));
}
