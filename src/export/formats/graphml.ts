import { RELATION_TYPES, type RelationType } from '../../model/relation-types.js';
import { EDGE_FIELDS, fieldText, NODE_FIELDS, type ExportEdge, type ExportField, type ExportNode, type FieldType } from '../fields.js';
import { escapeAttribute, escapeText, XmlChunks, xmlText, type ExportMeta, type GraphWriter } from './writer.js';

/**
 * GraphML (http://graphml.graphdrawing.org/): one `<key>` per field with its `attr.type`, then one
 * graph, nodes before edges. Node ids, `source` and `target` are NMTOKENs in GraphML's schema, which
 * an entity id's `/` is not: they are written with `:` instead (`enterprise:zhaobao-magnet`; entity
 * ids hold no `:`, so the mapping is one to one). Edge ids may hold any character, so the relation
 * id is a data value (`id`) rather than the optional edge attribute.
 */
export const GRAPHML_NS = 'http://graphml.graphdrawing.org/xmlns';
const SCHEMA = `${GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd`;

const GRAPHML_TYPES: Record<FieldType, string> = {
  string: 'string',
  integer: 'long',
  double: 'double',
  boolean: 'boolean',
  'string[]': 'string',
  evidence: 'string',
};

export const graphmlNodeId = (id: string) => id.replaceAll('/', ':');
const RELATION_ID: ExportField = { name: 'id', type: 'string', description: 'The relation id.' };
const nodeKey = (f: ExportField) => `n_${f.name}`;
const edgeKey = (f: ExportField) => `e_${f.name}`;

/** `<data>` elements of one node or edge, one per field it has a value for. */
function dataElements(fields: readonly ExportField[], keyOf: (f: ExportField) => string, element: ExportNode | ExportEdge): string {
  let text = '';
  for (const f of fields) {
    const value = fieldText(f, element);
    if (value !== undefined) text += `      <data key="${keyOf(f)}">${escapeText(value)}</data>\n`;
  }
  return text;
}

const isSymmetric = (type: string) => (RELATION_TYPES[type as RelationType] as { symmetric?: boolean }).symmetric === true;

export function graphmlWriter(meta: ExportMeta): GraphWriter {
  const out = new XmlChunks();
  const x = out.xml;
  const key = (id: string, target: 'node' | 'edge', f: ExportField) =>
    x.ele('key', { id, for: target, 'attr.name': f.name, 'attr.type': GRAPHML_TYPES[f.type] }).ele('desc').txt(f.description).up().up();
  return {
    begin() {
      x.dec({ version: '1.0', encoding: 'UTF-8' });
      x.ele(GRAPHML_NS, 'graphml', { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:schemaLocation': SCHEMA });
      for (const f of NODE_FIELDS) key(nodeKey(f), 'node', f);
      key(edgeKey(RELATION_ID), 'edge', RELATION_ID);
      for (const f of EDGE_FIELDS) key(edgeKey(f), 'edge', f);
      x.ele('graph', { id: 'chainkb', edgedefault: 'directed' });
      x.ele('desc')
        .txt(xmlText(`${meta.description}; exported ${meta.exportedAt.toISOString()}`))
        .up();
      return `${out.take()}\n`;
    },
    nodes(batch: readonly ExportNode[]) {
      let text = '';
      for (const node of batch)
        text += `    <node id="${escapeAttribute(graphmlNodeId(node.id))}">\n${dataElements(NODE_FIELDS, nodeKey, node)}    </node>\n`;
      return text;
    },
    edgesBegin: () => '',
    edges(batch: readonly ExportEdge[]) {
      let text = '';
      for (const edge of batch) {
        const ends = `source="${escapeAttribute(graphmlNodeId(edge.source))}" target="${escapeAttribute(graphmlNodeId(edge.target))}"`;
        const data = `      <data key="${edgeKey(RELATION_ID)}">${escapeText(edge.id)}</data>\n${dataElements(EDGE_FIELDS, edgeKey, edge)}`;
        text += `    <edge ${ends}${isSymmetric(edge.type) ? ' directed="false"' : ''}>\n${data}    </edge>\n`;
      }
      return text;
    },
    end() {
      x.up().up().end();
      // The rows ended their last line; xmlbuilder2 starts the closing tags on a new one.
      return out.take().replace(/^\n/, '');
    },
  };
}
