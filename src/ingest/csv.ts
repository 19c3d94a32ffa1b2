import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ENTITY_LABEL } from '../model/entity-kinds.js';
import { RELATION_PROPERTIES } from '../model/relation-types.js';
import { labelOf, typeOf, type EntityRow, type RelationRow } from './rows.js';

/**
 * Rows as the CSV files `neo4j-admin database import full` reads: a header file and one data file
 * per label and per relation type, arrays joined by `;` (the tool's default --array-delimiter).
 * Quoting is csv-stringify's (source texts hold newlines and commas: import with
 * --multiline-fields=true). Numbers are typed `double`, as the Bolt path stores a JavaScript
 * number, so a database imported from CSV and one written by the bulk writer read the same.
 */
const ARRAY_DELIMITER = ';';

/** Node property → neo4j-admin type (string when absent): every property the seed loader or the generator stores. */
const NODE_COLUMNS: readonly (readonly [string, string?])[] = [
  ['name'],
  ['nameEn'],
  ['aliases', 'string[]'],
  ['aliasText'],
  ['description'],
  ['category'],
  ['foundedYear', 'double'],
  ['start'],
  ['end'],
  ['status'],
  ['date'],
  ['language'],
  ['publisher'],
  ['file'],
  ['text'],
  ['measure'],
  ['measureZh'],
  ['value', 'double'],
  ['unit'],
  ['currency'],
  ['originalValue', 'double'],
  ['originalUnit'],
  ['qualifier'],
  ['isChange', 'boolean'],
  ['periodLabel'],
  ['periodStart'],
  ['periodEnd'],
  ['note'],
  ['subjectId'],
  ['evidenceSources', 'string[]'],
  ['evidenceParagraphs', 'double[]'],
  ['evidenceQuotes', 'string[]'],
  ['evidenceAssertedBy', 'string[]'],
  ['seeded', 'boolean'],
  ['seedHash'],
];

const NUMERIC_RELATION_PROPS = new Set(['count', 'amount', 'amountOriginal']);
const RELATION_COLUMNS: readonly (readonly [string, string?])[] = [
  ['id'],
  ...Object.keys(RELATION_PROPERTIES).map((p) => [p, NUMERIC_RELATION_PROPS.has(p) ? 'double' : undefined] as const),
  ['evidenceSources', 'string[]'],
  ['evidenceParagraphs', 'double[]'],
  ['evidenceQuotes', 'string[]'],
  ['evidenceAssertedBy', 'string[]'],
  ['seeded', 'boolean'],
  ['seedHash'],
];

const header = (columns: readonly (readonly [string, string?])[]) => columns.map(([name, type]) => (type ? `${name}:${type}` : name));
export const NODE_HEADER: readonly string[] = ['id:ID', ':LABEL', ...header(NODE_COLUMNS)];
export const RELATIONSHIP_HEADER: readonly string[] = [':START_ID', ':END_ID', ':TYPE', ...header(RELATION_COLUMNS)];

export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

function cell(value: unknown, where: string, column: string): unknown {
  if (value === undefined || value === null) return '';
  if (!Array.isArray(value)) return value;
  for (const item of value)
    if (String(item).includes(ARRAY_DELIMITER))
      throw new CsvFormatError(
        `${where}: an element of ${column} contains "${ARRAY_DELIMITER}", the array delimiter: ${JSON.stringify(item)}`,
      );
  return value.join(ARRAY_DELIMITER);
}

function nodeRecord(row: EntityRow): unknown[] {
  const label = labelOf(row.kind);
  const known = new Set(['id', ...NODE_COLUMNS.map(([c]) => c)]);
  const unknown = Object.keys(row.props).find((k) => !known.has(k));
  if (unknown)
    throw new CsvFormatError(`entity ${row.props.id}: property ${unknown} has no CSV column (add it to NODE_COLUMNS in src/ingest/csv.ts)`);
  return [
    row.props.id,
    `${ENTITY_LABEL}${ARRAY_DELIMITER}${label}`,
    ...NODE_COLUMNS.map(([c]) => cell(row.props[c], `entity ${row.props.id}`, c)),
  ];
}

function relationshipRecord(row: RelationRow): unknown[] {
  return [row.from, row.to, typeOf(row.type), ...RELATION_COLUMNS.map(([c]) => cell(row.props[c], `relation ${row.props.id}`, c))];
}

/** Files under one folder: nodes-header.csv, nodes-data-<Kind>.csv, relationships-header.csv, relationships-data-<TYPE>.csv. */
export class CsvWriter {
  private readonly files = new Map<string, FileHandle>();
  readonly written = { nodes: 0, relationships: 0 };

  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<CsvWriter> {
    await mkdir(dir, { recursive: true });
    const writer = new CsvWriter(dir);
    await writer.append('nodes-header.csv', [NODE_HEADER as unknown[]]);
    await writer.append('relationships-header.csv', [RELATIONSHIP_HEADER as unknown[]]);
    return writer;
  }

  async writeEntities(rows: readonly EntityRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.append(`nodes-data-${labelOf(rows[0]!.kind)}.csv`, rows.map(nodeRecord));
    this.written.nodes += rows.length;
  }

  async writeRelations(rows: readonly RelationRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.append(`relationships-data-${typeOf(rows[0]!.type)}.csv`, rows.map(relationshipRecord));
    this.written.relationships += rows.length;
  }

  async close(): Promise<void> {
    for (const file of this.files.values()) await file.close();
    this.files.clear();
  }

  private async append(name: string, records: unknown[][]): Promise<void> {
    let file = this.files.get(name);
    if (!file) this.files.set(name, (file = await open(path.join(this.dir, name), 'w')));
    await file.write(stringify(records, { cast: { boolean: (b) => String(b) } }));
  }
}

/** The neo4j-admin command that imports a folder written by CsvWriter (paths relative to it). */
export function importArguments(dir: string): string[] {
  const f = (name: string) => path.join(dir, name);
  return [
    'database',
    'import',
    'full',
    'neo4j',
    '--overwrite-destination=true',
    '--multiline-fields=true',
    `--array-delimiter=${ARRAY_DELIMITER}`,
    // Beside the CSV files, not in the working directory (neo4j-admin's default).
    `--report-file=${f('import.report')}`,
    `--nodes=${f('nodes-header.csv')},${f('nodes-data-.*\\.csv')}`,
    `--relationships=${f('relationships-header.csv')},${f('relationships-data-.*\\.csv')}`,
  ];
}
