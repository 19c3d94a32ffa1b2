import { stringify } from 'csv-stringify/sync';
import { EDGE_FIELDS, fieldText, NODE_FIELDS, type ExportEdge, type ExportNode } from '../fields.js';
import type { GraphWriter } from './writer.js';

/**
 * CSV, one file per part: `nodes` (id, kind, every entity property, evidence) or `edges` (id,
 * source, target, type, every relation property, evidence). Lists and evidence are JSON text, an
 * absent value an empty cell. Quoting is csv-stringify's (quotes hold commas, quotes and the odd
 * line break). The file starts with a UTF-8 byte-order mark, without which spreadsheet programs
 * read the Chinese as Latin-1.
 */
export type CsvPart = 'nodes' | 'edges';

export const CSV_COLUMNS: Record<CsvPart, string[]> = {
  nodes: ['id', ...NODE_FIELDS.map((f) => f.name)],
  edges: ['id', 'source', 'target', ...EDGE_FIELDS.map((f) => f.name)],
};

const rows = (records: unknown[][]) => (records.length === 0 ? '' : stringify(records));

export function csvWriter(part: CsvPart): GraphWriter {
  return {
    begin: () => `\uFEFF${stringify([CSV_COLUMNS[part]])}`,
    nodes: (batch: readonly ExportNode[]) =>
      part === 'nodes' ? rows(batch.map((n) => [n.id, ...NODE_FIELDS.map((f) => fieldText(f, n) ?? '')])) : '',
    edgesBegin: () => '',
    edges: (batch: readonly ExportEdge[]) =>
      part === 'edges' ? rows(batch.map((e) => [e.id, e.source, e.target, ...EDGE_FIELDS.map((f) => fieldText(f, e) ?? '')])) : '',
    end: () => '',
  };
}
