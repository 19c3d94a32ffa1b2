import { z } from 'zod';
import { ENTITY_KIND_NAMES, ENTITY_KINDS, type EntityKind } from '../model/entity-kinds.js';
import { CLAIM_STATUS_NAMES, DEFAULT_CLAIM_STATUS, type ClaimStatus } from '../model/claims.js';
import { RELATION_PROPERTIES, RELATION_TYPE_NAMES } from '../model/relation-types.js';

/**
 * The shape of the curated seed files (seed/*.yaml). Structural checks live here; checks that
 * need the whole data set (dangling ids, duplicates, quotes in their source) are in validate.ts.
 */
const id = z.string().regex(/^[a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must look like kind/slug, e.g. enterprise/zhaobao-magnet');

export const evidenceSchema = z.strictObject({
  source: id,
  paragraph: z.number().int().positive(),
  quote: z.string().min(2).max(300),
  /** Who makes the claim when not the source's own authors: a named executive, a customs office, an expert (validate.ts checks the id). */
  assertedBy: id.optional(),
});
export type SeedEvidence = z.infer<typeof evidenceSchema>;

const evidenceList = z.array(evidenceSchema).min(1, 'every fact needs at least one evidence');

const qualifier = z.enum(['exact', 'more-than', 'about', 'at-least', 'up-to']);
/** A date as precise as the source gives it; a month or day that no calendar has is refused (2024-13, 2023-02-29). */
const isoDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
  .refine(isCalendarDate, { error: (issue) => `${String(issue.input)} is not a calendar date` });

function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number);
  if (month === undefined) return true;
  if (month < 1 || month > 12) return false;
  // Day 0 of the next month is the last day of this one.
  return day === undefined || (day >= 1 && day <= new Date(Date.UTC(year!, month, 0)).getUTCDate());
}

/**
 * Whether partial date `end` is before `start`, compared at the precision both have: 2024 does
 * not end before 2024-03 (the year holds the month), 2023-12 does.
 */
export function endsBeforeStart(start: string, end: string): boolean {
  const n = Math.min(start.length, end.length);
  return end.slice(0, n) < start.slice(0, n);
}

/** A claim status other than the default: `actual` is written by leaving status out, one way to say it. */
const STATED_STATUSES = CLAIM_STATUS_NAMES.filter((s) => s !== DEFAULT_CLAIM_STATUS);
const claimStatus = z.enum(STATED_STATUSES as [ClaimStatus, ...ClaimStatus[]], {
  error: (issue) =>
    issue.input === DEFAULT_CLAIM_STATUS
      ? `leave status out for an ${DEFAULT_CLAIM_STATUS} fact (it is the default)`
      : `must be one of ${STATED_STATUSES.join(', ')} (leave it out for an ${DEFAULT_CLAIM_STATUS} fact)`,
});

export const sourceSchema = z.strictObject({
  id,
  title: z.string().min(1),
  titleEn: z.string().min(1),
  file: z.string().regex(/^sources\/[^/]+\.txt$/, 'must be sources/<name>.txt under seed/'),
  date: isoDate,
  language: z.string().min(2),
  publisher: z.string().optional(),
  description: z.string().optional(),
});
export type SeedSource = z.infer<typeof sourceSchema>;

export const entitySchema = z.strictObject({
  id,
  kind: z.enum(ENTITY_KIND_NAMES.filter((k) => k !== 'Statistic' && k !== 'SourceDocument') as [EntityKind, ...EntityKind[]]),
  name: z.string().min(1).describe('official Chinese name'),
  nameEn: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  description: z.string().min(1).describe('one or two English sentences'),
  category: z.string().optional(),
  foundedYear: z.number().int().min(1800).max(2100).optional(),
  /** An Event's dates (validate.ts refuses them on other kinds, whose dates are on their relations). */
  start: isoDate.optional(),
  end: isoDate.optional(),
  evidence: evidenceList,
});
export type SeedEntity = z.infer<typeof entitySchema>;

const relationProps = z
  .strictObject({
  role: z.string().optional(),
  title: z.string().optional(),
  titleZh: z.string().optional(),
  start: isoDate.optional(),
  end: isoDate.optional(),
  periodLabel: z.string().min(1).optional(),
  count: z.number().int().nonnegative().optional(),
  countQualifier: qualifier.optional(),
  amount: z.number().nonnegative().optional(),
  amountOriginal: z.number().nonnegative().optional(),
  amountOriginalUnit: z.enum(['亿元', '万元', '元']).optional(),
  currency: z.literal('CNY').optional(),
  status: claimStatus.optional(),
  note: z.string().optional(),
})
  .superRefine((props, ctx) => {
    if (props.start && props.end && endsBeforeStart(props.start, props.end))
      ctx.addIssue({ code: 'custom', path: ['end'], message: `${props.end} is before start ${props.start}` });
  });
// Keep the zod shape and the documented vocabulary in step.
const _sameKeys: Record<keyof z.infer<typeof relationProps>, unknown> = RELATION_PROPERTIES;
void _sameKeys;

export const relationSchema = z.strictObject({
  type: z.enum(RELATION_TYPE_NAMES as [string, ...string[]]),
  from: id,
  to: id,
  props: relationProps.default({}),
  evidence: evidenceList,
});
export type SeedRelation = z.infer<typeof relationSchema>;

export const statisticSchema = z.strictObject({
  id,
  subject: id,
  measure: z.string().min(1).describe('what is measured, in English, e.g. "industrial value added"'),
  measureZh: z.string().min(1),
  value: z.number(),
  unit: z.string().min(1).describe('base unit: yuan, percent, enterprise, km, ...'),
  currency: z.literal('CNY').optional(),
  originalValue: z.number().optional(),
  originalUnit: z.string().optional(),
  qualifier: qualifier.default('exact'),
  isChange: z.boolean().default(false).describe('true when value is a change (e.g. year-on-year growth)'),
  period: z.strictObject({ label: z.string().min(1), start: isoDate.optional(), end: isoDate.optional() }),
  status: claimStatus.optional(),
  note: z.string().optional(),
  evidence: evidenceList,
});
export type SeedStatistic = z.infer<typeof statisticSchema>;

export const SECTIONS = ['sources', 'entities', 'relations', 'statistics'] as const;
export const ENTRY_SCHEMAS = { sources: sourceSchema, entities: entitySchema, relations: relationSchema, statistics: statisticSchema };

/**
 * One seed file's outline: known sections (each optional, so data can be split by area), each a
 * list. Entries are validated one by one against ENTRY_SCHEMAS, so one bad entry hides nothing.
 */
export const outlineSchema = z.strictObject({
  sources: z.array(z.unknown()).default([]),
  entities: z.array(z.unknown()).default([]),
  relations: z.array(z.unknown()).default([]),
  statistics: z.array(z.unknown()).default([]),
});

export function categoriesOf(kind: EntityKind): readonly string[] | undefined {
  const spec = ENTITY_KINDS[kind] as { categories?: readonly string[] };
  return spec.categories;
}
