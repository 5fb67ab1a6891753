/**
 * Name and phrase patterns that mark page chrome. Site templates name their parts (`class="share-bar"`,
 * `id="comments"`), and boilerplate lines reuse a small vocabulary ("Advertisement", "Sign up for our newsletter");
 * both generalise across sites far better than any per-site rule. Patterns follow the conventions Readability and
 * trafilatura rely on, extended with names seen across news CMSs.
 */

/** Class/id words of elements that are never the article body (checked before scoring). */
export const UNLIKELY_CANDIDATE =
  /-ad-|^ad-|\bads?\b|adsense|advert|agegate|banner|breadcrumb|combx|comment(?!ary)|community|consent|cookie|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|masthead|modal|newsletter|outbrain|taboola|pagination|pager|popup|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|subscribe|ad-break|yom-remote|navbar|topbar|bottombar|signup|trending|most-popular|mostpopular|recirc|read-more|readmore/i;

/** Class/id words that rescue an element matching {@link UNLIKELY_CANDIDATE} (e.g. `article-header`). */
export const MAYBE_CANDIDATE = /and|article|body|column|content|main|shadow|story|entry|post-|text/i;

/** Class/id words that lower a container's content score. */
/**
 * "widget" names a sidebar box, except in a page builder's layout classes (Elementor wraps every block of an article
 * in `elementor-widget` / `elementor-widget-container`; `widget-wrap`, `widget-container` are layout everywhere).
 */
const WIDGET = '(?<!elementor-)widget(?![-_](?:container|wrap))';

export const NEGATIVE_HINT = new RegExp(
  `-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment(?!ary)|com-|contact|foot|footer|footnote|gdpr|masthead|meta|outbrain|taboola|promo|related|recommend|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|${WIDGET}|newsletter|subscribe|signup|social|caption|credit|byline|author|popular|trending|nav|menu|breadcrumb`,
  'i',
);

/** Class/id words that raise a container's content score. */
export const POSITIVE_HINT =
  /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|prose/i;

/**
 * Class/id words of blocks removed from inside the chosen article body: share bars, related links, promos,
 * newsletter boxes, author bios, captions and credits, comments, ads, tag lists. These words are unambiguous enough
 * to match anywhere in a class name (camelCase `newsCaption`, `relatedLinks`).
 */
export const BOILERPLATE_NAME = new RegExp(
  String.raw`advert|sponsor|promo(?!te)|button|(?:^|[\s_-])btn(?:$|[\s_-])|newsletter|subscri|signup|sign-up|share(?!holder|d)|sharing|social|sociable|related|recommend|outbrain|taboola|comment(?!ary)|disqus|breadcrumb|byline|author-?bio|about-?author|caption|credit|cookie|gdpr|consent|popup|modal|${WIDGET}|sidebar|toolbar|screen-?reader|sr-only|visually-?hidden|jump-?link|table-?of-?contents|more-?stories|more-?from|read-?more|read-?next|also-?read|see-?also|most-?read|trending`,
  'i',
);

/**
 * Class/id words that mark boilerplate only as a whole hyphen/underscore-delimited part (`ad` but not `head`).
 * Matched per class token by {@link hasBoilerplatePart}: a token whose head (last part) names content
 * (`print-content`, `field--name-body`) is the content, while `post-tags` or `entry-meta` stay chrome.
 */
export const BOILERPLATE_NAME_PART =
  /(?:^|[_-])(?:ad|ads|adslot|adunit|dfp|gpt|banner|follow|tags?|tag-?list|keywords|topics?|bio|figcaption|inline-?image|tools|print|email|utility|aside|rail|nav\w*|menu|pagination|pager|login|overlay|video-?player|embed|audio|podcast|signature|disclaimer|copyright|footer|masthead|logo|branding|tagline|site-?info|toc|timestamp|meta|print-only|noprint|popular|respond|replies)(?:$|[_-])/i;

/** A class token whose last part (its head noun, as in `print-content`) names the content itself. */
const CONTENT_HEAD = /(?:^|[_-])(?:content|body|text|article|story|entry|main|prose)(?:[_-]?\d*)$/i;

/**
 * Whether a class/id string has a token with a boilerplate part ({@link BOILERPLATE_NAME_PART}), and no token whose
 * head is a content word (`print-content`, `content_body TOC_TITLE_1`: the content, however it is printed or linked).
 * `hidden` counts only as a whole token, and then always: `hidden-xs`, `l-hidden-s` (hidden on small screens) and
 * Drupal's `field--label-hidden` (the field's label is hidden) all sit on visible content.
 */
export function hasBoilerplatePart(hint: string): boolean {
  const tokens = hint.split(/\s+/);
  if (tokens.some((t) => t.toLowerCase() === 'hidden')) return true;
  // A token naming the content itself (`content_body`) says what the element is; another token's part (`TOC_TITLE_1`:
  // the anchor a table of contents links to) says how it is reached.
  if (tokens.some((t) => CONTENT_HEAD.test(t))) return false;
  return tokens.some((t) => t && BOILERPLATE_NAME_PART.test(t));
}

/** Builds a whole-line, case-insensitive pattern from alternatives (kept as a list so each reads on its own). */
function lineOf(alternatives: readonly string[]): RegExp {
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
}

/** Whole paragraphs that are boilerplate wherever they appear. Matched against short paragraphs only. */
export const BOILERPLATE_PARAGRAPH = lineOf([
  'advertisement',
  'advertising',
  'advert',
  'ad',
  // "Advertisement" in other languages of the web.
  'anzeige|werbung|publicit[ée]|publicidade|publicidad|pubblicit[àa]|advertentie|reklam[ae]?|реклама|iklan|広告|광고|广告|廣告',
  'sponsored(?: content)?',
  '(?:story|article) continues below(?: (?:this )?advertisement)?',
  'continue reading(?: below| the main story)?',
  'scroll (?:down )?to continue(?: with content)?',
  'read (?:more|full (?:article|story))',
  'related(?: articles| stories| content| coverage| posts| reading)?:?',
  'more(?: stories)?:?',
  'recommended(?: for you| stories| articles)?:?',
  'you (?:may|might) also like:?',
  'see also:?',
  '(?:also read|read also):?',
  'share(?: this)?(?: article| story| post| page)?:?',
  'share on \\w+',
  'follow us.*',
  '.{0,60}\\bshare (?:it|this(?: story| article| post)?) with (?:a friend|your friends|others).*',
  'sign up.*newsletter.*',
  'subscribe\\b.*',
  'get (?:the|our) .{0,40}newsletter.*',
  'watch:?',
  'listen:?',
  '(?:image|photo|picture|video|фото|foto|fotos|bild|imagem|imagen|immagine)\\s*:.*',
  '(?:image|photo|picture|illustration) (?:credit|courtesy)s?:?.*',
  'credit:.*',
  '\\(?(?:photo|image|picture)s? (?:by|via|courtesy of|from) [^.]{1,80}\\)?',
  'getty images',
  '.{0,40}\\b(?:photo|image|picture|illustration)s?\\s*(?:©|\\(c\\)).{0,80}',
  // Contributor and editing credits that close wire stories.
  '\\(?(?:reporting|additional reporting|writing|editing|compiled|research) by\\b.{0,300}',
  '.{0,120}\\bcontributed(?: (?:reporting|to this (?:report|story|article))\\b.{0,80})?',
  // Social and contact calls to action.
  'follow (?:us|me|him|her|them|@?[\\w.]+|[^.]{0,60}) on (?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads|mastodon)\\b.{0,400}',
  'follow .{0,60}\\bcoverage\\b.{0,200}',
  '(?:write to|contact|e-?mail|reach) .{0,80}\\b(?:at|on|via)\\b.{0,80}@.{0,80}',
  '[\\w.+-]+@[\\w-]+\\.[\\w.]+',
  '(?:https?://|www\\.)?(?:twitter|x|facebook|instagram|linkedin)\\.com/\\S+',
  'if you (?:enjoyed|liked|like|value|appreciate)d? (?:this|our) (?:article|story|post|journalism|reporting)\\b.{0,400}',
  '(?:wenn (?:ihnen|dir|euch) (?:unser|der|dieser|mein) (?:artikel|beitrag|text) gefallen hat|gefällt (?:ihnen|dir|euch) unser\\b).{0,400}',
  '.{0,80}\\b(?:sign(?:ing)? up|subscribe|abonnieren|anmelden|inscri\\w*|suscr\\w*)\\b.{0,40}\\bnewsletter\\b.{0,60}',
  // Reading-time badges.
  '(?:reading time|read time|lesezeit|temps de lecture|tiempo de lectura|tempo de leitura|tempo di lettura)\\b.{0,40}',
  '\\d+\\s*(?:min(?:ute[ns]?|ut[ay]?)?\\.?)\\s*(?:lesezeit|lesen|czytania|de lecture|de lectura|di lettura|de leitura|leestijd)',
  '\\d+\\s*(?:min(?:ute)?s?|mins?\\.?) read',
  // Short copyright lines only: wire stories' long redistribution notices are part of the story as published.
  '(?:©|\\(c\\)).{0,100}',
  'copyright\\s*(?:©|\\(c\\)|\\d{4}|by\\b).{0,100}',
  'all rights reserved\\.?',
  'loading\\.*',
  '.{0,40}\\b(?:requires|enable|turn on|activate) javascript\\b.*',
  'javascript (?:is )?(?:disabled|required).*',
  'we use cookies.*',
  'this (?:site|website) uses cookies.*',
  'skip to (?:main )?content',
  'back to top',
  'print',
  'e-?mail',
  'comments?',
  'leave a (?:comment|reply)',
  'post a comment',
  '\\d+ comments?',
  '(?:tags?|filed under|topics?|categories|keywords):.*',
  '(?:previous|next)(?: article| post| story)?',
  // The same stock lines in the other common languages of the web (German, French, Spanish, Italian, Portuguese,
  // Polish, Dutch): share/rate prompts, comment counters, legal and contact links, image labels, source lines.
  '(?:teilen|artikel teilen|diesen (?:artikel|beitrag) teilen|partager(?: cet article)?|compartir|condividi|compartilhar|udostępnij|delen)(?: (?:auf|sur|en|on|su|em|na|op) \\w+)?:?',
  '(?:möchten sie|willst du) (?:den|diesen) (?:artikel|beitrag) teilen\\??',
  '(?:war|ist) (?:der|dieser) (?:artikel|beitrag|text) (?:nützlich|hilfreich)\\??.{0,40}',
  '(?:hier können sie )?(?:den|diesen) (?:artikel|beitrag) bewerten.{0,40}',
  '\\(?(?:noch )?keine (?:kommentare|bewertungen|rezensionen)\\)?.{0,40}',
  '(?:kommentare?|kommentar schreiben|kommentieren|commentaires?|comentarios?|commenti|komentarze?|reacties)(?: \\(\\d+\\))?',
  '(?:laisser|deja|lascia|deixe|zostaw) (?:un |uma? )?(?:commentaire|comentario|commento|comentário|komentarz).*',
  '(?:drucken|imprimer|imprimir|stampa|drukuj)',
  '(?:impressum|datenschutz(?:erklärung)?|mentions légales|aviso legal|kontakt|contact|contacto|contatti)\\s*:?',
  '(?:über (?:den|die) autor(?:in)?|zum autor|zur autorin|à propos de l.auteur|sobre el autor|l.autore|o autorze)\\s*:?',
  '(?:bild|foto|fotos|bilder) (?:anzeigen|vergrößern|öffnen)',
  '(?:beitragsbild|titelbild|symbolbild|image d.illustration|image illustrative|imagen ilustrativa|immagine di repertorio)(?:\\s*:.{0,80})?',
  '(?:crédits? photos?|bildnachweis|bildquelle|fotonachweis|créditos?)\\s*:.{0,120}',
  '(?:quelle|source|fuente|fonte|źródło|bron)\\s*:.{0,100}',
  '\\(?alle angaben ohne gewähr\\.?\\)?',
  '(?:zurück(?: zur übersicht)?|nach oben|retour(?: en haut)?|volver|torna su|voltar|powrót)',
  '(?:mehr erfahren|weiterlesen|en savoir plus|lire la suite|leer más|seguir leyendo|leggi (?:tutto|di più)|saiba mais|czytaj dalej|lees meer)\\W*',
  '(?:newsletter (?:abonnieren|bestellen)|jetzt (?:abonnieren|anmelden|registrieren)|abonnez-vous|suscr[ií]bete|iscriviti|assine|zapisz się|schrijf je in)\\b.*',
  'sie sind (?:aktuell |derzeit )?nicht (?:eingeloggt|angemeldet).*',
  '(?:zuletzt )?(?:aktualisiert|geändert|veröffentlicht|erstellt)(?: am)?\\s*:?\\s*[\\d.,: ]{0,30}(?:uhr)?',
  // WordPress shortcodes a theme failed to render, e.g. "[button link=...]Send us YOUR review[/button]".
  '\\[\\w+[^\\]]*\\].{0,200}\\[/\\w+\\]',
]);

/** "READ MORE: <link>"-style lines: a promo label, then (mostly) a link. */
export const PROMO_LEAD =
  /^[[(]?\s*(?:see more|read more|more|also|related(?: (?:post|article|story|content|link|reading|video)s?)?|also read|read also|must read|don'?t miss|watch|listen|click here|recommended|trending|latest|popular|more\b[^:|\n]{0,40}|read next|up next|next|previous|source|via|see|more on this|related coverage|lesen sie (?:auch|mehr)|auch lesen|mehr (?:zum thema|dazu)|siehe auch|lies auch|(?:à )?lire aussi|(?:à )?voir aussi|sur le même sujet|le?[ae] también|vea también|ver también|puedes ver|mira|(?:te|le) puede interesar|leggi anche|leia também|veja também|czytaj (?:też|także|również)|zobacz (?:też|także|również)|przeczytaj (?:też|także)|lees ook)\b\s*[:|\-\u2013\u2014>»\n]/i;

/**
 * "Read also: <headline>" in the languages of {@link PROMO_LEAD}: a promo whether or not the headline is linked.
 */
export const READ_ALSO_LEAD =
  /^[[(]?\s*(?:read (?:more|also|next)|also read|see also|must read|don'?t miss|lesen sie (?:auch|hier|mehr)|auch lesen|siehe auch|lies auch|(?:à )?lire aussi|(?:à )?voir aussi|le?[ae] también|vea también|puedes ver|(?:te|le) puede interesar|leggi anche|leia também|veja também|czytaj (?:też|także|również)|zobacz (?:też|także|również)|przeczytaj (?:też|także)|lees ook)\s*[:|\-\u2013\u2014>»\n]/i;

/** A line introducing a list of links. */
export const RELATED_INTRO = lineOf([
  'you (?:may|might) (?:also )?(?:like|enjoy|be interested in)\\W*',
  'related(?: articles| stories| posts| content| coverage| links| reading)?\\W*',
  'more (?:stories|articles|news|from|on|coverage)\\b.*',
  'more\\b.{0,40}\\b(?:stories|articles|news|reads|coverage|videos)',
  '(?:read (?:more|next|also)|also read|see also)\\W*',
  "(?:don'?t miss|must read|further reading|top stories|in case you missed it)\\W*",
  '(?:recommended(?: for you| reading| stories)?|trending(?: now)?|popular(?: now| stories)?)\\W*',
  '(?:most (?:read|popular|viewed)|latest(?: news| stories)?)\\W*',
  // German, French, Spanish, Italian, Portuguese, Polish and Dutch equivalents.
  '(?:verwandte|ähnliche|empfohlene|beliebte|passende|neueste) (?:beiträge|artikel|themen|nachrichten|rezepte|produkte)\\W*',
  '(?:das|dies|diese themen?) (?:könnte|könnten) (?:sie|dich|euch) (?:auch |ebenfalls )?interessieren\\W*',
  '(?:auch interessant|schon gelesen|zum weiterlesen|weiterlesen|lesen sie auch|auch lesen|siehe auch|meistgelesen\\w*|top-?themen|mehr themen)\\b.{0,60}',
  'mehr (?:zum thema|zu|zur|zum|über|von|aus)\\b.{0,60}',
  'weitere (?:artikel|beiträge|themen|informationen|infos|links|meldungen|nachrichten|tipps|rezepte|tourentipps|angebote)\\b.{0,60}',
  '(?:(?:à )?lire aussi|(?:à )?voir aussi|sur le même sujet|vous aimerez aussi|les plus lus|articles? (?:similaires|liés|connexes))\\W*',
  '(?:le?[ae] también|vea también|ver también|(?:también )?(?:te|le) puede interesar|noticias relacionadas|artículos relacionados|lo más leído)\\W*',
  '(?:leggi anche|potrebbe interessarti|articoli correlati|vedi anche|leia também|veja também|notícias relacionadas|artigos relacionados)\\W*',
  '(?:czytaj (?:też|także|również)|zobacz (?:też|także|również)|powiązane (?:artykuły|wpisy)|lees ook|gerelateerde artikelen|zie ook)\\W*',
]);

/** A tag/category list line ("Tags: a, b, c"; "Tags" then links). */
export const TAG_LINE = /^(?:tags?|topics?|categories|category|filed under|keywords|labels?)(?:\s*:|\s*\n|\s+(?=\S))/i;

/**
 * Labels of byline/metadata lines ("05/10/2018 - Posted by: X - Category: Y", "Updated 10:02, By Jane Doe") in the
 * commonest web languages: a label with a colon anywhere, or a byline word starting the line. A timeline entry such
 * as "March 3, 2021: CISA published an advisory" has neither.
 */
export const META_LINE_LABEL =
  /\b(?:posted|published|updated|author|publicado|publicada|atualizado|actualizado|escrito|autor|auteur|publié|mis à jour|pubblicato|aggiornato|veröffentlicht|aktualisiert|publiziert|verfasst|erstellt|geschrieben|publikacja|opublikowano|autor(?:ka)?|categor(?:y|ia|ía|ie)|kategorie|tags?)(?:\s+(?:by|on|por|par|von|da|di|em|el|le|am))?\s*:|^(?:by|posted|published|updated|last updated|von|por|par|verfasst|erstellt|geschrieben|veröffentlicht|publiziert)\b/i;

/** Vocabulary of image credits and captions. */
export const CREDIT_WORD =
  /\b(?:credit|photo|image|picture|courtesy|getty|reuters|afp|ap photo|shutterstock|istock)\b|©/i;

/** Ends like a sentence (Latin, CJK, Devanagari and Arabic stops, optionally followed by a closing quote). */
export const SENTENCE_END = /[.!?\u3002\uff01\uff1f\u2026\u0964\u061f]["'\u201d\u2019)\]\u300d\u300f]?$/;
