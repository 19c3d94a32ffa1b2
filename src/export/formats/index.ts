import { csvWriter, type CsvPart } from './csv.js';
import { gexfWriter } from './gexf.js';
import { graphmlWriter } from './graphml.js';
import { jsonWriter } from './json.js';
import type { ExportMeta, GraphWriter } from './writer.js';

export const EXPORT_FORMATS = ['graphml', 'gexf', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type { CsvPart, ExportMeta, GraphWriter };
export const CSV_PARTS: readonly CsvPart[] = ['nodes', 'edges'];

/**
 * Media types: GraphML's and GEXF's are the ones their tools and the formats' sites use (neither
 * is registered with IANA); every file is UTF-8.
 */
export const FORMAT_SPECS: Record<ExportFormat, { contentType: string; extension: string }> = {
  graphml: { contentType: 'application/graphml+xml; charset=utf-8', extension: 'graphml' },
  gexf: { contentType: 'application/gexf+xml; charset=utf-8', extension: 'gexf' },
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
};

/** The writer of one output file: a whole graph, or for CSV one part of it. */
export function graphWriter(format: ExportFormat, meta: ExportMeta, part: CsvPart = 'nodes'): GraphWriter {
  if (format === 'graphml') return graphmlWriter(meta);
  if (format === 'gexf') return gexfWriter(meta);
  if (format === 'json') return jsonWriter(meta);
  return csvWriter(part);
}
