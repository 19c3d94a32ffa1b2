// The layout worker (a classic worker, so the UMD builds load with importScripts): runs the fCoSE
// force-directed layout on a headless Cytoscape instance, off the page's main thread, and answers
// with the node positions. It knows nothing of the explorer: it lays out what it is sent.
//
// Request:  { id, nodes: { ids: string[], xy: Float64Array, size: Float64Array },
//             edges: { source: Uint32Array, target: Uint32Array }, options }
//   xy and size hold x, y (width, height) per node in `ids` order; edges name nodes by index;
//   options are fCoSE options (plain values only: functions cannot cross to a worker), plus
//   maxIterations (see below).
// Answer:   { id, xy: Float64Array, ms } in the same node order, or { id, error } if the layout threw.
/* global cytoscapeFcose */
importScripts(
  '/explore/vendor/cytoscape/cytoscape.min.js',
  '/explore/vendor/layout-base/layout-base.js',
  '/explore/vendor/cose-base/cose-base.js',
  '/explore/vendor/cytoscape-fcose/cytoscape-fcose.js',
);
cytoscape.use(cytoscapeFcose);

// fCoSE's force-directed phase (cose-base, on layout-base's FDLayout) never stops before
// 5 × nodes iterations, whatever `numIter` says; at a thousand nodes that is ten seconds and more
// on a small machine, for little visible gain over a few hundred. So `maxIterations` (our own
// option) caps it, by wrapping the method that sets the limit. Should a later layout-base rename
// it, the cap is simply not applied: slower, still correct.
let iterationCap = Infinity;
const FDLayout = self.layoutBase?.FDLayout;
if (typeof FDLayout?.prototype?.initSpringEmbedder === 'function') {
  const initSpringEmbedder = FDLayout.prototype.initSpringEmbedder;
  FDLayout.prototype.initSpringEmbedder = function initSpringEmbedderCapped(...args) {
    const result = initSpringEmbedder.apply(this, args);
    this.maxIterations = Math.min(this.maxIterations, iterationCap);
    return result;
  };
}

self.addEventListener('message', (event) => {
  const { id, nodes, edges, options } = event.data;
  try {
    const started = performance.now();
    const xy = layout(nodes, edges, options);
    self.postMessage({ id, xy, ms: performance.now() - started }, [xy.buffer]);
  } catch (error) {
    self.postMessage({ id, error: String(error?.stack ?? error) });
  }
});

function layout(nodes, edges, options) {
  const elements = [];
  for (let i = 0; i < nodes.ids.length; i++) {
    elements.push({
      group: 'nodes',
      // Ids are indices: short, and the answer is written back in this order anyway.
      data: { id: `n${i}`, w: nodes.size[2 * i], h: nodes.size[2 * i + 1] },
      position: { x: nodes.xy[2 * i], y: nodes.xy[2 * i + 1] },
    });
  }
  for (let i = 0; i < edges.source.length; i++) {
    elements.push({ group: 'edges', data: { id: `e${i}`, source: `n${edges.source[i]}`, target: `n${edges.target[i]}` } });
  }
  // Style is on so fCoSE sees each node's real size (the page's seed nodes are bigger); headless
  // Cytoscape needs no DOM and draws nothing.
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 'data(w)', height: 'data(h)', shape: 'ellipse' } }],
    elements,
  });
  const { maxIterations = Infinity, ...fcose } = options;
  iterationCap = maxIterations;
  cy.layout({ ...fcose, name: 'fcose', animate: false, fit: false }).run();
  const xy = new Float64Array(2 * nodes.ids.length);
  cy.nodes().forEach((node) => {
    // Go by id, not by the collection's order.
    const index = Number(node.id().slice(1));
    const p = node.position();
    xy[2 * index] = p.x;
    xy[2 * index + 1] = p.y;
  });
  cy.destroy();
  return xy;
}
