import type { z } from 'zod';
import { ENTRY_SCHEMAS, type SeedEntity, type SeedRelation, type SeedStatistic } from '../seed/format.js';
import type { Located, SeedProblem } from '../seed/validate.js';
import { InvalidJson, type ImportRecord, type Section } from './read.js';

/**
 * An import record parsed against the seed's entry shapes (src/seed/format.ts): an import row is a
 * seed entry, so one set of rules covers both. Each problem names the file, the row and the field.
 */
export type Entry =
  | { section: 'entities'; at: Located<SeedEntity> }
  | { section: 'relations'; at: Located<SeedRelation> }
  | { section: 'statistics'; at: Located<SeedStatistic> };

export function describe(record: ImportRecord): string {
  const v = (record.value ?? {}) as Record<string, unknown>;
  if (record.section === 'relations') return `${record.where} (${String(v.type)} ${String(v.from)} -> ${String(v.to)})`;
  return typeof v.id === 'string' ? `${record.where} (${v.id})` : record.where;
}

/** The record as an entry, or its problems; `invalidIds` learns the ids of rows that failed, so references to them are not reported twice. */
export function parseEntry(file: string, record: ImportRecord, problems: SeedProblem[], invalidIds: Set<string>): Entry | undefined {
  const entry = describe(record);
  if (record.value instanceof InvalidJson) {
    problems.push({ file, entry, field: '(entry)', message: `not JSON: ${record.value.message}` });
    return undefined;
  }
  const schema: z.ZodType = ENTRY_SCHEMAS[record.section as Section];
  const parsed = schema.safeParse(record.value);
  if (parsed.success) return { section: record.section, at: { file, entry, value: parsed.data } } as Entry;
  for (const issue of parsed.error.issues) problems.push({ file, entry, field: issue.path.join('.') || '(entry)', message: issue.message });
  const id = (record.value as { id?: unknown } | null)?.id;
  if (typeof id === 'string') invalidIds.add(id);
  return undefined;
}
