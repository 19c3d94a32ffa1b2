import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import Assembler from 'stream-json/Assembler.js';
import Parser from 'stream-json/Parser.js';

/**
 * The records of an import file, read as a stream (a file of a million rows is never held whole):
 * JSON (an array of records, or an object `{entities, relations, statistics}` of arrays), NDJSON
 * (one record per line) or CSV (a header naming properties, one record per line; one section per
 * file). A record's section — entity, relation or statistic — is its array in the JSON object
 * form, else its shape: `type` (with `from`, `to`) makes a relation, `subject` a statistic, anything
 * else an entity. `where` locates it for messages: `line 12`, `entities[3]` or `[3]`.
 */
export type Section = 'entities' | 'relations' | 'statistics';
export const SECTIONS: readonly Section[] = ['entities', 'relations', 'statistics'];
export type Format = 'json' | 'ndjson' | 'csv';
export const FORMATS: readonly Format[] = ['json', 'ndjson', 'csv'];

export interface ImportRecord {
  section: Section;
  value: unknown;
  where: string;
}

/** The file itself cannot be read as its format (bad JSON, a CSV without a header, ...): nothing of it is imported. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

export function formatOf(file: string): Format | undefined {
  const ext = file.toLowerCase().split('.').pop();
  if (ext === 'jsonl' || ext === 'ndjson') return 'ndjson';
  return ext === 'json' || ext === 'csv' ? ext : undefined;
}

export function readRecords(file: string, format: Format): AsyncGenerator<ImportRecord> {
  if (format === 'csv') return csvRecords(file);
  return format === 'ndjson' ? ndjsonRecords(file) : jsonRecords(file);
}

export function sectionOf(value: unknown): Section {
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof v === 'object' && 'type' in v) return 'relations';
  if (typeof v === 'object' && 'subject' in v) return 'statistics';
  return 'entities';
}

async function* ndjsonRecords(file: string): AsyncGenerator<ImportRecord> {
  const lines = readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // A bad line is a bad row, reported with the others: the rest of the file is still checked.
      value = new InvalidJson((error as Error).message);
    }
    yield { section: value instanceof InvalidJson ? 'entities' : sectionOf(value), value, where: `line ${n}` };
  }
}

/** A line of NDJSON that is not JSON: validation reports it as that row's problem. */
export class InvalidJson {
  constructor(readonly message: string) {}
}

async function* jsonRecords(file: string): AsyncGenerator<ImportRecord> {
  const tokens = createReadStream(file).pipe(new Parser({ packValues: true, streamValues: false }));
  let depth = 0;
  let form: 'array' | 'object' | undefined;
  let section: Section | undefined;
  let index = 0;
  let element: Assembler | undefined;
  const where = () => (form === 'array' ? `[${index}]` : `${section}[${index}]`);
  try {
    for await (const token of tokens as AsyncIterable<{ name: string; value?: string }>) {
      if (element) {
        element.consume(token);
        if (element.done) {
          yield { section: section ?? sectionOf(element.current), value: element.current, where: where() };
          element = undefined;
          index++;
        }
        continue;
      }
      const elementDepth = form === 'object' ? 2 : 1;
      if (depth === 0) {
        if (token.name !== 'startArray' && token.name !== 'startObject')
          throw new ImportFileError(
            'a JSON import file is an array of records or an object {"entities": [...], "relations": [...], "statistics": [...]}',
          );
        form = token.name === 'startArray' ? 'array' : 'object';
        depth = 1;
      } else if (depth === elementDepth && token.name === 'endArray') {
        depth--;
      } else if (depth === elementDepth) {
        element = new Assembler();
        element.consume(token);
        if (element.done) {
          yield { section: section ?? sectionOf(element.current), value: element.current, where: where() };
          element = undefined;
          index++;
        }
      } else if (token.name === 'keyValue') {
        if (!(SECTIONS as unknown[]).includes(token.value))
          throw new ImportFileError(
            `unknown key ${JSON.stringify(token.value)} (a JSON import object holds entities, relations and statistics)`,
          );
        section = token.value as Section;
        index = 0;
      } else if (token.name === 'startArray') {
        depth = 2;
      } else if (token.name === 'endObject') {
        depth = 0;
      } else throw new ImportFileError(`${section} must be an array`);
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`not valid JSON${form ? ` (after ${where()})` : ''}: ${(error as Error).message}`);
  }
}

/** CSV columns holding numbers, and the one holding a boolean: cells are text, the row shapes are typed. */
const NUMERIC = new Set([
  'foundedYear',
  'value',
  'originalValue',
  'props.year',
  'props.count',
  'props.amount',
  'props.amountOriginal',
  'evidence.paragraph',
]);
const BOOLEAN = new Set(['isChange']);
/** Cells holding lists: `;` between items (or a JSON array). */
const LISTS = new Set(['aliases']);

async function* csvRecords(file: string): AsyncGenerator<ImportRecord> {
  const rows = createReadStream(file).pipe(parseCsv({ columns: true, info: true, skip_empty_lines: true, bom: true }));
  let section: Section | undefined;
  try {
    for await (const { record, info } of rows as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      section ??= csvSection(Object.keys(record));
      yield { section, value: csvValue(record), where: `line ${info.lines}` };
    }
  } catch (error) {
    throw new ImportFileError(`not valid CSV: ${(error as Error).message}`);
  }
}

function csvSection(columns: string[]): Section {
  if (columns.includes('type')) return 'relations';
  return columns.includes('subject') ? 'statistics' : 'entities';
}

/** A CSV row as the record it stands for: dotted headers nest (`props.year`, `period.label`, `evidence.quote`), empty cells are absent. */
export function csvValue(row: Record<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(row)) {
    if (cell === '') continue;
    const typed = typedCell(column, cell);
    const [head, ...rest] = column.split('.');
    if (rest.length === 0) value[column] = typed;
    else if (head === 'evidence') {
      // One piece of evidence in three columns; more need the `evidence` column as a JSON array.
      const list = (value.evidence ??= [{}]) as Record<string, unknown>[];
      list[0]![rest.join('.')] = typed;
    } else ((value[head!] ??= {}) as Record<string, unknown>)[rest.join('.')] = typed;
  }
  return value;
}

function typedCell(column: string, cell: string): unknown {
  if (column === 'evidence' || (LISTS.has(column) && cell.startsWith('['))) return parseJsonCell(cell);
  if (LISTS.has(column))
    return cell
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
  if (NUMERIC.has(column) && cell.trim() !== '' && Number.isFinite(Number(cell))) return Number(cell);
  if (BOOLEAN.has(column) && (cell === 'true' || cell === 'false')) return cell === 'true';
  return cell;
}

function parseJsonCell(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}
