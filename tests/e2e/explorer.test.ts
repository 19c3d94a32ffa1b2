import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { graphmlNodeId } from '../../src/export/formats/graphml.js';
import { launchChromium } from '../support/chromium.js';
import { readGexf, readGraphml } from '../support/export-files.js';
import { startTestServer } from '../support/server.js';

/**
 * The graph explorer at /explore, end to end: a real headless Chromium (Debian's, driven by
 * playwright-core) against the real server on the run's Neo4j with the seed loaded.
 */
const ARTIFACTS = path.join(projectRoot, 'tests', 'artifacts');

const ZHAOBAO = 'enterprise/zhaobao-magnet';
const FUND = 'fund/ruxin-zhaobao-fund';
const NIMTE = 'institute/nimte';
const ZHENHAI_ASSETS = 'org/zhenhai-state-assets';
const INVESTED = `INVESTED_IN:${FUND}->${ZHAOBAO}`;

declare global {
  interface Window {
    __chainkb: { cy: any; state: any; busy: number; version: number };
  }
}

let app: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let context: BrowserContext | undefined;
/** Problems the page reported during the current test: uncaught errors, failed or foreign requests, CSP violations. */
let pageProblems: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [app, browser] = await Promise.all([startTestServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function openExplorer(hash = '', { holdLayoutAnswers = false, beforeOpen = (_page: Page) => {} } = {}): Promise<Page> {
  context ??= await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  if (holdLayoutAnswers) await page.addInitScript(holdWorkerAnswers);
  pageProblems = [];
  const origin = app.server.url;
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  // Chromium reports whatever the Content-Security-Policy blocked on the console ("Refused to ...").
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) pageProblems.push(`CSP violation: ${message.text()}`);
  });
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))
      pageProblems.push(`request outside chainkb: ${url}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) pageProblems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  beforeOpen(page);
  await page.goto(`${origin}/explore${hash}`);
  await page.waitForFunction(() => window.__chainkb !== undefined && window.__chainkb.busy === 0);
  return page;
}

/**
 * Runs in the page before its scripts (addInitScript): wraps Worker so that, while
 * `__layoutHold.on` is set, answers from the layout worker are kept back until the test releases
 * them. That makes "while a layout is running" a state the test holds, not a race it may lose.
 */
function holdWorkerAnswers(): void {
  const hold = {
    on: false,
    held: [] as (() => void)[],
    releaseOne(i: number) {
      const deliver = hold.held[i];
      hold.held[i] = () => {};
      deliver?.();
    },
    release() {
      hold.on = false;
      for (const deliver of hold.held.splice(0)) deliver();
    },
  };
  (window as any).__layoutHold = hold;
  const RealWorker = window.Worker;
  window.Worker = class extends RealWorker {
    override addEventListener(type: string, listener: any, options?: any): void {
      if (type !== 'message') return super.addEventListener(type, listener, options);
      return super.addEventListener(
        type,
        (event: Event) => {
          if (hold.on) hold.held.push(() => listener.call(this, event));
          else listener.call(this, event);
        },
        options,
      );
    }
  } as typeof Worker;
}

/**
 * A synthetic graph of `total` elements (3/8 nodes: a random spanning tree plus random extra
 * edges, like the explorer benchmark's) merged in through the explorer's own code, all nodes
 * starting in one ring; above 300 elements its layouts go to the worker.
 */
async function injectBigGraph(page: Page, total: number): Promise<void> {
  await page.evaluate((count) => {
    const explorer = (window as any).__chainkb.explorer;
    const kinds = ['Enterprise', 'Product', 'Technology', 'IndustrialChain', 'ResearchInstitute'];
    const nodeCount = Math.round((count * 3) / 8);
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const nodes = Array.from({ length: nodeCount }, (_, i) => ({ id: `big/n${i}`, kind: kinds[i % kinds.length], label: `节点 ${i}` }));
    const edges = [];
    for (let i = 0; i < count - nodeCount; i++) {
      const tree = i < nodeCount - 1;
      const source = Math.floor(rand() * (tree ? i + 1 : nodeCount));
      const target = tree ? i + 1 : Math.floor(rand() * nodeCount);
      edges.push({ id: `big/e${i}`, source: `big/n${source}`, target: `big/n${target}`, type: 'SUPPLIES', relation: null });
    }
    explorer.graph.merge({ nodes, edges });
    explorer.afterChange();
  }, total);
  expect(await page.evaluate(() => window.__chainkb.cy.elements().length)).toBe(total);
}

const positions = (page: Page) =>
  page.evaluate(
    () =>
      Object.fromEntries(window.__chainkb.cy.nodes().map((n: any) => [n.id(), { ...n.position() }])) as Record<
        string,
        { x: number; y: number }
      >,
  );

/**
 * Opens the explorer with a 1,000-element graph and presses Layout while the worker's answers are
 * held back; resolves once the first answer is held, with the positions from before the layout.
 */
async function startHeldBigLayout() {
  const page = await openExplorer('', { holdLayoutAnswers: true });
  await injectBigGraph(page, 1000);
  const before = await positions(page);
  await page.evaluate(() => ((window as any).__layoutHold.on = true));
  await page.getByTestId('layout').click();
  await page.waitForFunction(() => (window as any).__layoutHold.held.length === 1);
  return { page, before };
}

/** Runs a UI action and waits until the explorer has finished everything it started. */
async function settled(page: Page, action: () => Promise<unknown>): Promise<void> {
  const before = await page.evaluate(() => window.__chainkb.version);
  await action();
  await page.waitForFunction((v) => window.__chainkb.version > v && window.__chainkb.busy === 0, before);
}

const nodeIds = (page: Page) =>
  page.evaluate(
    () =>
      window.__chainkb.cy
        .nodes()
        .map((n: any) => n.id())
        .sort() as string[],
  );
const edgeIds = (page: Page) =>
  page.evaluate(
    () =>
      window.__chainkb.cy
        .edges()
        .map((e: any) => e.id())
        .sort() as string[],
  );
const status = (page: Page) => page.getByTestId('status').textContent();

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `explorer-${name}.png`) });
}

async function searchAndPick(page: Page, text: string, id: string): Promise<void> {
  await page.getByTestId('search-input').fill(text);
  const hit = page.locator(`[data-testid="search-result"][data-id="${id}"]`);
  await hit.waitFor();
  await settled(page, () => hit.click());
}

/**
 * Clicks a node or an edge on the canvas with the mouse, at a point where Cytoscape's own hit test
 * finds that element (an edge's midpoint may lie under another edge), and checks it got selected.
 */
/**
 * Clicks an element where it wins the hit test. The layout is random: when another element covers
 * every point of an edge, the Layout button lays the graph out again and the search starts over.
 */
async function tapElement(page: Page, id: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const point = await clickablePoint(page, id);
    expect(point, `${id} is on the canvas`).not.toBeNull();
    if (point!.wins || attempt === 4) {
      await settled(page, () => page.mouse.click(point!.x, point!.y));
      break;
    }
    await settled(page, () => page.getByTestId('layout').click());
  }
  expect(await page.evaluate(() => window.__chainkb.state.selected), `clicking ${id} selects it`).toBe(id);
}

/** Where to click `id` on the page, and whether the element wins the hit test there. */
function clickablePoint(page: Page, id: string): Promise<{ x: number; y: number; wins: boolean } | null> {
  return page.evaluate((elementId) => {
    const cy = window.__chainkb.cy;
    const el = cy.getElementById(elementId);
    if (el.empty()) return null;
    const renderer = cy.renderer();
    const zoom = cy.zoom();
    const candidates: { x: number; y: number }[] = [];
    if (el.isNode()) candidates.push(el.position());
    else {
      candidates.push(el.midpoint());
      const s = el.sourceEndpoint();
      const t = el.targetEndpoint();
      // Points along the edge as drawn: a bundled bezier bends around one control point, so the
      // straight line between its ends can lie on a parallel edge instead.
      const control = el.controlPoints?.() ?? [];
      const c = control.length === 1 ? control[0]! : null;
      for (let f = 0.2; f <= 0.8; f += 0.05) {
        if (c)
          candidates.push({
            x: (1 - f) ** 2 * s.x + 2 * (1 - f) * f * c.x + f ** 2 * t.x,
            y: (1 - f) ** 2 * s.y + 2 * (1 - f) * f * c.y + f ** 2 * t.y,
          });
        else candidates.push({ x: s.x + f * (t.x - s.x), y: s.y + f * (t.y - s.y) });
      }
    }
    // A point where the element wins the hit test even a few pixels off (nothing else close by).
    const d = 3 / zoom;
    const wins = (p: { x: number; y: number }) =>
      [
        [0, 0],
        [d, 0],
        [-d, 0],
        [0, d],
        [0, -d],
      ].every(([dx, dy]) => renderer.findNearestElement(p.x + dx!, p.y + dy!, true, false)?.id() === elementId);
    const winner = candidates.find(wins);
    const hit = winner ?? candidates[0]!;
    const pan = cy.pan();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + hit.x * zoom + pan.x, y: box.top + hit.y * zoom + pan.y, wins: winner !== undefined };
  }, id);
}

async function neighbourIds(id: string): Promise<string[]> {
  const res = await app.gql('query($id: ID!) { neighbourhood(id: $id, depth: 1, limit: 300) { nodes { id } edges { id } } }', { id });
  expect(res.errors).toBeUndefined();
  return res.data.neighbourhood.nodes.map((n: { id: string }) => n.id).sort();
}

describe('the graph explorer at /explore (headless Chromium)', () => {
  it('serves the page, its scripts and Cytoscape from chainkb itself (nothing from a CDN)', async () => {
    const res = await fetch(`${app.server.url}/explore`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((a) => !a.startsWith('data:') && a !== '/explore' && a !== '/graphql');
    expect(assets).toContain('/explore/vendor/cytoscape/cytoscape.min.js');
    for (const asset of assets) {
      expect(asset.startsWith('/explore/'), `${asset} is served locally`).toBe(true);
      const r = await fetch(`${app.server.url}${asset}`);
      expect(r.status, asset).toBe(200);
    }
    expect(html).toContain('href="/graphql"');

    const page = await openExplorer();
    expect(await page.evaluate(() => typeof window.__chainkb.cy.add)).toBe('function');
    expect(await page.getByTestId('legend').locator('li').count()).toBe(19);
    expect(await page.getByTestId('graphql-link').getAttribute('href')).toBe('/graphql');
    expect(await page.getByTestId('empty-hint').isVisible()).toBe(true);
    await screenshot(page, 'start');
    expect(pageProblems).toEqual([]);
  });

  it('searches as you type and picks with the keyboard: the entity and exactly its neighbours appear', async () => {
    const page = await openExplorer();
    // 招宝磁业 is the firm's own short name; 招宝 alone also names the hydrogen park, the fund and the base, and no longer ranks the firm first.
    await page.getByTestId('search-input').fill('招宝磁业');
    const results = page.getByTestId('search-result');
    await results.first().waitFor();
    expect(await results.first().getAttribute('data-id')).toBe(ZHAOBAO);
    expect(await results.count()).toBeGreaterThan(1);
    const input = page.getByTestId('search-input');
    await input.press('ArrowDown');
    await expect.poll(() => page.locator('[data-testid="search-result"].active').getAttribute('data-id')).not.toBe(ZHAOBAO);
    await input.press('ArrowUp');
    await expect.poll(() => page.locator('[data-testid="search-result"].active').getAttribute('data-id')).toBe(ZHAOBAO);
    await settled(page, () => input.press('Enter'));

    const ids = await nodeIds(page);
    expect(ids).toEqual(await neighbourIds(ZHAOBAO));
    for (const id of [
      ZHAOBAO,
      NIMTE,
      FUND,
      'event/zhaobao-magnet-rescue',
      'party/zhaobao-magnet-party-branch',
      'designation/single-champion',
      'region/ningbo',
      'chain/new-materials',
      'person/chen-wei',
    ]) {
      expect(ids).toContain(id);
    }
    // The free patent list is NIMTE's (NIMTE OFFERS it, and LICENSED_PATENTS_TO the firm): two hops away, not a neighbour.
    expect(ids).not.toContain('patents/nimte-free-patent-list');
    expect(await edgeIds(page)).toContain(INVESTED);
    expect(await page.getByTestId('panel-title').textContent()).toBe('宁波招宝磁业股份有限公司');
    expect(await page.evaluate(() => location.hash)).toContain(`seed=${ZHAOBAO}`);
    expect(await page.getByTestId('status').getAttribute('data-level')).toBe('info');
    await screenshot(page, 'search');
    expect(pageProblems).toEqual([]);
  });

  it('finds entities by English name and alias too', async () => {
    const page = await openExplorer();
    await page.getByTestId('search-input').fill('NIMTE');
    await page.locator(`[data-testid="search-result"][data-id="${NIMTE}"]`).waitFor();
    await page.getByTestId('search-input').fill('Zhenhai State Assets');
    await page.locator(`[data-testid="search-result"][data-id="${ZHENHAI_ASSETS}"]`).waitFor();
    expect(await page.locator(`[data-testid="search-result"][data-id="${ZHENHAI_ASSETS}"]`).textContent()).toContain(
      'alias: Zhenhai State Assets',
    );
    await screenshot(page, 'search-alias');
    expect(pageProblems).toEqual([]);
  });

  it('expands a tapped node and undoes exactly that expansion', async () => {
    const page = await openExplorer();
    await searchAndPick(page, '招宝', ZHAOBAO);
    const nodesBefore = await nodeIds(page);
    const edgesBefore = await edgeIds(page);

    await tapElement(page, FUND);
    const nodesAfter = await nodeIds(page);
    expect(nodesAfter.length).toBeGreaterThan(nodesBefore.length);
    expect(nodesAfter).toEqual([...new Set([...nodesBefore, ...(await neighbourIds(FUND))])].sort());
    expect(nodesAfter).toContain('enterprise/haijiang');
    expect(await page.evaluate(() => window.__chainkb.state.expanded)).toEqual([FUND]);
    await screenshot(page, 'expanded');

    await settled(page, () => page.getByTestId('undo').click());
    expect(await nodeIds(page)).toEqual(nodesBefore);
    expect(await edgeIds(page)).toEqual(edgesBefore);
    expect(await page.evaluate(() => window.__chainkb.state.expanded)).toEqual([]);
    expect(await page.evaluate(() => location.hash)).not.toContain('expand=');
    await screenshot(page, 'undone');
    expect(pageProblems).toEqual([]);
  });

  it('filters by entity kind and relation type by hiding, not removing', async () => {
    const page = await openExplorer();
    await searchAndPick(page, '招宝', ZHAOBAO);
    const total = await page.evaluate(() => window.__chainkb.cy.elements().length);

    await page.getByTestId('filter-kind-Statistic').uncheck();
    const kinds: { kind: string; hidden: boolean; visible: boolean }[] = await page.evaluate(() =>
      window.__chainkb.cy.nodes().map((n: any) => ({ kind: n.data('kind'), hidden: n.hasClass('hidden'), visible: n.visible() })),
    );
    const statistics = kinds.filter((n) => n.kind === 'Statistic');
    expect(statistics.length).toBeGreaterThan(0);
    expect(statistics.every((n) => n.hidden && !n.visible)).toBe(true);
    expect(kinds.filter((n) => n.kind !== 'Statistic').every((n) => !n.hidden && n.visible)).toBe(true);
    expect(await page.evaluate(() => window.__chainkb.cy.elements().length)).toBe(total);
    expect(await page.evaluate(() => location.hash)).toContain('hideKinds=Statistic');

    await page.getByTestId('filter-type-PRODUCES').uncheck();
    const produces = await page.evaluate(() => window.__chainkb.cy.edges('[type = "PRODUCES"]').map((e: any) => e.visible()));
    expect(produces.length).toBeGreaterThan(0);
    expect(produces.every((v: boolean) => !v)).toBe(true);
    await screenshot(page, 'filtered');

    await page.getByTestId('filter-kind-Statistic').check();
    expect(await page.evaluate(() => window.__chainkb.cy.nodes('[kind = "Statistic"]').every((n: any) => n.visible()))).toBe(true);
    expect(pageProblems).toEqual([]);
  });

  it('shows a relation with its amount and the evidence quote, source and paragraph', async () => {
    const page = await openExplorer();
    await searchAndPick(page, '招宝', ZHAOBAO);
    await tapElement(page, INVESTED);
    const panel = page.getByTestId('panel-edge');
    await panel.waitFor();
    expect(await page.getByTestId('panel-title').textContent()).toBe('INVESTED_IN');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('宁波汝鑫招宝基金');
    expect(text).toContain('宁波招宝磁业股份有限公司');
    expect(text).toContain('8,000万元 (80,000,000 CNY)');
    const evidence = panel.getByTestId('evidence');
    expect(await evidence.count()).toBeGreaterThan(0);
    expect(await evidence.first().getByTestId('evidence-quote').textContent()).toContain('对招宝磁业累计注资8000万元');
    expect(await evidence.first().getByTestId('evidence-paragraph').textContent()).toBe('paragraph 32');
    expect(await evidence.first().textContent()).toContain('冠军之城');
    await screenshot(page, 'evidence-edge');

    // The fund's node panel: properties, its relations and its own evidence.
    await tapElement(page, FUND);
    const nodePanel = page.getByTestId('panel-node');
    await nodePanel.waitFor();
    expect(await page.getByTestId('panel-title').textContent()).toBe('宁波汝鑫招宝基金');
    const props = (await page.getByTestId('panel-props').textContent()) ?? '';
    expect(props).toContain('Ningbo Ruxin Zhaobao Fund');
    expect(props).toContain('汝鑫基金');
    const nodeText = (await nodePanel.textContent()) ?? '';
    expect(nodeText).toContain('对招宝磁业累计注资8000万元');
    expect(nodeText).toContain('paragraph 32');
    expect(await nodePanel.locator(`[data-relation="${INVESTED}"]`).count()).toBe(1);
    await screenshot(page, 'evidence-node');
    expect(pageProblems).toEqual([]);
  });

  it('finds the most informative paths between two picked entities, highlights them, and skips structural links on request', async () => {
    const page = await openExplorer();
    await searchAndPick(page, '招宝', ZHAOBAO);
    await page.getByTestId('expand-on-tap').uncheck();
    await tapElement(page, NIMTE);
    await settled(page, () => page.getByTestId('path-from').click());
    expect(await page.evaluate(() => window.__chainkb.state.pathFrom)).toBe(NIMTE);

    await page.getByTestId('search-add').check();
    await searchAndPick(page, '镇海国资', ZHENHAI_ASSETS);
    expect(await page.getByTestId('panel-title').textContent()).toBe('镇海国资');
    await settled(page, () => page.getByTestId('path-to').click());

    const answer = async (excludeTypes: string[] | null) => {
      const res = await app.gql(
        'query($from: ID!, $to: ID!, $x: [RelationType!]) { paths(fromEntity: {id: $from}, toEntity: {id: $to}, maxHops: 4, first: 3, excludeTypes: $x) { summary nodes { id } relations { id } } }',
        { from: NIMTE, to: ZHENHAI_ASSETS, x: excludeTypes },
      );
      const elements = res.data.paths.flatMap((p: any) => [...p.nodes.map((n: any) => n.id), ...p.relations.map((r: any) => r.id)]);
      return { paths: res.data.paths as { summary: string; relations: unknown[] }[], elements: [...new Set(elements)].sort() as string[] };
    };
    const highlightedNow = () =>
      page.evaluate(
        () =>
          window.__chainkb.cy
            .elements('.highlighted')
            .map((el: any) => el.id())
            .sort() as string[],
      );
    const res = { data: await answer(null) };
    const expected = res.data.elements;
    expect(expected.length).toBeGreaterThan(0);
    const highlighted = await highlightedNow();
    expect(highlighted).toEqual(expected);
    expect(highlighted).toContain(NIMTE);
    expect(highlighted).toContain(ZHENHAI_ASSETS);
    expect(await page.evaluate(() => window.__chainkb.cy.edges('.highlighted').length)).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.__chainkb.cy.elements('.dimmed').length)).toBeGreaterThan(0);
    expect(await page.getByTestId('path-result').count()).toBe(res.data.paths.length);
    // Each path is listed by its summary: relation types and roles tell the two cooperations apart; its length leads
    // (the 3-hop path through the 2020 rescue ranks first, ahead of two 4-hop ones).
    expect(res.data.paths.map((p) => p.relations.length)).toEqual([3, 4, 4]);
    expect(await page.getByTestId('path-result').allTextContents()).toEqual(
      res.data.paths.map((p) => `${p.relations.length} hops: ${p.summary}`),
    );
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain(`from=${NIMTE}`);
    expect(hash).toContain(`to=${ZHENHAI_ASSETS}`);
    await screenshot(page, 'paths');

    // "skip structural links": the same request with excludeTypes [LOCATED_IN, PART_OF], kept in the link.
    await settled(page, () => page.getByTestId('path-skip-structural').check());
    const skipped = await answer(['LOCATED_IN', 'PART_OF']);
    expect(skipped.paths.every((p) => !/LOCATED_IN|PART_OF/.test(p.summary))).toBe(true);
    expect(await highlightedNow()).toEqual(skipped.elements);
    expect(await page.getByTestId('path-result').allTextContents()).toEqual(
      skipped.paths.map((p) => `${p.relations.length} hops: ${p.summary}`),
    );
    expect(await page.evaluate(() => location.hash)).toContain('skip=structural');
    expect(pageProblems).toEqual([]);
  });

  it('exports the view as a PNG image and as JSON', async () => {
    const page = await openExplorer();
    await searchAndPick(page, '招宝', ZHAOBAO);
    const ids = await nodeIds(page);

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const pngPath = path.join(ARTIFACTS, 'explorer-download.png');
    await png.saveAs(pngPath);
    const bytes = readFileSync(pngPath);
    expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(bytes.length).toBeGreaterThan(10 * 1024);

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(json.suggestedFilename()).toMatch(/\.json$/);
    const jsonPath = path.join(ARTIFACTS, 'explorer-download.json');
    await json.saveAs(jsonPath);
    const doc = JSON.parse(readFileSync(jsonPath, 'utf8'));
    const exported = doc.elements
      .filter((el: any) => el.group === 'nodes')
      .map((el: any) => el.data.id)
      .sort();
    expect(exported).toEqual(ids);
    expect(doc.elements.some((el: any) => el.group === 'edges' && el.data.id === INVESTED)).toBe(true);
    expect(doc.state.seeds).toEqual([ZHAOBAO]);
    expect(doc.url).toContain('#seed=');
    await screenshot(page, 'export');
    expect(pageProblems).toEqual([]);
  });

  it('exports what is on screen as GraphML and GEXF, written by the server with properties and evidence', async () => {
    const page = await openExplorer();
    await searchAndPick(page, '招宝', ZHAOBAO);
    const ids = await nodeIds(page);
    const edgeIds = await page.evaluate(() => window.__chainkb.cy.edges().map((e: any) => e.id()) as string[]);

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-graphml').click()]);
    expect(file.suggestedFilename()).toBe('chainkb-enterprise-zhaobao-magnet.graphml');
    const filePath = path.join(ARTIFACTS, 'explorer-download.graphml');
    await file.saveAs(filePath);
    const graph = readGraphml(readFileSync(filePath, 'utf8'));
    // Every entity and relation on screen, plus the statistics about them (and their MEASURES edges).
    const onScreen = new Set(ids.map(graphmlNodeId));
    expect([...onScreen].every((id) => graph.nodes.has(id))).toBe(true);
    for (const [id, node] of graph.nodes) if (!onScreen.has(id)) expect(node.kind).toBe('Statistic');
    expect(edgeIds.every((id) => graph.edges.has(id))).toBe(true);
    for (const [id, edge] of graph.edges) if (!edgeIds.includes(id)) expect(edge.type).toBe('MEASURES');
    const invested = graph.edges.get(INVESTED)!;
    expect(invested).toMatchObject({ source: graphmlNodeId(FUND), target: graphmlNodeId(ZHAOBAO), type: 'INVESTED_IN', currency: 'CNY' });
    expect(JSON.parse(invested.evidence!)[0]).toMatchObject({ source: expect.stringMatching(/^source\//), paragraph: expect.any(Number) });
    expect(graph.nodes.get(graphmlNodeId(ZHAOBAO))).toMatchObject({ kind: 'Enterprise', name: expect.stringContaining('招宝') });

    const [gexf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-gexf').click()]);
    expect(gexf.suggestedFilename()).toBe('chainkb-enterprise-zhaobao-magnet.gexf');
    const gexfPath = path.join(ARTIFACTS, 'explorer-download.gexf');
    await gexf.saveAs(gexfPath);
    const read = readGexf(readFileSync(gexfPath, 'utf8'));
    expect([...read.nodes.keys()].sort()).toEqual([...graph.nodes.keys()].map((id) => id.replace(':', '/')).sort());
    expect([...read.edges.keys()].sort()).toEqual([...graph.edges.keys()].sort());
    expect(await page.getByTestId('status').textContent()).toMatch(
      /^Exported chainkb-enterprise-zhaobao-magnet\.gexf: \d+ entities, \d+ relations/,
    );
    expect(pageProblems).toEqual([]);
  });

  it('keeps the view in the URL: opening it in a new page shows the same graph', async () => {
    const page = await openExplorer();
    await searchAndPick(page, '招宝', ZHAOBAO);
    await tapElement(page, FUND);
    await page.getByTestId('filter-kind-Statistic').uncheck();
    const url = await page.evaluate(() => location.href);
    expect(url).toContain(`expand=${FUND}`);
    const state = {
      nodes: await nodeIds(page),
      edges: await edgeIds(page),
      hidden: await page.evaluate(() =>
        window.__chainkb.cy
          .elements('.hidden')
          .map((el: any) => el.id())
          .sort(),
      ),
    };

    const other = await openExplorer(url.slice(url.indexOf('#')));
    await other.waitForFunction(() => window.__chainkb.cy.nodes().length > 0 && window.__chainkb.busy === 0);
    expect(await nodeIds(other)).toEqual(state.nodes);
    expect(await edgeIds(other)).toEqual(state.edges);
    expect(
      await other.evaluate(() =>
        window.__chainkb.cy
          .elements('.hidden')
          .map((el: any) => el.id())
          .sort(),
      ),
    ).toEqual(state.hidden);
    expect(await other.evaluate(() => window.__chainkb.state.selected)).toBe(FUND);
    expect(await other.getByTestId('filter-kind-Statistic').isChecked()).toBe(false);
    await screenshot(other, 'shared');

    // Undo works on a restored view too: back to the entity and its neighbours.
    await settled(other, () => other.getByTestId('undo').click());
    expect(await nodeIds(other)).toEqual(await neighbourIds(ZHAOBAO));
    expect(pageProblems).toEqual([]);
  });

  it('shows a hub\u2019s hidden relations as \u201cShow more\u201d and adds them page by page, undoably', async () => {
    const NINGBO = 'region/ningbo';
    const all = await app.gql('{ node(id: "region/ningbo") { ... on Entity { relations(first: 100) { totalCount } } } }');
    const total: number = all.data.node.relations.totalCount;
    const page = await openExplorer(`#seed=${NINGBO}&perNode=5&sel=${NINGBO}`);
    await page.waitForFunction(() => window.__chainkb.cy.nodes().length > 0 && window.__chainkb.busy === 0);
    const incident = () => page.evaluate((id) => window.__chainkb.cy.getElementById(id).connectedEdges().length as number, NINGBO);
    const shown = await incident();
    expect(shown).toBeLessThan(total);
    const more = page.getByTestId('panel-more');
    await expect.poll(() => more.textContent()).toBe(`Show more (${total - shown} relations hidden)`);

    await settled(page, () => more.click());
    const afterOne = await incident();
    expect(afterOne).toBeGreaterThan(shown);
    expect(afterOne).toBeLessThanOrEqual(Math.min(total, shown + 50));
    if (afterOne < total) {
      await settled(page, () => page.getByTestId('panel-more').click());
      expect(await incident()).toBe(total);
    }
    await expect.poll(() => page.getByTestId('panel-more').count()).toBe(0);
    expect(await status(page)).toContain('0 relations still hidden');

    await settled(page, () => page.getByTestId('undo').click());
    expect(await incident()).toBeLessThan(total);
    expect(pageProblems).toEqual([]);
  });

  it('opens at most 100 entities of a shared link, four requests at a time, and says the link was cut', async () => {
    const missing = Array.from({ length: 148 }, (_, i) => `enterprise/not-in-the-graph-${i}`);
    let inFlight = 0;
    let mostInFlight = 0;
    const asked: string[] = [];
    const isNeighbourhood = (req: Request) => req.url().endsWith('/graphql') && (req.postData() ?? '').includes('ExplorerNeighbourhood');
    const page = await openExplorer(`#seed=${ZHAOBAO}&expand=${[FUND, ...missing].join(',')}`, {
      beforeOpen: (p) => {
        p.on('request', (req) => {
          if (!isNeighbourhood(req)) return;
          asked.push(JSON.parse(req.postData()!).variables.id);
          mostInFlight = Math.max(mostInFlight, ++inFlight);
        });
        const settle = (req: Request) => void (isNeighbourhood(req) && inFlight--);
        p.on('requestfinished', settle);
        p.on('requestfailed', settle);
      },
    });
    await page.waitForFunction(() => window.__chainkb.cy.nodes().length > 0 && window.__chainkb.busy === 0);

    expect(asked).toEqual([ZHAOBAO, FUND, ...missing.slice(0, 98)]);
    expect(mostInFlight).toBeLessThanOrEqual(4);
    expect(await status(page)).toMatch(
      /^Some of the link is not in the knowledge base: enterprise\/not-in-the-graph-0, .* and 93 more\. The link names 150 entities: only the first 100 were opened\.$/,
    );
    const expected = [...new Set([...(await neighbourIds(ZHAOBAO)), ...(await neighbourIds(FUND))])].sort();
    expect(await nodeIds(page)).toEqual(expected);
    // The URL now names what was opened, so copying it shares the view as shown.
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain(`seed=${ZHAOBAO}`);
    expect(hash).not.toContain('not-in-the-graph');
    expect(pageProblems).toEqual([]);
  });

  it('lays a big graph out in the layout worker: every node ends at a new, finite place, neighbours close together', async () => {
    const page = await openExplorer();
    await injectBigGraph(page, 1000);
    const before = await positions(page);
    await settled(page, () => page.getByTestId('layout').click());

    expect(await page.evaluate(() => (window.__chainkb as any).explorer.graph.lastLayout.engine)).toBe('worker');
    const after = await positions(page);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [id, p] of Object.entries(after)) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y), `${id} has a finite position`).toBe(true);
      expect(p.x !== before[id]!.x || p.y !== before[id]!.y, `${id} moved`).toBe(true);
    }
    // A force-directed result, not a scatter: nodes joined by an edge sit far closer than two
    // nodes taken at random, and the view was fitted around the result.
    const shape = await page.evaluate(() => {
      const cy = window.__chainkb.cy;
      const d = (a: any, b: any) => Math.hypot(a.x - b.x, a.y - b.y);
      const edges = cy.edges().map((e: any) => d(e.source().position(), e.target().position()));
      const nodes = cy.nodes().map((n: any) => n.position());
      const pairs = nodes.map((p: any, i: number) => d(p, nodes[(i * 7919 + 13) % nodes.length]));
      const box = cy.nodes().renderedBoundingBox({ includeLabels: false });
      return {
        edgeMean: edges.reduce((s: number, x: number) => s + x, 0) / edges.length,
        pairMean: pairs.reduce((s: number, x: number) => s + x, 0) / pairs.length,
        inView: box.x1 >= 0 && box.y1 >= 0 && box.x2 <= cy.width() && box.y2 <= cy.height(),
      };
    });
    expect(shape.edgeMean).toBeLessThan(shape.pairMean / 2);
    expect(shape.inView).toBe(true);
    await screenshot(page, 'big-layout');
    expect(pageProblems).toEqual([]);
  });

  it('keeps answering while a big layout runs in the worker, and applies the result afterwards', async () => {
    const { page, before } = await startHeldBigLayout();

    // The layout is computed but not delivered: the page still takes input and answers it.
    expect(await page.evaluate(() => window.__chainkb.busy)).toBeGreaterThan(0);
    await page.getByTestId('search-input').fill('招宝');
    await page.locator(`[data-testid="search-result"][data-id="${ZHAOBAO}"]`).waitFor();
    await page.getByTestId('filter-kind-Product').uncheck();
    expect(await page.evaluate(() => window.__chainkb.cy.nodes('[kind = "Product"]').every((n: any) => !n.visible()))).toBe(true);
    expect(await positions(page)).toEqual(before);

    await page.evaluate(() => (window as any).__layoutHold.release());
    await page.waitForFunction(() => window.__chainkb.busy === 0);
    expect(await page.evaluate(() => (window as any).__chainkb.explorer.graph.lastLayout.engine)).toBe('worker');
    const after = await positions(page);
    expect(Object.entries(after).filter(([id, p]) => p.x === before[id]!.x && p.y === before[id]!.y)).toEqual([]);
    expect(pageProblems).toEqual([]);
  });

  it('discards a layout that a newer one replaced: only the newest result is applied', async () => {
    const { page, before } = await startHeldBigLayout();
    await page.getByTestId('layout').click();
    await page.waitForFunction(() => (window as any).__layoutHold.held.length === 2);

    // The first answer arrives last: it must not move anything.
    await page.evaluate(() => (window as any).__layoutHold.releaseOne(0));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await positions(page)).toEqual(before);
    // The first layout was given up when the second started; the second is still running.
    expect(await page.evaluate(() => window.__chainkb.busy)).toBe(1);

    await page.evaluate(() => (window as any).__layoutHold.release());
    await page.waitForFunction(() => window.__chainkb.busy === 0);
    const after = await positions(page);
    expect(Object.entries(after).filter(([id, p]) => p.x === before[id]!.x && p.y === before[id]!.y)).toEqual([]);
    expect(pageProblems).toEqual([]);
  });

  it('lays a big graph out on the page itself when the layout worker cannot start, and says so in the console', async () => {
    const page = await openExplorer();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await page.route('**/explore/js/layout/worker.js', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'gone' }));
    await injectBigGraph(page, 1000);
    const before = await positions(page);
    await settled(page, () => page.getByTestId('layout').click());

    const last = await page.evaluate(() => (window as any).__chainkb.explorer.graph.lastLayout);
    expect(last.engine).toBe('main');
    expect(last.fallback).toMatch(/layout worker failed/);
    expect(warnings.some((w) => w.includes('laying out on the main thread instead'))).toBe(true);
    const after = await positions(page);
    expect(
      Object.entries(after).filter(
        ([id, p]) => !Number.isFinite(p.x) || !Number.isFinite(p.y) || (p.x === before[id]!.x && p.y === before[id]!.y),
      ),
    ).toEqual([]);
    expect(await page.getByTestId('status').getAttribute('data-level')).toBe('info');
    expect(pageProblems.filter((p) => !p.includes('/explore/js/layout/worker.js'))).toEqual([]);
  });

  it('draws edges the cheap way above 1,000 elements, and the full way again once the graph shrinks', async () => {
    const page = await openExplorer();
    const edgeStyle = () =>
      page.evaluate(() => {
        const cy = window.__chainkb.cy;
        const value = (e: any, name: string) => e.pstyle(name).strValue;
        const styles = cy
          .edges()
          .map((e: any) => `${value(e, 'curve-style')} ${value(e, 'label') ? 'label' : 'no-label'} ${value(e, 'target-arrow-shape')}`);
        return { elements: cy.elements().length, styles: [...new Set(styles)].sort() };
      });
    await injectBigGraph(page, 1000);
    expect(await edgeStyle()).toEqual({ elements: 1000, styles: ['bezier label triangle'] });

    // One more node and edge: 1,002 elements, haystack lines without labels or arrows.
    await page.evaluate(() => {
      const graph = (window as any).__chainkb.explorer.graph;
      graph.merge({
        nodes: [{ id: 'big/extra', kind: 'Product', label: 'extra' }],
        edges: [{ id: 'big/extra-e', source: 'big/n0', target: 'big/extra', type: 'SUPPLIES', relation: null }],
      });
    });
    expect(await edgeStyle()).toEqual({ elements: 1002, styles: ['haystack no-label none'] });
    // A selected edge keeps its label and arrow even then.
    const selected = await page.evaluate(() => {
      const e = window.__chainkb.cy.getElementById('big/e0');
      e.select();
      return `${e.style('curve-style')} ${e.style('label')} ${e.style('target-arrow-shape')}`;
    });
    expect(selected).toBe('straight SUPPLIES triangle');
    // Braces: returning the collection would have Playwright serialise Cytoscape's whole object graph (~15 s).
    await page.evaluate(() => {
      window.__chainkb.cy.elements(':selected').unselect();
    });

    // Back to 1,000 elements: the full edge styles again.
    await page.evaluate(() => {
      (window as any).__chainkb.explorer.graph.remove(['big/extra-e', 'big/extra']);
    });
    expect(await edgeStyle()).toEqual({ elements: 1000, styles: ['bezier label triangle'] });
    expect(pageProblems).toEqual([]);
  });

  it('shows API failures in the status line', async () => {
    const page = await openExplorer();
    await page.route('**/graphql', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ errors: [{ message: 'Neo4j is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }),
      }),
    );
    await page.getByTestId('search-input').fill('招宝');
    await expect.poll(() => status(page)).toBe('Search failed: Neo4j is unavailable (SERVICE_UNAVAILABLE)');
    expect(await page.getByTestId('status').getAttribute('data-level')).toBe('error');
    expect(await page.getByTestId('search-results').isHidden()).toBe(true);
    await screenshot(page, 'error');
  });
});
