/**
 * Clauses inside a sentence: the unit a hedge or a denial governs. Cut at semicolons, at a colon before a list, and
 * before a conjunction that starts a new clause (", while …", ", but …", ", although …", ", whereas …"), and at
 * " but " without a comma. Cheap and linear; no parser.
 */
import type { Span } from '../../article/types.ts';

const CLAUSE_CUT =
  /;\s*|,\s+(?=(?:while|whereas|but|although|though|yet|however|even though|and then)\b)|\s+(?=but\s)/gi;

/** Clause spans of text[start, end), in order, covering the sentence. */
export function splitClauses(text: string, start: number, end: number): Span[] {
  const body = text.slice(start, end);
  const out: Span[] = [];
  let from = 0;
  CLAUSE_CUT.lastIndex = 0;
  for (let m = CLAUSE_CUT.exec(body); m !== null; m = CLAUSE_CUT.exec(body)) {
    if (m.index > from) out.push({ start: start + from, end: start + m.index });
    from = m.index + m[0].length;
    if (m[0].length === 0) CLAUSE_CUT.lastIndex++;
  }
  if (from < body.length) out.push({ start: start + from, end });
  return out.length > 0 ? out : [{ start, end }];
}

/** The clause of `clauses` that holds `offset` (the last one starting at or before it). */
export function clauseAt(clauses: readonly Span[], offset: number): Span {
  let found = clauses[0] as Span;
  for (const c of clauses) if (c.start <= offset) found = c;
  return found;
}
