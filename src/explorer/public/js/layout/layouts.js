// Which layout runs where. Small graphs: cose on the main thread, animated (quick, and the way the
// explorer has always looked). Bigger graphs: fCoSE in a Web Worker, so the page keeps answering
// while it computes; the result is written in one batch. If the worker fails, the main thread
// takes over (cose split across animation frames) and the page never waits on a dead worker.
import { runCose } from './cose.js';
import { LayoutWorker } from './worker-client.js';

/** Above this many elements (nodes + edges) layouts run in the worker. */
export const WORKER_LAYOUT = 300;
const PADDING = 40;
/** Node × iteration steps one fCoSE run may take (its force phase costs about nodes × neighbours per step). */
const ITERATION_BUDGET = 250_000;

/**
 * fCoSE options for the worker (plain values: they cross to the worker). `randomize: false` keeps
 * the current positions as the start, which fCoSE only honours with quality 'proof'.
 */
function fcoseOptions(randomize, nodeCount) {
  return {
    // Iterations × nodes stays within a budget (a few seconds in the worker at 1,000 nodes).
    maxIterations: Math.max(150, Math.floor(ITERATION_BUDGET / nodeCount)),
    quality: randomize ? 'default' : 'proof',
    randomize,
    nodeDimensionsIncludeLabels: false,
    idealEdgeLength: 110,
    nodeRepulsion: 9000,
    edgeElasticity: 0.45,
    gravity: 0.25,
    nodeSeparation: 75,
    numIter: 2500,
    tile: true,
  };
}

export class Layouts {
  constructor(cy) {
    this.cy = cy;
    this.worker = new LayoutWorker();
    /** The main-thread run in progress ({ stop }), if any. */
    this.mainRun = null;
    /** Bumped by every start and stop: a layout whose ticket is no longer current is stale. */
    this.ticket = 0;
    /** The last layout that finished: { engine: 'worker' | 'main', nodes, ms, workerMs?, fallback? }. */
    this.last = null;
  }

  /** Stops the layout in progress; whatever it would still have written is discarded. */
  stop() {
    this.ticket++;
    this.mainRun?.stop();
    this.mainRun = null;
    this.worker.cancel();
  }

  /** Runs a layout of the whole graph; resolves when it has been applied, or superseded. */
  async run({ randomize = false, fit = true } = {}) {
    this.stop();
    const ticket = this.ticket;
    const nodes = this.cy.nodes();
    if (nodes.empty()) return;
    const size = this.cy.elements().length;
    const started = performance.now();
    let fallback;
    if (size > WORKER_LAYOUT && this.worker.usable) {
      try {
        const answer = await this.worker.run(snapshot(this.cy, nodes), fcoseOptions(randomize, nodes.length));
        if (answer === null || ticket !== this.ticket) return;
        this.apply(nodes, answer.xy, fit);
        this.last = { engine: 'worker', nodes: nodes.length, ms: performance.now() - started, workerMs: answer.ms };
        return;
      } catch (error) {
        if (ticket !== this.ticket) return;
        fallback = error.message;
        console.warn(`chainkb explorer: ${error.message}; laying out on the main thread instead.`);
      }
    }
    const run = runCose(this.cy, { randomize, fit, split: size > WORKER_LAYOUT });
    this.mainRun = run;
    await run.done;
    if (ticket !== this.ticket) return;
    this.mainRun = null;
    this.last = { engine: 'main', nodes: nodes.length, ms: performance.now() - started, fallback };
  }

  /**
   * Writes the worker's positions in one batch (one style and bounds update, one redraw). Nodes
   * added while the worker ran (an expansion) were not laid out: they move along with a laid-out
   * neighbour, so they stay in their ring around the node they came from.
   */
  apply(nodes, xy, fit) {
    const cy = this.cy;
    const shift = new Map();
    // The laid-out nodes' box, for the viewport (see fitBox).
    const box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
    cy.batch(() => {
      nodes.forEach((node, i) => {
        const x = xy[2 * i];
        const y = xy[2 * i + 1];
        if (node.removed() || !Number.isFinite(x) || !Number.isFinite(y)) return;
        const p = node.position();
        shift.set(node.id(), { dx: x - p.x, dy: y - p.y });
        node.position({ x, y });
        const w = node.width() / 2;
        const h = node.height() / 2;
        box.x1 = Math.min(box.x1, x - w);
        box.x2 = Math.max(box.x2, x + w);
        box.y1 = Math.min(box.y1, y - h);
        box.y2 = Math.max(box.y2, y + h);
      });
      const newcomers = cy.nodes().filter((node) => !shift.has(node.id()));
      newcomers.forEach((node) => {
        const anchor = node.neighborhood('node').filter((m) => shift.has(m.id()))[0];
        const d = anchor ? shift.get(anchor.id()) : null;
        if (d) node.shift({ x: d.dx, y: d.dy });
      });
    });
    if (fit && Number.isFinite(box.x1)) this.fitBox(box);
  }

  /**
   * cy.fit() measures every element's bounds, labels and edge geometry first (most of a second at
   * 3,000 elements); the nodes' centres and sizes are enough here, and drawing the result
   * computes that geometry anyway.
   */
  fitBox({ x1, y1, x2, y2 }) {
    const cy = this.cy;
    const width = cy.width() - 2 * PADDING;
    const height = cy.height() - 2 * PADDING;
    const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min(width / Math.max(1, x2 - x1), height / Math.max(1, y2 - y1))));
    cy.viewport({ zoom, pan: { x: (cy.width() - zoom * (x1 + x2)) / 2, y: (cy.height() - zoom * (y1 + y2)) / 2 } });
  }
}

/** What the worker needs of the graph: node sizes and positions, and edges as node indices. */
function snapshot(cy, nodes) {
  const ids = [];
  const index = new Map();
  const xy = new Float64Array(2 * nodes.length);
  const size = new Float64Array(2 * nodes.length);
  nodes.forEach((node, i) => {
    const p = node.position();
    ids.push(node.id());
    index.set(node.id(), i);
    xy[2 * i] = p.x;
    xy[2 * i + 1] = p.y;
    size[2 * i] = node.width();
    size[2 * i + 1] = node.height();
  });
  const edges = cy.edges();
  const source = new Uint32Array(edges.length);
  const target = new Uint32Array(edges.length);
  edges.forEach((edge, i) => {
    source[i] = index.get(edge.data('source'));
    target[i] = index.get(edge.data('target'));
  });
  return { nodes: { ids, xy, size }, edges: { source, target } };
}
