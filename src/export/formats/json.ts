import { EDGE_FIELDS, fieldValue, NODE_FIELDS, type ExportEdge, type ExportField, type ExportNode } from '../fields.js';
import type { ExportMeta, GraphWriter } from './writer.js';

/**
 * JSON: `{format, version, description, exportedAt, nodes: [...], edges: [...]}`, one element per
 * line. A node is `{id, kind, ...properties, evidence: [{source, paragraph, quote}]}`, an edge
 * `{id, type, source, target, ...properties, evidence}`, with values typed (numbers, booleans,
 * lists) and absent properties left out.
 */
export const JSON_FORMAT = 'chainkb-graph';

function element(head: Record<string, unknown>, fields: readonly ExportField[], item: ExportNode | ExportEdge): string {
  const object: Record<string, unknown> = head;
  for (const f of fields) {
    const value = fieldValue(f, item);
    if (value !== undefined) object[f.name] = value;
  }
  return JSON.stringify(object);
}

export function jsonWriter(meta: ExportMeta): GraphWriter {
  let first = true;
  const list = (texts: string[]) => {
    if (texts.length === 0) return '';
    const text = `${first ? '' : ','}\n${texts.join(',\n')}`;
    first = false;
    return text;
  };
  return {
    begin: () =>
      `{"format":${JSON.stringify(JSON_FORMAT)},"version":1,"description":${JSON.stringify(meta.description)},"exportedAt":${JSON.stringify(meta.exportedAt.toISOString())},\n"nodes":[`,
    nodes: (batch) => list(batch.map((n) => element({ id: n.id }, NODE_FIELDS, n))),
    edgesBegin() {
      first = true;
      return '\n],\n"edges":[';
    },
    edges: (batch) => list(batch.map((e) => element({ id: e.id, source: e.source, target: e.target }, EDGE_FIELDS, e))),
    end: () => '\n]}\n',
  };
}
