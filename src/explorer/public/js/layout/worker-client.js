// The page's side of the layout worker (worker.js): one worker, started on first use, one layout at
// a time. A layout that is cancelled ends the worker (fCoSE cannot be interrupted, and its answer
// would only be thrown away); the next layout starts a fresh one.

const WORKER_URL = '/explore/js/layout/worker.js';

export class LayoutWorker {
  constructor(url = WORKER_URL) {
    this.url = url;
    this.worker = null;
    /** The layout in flight: { id, resolve, reject }. */
    this.pending = null;
    this.nextId = 1;
    /** Set when the worker itself failed (its script did not load, or it crashed): use the main thread from then on. */
    this.broken = null;
  }

  get usable() {
    return this.broken === null && typeof Worker === 'function';
  }

  /**
   * Lays out `graph` ({ nodes: { ids, xy, size }, edges: { source, target } }, see worker.js) with
   * these fCoSE options. Resolves with { xy, ms }, or with null if cancelled; rejects if the
   * worker failed.
   */
  run(graph, options) {
    this.cancel();
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject };
      // The typed arrays are copies made for this request: hand them over instead of copying again.
      const transfer = [graph.nodes.xy.buffer, graph.nodes.size.buffer, graph.edges.source.buffer, graph.edges.target.buffer];
      worker.postMessage({ id, nodes: graph.nodes, edges: graph.edges, options }, transfer);
    });
  }

  /** Drops the layout in flight, if any: its promise resolves with null and its answer never arrives. */
  cancel() {
    if (!this.pending) return;
    const { resolve } = this.pending;
    this.pending = null;
    this.worker?.terminate();
    this.worker = null;
    resolve(null);
  }

  start() {
    if (this.worker) return this.worker;
    const worker = new Worker(this.url);
    worker.addEventListener('message', (event) => this.onAnswer(worker, event.data));
    // A script that did not load or threw outside a layout, or an answer that could not be read.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.fail(worker, new Error(`the layout worker failed: ${event.message || 'its script did not load'}`));
    });
    worker.addEventListener('messageerror', () => this.fail(worker, new Error('the layout worker sent an unreadable answer')));
    this.worker = worker;
    return worker;
  }

  onAnswer(worker, answer) {
    const pending = this.pending;
    // Answers from a worker we have since replaced, or for a cancelled layout, are stale.
    if (worker !== this.worker || !pending || pending.id !== answer.id) return;
    this.pending = null;
    if (answer.error) pending.reject(new Error(`the layout failed in the worker: ${answer.error}`));
    else pending.resolve({ xy: answer.xy, ms: answer.ms });
  }

  fail(worker, error) {
    if (worker !== this.worker) return;
    this.broken = error;
    worker.terminate();
    this.worker = null;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}
