import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { launchChromium } from '../tests/support/chromium.js';

/**
 * `npm run bench:explorer`: how responsive the graph explorer (/explore) stays with a few thousand
 * elements on screen. Starts chainkb in-process, opens the page in headless Chromium, injects a
 * synthetic graph of N elements (nodes + edges) through the explorer's own `merge`, runs the app's
 * own layout (`graph.layout({ randomize: true })`, what the Layout button does) and records:
 *
 * - the longest main-thread task during the layout and the total blocked time (the sum of each
 *   long task's time above 50 ms), from a PerformanceObserver for `longtask` entries, counted
 *   until 200 ms after the first frame that follows the layout's end (so drawing the result counts);
 * - the time until the layout finished (its `layoutstop`);
 * - the median frame time while panning (`cy.panBy` in a requestAnimationFrame loop for ~2 s).
 */
const SIZES = (process.env.BENCH_SIZES ?? '1000,3000').split(',').map(Number);

interface Figures {
  elements: number;
  nodes: number;
  edges: number;
  longestTaskMs: number;
  totalBlockedMs: number;
  longTasks: number;
  layoutMs: number;
  panFrameMedianMs: number;
  panFrameP95Ms: number;
}

const config = { ...loadConfig(), port: 0 };
const app = await startApp(config, createLogger('warn'));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (err) => process.stderr.write(`  page error: ${err.message}\n`));
  await page.goto(`${app.server.url}/explore`);
  await page.waitForFunction(() => Boolean((window as any).__chainkb?.cy));
  const rows: Figures[] = [];
  for (const elements of SIZES) {
    process.stderr.write(`${elements} elements: injecting, laying out, panning…\n`);
    // The callback runs in the page; it is plain JS there (no TypeScript helpers used).
    const figures = await page.evaluate(async (total: number): Promise<Figures> => {
      const w = window as any;
      const graph = w.__chainkb.explorer.graph;
      const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const settleTasks = () => new Promise((resolve) => setTimeout(resolve, 200));
      graph.clear();
      await nextFrame();

      // A synthetic graph: 3/8 of the elements are nodes (about the 1,200 nodes / 2,000 edges
      // shape of a big expansion), the rest edges — a spanning tree plus random extra edges.
      const kinds = ['Enterprise', 'Product', 'Technology', 'IndustrialChain', 'ResearchInstitute'];
      const types = ['SUPPLIES', 'PRODUCES', 'IN_CHAIN', 'USES_TECHNOLOGY', 'COOPERATES_WITH'];
      const nodeCount = Math.round((total * 3) / 8);
      const edgeCount = total - nodeCount;
      let seed = 42;
      const rand = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const nodes = Array.from({ length: nodeCount }, (_, i) => ({ id: `bench/n${i}`, kind: kinds[i % kinds.length], label: `节点 ${i}` }));
      const edges = [];
      for (let i = 0; i < edgeCount; i++) {
        const target = i < nodeCount - 1 ? i + 1 : Math.floor(rand() * nodeCount);
        const source = i < nodeCount - 1 ? Math.floor(rand() * (i + 1)) : Math.floor(rand() * nodeCount);
        edges.push({
          id: `bench/e${i}`,
          source: `bench/n${source}`,
          target: `bench/n${target}`,
          type: types[i % types.length],
          relation: null,
        });
      }
      graph.merge({ nodes, edges });
      await nextFrame();
      await settleTasks();

      const tasks: { start: number; duration: number }[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
      });
      observer.observe({ type: 'longtask' });
      const t0 = performance.now();
      await graph.layout({ randomize: true });
      const layoutMs = performance.now() - t0;
      await nextFrame();
      await settleTasks();
      observer.disconnect();
      // Every long task from the start of the layout until the first frame after it and 200 ms
      // more: that includes drawing the result, which Cytoscape does on the next animation frame
      // (before 2026-11-26 only tasks starting before the layout's end were counted).
      const during = tasks.filter((t) => t.start + t.duration >= t0);
      const longestTaskMs = during.reduce((m, t) => Math.max(m, t.duration), 0);
      const totalBlockedMs = during.reduce((s, t) => s + Math.max(0, t.duration - 50), 0);

      // Panning: one panBy per animation frame for about two seconds.
      const cy = w.__chainkb.cy;
      const frames: number[] = [];
      await nextFrame();
      let last = await nextFrame();
      const panStart = last;
      while (last - panStart < 2000) {
        cy.panBy({ x: 4, y: 2 });
        const now = await nextFrame();
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      return {
        elements: cy.elements().length,
        nodes: cy.nodes().length,
        edges: cy.edges().length,
        longestTaskMs,
        totalBlockedMs,
        longTasks: during.length,
        layoutMs,
        panFrameMedianMs: frames[Math.floor(frames.length / 2)] ?? 0,
        panFrameP95Ms: frames[Math.floor(frames.length * 0.95)] ?? 0,
      };
    }, elements);
    process.stderr.write(`  ${JSON.stringify(figures)}\n`);
    rows.push(figures);
  }
  const version = browser.version();
  console.log(`\nChromium ${version} headless, viewport 1400×900; times in milliseconds\n`);
  console.log(
    '| elements (nodes + edges) | longest task during layout (ms) | total blocked time (ms) | long tasks | layout until layoutstop (ms) | median frame while panning (ms) | p95 frame while panning (ms) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.elements} (${r.nodes} + ${r.edges}) | ${r.longestTaskMs.toFixed(0)} | ${r.totalBlockedMs.toFixed(0)} | ${r.longTasks} | ${r.layoutMs.toFixed(0)} | ${r.panFrameMedianMs.toFixed(1)} | ${r.panFrameP95Ms.toFixed(1)} |`,
    );
  }
} finally {
  await browser.close();
  await app.stop();
}
