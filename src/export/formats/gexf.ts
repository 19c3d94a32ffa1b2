import { RELATION_TYPES, type RelationType } from '../../model/relation-types.js';
import { EDGE_FIELDS, fieldText, NODE_FIELDS, type ExportEdge, type ExportField, type ExportNode, type FieldType } from '../fields.js';
import { escapeAttribute, XmlChunks, xmlText, type ExportMeta, type GraphWriter } from './writer.js';

/**
 * GEXF 1.3 (https://gexf.net): `<attributes class="node">` and `class="edge"` declare every field
 * with its type (the field name is the attribute id), then `<nodes>` and `<edges>`. Node labels are
 * names; an edge's `label` and `kind` are its relation type (`kind` makes parallel edges of
 * different types distinct, GEXF 1.3's multigraph), and COOPERATES_WITH, read both ways, is
 * `type="undirected"`. Values are XML attributes: their line breaks and tabs are written as
 * character references, which XML's attribute-value normalisation leaves alone.
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

/** `<attvalues>` of one node or edge, one `<attvalue>` per field it has a value for. */
function attvalues(fields: readonly ExportField[], element: ExportNode | ExportEdge): string {
  let text = '';
  for (const f of fields) {
    const value = fieldText(f, element);
    if (value !== undefined) text += `          <attvalue for="${f.name}" value="${escapeAttribute(value)}"/>\n`;
  }
  return text === '' ? '' : `        <attvalues>\n${text}        </attvalues>\n`;
}

const isSymmetric = (type: string) => (RELATION_TYPES[type as RelationType] as { symmetric?: boolean }).symmetric === true;

export function gexfWriter(meta: ExportMeta): GraphWriter {
  const out = new XmlChunks();
  const x = out.xml;
  const declare = (target: 'node' | 'edge', fields: readonly ExportField[]) => {
    x.ele('attributes', { class: target });
    for (const f of fields) x.ele('attribute', { id: f.name, title: f.name, type: GEXF_TYPES[f.type] }).up();
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
      return `${out.take()}\n    <nodes>\n`;
    },
    nodes(batch: readonly ExportNode[]) {
      let text = '';
      for (const node of batch) {
        const label = escapeAttribute(String(node.properties.name ?? node.id));
        text += `      <node id="${escapeAttribute(node.id)}" label="${label}">\n${attvalues(NODE_FIELDS, node)}      </node>\n`;
      }
      return text;
    },
    edgesBegin: () => '    </nodes>\n    <edges>\n',
    edges(batch: readonly ExportEdge[]) {
      let text = '';
      for (const edge of batch) {
        const ends = `source="${escapeAttribute(edge.source)}" target="${escapeAttribute(edge.target)}"`;
        const type = isSymmetric(edge.type) ? ' type="undirected"' : '';
        text += `      <edge id="${escapeAttribute(edge.id)}" ${ends} label="${edge.type}" kind="${edge.type}"${type}>\n${attvalues(EDGE_FIELDS, edge)}      </edge>\n`;
      }
      return text;
    },
    end() {
      const close = '    </edges>\n';
      x.up().up().end();
      return close + out.take().replace(/^\n/, '');
    },
  };
}
