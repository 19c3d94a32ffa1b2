import { RELATION_TYPES, type RelationType } from '../../model/relation-types.js';
import { EDGE_FIELDS, fieldText, NODE_FIELDS, type ExportEdge, type ExportField, type ExportNode, type FieldType } from '../fields.js';
import { XmlChunks, xmlText, type ExportMeta, type GraphWriter } from './writer.js';

/**
 * GEXF 1.3 (https://gexf.net): `<attributes class="node">` and `class="edge"` declare every field
 * with its type (the field name is the attribute id), then `<nodes>` and `<edges>`. Node labels are
 * names; an edge's `label` and `kind` are its relation type (`kind` makes parallel edges of
 * different types distinct, GEXF 1.3's multigraph), and COOPERATES_WITH, read both ways, is
 * `type="undirected"`. Values are XML attributes, so a line break in one reads back as a space
 * (XML attribute-value normalisation); GraphML, JSON and CSV keep it.
 */
export const GEXF_NS = 'http://gexf.net/1.3';
const SCHEMA = `${GEXF_NS} http://gexf.net/1.3/gexf.xsd`;

const GEXF_TYPES: Record<FieldType, string> = {
  string: 'string',
  integer: 'long',
  double: 'double',
  boolean: 'boolean',
  // JSON text rather than liststring: list items hold commas and pipes, which GEXF's list syntax splits on.
  'string[]': 'string',
  evidence: 'string',
};

export function gexfWriter(meta: ExportMeta): GraphWriter {
  const out = new XmlChunks();
  const x = out.xml;
  const declare = (target: 'node' | 'edge', fields: readonly ExportField[]) => {
    x.ele('attributes', { class: target });
    for (const f of fields) x.ele('attribute', { id: f.name, title: f.name, type: GEXF_TYPES[f.type] }).up();
    x.up();
  };
  const attvalues = (fields: readonly ExportField[], element: ExportNode | ExportEdge) => {
    x.ele('attvalues');
    for (const f of fields) {
      const text = fieldText(f, element);
      if (text !== undefined) x.ele('attvalue', { for: f.name, value: xmlText(text) }).up();
    }
    x.up();
  };
  return {
    begin() {
      x.dec({ version: '1.0', encoding: 'UTF-8' });
      x.ele(GEXF_NS, 'gexf', { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xsi:schemaLocation': SCHEMA, version: '1.3' });
      x.ele('meta', { lastmodifieddate: meta.exportedAt.toISOString().slice(0, 10) });
      x.ele('creator').txt('chainkb').up();
      x.ele('description').txt(xmlText(meta.description)).up();
      x.up();
      x.ele('graph', { defaultedgetype: 'directed', mode: 'static', idtype: 'string' });
      declare('node', NODE_FIELDS);
      declare('edge', EDGE_FIELDS);
      x.ele('nodes');
      return out.take();
    },
    nodes(batch: readonly ExportNode[]) {
      for (const node of batch) {
        x.ele('node', { id: node.id, label: xmlText(String(node.properties.name ?? node.id)) });
        attvalues(NODE_FIELDS, node);
        x.up();
      }
      return out.take();
    },
    edgesBegin() {
      x.up().ele('edges');
      return out.take();
    },
    edges(batch: readonly ExportEdge[]) {
      for (const edge of batch) {
        const symmetric = (RELATION_TYPES[edge.type as RelationType] as { symmetric?: boolean }).symmetric === true;
        const direction = symmetric ? { type: 'undirected' } : {};
        x.ele('edge', { id: edge.id, source: edge.source, target: edge.target, label: edge.type, kind: edge.type, ...direction });
        attvalues(EDGE_FIELDS, edge);
        x.up();
      }
      return out.take();
    },
    end() {
      x.up().up().up().end();
      return out.take();
    },
  };
}
