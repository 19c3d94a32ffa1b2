// Cytoscape's built-in force-directed `cose` layout on the page's main thread: what small graphs
// use, and what big ones fall back to when the layout worker is not available.

/** Up to this many elements the layout animates to its result. */
const ANIMATE_UP_TO = 250;
/** Node pairs × iterations one cose run may cost (about two seconds in Chromium). */
const PAIR_BUDGET = 4e7;
/** Node pairs one animation frame of a split layout may cost (about 15 ms in Chromium). */
const FRAME_PAIR_BUDGET = 3e5;

/**
 * Starts a cose run and returns { done: Promise (resolves at layoutstop), stop() }.
 *
 * cose costs (nodes² × iterations), so the number of iterations follows a fixed budget of pair
 * computations. With `split` (big graphs), it also starts from a concentric pre-layout instead of
 * random positions, and runs with `animate: true`: cose then does `refresh` iterations per
 * animation frame (as many as fit a per-frame budget, at least one), so the page keeps handling
 * input in between; positions are written (and the view fitted) once, at the end, because moving
 * thousands of elements every frame costs more than an iteration.
 */
export function runCose(cy, { randomize, fit, split }) {
  const n = cy.nodes().length;
  const size = cy.elements().length;
  if (split && randomize) {
    cy.layout({
      name: 'concentric',
      animate: false,
      fit: false,
      concentric: (node) => node.degree(),
      levelWidth: () => 4,
      minNodeSpacing: 20,
    }).run();
    randomize = false;
  }
  const layout = cy.layout({
    name: 'cose',
    animate: split ? true : size <= ANIMATE_UP_TO ? 'end' : false,
    animationDuration: 350,
    refresh: split ? Math.max(1, Math.floor(FRAME_PAIR_BUDGET / (n * n))) : 20,
    animationThreshold: split ? Infinity : 250,
    randomize,
    fit,
    padding: 40,
    nodeDimensionsIncludeLabels: !split,
    idealEdgeLength: () => 110,
    nodeRepulsion: () => 9000,
    nodeOverlap: 12,
    gravity: 0.6,
    numIter: split
      ? Math.max(20, Math.min(300, Math.floor(PAIR_BUDGET / 2 / (n * n))))
      : Math.max(30, Math.min(1000, Math.floor(PAIR_BUDGET / (n * n)))),
    componentSpacing: 80,
  });
  const done = layout.promiseOn('layoutstop');
  layout.run();
  return { done, stop: () => layout.stop() };
}
