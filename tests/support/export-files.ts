import { parse as parseCsv } from 'csv-parse/sync';
import { create } from 'xmlbuilder2';
import { expect } from 'vitest';

/**
 * Reads exported files back with real parsers (xmlbuilder2's XML parser, csv-parse) and checks
 * the rules of their specifications that a schema cannot (every element in the format's
 * namespace, each key declared once); xsd.ts validates the same files against the GraphML 1.0
 * and GEXF 1.3 schemas. What they hold comes back as plain objects
 * (node id → field → value as written), for tests to compare exactly.
 */
export interface ReadGraph {
  nodes: Map<string, Record<string, string>>;
  edges: Map<string, Record<string, string> & { source: string; target: string }>;
  /** Declared fields: name → declared type, per class. */
  declared: { node: Map<string, string>; edge: Map<string, string> };
}

const GRAPHML_NS = 'http://graphml.graphdrawing.org/xmlns';
const GEXF_NS = 'http://gexf.net/1.3';
/** XML Schema's NMTOKEN (ASCII subset plus any non-ASCII letter, which is all our data has). */
const NMTOKEN = /^[A-Za-z0-9._:\-\u00B7\u00C0-\uFFFD]+$/u;

type El = Element;
const children = (el: El, name?: string): El[] =>
  Array.from(el.childNodes).filter((n): n is El => n.nodeType === 1 && (name === undefined || (n as El).localName === name));
const attr = (el: El, name: string) => el.getAttribute(name);

function parseXml(text: string, ns: string, rootName: string): El {
  const root = create(text).root().node as unknown as El;
  expect(root.localName).toBe(rootName);
  expect(root.namespaceURI).toBe(ns);
  // Every element is in the format's namespace (no stray xmlns="").
  const walk = (el: El) => {
    expect(el.namespaceURI, `<${el.localName}> namespace`).toBe(ns);
    children(el).forEach(walk);
  };
  walk(root);
  return root;
}

export function readGraphml(text: string): ReadGraph {
  const root = parseXml(text, GRAPHML_NS, 'graphml');
  const top = children(root).map((e) => e.localName);
  // graphml: (desc?, key*, (data | graph)*): every key before the graph.
  expect(top.lastIndexOf('key')).toBeLessThan(top.indexOf('graph'));
  const keys = new Map<string, { for: string; name: string; type: string }>();
  const declared = { node: new Map<string, string>(), edge: new Map<string, string>() };
  for (const key of children(root, 'key')) {
    const id = attr(key, 'id')!;
    const k = { for: attr(key, 'for')!, name: attr(key, 'attr.name')!, type: attr(key, 'attr.type')! };
    expect(id).toMatch(NMTOKEN);
    expect(k.name).toMatch(NMTOKEN);
    expect(['boolean', 'int', 'long', 'float', 'double', 'string']).toContain(k.type);
    expect(['node', 'edge']).toContain(k.for);
    expect(keys.has(id), `key ${id} declared once`).toBe(false);
    keys.set(id, k);
    declared[k.for as 'node' | 'edge'].set(k.name, k.type);
  }
  const graphs = children(root, 'graph');
  expect(graphs).toHaveLength(1);
  const graph = graphs[0]!;
  expect(attr(graph, 'edgedefault')).toBe('directed');
  const data = (el: El, kind: 'node' | 'edge') => {
    const values: Record<string, string> = {};
    for (const d of children(el)) {
      expect(d.localName).toBe('data');
      const key = keys.get(attr(d, 'key')!);
      expect(key, `data key ${attr(d, 'key')} is declared`).toBeDefined();
      expect(key!.for).toBe(kind);
      values[key!.name] = d.textContent ?? '';
      checkTyped(key!.type, values[key!.name]!);
    }
    return values;
  };
  const nodes = new Map<string, Record<string, string>>();
  for (const node of children(graph, 'node')) {
    const id = attr(node, 'id')!;
    expect(id).toMatch(NMTOKEN);
    expect(nodes.has(id), `node ${id} once`).toBe(false);
    nodes.set(id, data(node, 'node'));
  }
  const edges: ReadGraph['edges'] = new Map();
  for (const edge of children(graph, 'edge')) {
    const [source, target] = [attr(edge, 'source')!, attr(edge, 'target')!];
    expect(nodes.has(source), `edge source ${source} is a node`).toBe(true);
    expect(nodes.has(target), `edge target ${target} is a node`).toBe(true);
    const values = data(edge, 'edge');
    if (attr(edge, 'directed') !== null) values.directed = attr(edge, 'directed')!;
    expect(edges.has(values.id!)).toBe(false);
    edges.set(values.id!, { ...values, source, target });
  }
  expect(children(graph).filter((e) => !['desc', 'node', 'edge'].includes(e.localName))).toEqual([]);
  return { nodes, edges, declared };
}

function checkTyped(type: string, value: string): void {
  if (type === 'int' || type === 'long' || type === 'integer') expect(value).toMatch(/^-?\d+$/);
  else if (type === 'double' || type === 'float') expect(Number.isFinite(Number(value)), `${value} is a number`).toBe(true);
  else if (type === 'boolean') expect(['true', 'false']).toContain(value);
}

const GEXF_TYPES = ['integer', 'long', 'double', 'float', 'boolean', 'liststring', 'string', 'anyURI'];

export function readGexf(text: string): ReadGraph & { edgeAttributes: Map<string, Record<string, string>> } {
  const root = parseXml(text, GEXF_NS, 'gexf');
  expect(attr(root, 'version')).toBe('1.3');
  // gexf: (meta?, graph)
  expect(children(root).map((e) => e.localName)).toEqual(['meta', 'graph']);
  const graph = children(root, 'graph')[0]!;
  expect(attr(graph, 'defaultedgetype')).toBe('directed');
  // graph: attributes*, then nodes and edges.
  expect(children(graph).map((e) => e.localName)).toEqual(['attributes', 'attributes', 'nodes', 'edges']);
  const declared = { node: new Map<string, string>(), edge: new Map<string, string>() };
  const ids = { node: new Map<string, string>(), edge: new Map<string, string>() };
  for (const attributes of children(graph, 'attributes')) {
    const cls = attr(attributes, 'class') as 'node' | 'edge';
    expect(['node', 'edge']).toContain(cls);
    for (const a of children(attributes, 'attribute')) {
      const [id, title, type] = [attr(a, 'id')!, attr(a, 'title')!, attr(a, 'type')!];
      expect(GEXF_TYPES).toContain(type);
      expect(ids[cls].has(id)).toBe(false);
      ids[cls].set(id, title);
      declared[cls].set(title, type);
    }
  }
  const values = (el: El, cls: 'node' | 'edge') => {
    const out: Record<string, string> = {};
    for (const av of children(el, 'attvalues').flatMap((x) => children(x, 'attvalue'))) {
      const title = ids[cls].get(attr(av, 'for')!);
      expect(title, `attvalue for=${attr(av, 'for')} is a declared ${cls} attribute`).toBeDefined();
      out[title!] = attr(av, 'value')!;
      checkTyped(declared[cls].get(title!)!, out[title!]!);
    }
    return out;
  };
  const nodes = new Map<string, Record<string, string>>();
  for (const node of children(children(graph, 'nodes')[0]!, 'node')) {
    const id = attr(node, 'id')!;
    expect(nodes.has(id)).toBe(false);
    nodes.set(id, { label: attr(node, 'label')!, ...values(node, 'node') });
  }
  const edges: ReadGraph['edges'] = new Map();
  const edgeAttributes = new Map<string, Record<string, string>>();
  for (const edge of children(children(graph, 'edges')[0]!, 'edge')) {
    const id = attr(edge, 'id')!;
    const [source, target] = [attr(edge, 'source')!, attr(edge, 'target')!];
    expect(nodes.has(source), `edge source ${source} is a node`).toBe(true);
    expect(nodes.has(target), `edge target ${target} is a node`).toBe(true);
    expect(edges.has(id)).toBe(false);
    edges.set(id, { ...values(edge, 'edge'), source, target });
    edgeAttributes.set(id, Object.fromEntries(Array.from(edge.attributes).map((a) => [a.name, a.value])));
  }
  return { nodes, edges, declared, edgeAttributes };
}

/** A CSV file as records by its header (the byte-order mark dropped). */
export function readCsv(text: string): Record<string, string>[] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parseCsv(text, { bom: true, columns: true, skip_empty_lines: true });
}
