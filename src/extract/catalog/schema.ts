/**
 * Zod schemas for actor catalogs: the built-in `data/actors.json` and any catalog imported or supplied locally.
 * Shape rules live here; content rules that only the built-in catalog promises (vendor ids from a fixed list, no
 * accidental alias collisions) are checked by its unit test.
 */
import { z } from 'zod';
import type { ActorAlias, ActorRecord } from './types.ts';

export { nameKey as aliasKey } from '../text/tokens.ts';

/**
 * Vendor ids the built-in catalog uses for `coinedBy`. Imported catalogs may name other coiners, so the record schema
 * only asks for a slug; the built-in catalog's test holds it to this list.
 */
export const BUILTIN_VENDOR_IDS = [
  'mandiant',
  'crowdstrike',
  'microsoft',
  'symantec',
  'secureworks',
  'proofpoint',
  'kaspersky',
  'eset',
  'trend-micro',
  'pwc',
  'bae-systems',
  'palo-alto',
  'recorded-future',
  'cisco-talos',
  'google-tag',
  'us-government',
  'dragos',
  'checkpoint',
  'fortinet',
  'cert-ua',
  'sentinelone',
  'volexity',
  'lookout',
  'clearsky',
  'ahnlab',
] as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A display string: non-empty, no leading/trailing or doubled white space, no line breaks. */
const displayName = z
  .string()
  .min(1)
  .refine((s) => s === s.trim() && !/\s{2,}|[\r\n\t]/.test(s), { message: 'untrimmed or irregular white space' });

export const actorAliasSchema: z.ZodType<ActorAlias> = z.strictObject({
  name: displayName,
  coinedBy: z.string().regex(SLUG, 'vendor id must be a lowercase slug').optional(),
  commonWord: z.boolean().optional(),
  malware: z.boolean().optional(),
});

export const actorRecordSchema: z.ZodType<ActorRecord> = z.strictObject({
  id: z.string().regex(SLUG, 'id must be a lowercase slug'),
  name: displayName,
  attackId: z
    .string()
    .regex(/^G\d{4}$/, 'ATT&CK group ids look like G0045')
    .optional(),
  kind: z.enum(['state', 'criminal', 'hacktivist', 'unknown']),
  sponsor: z
    .string()
    .regex(/^[A-Z]{2}$/, 'sponsor must be an ISO 3166-1 alpha-2 code')
    .optional(),
  aliases: z.array(actorAliasSchema),
  partOf: z.string().regex(SLUG, 'partOf must be an actor id').optional(),
  sources: z.array(z.string().min(1)).optional(),
});

/** A whole catalog: record ids and ATT&CK ids are unique across it. */
export const actorCatalogSchema: z.ZodType<ActorRecord[]> = z.array(actorRecordSchema).superRefine((records, ctx) => {
  const seenIds = new Map<string, number>();
  const seenAttack = new Map<string, number>();
  records.forEach((r, i) => {
    const prevId = seenIds.get(r.id);
    if (prevId !== undefined) {
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id "${r.id}" (also record ${prevId})` });
    } else seenIds.set(r.id, i);
    if (r.attackId === undefined) return;
    const prevAttack = seenAttack.get(r.attackId);
    if (prevAttack !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'attackId'],
        message: `duplicate ATT&CK id ${r.attackId} (also record ${prevAttack})`,
      });
    } else seenAttack.set(r.attackId, i);
  });
});
