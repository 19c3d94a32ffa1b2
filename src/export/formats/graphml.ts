import { RELATION_TYPES, type RelationType } from '../../model/relation-types.js';
import { EDGE_FIELDS, fieldText, NODE_FIELDS, type ExportEdge, type ExportField, type ExportNode, type FieldType } from '../fields.js';
import { XmlChunks, xmlText, type ExportMeta, type GraphWriter } from './writer.js';

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

export function graphmlWriter(meta: ExportMeta): GraphWriter {
  const out = new XmlChunks();
  const x = out.xml;
  const key = (id: string, target: 'node' | 'edge', f: ExportField) =>
    x.ele('key', { id, for: target, 'attr.name': f.name, 'attr.type': GRAPHML_TYPES[f.type] }).ele('desc').txt(f.description).up().up();
  const data = (keyId: string, text: string | undefined) => {
    if (text !== undefined) x.ele('data', { key: keyId }).txt(xmlText(text)).up();
  };
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
      return out.take();
    },
    nodes(batch: readonly ExportNode[]) {
      for (const node of batch) {
        x.ele('node', { id: graphmlNodeId(node.id) });
        for (const f of NODE_FIELDS) data(nodeKey(f), fieldText(f, node));
        x.up();
      }
      return out.take();
    },
    edgesBegin: () => '',
    edges(batch: readonly ExportEdge[]) {
      for (const edge of batch) {
        const symmetric = (RELATION_TYPES[edge.type as RelationType] as { symmetric?: boolean }).symmetric === true;
        x.ele('edge', {
          source: graphmlNodeId(edge.source),
          target: graphmlNodeId(edge.target),
          ...(symmetric ? { directed: 'false' } : {}),
        });
        data(edgeKey(RELATION_ID), edge.id);
        for (const f of EDGE_FIELDS) data(edgeKey(f), fieldText(f, edge));
        x.up();
      }
      return out.take();
    },
    end() {
      x.up().up().end();
      return out.take();
    },
  };
}
