// The Cytoscape canvas: styles per kind, merging elements in, filters, path highlighting, layout.
import { KINDS, kindSpec } from './kinds.js';
import { Layouts } from './layout/layouts.js';

const cytoscape = window.cytoscape;

export const FONT_STACK = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
/**
 * Above this many elements edges are hidden while panning/zooming, and an expansion keeps the
 * graph where it is instead of laying it all out again.
 */
export const BIG_GRAPH = 1000;

/**
 * The stylesheet; `big` (above BIG_GRAPH elements) draws edges the cheap way: haystack lines with
 * no label and no arrow, which roughly halves drawing a big graph after a layout. Path-highlighted
 * and selected edges keep their label and arrow there (there are only a few of them).
 */
function stylesheet({ big = false } = {}) {
  const style = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-family': FONT_STACK,
        'font-size': 11,
        color: '#1f2937',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '150px',
        'text-outline-color': '#ffffff',
        'text-outline-width': 2,
        'min-zoomed-font-size': 6,
        width: 30,
        height: 30,
        'border-width': 1.5,
        'border-color': '#ffffff',
        'background-color': '#444444',
      },
    },
  ];
  for (const [kind, spec] of Object.entries(KINDS)) {
    style.push({ selector: `node[kind = "${kind}"]`, style: { 'background-color': spec.colour, shape: spec.shape } });
  }
  style.push(
    {
      selector: 'node.seed',
      style: {
        width: 46,
        height: 46,
        'font-size': 13,
        'font-weight': 'bold',
        'text-max-width': '240px',
        'border-width': 3,
        'border-color': '#111827',
      },
    },
    { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#374151' } },
    {
      selector: 'edge',
      style: {
        label: 'data(type)',
        'font-family': FONT_STACK,
        'font-size': 8,
        color: '#4b5563',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 6,
        width: 1.5,
        'curve-style': 'bezier',
        'line-color': '#a8b0bb',
        'target-arrow-color': '#a8b0bb',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
      },
    },
    { selector: 'edge[type = "COOPERATES_WITH"]', style: { 'target-arrow-shape': 'none', 'line-style': 'dashed' } },
    { selector: '.dimmed', style: { opacity: 0.15 } },
    { selector: 'node.highlighted', style: { opacity: 1, 'border-width': 5, 'border-color': '#f59e0b', 'z-index': 20 } },
    {
      selector: 'edge.highlighted',
      style: {
        opacity: 1,
        width: 4,
        'line-color': '#f59e0b',
        'target-arrow-color': '#f59e0b',
        'z-index': 20,
        'font-size': 10,
        color: '#92400e',
      },
    },
    { selector: 'node.path-end', style: { 'border-color': '#b45309', 'border-width': 6 } },
    { selector: 'node:selected', style: { 'border-color': '#e11d48', 'border-width': 5, 'overlay-opacity': 0 } },
    { selector: 'edge:selected', style: { 'line-color': '#e11d48', 'target-arrow-color': '#e11d48', width: 4, opacity: 1 } },
    { selector: '.hidden', style: { display: 'none' } },
  );
  if (big) {
    style.push(
      { selector: 'edge', style: { 'curve-style': 'haystack', label: '', 'target-arrow-shape': 'none' } },
      {
        selector: 'edge.highlighted, edge:selected',
        style: { 'curve-style': 'straight', label: 'data(type)', 'target-arrow-shape': 'triangle' },
      },
      {
        selector: 'edge.highlighted[type = "COOPERATES_WITH"], edge:selected[type = "COOPERATES_WITH"]',
        style: { 'target-arrow-shape': 'none' },
      },
    );
  }
  return style;
}

export class Graph {
  constructor(container, { onTapNode, onTapEdge, onTapBackground } = {}) {
    this.cy = cytoscape({
      container,
      style: stylesheet(),
      minZoom: 0.05,
      maxZoom: 4,
      textureOnViewport: true,
      hideEdgesOnViewport: false,
      selectionType: 'single',
      boxSelectionEnabled: false,
    });
    /** True while the graph is drawn with the big-graph stylesheet. */
    this.isBig = false;
    this.layouts = new Layouts(this.cy);
    this.cy.on('tap', 'node', (evt) => onTapNode?.(evt.target));
    this.cy.on('tap', 'edge', (evt) => onTapEdge?.(evt.target));
    this.cy.on('tap', (evt) => {
      if (evt.target === this.cy) onTapBackground?.();
    });
  }

  get size() {
    return this.cy.elements().length;
  }

  has(id) {
    return this.cy.getElementById(id).nonempty();
  }

  /**
   * Adds the nodes and edges not on the canvas yet; returns the ids added (nodes first).
   * New nodes start in a ring around `around` (or the centre of the view), so a layout that keeps
   * the old positions only has to settle the new ones.
   */
  merge({ nodes = [], edges = [] }, { around } = {}) {
    const cy = this.cy;
    const newNodes = nodes.filter((n) => cy.getElementById(n.id).empty());
    const anchor = around && cy.getElementById(around).nonempty() ? cy.getElementById(around).position() : null;
    const centre = anchor ?? (cy.nodes().length ? cy.nodes().boundingBox() : null);
    const cx = anchor ? anchor.x : centre ? (centre.x1 + centre.x2) / 2 : 0;
    const cyy = anchor ? anchor.y : centre ? (centre.y1 + centre.y2) / 2 : 0;
    const radius = 80 + 6 * newNodes.length;
    const added = [];
    const toAdd = newNodes.map((n, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, newNodes.length);
      added.push(n.id);
      return {
        group: 'nodes',
        data: { id: n.id, kind: n.kind, label: n.label, nameEn: n.nameEn ?? null, category: n.category ?? null },
        position: { x: cx + radius * Math.cos(a), y: cyy + radius * Math.sin(a) },
      };
    });
    const nodeIds = new Set([...cy.nodes().map((n) => n.id()), ...newNodes.map((n) => n.id)]);
    const seenEdges = new Set();
    for (const e of edges) {
      if (seenEdges.has(e.id) || cy.getElementById(e.id).nonempty()) continue;
      if (!nodeIds.has(e.source) || !nodeIds.has(e.target)) continue;
      seenEdges.add(e.id);
      added.push(e.id);
      toAdd.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, type: e.type, relation: e.relation } });
    }
    if (toAdd.length) cy.add(toAdd);
    this.tuneForSize();
    return added;
  }

  /** Removes exactly these elements (edges before nodes). */
  remove(ids) {
    const cy = this.cy;
    cy.batch(() => {
      const els = ids.map((id) => cy.getElementById(id)).filter((el) => el.nonempty());
      for (const el of els) if (el.isEdge() && el.inside()) el.remove();
      for (const el of els) if (el.isNode() && el.inside()) el.remove();
    });
    this.tuneForSize();
  }

  clear() {
    this.stopLayout();
    this.cy.elements().remove();
    this.tuneForSize();
  }

  /**
   * Above BIG_GRAPH elements: edges hidden while the viewport moves (Cytoscape reads this per
   * frame) and the cheap edge styles; back to the full styles once the graph shrinks again.
   */
  tuneForSize() {
    const big = this.size > BIG_GRAPH;
    const renderer = this.cy.renderer?.();
    if (renderer) renderer.hideEdgesOnViewport = big;
    if (big !== this.isBig) {
      this.isBig = big;
      this.cy.style(stylesheet({ big }));
    }
  }

  positions() {
    const out = {};
    this.cy.nodes().forEach((n) => {
      out[n.id()] = { ...n.position() };
    });
    return out;
  }

  restorePositions(positions) {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        const p = positions[n.id()];
        if (p) n.position(p);
      });
    });
  }

  setNodeClass(className, ids) {
    const cy = this.cy;
    cy.batch(() => {
      cy.nodes(`.${className}`).removeClass(className);
      for (const id of ids) cy.getElementById(id).addClass(className);
    });
  }

  /** Filters: hide (class, display none) nodes of these kinds and edges of these types. */
  applyFilters(hiddenKinds, hiddenTypes) {
    const kinds = new Set(hiddenKinds);
    const types = new Set(hiddenTypes);
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.toggleClass('hidden', kinds.has(n.data('kind')));
      });
      this.cy.edges().forEach((e) => {
        e.toggleClass('hidden', types.has(e.data('type')));
      });
    });
  }

  /** Path highlighting: these elements get `highlighted`, all others `dimmed`; null clears it. */
  highlight(ids, ends = []) {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass('highlighted dimmed path-end');
      if (!ids) return;
      const set = new Set(ids);
      cy.elements().forEach((el) => {
        el.addClass(set.has(el.id()) ? 'highlighted' : 'dimmed');
      });
      for (const id of ends) cy.getElementById(id).addClass('path-end');
    });
  }

  /** Counts of what is on the canvas, for the filter lists. */
  inventory() {
    const kinds = new Map();
    const types = new Map();
    this.cy.nodes().forEach((n) => kinds.set(n.data('kind'), (kinds.get(n.data('kind')) ?? 0) + 1));
    this.cy.edges().forEach((e) => types.set(e.data('type'), (types.get(e.data('type')) ?? 0) + 1));
    return { kinds, types };
  }

  stopLayout() {
    this.layouts.stop();
  }

  /**
   * Lays the whole graph out (see layout/layouts.js for where it runs); resolves once the result
   * is on the canvas, or the layout was superseded by another one or stopped.
   */
  async layout({ randomize = false, fit = true } = {}) {
    await this.layouts.run({ randomize, fit });
  }

  /** The last layout that finished: { engine: 'worker' | 'main', nodes, ms, … }. */
  get lastLayout() {
    return this.layouts.last;
  }

  /**
   * After adding elements: lay the whole graph out again while it is small; on a big graph keep
   * everything where it is (the new nodes already sit in a ring around the node they came from).
   */
  async settle({ randomize = false } = {}) {
    if (this.size > BIG_GRAPH && !randomize) return;
    await this.layout({ randomize });
  }

  fit() {
    this.cy.animate({ fit: { eles: this.cy.elements(':visible'), padding: 40 } }, { duration: 250 });
  }

  centreOn(id) {
    const el = this.cy.getElementById(id);
    if (el.nonempty()) this.cy.animate({ center: { eles: el } }, { duration: 250 });
  }

  select(id) {
    this.cy.elements(':selected').unselect();
    const el = id ? this.cy.getElementById(id) : null;
    if (el?.nonempty()) el.select();
  }

  async png() {
    return this.cy.png({ full: true, output: 'blob-promise', bg: '#ffffff', scale: 2, maxWidth: 8000, maxHeight: 8000 });
  }

  json() {
    return {
      elements: this.cy
        .elements()
        .jsons()
        .map((el) => ({ group: el.group, data: el.data, position: el.position, classes: el.classes })),
      zoom: this.cy.zoom(),
      pan: this.cy.pan(),
    };
  }
}

export { kindSpec };
