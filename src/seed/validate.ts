import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ENTITY_KINDS, kindOfId, type EntityKind } from '../model/entity-kinds.js';
import { ASSERTER_KINDS } from '../model/evidence.js';
import { RELATION_TYPES, type RelationType, type RelationProperty, type RelationTypeSpec } from '../model/relation-types.js';
import {
  categoriesOf,
  endsBeforeStart,
  ENTRY_SCHEMAS,
  outlineSchema,
  SECTIONS,
  type SeedEntity,
  type SeedEvidence,
  type SeedRelation,
  type SeedSource,
  type SeedStatistic,
} from './format.js';

/** One thing wrong with the seed, located precisely enough to fix it without searching. */
export interface SeedProblem {
  file: string;
  /** e.g. `relations[3] (INVESTED_IN fund/x -> enterprise/y)` */
  entry: string;
  field: string;
  message: string;
}

export function formatProblem(p: SeedProblem): string {
  if (!p.entry) return `${p.file}: ${p.message}`;
  return `${p.file}: ${p.entry}${p.field ? ` field ${p.field}` : ''}: ${p.message}`;
}

const EXPECTED = 'expected *.yaml files with sources, entities, relations or statistics, like the project\'s seed/ folder';

/** A problem with the folder as a whole: it names the folder, since no file is to blame. */
const folderProblem = (dir: string, message: string): SeedProblem => ({ file: dir, entry: '', field: '', message });

/**
 * The seed's files, sorted; a problem instead if there are none. An empty folder is never a valid
 * seed: it is a wrong path or a bad copy, and with --prune it would delete every seeded node.
 */
async function seedFiles(dir: string): Promise<string[] | SeedProblem> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return folderProblem(dir, `${code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : `cannot read the folder (${code})`}; ${EXPECTED}`);
  }
  const files = names.filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  return files.length > 0 ? files : folderProblem(dir, `no seed files in this folder; ${EXPECTED}`);
}

interface Located<T> {
  file: string;
  entry: string;
  value: T;
}

/** The whole seed, validated: what the loader writes. */
export interface SeedData {
  sources: (SeedSource & { text: string })[];
  entities: SeedEntity[];
  relations: (SeedRelation & { key: string })[];
  statistics: SeedStatistic[];
}

export type SeedResult = { ok: true; data: SeedData } | { ok: false; problems: SeedProblem[] };

/** Reads every *.yaml file of `dir` (sorted) and validates it as one data set; a folder without entries is a problem. */
export async function readSeed(dir: string): Promise<SeedResult> {
  const files = await seedFiles(dir);
  if (!Array.isArray(files)) return { ok: false, problems: [files] };
  const problems: SeedProblem[] = [];
  /** Ids of entries already reported as malformed: references to them are not reported again. */
  const invalidIds = new Set<string>();
  const collected = { sources: [] as Located<SeedSource>[], entities: [] as Located<SeedEntity>[], relations: [] as Located<SeedRelation>[], statistics: [] as Located<SeedStatistic>[] };
  for (const file of files) {
    const doc = parseDocument(await readFile(path.join(dir, file), 'utf8'), { uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.push({ file, entry: 'document', field: '', message: `YAML: ${e.message.split('\n')[0]}` });
      continue;
    }
    const raw: unknown = doc.toJS() ?? {};
    const outline = outlineSchema.safeParse(raw);
    if (!outline.success) {
      for (const issue of outline.error.issues) problems.push(structuralProblem(file, raw, issue.path, issue.message));
      continue;
    }
    // Entry by entry: a bad entry must neither hide the problems of the file's other entries nor
    // make their ids look unknown to the files that refer to them.
    for (const section of SECTIONS) {
      outline.data[section].forEach((value, i) => {
        const entry = describeEntry(section, i, value);
        const parsed = ENTRY_SCHEMAS[section].safeParse(value);
        if (parsed.success) {
          (collected[section] as Located<unknown>[]).push({ file, entry, value: parsed.data });
          return;
        }
        for (const issue of parsed.error.issues) problems.push({ file, entry, field: issue.path.join('.') || '(entry)', message: issue.message });
        const id = (value as { id?: unknown } | null)?.id;
        if (typeof id === 'string') invalidIds.add(id);
      });
    }
  }
  const texts = await readSourceTexts(dir, collected.sources, problems);
  checkConsistency(collected, texts, problems, invalidIds);
  if (problems.length === 0 && SECTIONS.every((section) => collected[section].length === 0))
    problems.push(folderProblem(dir, `its seed files hold no entries; ${EXPECTED}`));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    data: {
      sources: collected.sources.map((s) => ({ ...s.value, text: texts.get(s.value.id)!.join('\n') })),
      entities: collected.entities.map((e) => e.value),
      relations: collected.relations.map((r) => ({ ...r.value, key: relationKey(r.value) })),
      statistics: collected.statistics.map((s) => s.value),
    },
  };
}

/** A relation's stable id: one relation per type, ends and role/title (a person may hold two titles). */
export function relationKey(r: SeedRelation): string {
  const qualifier = r.props.role ?? r.props.title ?? '';
  return `${r.type}:${r.from}->${r.to}${qualifier ? `#${qualifier}` : ''}`;
}

/** Which relations are the same fact: a symmetric one is, whichever end is written first. */
function identityKey(r: SeedRelation): string {
  return (RELATION_TYPES[r.type as RelationType] as RelationTypeSpec).symmetric && r.from > r.to ? relationKey({ ...r, from: r.to, to: r.from }) : relationKey(r);
}

function describeEntry(section: string, index: number, value: unknown): string {
  const v = value as Record<string, unknown>;
  if (section === 'relations') return `relations[${index}] (${v.type} ${v.from} -> ${v.to})`;
  return `${section}[${index}]${typeof v?.id === 'string' ? ` (${v.id})` : ''}`;
}

function structuralProblem(file: string, raw: unknown, issuePath: PropertyKey[], message: string): SeedProblem {
  const [section, index, ...rest] = issuePath;
  if (typeof section === 'string' && typeof index === 'number') {
    const value = (raw as Record<string, unknown[]>)[section]?.[index];
    return { file, entry: describeEntry(section, index, value), field: rest.join('.') || '(entry)', message };
  }
  return { file, entry: typeof section === 'string' ? section : 'document', field: issuePath.slice(1).join('.'), message };
}

async function readSourceTexts(dir: string, sources: Located<SeedSource>[], problems: SeedProblem[]) {
  const texts = new Map<string, string[]>();
  for (const s of sources) {
    try {
      texts.set(s.value.id, (await readFile(path.join(dir, s.value.file), 'utf8')).split('\n'));
    } catch {
      problems.push({ file: s.file, entry: s.entry, field: 'file', message: `cannot read ${s.value.file}` });
    }
  }
  return texts;
}

type Collected = {
  sources: Located<SeedSource>[];
  entities: Located<SeedEntity>[];
  relations: Located<SeedRelation>[];
  statistics: Located<SeedStatistic>[];
};

function checkConsistency(c: Collected, texts: Map<string, string[]>, problems: SeedProblem[], invalidIds: ReadonlySet<string>) {
  const kinds = new Map<string, EntityKind>();
  const seen = new Map<string, string>();
  const claim = (id: string, at: Located<unknown>, kind: EntityKind) => {
    const first = seen.get(id);
    if (first) problems.push({ file: at.file, entry: at.entry, field: 'id', message: `duplicate id ${id} (first defined at ${first})` });
    else seen.set(id, `${at.file}: ${at.entry}`);
    kinds.set(id, kind);
  };
  for (const s of c.sources) claim(s.value.id, s, 'SourceDocument');
  for (const e of c.entities) {
    claim(e.value.id, e, e.value.kind);
    checkEntity(e, problems);
  }
  for (const s of c.statistics) claim(s.value.id, s, 'Statistic');

  const checkEvidence = (at: Located<{ evidence: SeedEvidence[] }>) =>
    at.value.evidence.forEach((ev, i) => {
      checkQuote(at, `evidence[${i}]`, ev, texts, problems, invalidIds);
      if (ev.assertedBy !== undefined) checkAsserter(at, `evidence[${i}].assertedBy`, ev.assertedBy, kinds, problems, invalidIds);
    });
  c.entities.forEach(checkEvidence);
  c.statistics.forEach(checkEvidence);
  c.relations.forEach(checkEvidence);

  for (const s of c.statistics) {
    if (kindOfId(s.value.id) !== 'Statistic') problems.push({ file: s.file, entry: s.entry, field: 'id', message: 'a statistic id must start with stat/' });
    const subjectKind = kinds.get(s.value.subject);
    const measurable: readonly EntityKind[] = RELATION_TYPES.MEASURES.to;
    if (!subjectKind) {
      if (!invalidIds.has(s.value.subject)) problems.push({ file: s.file, entry: s.entry, field: 'subject', message: `unknown entity ${s.value.subject}` });
    } else if (!measurable.includes(subjectKind))
      problems.push({ file: s.file, entry: s.entry, field: 'subject', message: `a statistic cannot measure a ${subjectKind} (allowed: ${measurable.join(', ')})` });
    if (s.value.unit === 'yuan' && !s.value.currency) problems.push({ file: s.file, entry: s.entry, field: 'currency', message: 'money needs a currency' });
  }
  const keys = new Map<string, string>();
  for (const r of c.relations) {
    checkRelation(r, kinds, problems, invalidIds);
    const key = identityKey(r.value);
    const first = keys.get(key);
    if (!first) keys.set(key, `${r.file}: ${r.entry}`);
    else if (key !== relationKey(r.value))
      problems.push({ file: r.file, entry: r.entry, field: '(entry)', message: `${r.value.type} reads both ways: this is the relation at ${first} written the other way round; give it once` });
    else problems.push({ file: r.file, entry: r.entry, field: '(entry)', message: `duplicate relation (first at ${first}); give a distinct role to tell them apart` });
  }
}

/** The kinds whose nodes carry dates; any other kind is dated by its relations (start/end there). */
const DATED_KINDS: readonly EntityKind[] = ['Event'];

function checkEntity(e: Located<SeedEntity>, problems: SeedProblem[]) {
  const spec = ENTITY_KINDS[e.value.kind];
  for (const field of ['start', 'end'] as const)
    if (e.value[field] !== undefined && !DATED_KINDS.includes(e.value.kind))
      problems.push({
        file: e.file,
        entry: e.entry,
        field,
        message: `only an ${DATED_KINDS.join(', ')} has dates of its own; date the ${e.value.kind}'s relations instead (start/end in their props)`,
      });
  if (e.value.start && e.value.end && endsBeforeStart(e.value.start, e.value.end))
    problems.push({ file: e.file, entry: e.entry, field: 'end', message: `${e.value.end} is before start ${e.value.start}` });
  if (!e.value.id.startsWith(`${spec.idPrefix}/`))
    problems.push({ file: e.file, entry: e.entry, field: 'id', message: `a ${e.value.kind} id must start with ${spec.idPrefix}/` });
  const allowed = categoriesOf(e.value.kind);
  if (e.value.category !== undefined && !allowed?.includes(e.value.category))
    problems.push({
      file: e.file,
      entry: e.entry,
      field: 'category',
      message: allowed ? `must be one of ${allowed.join(', ')}` : `${e.value.kind} has no categories`,
    });
}

function checkRelation(r: Located<SeedRelation>, kinds: Map<string, EntityKind>, problems: SeedProblem[], invalidIds: ReadonlySet<string>) {
  const spec = RELATION_TYPES[r.value.type as RelationType];
  const end = (field: 'from' | 'to', allowed: readonly EntityKind[]) => {
    const kind = kinds.get(r.value[field]);
    if (!kind) {
      if (!invalidIds.has(r.value[field])) problems.push({ file: r.file, entry: r.entry, field, message: `unknown entity ${r.value[field]}` });
    } else if (!allowed.includes(kind))
      problems.push({ file: r.file, entry: r.entry, field, message: `${r.value.type} cannot ${field === 'from' ? 'start at' : 'end at'} a ${kind} (allowed: ${allowed.join(', ')})` });
  };
  end('from', spec.from);
  end('to', spec.to);
  const allowedProps: readonly RelationProperty[] = 'allowed' in spec ? spec.allowed : [];
  for (const prop of Object.keys(r.value.props) as RelationProperty[]) {
    if (!allowedProps.includes(prop))
      problems.push({ file: r.file, entry: r.entry, field: `props.${prop}`, message: `${r.value.type} does not take ${prop} (allowed: ${allowedProps.join(', ') || 'none'})` });
  }
  const required: readonly RelationProperty[] = 'required' in spec ? spec.required : [];
  for (const prop of required) {
    if (r.value.props[prop] === undefined) problems.push({ file: r.file, entry: r.entry, field: `props.${prop}`, message: `${r.value.type} requires ${prop}` });
  }
}

function checkAsserter(
  at: Located<unknown>,
  field: string,
  id: string,
  kinds: Map<string, EntityKind>,
  problems: SeedProblem[],
  invalidIds: ReadonlySet<string>,
) {
  const kind = kinds.get(id);
  const allowed: readonly EntityKind[] = ASSERTER_KINDS;
  if (!kind) {
    if (!invalidIds.has(id)) problems.push({ file: at.file, entry: at.entry, field, message: `unknown entity ${id}` });
  } else if (!allowed.includes(kind))
    problems.push({ file: at.file, entry: at.entry, field, message: `a ${kind} cannot assert a claim (allowed: ${allowed.join(', ')})` });
}

function checkQuote(at: Located<unknown>, field: string, ev: SeedEvidence, texts: Map<string, string[]>, problems: SeedProblem[], invalidIds: ReadonlySet<string>) {
  const lines = texts.get(ev.source);
  if (!lines) {
    if (!invalidIds.has(ev.source)) problems.push({ file: at.file, entry: at.entry, field: `${field}.source`, message: `unknown source ${ev.source}` });
    return;
  }
  const line = lines[ev.paragraph - 1];
  if (line === undefined) {
    problems.push({ file: at.file, entry: at.entry, field: `${field}.paragraph`, message: `${ev.source} has no paragraph ${ev.paragraph} (it has ${lines.length} lines)` });
  } else if (!line.includes(ev.quote)) {
    const elsewhere = lines.findIndex((l) => l.includes(ev.quote));
    const hint = elsewhere >= 0 ? ` (it is in paragraph ${elsewhere + 1})` : ' (it is not in the source at all)';
    problems.push({ file: at.file, entry: at.entry, field: `${field}.quote`, message: `quote "${ev.quote}" is not in paragraph ${ev.paragraph} of ${ev.source}${hint}` });
  }
}
