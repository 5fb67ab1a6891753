import { extractArticle } from './src/extract/index.ts';
const art = (text: string) => ({ url: 'https://news.example/story', title: 'x', publisher: null, published: '2025-03-04', language: 'en', authors: [], modified: null, paragraphs: [], text });
const t = process.argv[2] as string;
const r = extractArticle(art(t.replace(/\\n/g,'\n')));
console.log('actors', r.actors.map(a=>a.id), 'vendors', r.vendors.map(v=>v.id));
for (const c of r.claims) console.log(' ', c.negated?'NEG':'   ', c.hedged?'H':' ', c.subject.id, c.predicate, c.object?.id ?? JSON.stringify(c.value), '|', c.citation.quote.slice(0,90));
