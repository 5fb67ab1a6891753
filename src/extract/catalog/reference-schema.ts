/**
 * Zod schemas for the reference catalogs (vendors, countries, sectors) under `./data/`. They check the shape of each
 * record; cross-record invariants (unique ids, no name shared by two records) live in the catalog tests.
 */
import { z } from 'zod';
import type { CountryRecord, SectorRecord, VendorRecord } from './types.ts';

/** The closed sector taxonomy of the claims contract. */
export const SECTOR_IDS = [
  'government',
  'diplomatic',
  'defense',
  'aerospace',
  'manufacturing',
  'finance',
  'automotive',
  'pharmaceutical',
  'healthcare',
  'engineering',
  'technology',
  'it-services',
  'telecommunications',
  'energy',
  'utilities',
  'media',
  'education',
  'research',
  'legal',
  'religious',
  'ngo',
  'political',
  'transportation',
  'maritime',
  'retail',
  'hospitality',
  'chemical',
  'semiconductor',
  'cryptocurrency',
  'critical-infrastructure',
  'construction',
  'agriculture',
  'entertainment',
  'military',
] as const;

export type SectorId = (typeof SECTOR_IDS)[number];

export const VENDOR_KINDS = [
  'security-vendor',
  'government-agency',
  'tech-company',
  'research-group',
  'consultancy',
] as const satisfies readonly VendorRecord['kind'][];

/** A name as written: non-empty, no surrounding or doubled white space. */
const nameSchema = z
  .string()
  .min(1)
  .refine((s) => s === s.trim() && !/\s{2,}/.test(s), { message: 'name has surrounding or doubled white space' });

/** Lowercase slug: "symantec", "us-doj", "ncsc-uk". */
const slugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'id must be a lowercase slug' });

/** ISO 3166-1 alpha-2 code, upper case. */
export const countryCodeSchema = z.string().regex(/^[A-Z]{2}$/, { message: 'country code must be two capitals' });

export const vendorRecordSchema = z.strictObject({
  id: slugSchema,
  name: nameSchema,
  kind: z.enum(VENDOR_KINDS),
  country: countryCodeSchema.optional(),
  aliases: z.array(nameSchema),
  commonWord: z.boolean().optional(),
}) satisfies z.ZodType<VendorRecord>;

export const countryRecordSchema = z.strictObject({
  code: countryCodeSchema,
  name: nameSchema,
  aliases: z.array(nameSchema),
  demonyms: z.array(nameSchema),
  metonyms: z.array(nameSchema).min(1).optional(),
  agencies: z.array(nameSchema).min(1).optional(),
}) satisfies z.ZodType<CountryRecord>;

export const sectorRecordSchema = z.strictObject({
  id: z.enum(SECTOR_IDS),
  name: nameSchema,
  synonyms: z.array(nameSchema).min(1),
}) satisfies z.ZodType<SectorRecord>;

export const vendorCatalogSchema = z.array(vendorRecordSchema);
export const countryCatalogSchema = z.array(countryRecordSchema);
export const sectorCatalogSchema = z.array(sectorRecordSchema);
