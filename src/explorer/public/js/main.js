// The explorer page: wires the search box, the graph, the filters, paths, the panel and the URL state.
import * as api from './api.js';
import { clear, h } from './dom.js';
import { Graph } from './graph.js';
import { KIND_NAMES, kindSpec, kindSwatch } from './kinds.js';
import { Panel } from './panel.js';
import { SearchBox } from './search.js';
import { capLink, decodeState, emptyState, encodeState, writeHash } from './state.js';

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const PATHS_FIRST = 3;
/** The most entities a shared link opens: the API's own limit on id lists (MAX_IDS). */
const MAX_LINK_IDS = 100;
/** Requests a shared link keeps in flight at once, so opening one is not a burst on the server. */
const LINK_CONCURRENCY = 4;
/** How many more of a hub's relations one “Show more” adds (a relation page's most). */
const MORE_PAGE = 50;

/** "a, b, c and 7 more": a list that stays readable in the status line. */
function listed(items, shown = 5) {
  return items.length > shown ? `${items.slice(0, shown).join(', ')} and ${items.length - shown} more` : items.join(', ');
}

class Explorer {
  constructor() {
    this.state = emptyState();
    /** Hubs met in neighbourhoods, by id: { relations: how many it has, after: the cursor of the last page shown }. */
    this.hubs = new Map();
    /** Undoable actions, newest last: { label, added: ids, positions, before, pathBefore }. */
    this.undoStack = [];
    /** Async work in flight (requests and layouts); `version` counts finished actions. */
    this.busy = 0;
    this.version = 0;
    /** Bumped when the whole view is replaced, so answers for the old view are dropped. */
    this.generation = 0;
    this.pathResult = null;
    this.entityCache = new Map();
    this.panelSeq = 0;
    this.vocab = { kinds: new Map(), types: new Map() };

    this.statusEl = byTestId('status');
    this.graph = new Graph(byTestId('canvas'), {
      onTapNode: (node) => this.onTapNode(node.id()),
      onTapEdge: (edge) => this.select(edge.id()),
      onTapBackground: () => this.select(null),
    });
    this.panel = new Panel(byTestId('panel'), {
      focus: (id, relationId) => this.focus(id, relationId),
      expand: (id) => this.expand(id),
      pathFrom: (id) => this.setPathEnd('from', id),
      pathTo: (id) => this.setPathEnd('to', id),
      typeDescription: (type) => this.vocab.types.get(type) ?? '',
      isExpanded: (id) => this.isExpanded(id),
      nameOf: (id) => this.nameOf(id),
      hiddenRelations: (id) => this.hiddenRelations(id),
      showMore: (id) => this.showMore(id),
    });
    this.search = new SearchBox(byTestId('search-input'), byTestId('search-results'), {
      onPick: (entity) => this.pickFromSearch(entity),
      onError: (message) => this.error(message),
      onResults: (count) => this.info(count ? `${count} matches: pick one (↑ ↓ Enter, or click)` : 'No matches.'),
    });
    this.wireControls();
    this.renderLegend();
    this.afterChange();
  }

  // ------------------------------------------------------------------ status and bookkeeping

  info(message) {
    this.statusEl.textContent = message;
    this.statusEl.dataset.level = 'info';
  }

  error(message) {
    this.statusEl.textContent = message;
    this.statusEl.dataset.level = 'error';
    console.error(message);
  }

  /** Runs an async step, counting it as busy; a failure is shown as "<label> failed: <reason>". */
  async track(label, fn) {
    this.busy++;
    document.body.dataset.busy = 'true';
    try {
      return await fn();
    } catch (error) {
      this.error(`${label} failed: ${error?.message ?? error}`);
      return undefined;
    } finally {
      this.busy--;
      this.version++;
      if (this.busy === 0) document.body.dataset.busy = 'false';
      this.updateToolbar();
    }
  }

  snapshot() {
    const { seeds, expanded, pathFrom, pathTo, maxHops, skipStructural } = this.state;
    return { seeds: [...seeds], expanded: [...expanded], pathFrom, pathTo, maxHops, skipStructural };
  }

  isExpanded(id) {
    return this.state.seeds.includes(id) || this.state.expanded.includes(id);
  }

  nameOf(id) {
    const node = this.graph.cy.getElementById(id);
    return node.nonempty() ? node.data('label') : id;
  }

  /** Everything that follows from the state: classes, filters, lists, toolbar, URL. */
  afterChange() {
    const { graph, state } = this;
    graph.setNodeClass('seed', state.seeds);
    graph.setNodeClass('expanded', state.expanded);
    graph.applyFilters(state.hiddenKinds, state.hiddenTypes);
    graph.highlight(this.pathResult ? this.pathResult.ids : null, this.pathResult ? [state.pathFrom, state.pathTo] : []);
    this.renderFilters();
    this.renderPathSection();
    this.updateToolbar();
    this.updateCounts();
    const expandButton = byTestId('panel-expand');
    if (expandButton && state.selected) {
      const done = this.isExpanded(state.selected);
      expandButton.disabled = done;
      expandButton.textContent = done ? 'Expanded' : 'Expand';
    }
    byTestId('empty-hint').hidden = graph.size > 0;
    writeHash(state);
  }

  updateToolbar() {
    const empty = this.graph.size === 0;
    byTestId('undo').disabled = this.undoStack.length === 0;
    byTestId('undo').title = this.undoStack.length ? `Undo: ${this.undoStack.at(-1).label}` : 'Nothing to undo';
    for (const id of ['layout', 'fit', 'clear', 'export-png', 'export-json', 'export-graphml', 'export-gexf', 'copy-link'])
      byTestId(id).disabled = empty;
  }

  updateCounts() {
    const cy = this.graph.cy;
    const hidden = cy.elements('.hidden').length;
    byTestId('counts').textContent = `${cy.nodes().length} nodes · ${cy.edges().length} edges${hidden ? ` · ${hidden} hidden` : ''}`;
  }

  pushUndo(action) {
    this.undoStack.push(action);
  }

  // ------------------------------------------------------------------ building the graph

  /** Merges one neighbourhood answer in and records it as an undoable step. */
  applyNeighbourhood(id, n, list) {
    const before = this.snapshot();
    const positions = this.graph.positions();
    const added = this.graph.merge(n, { around: this.graph.has(id) ? id : undefined });
    list.push(id);
    this.pushUndo({
      label: `${list === this.state.seeds ? 'add' : 'expand'} ${n.center.name}`,
      added,
      positions,
      before,
      pathBefore: this.pathResult,
    });
    for (const hub of n.truncatedAt ?? []) if (!this.hubs.has(hub.id)) this.hubs.set(hub.id, { relations: hub.relations, after: null });
    if (n.truncated) this.info(`${n.center.name} has more neighbours than shown (the answer was truncated).`);
    const hubs = (n.truncatedAt ?? []).filter((hub) => this.graph.has(hub.id));
    if (hubs.length)
      this.info(
        `${hubs.map((hub) => `${this.nameOf(hub.id)}: ${this.hiddenRelations(hub.id)} more relations`).join('; ')}. Select it and use “Show more”.`,
      );
    return added;
  }

  /** Relations of a hub (an entity the neighbourhood did not follow every relation of) not on the graph. */
  hiddenRelations(id) {
    const hub = this.hubs.get(id);
    return hub ? Math.max(0, hub.relations - this.graph.cy.getElementById(id).connectedEdges().length) : 0;
  }

  /** The hub's next relations by name, MORE_PAGE at a time, merged in as an undoable step. */
  async showMore(id) {
    const hub = this.hubs.get(id);
    if (!hub) return;
    await this.track('Loading more relations', async () => {
      const gen = this.generation;
      const page = await api.moreRelations(id, MORE_PAGE, hub.after);
      if (gen !== this.generation || !page) return;
      const before = this.snapshot();
      const positions = this.graph.positions();
      const added = this.graph.merge(page, { around: id });
      this.pushUndo({ label: `more of ${this.nameOf(id)}`, added, positions, before, pathBefore: this.pathResult });
      hub.after = page.endCursor;
      if (!page.hasNextPage) this.hubs.delete(id);
      this.afterChange();
      this.info(`${this.nameOf(id)}: +${added.length} elements; ${this.hiddenRelations(id)} relations still hidden.`);
      this.showEntityPanel(id);
      if (added.length) await this.graph.settle();
    });
  }

  /** Merges the paths in, highlights them and records that as an undoable step. */
  applyPaths(result, before, pathBefore) {
    const nodes = [];
    const edges = [];
    for (const p of result) {
      for (const n of p.nodes) nodes.push({ id: n.id, kind: n.kind, label: n.name, nameEn: n.nameEn, category: n.category });
      for (const r of p.relations) edges.push({ id: r.id, source: r.fromId, target: r.toId, type: r.type, relation: r });
    }
    const positions = this.graph.positions();
    const added = this.graph.merge({ nodes, edges });
    this.pushUndo({ label: 'paths', added, positions, before, pathBefore });
    this.pathResult = { paths: result, ids: [...new Set([...nodes.map((n) => n.id), ...edges.map((e) => e.id)])] };
    return added;
  }

  resetView() {
    this.generation++;
    this.graph.clear();
    this.undoStack = [];
    this.pathResult = null;
    const { hiddenKinds, hiddenTypes, maxHops, skipStructural, perNode } = this.state;
    this.state = { ...emptyState(), hiddenKinds, hiddenTypes, maxHops, skipStructural, perNode };
    this.hubs.clear();
    this.panelSeq++;
    this.panel.showEmpty();
  }

  async pickFromSearch(entity) {
    const keep = byTestId('search-add').checked && this.graph.size > 0;
    if (!keep) this.resetView();
    await this.addSeed(entity.id);
  }

  async addSeed(id) {
    if (this.state.seeds.includes(id)) {
      this.select(id);
      this.graph.centreOn(id);
      return;
    }
    await this.track('Loading the neighbourhood', async () => {
      const gen = this.generation;
      const randomize = this.graph.size === 0;
      const n = await api.neighbourhood(id, { perNodeLimit: this.state.perNode });
      if (gen !== this.generation) return;
      if (!n) {
        this.error(`No entity has the id ${id}.`);
        return;
      }
      const added = this.applyNeighbourhood(id, n, this.state.seeds);
      this.afterChange();
      if (!n.truncated)
        this.info(`${n.center.name}: ${n.nodes.length - 1} neighbours, ${n.edges.length} relations. Click a node to expand it.`);
      this.select(id);
      if (added.length) await this.graph.settle({ randomize });
    });
  }

  async expand(id) {
    if (this.isExpanded(id)) return;
    await this.track('Expanding', async () => {
      const gen = this.generation;
      const n = await api.neighbourhood(id, { perNodeLimit: this.state.perNode });
      if (gen !== this.generation || this.isExpanded(id)) return;
      if (!n) {
        this.error(`Expanding failed: no entity has the id ${id}.`);
        return;
      }
      const added = this.applyNeighbourhood(id, n, this.state.expanded);
      this.afterChange();
      const newNodes = added.filter((x) => this.graph.cy.getElementById(x).isNode()).length;
      if (!n.truncated) {
        this.info(
          added.length
            ? `Expanded ${n.center.name}: +${newNodes} nodes, +${added.length - newNodes} edges.`
            : `${n.center.name}: all its neighbours are already shown.`,
        );
      }
      if (added.length) await this.graph.settle();
    });
  }

  async undo() {
    const action = this.undoStack.pop();
    if (!action) return;
    await this.track('Undo', async () => {
      this.graph.stopLayout();
      this.graph.remove(action.added);
      this.graph.restorePositions(action.positions);
      Object.assign(this.state, action.before);
      this.pathResult = action.pathBefore;
      if (this.state.selected && !this.graph.has(this.state.selected)) this.select(null);
      this.afterChange();
      this.info(`Undone: ${action.label} (${action.added.length} elements removed).`);
    });
  }

  async relayout() {
    await this.track('Layout', () => this.graph.layout({ randomize: true }));
  }

  // ------------------------------------------------------------------ selection and panel

  onTapNode(id) {
    this.select(id);
    if (byTestId('expand-on-tap').checked && !this.isExpanded(id)) this.expand(id);
  }

  select(id) {
    this.state.selected = id && this.graph.has(id) ? id : null;
    this.graph.select(this.state.selected);
    writeHash(this.state);
    const el = this.state.selected ? this.graph.cy.getElementById(this.state.selected) : null;
    if (!el) {
      this.panelSeq++;
      this.panel.showEmpty();
    } else if (el.isEdge()) {
      this.panelSeq++;
      this.panel.showRelation(el.data());
    } else {
      this.showEntityPanel(el.id());
    }
    this.version++;
  }

  async showEntityPanel(id) {
    const seq = ++this.panelSeq;
    const cached = this.entityCache.get(id);
    if (cached) {
      this.panel.showEntity(cached);
      return;
    }
    this.panel.showLoading(id, this.nameOf(id));
    await this.track('Loading details', async () => {
      try {
        const entity = await api.entity(id);
        if (!entity) throw new Error(`no entity has the id ${id}`);
        this.entityCache.set(id, entity);
        if (seq === this.panelSeq) this.panel.showEntity(entity);
      } catch (error) {
        if (seq === this.panelSeq) this.panel.showError(this.nameOf(id), `Loading details failed: ${error.message}`);
        throw error;
      }
    });
  }

  /** Shows an entity named in the panel: selects it, adding the selected node's neighbours if needed. */
  async focus(id, relationId) {
    const from = this.state.selected;
    if (!this.graph.has(id) && from && this.graph.cy.getElementById(from).isNode()) await this.expand(from);
    if (!this.graph.has(id)) {
      this.error(`${id} is not on the graph (its neighbourhood was truncated).`);
      return;
    }
    this.select(relationId && this.graph.has(relationId) ? relationId : id);
    this.graph.centreOn(id);
  }

  // ------------------------------------------------------------------ paths

  setPathEnd(which, id) {
    const before = this.snapshot();
    const pathBefore = this.pathResult;
    if (which === 'from') this.state.pathFrom = id;
    else this.state.pathTo = id;
    if (this.state.pathFrom && this.state.pathFrom === this.state.pathTo) {
      if (which === 'from') this.state.pathTo = null;
      else this.state.pathFrom = null;
    }
    this.pathResult = null;
    this.afterChange();
    if (this.state.pathFrom && this.state.pathTo) return this.runPaths(before, pathBefore);
    const other = which === 'from' ? 'Path to' : 'Path from';
    this.info(`Path ${which} ${this.nameOf(id)}: now select another node and press “${other}”.`);
    this.version++;
    return undefined;
  }

  async runPaths(before = this.snapshot(), pathBefore = this.pathResult) {
    const { pathFrom, pathTo, maxHops, skipStructural } = this.state;
    if (!pathFrom || !pathTo) return;
    await this.track('Path search', async () => {
      const gen = this.generation;
      const result = await api.paths(pathFrom, pathTo, { maxHops, first: PATHS_FIRST, skipStructural });
      if (gen !== this.generation || pathFrom !== this.state.pathFrom || pathTo !== this.state.pathTo) return;
      if (result === null) {
        this.error(`Path search failed: ${this.nameOf(pathFrom)} or ${this.nameOf(pathTo)} is not a known entity.`);
        return;
      }
      const added = this.applyPaths(result, before, pathBefore);
      this.afterChange();
      this.info(
        result.length
          ? `${result.length} path${result.length > 1 ? 's' : ''} (${result.map((p) => p.length).join(', ')} hops), most informative first, from ${this.nameOf(pathFrom)} to ${this.nameOf(pathTo)}${skipStructural ? ', skipping structural links' : ''}.`
          : `No path of at most ${maxHops} hops from ${this.nameOf(pathFrom)} to ${this.nameOf(pathTo)}${skipStructural ? ' without structural links' : ''}.`,
      );
      if (added.length) await this.graph.settle();
    });
  }

  clearPath() {
    this.state.pathFrom = null;
    this.state.pathTo = null;
    this.pathResult = null;
    this.afterChange();
    this.version++;
  }

  renderPathSection() {
    const { pathFrom, pathTo } = this.state;
    const endLabel = (id, button) =>
      id
        ? h('span', { lang: 'zh', title: id, dataset: { id } }, this.nameOf(id))
        : h('span', { class: 'muted' }, `select a node, then “${button}”`);
    clear(byTestId('path-ends')).append(
      h('div', { dataset: { testid: 'path-from-end' } }, h('b', {}, 'From: '), endLabel(pathFrom, 'Path from')),
      h('div', { dataset: { testid: 'path-to-end' } }, h('b', {}, 'To: '), endLabel(pathTo, 'Path to')),
    );
    byTestId('path-hops').value = String(this.state.maxHops);
    byTestId('path-skip-structural').checked = this.state.skipStructural;
    const list = clear(byTestId('path-results'));
    byTestId('path-clear').disabled = !pathFrom && !pathTo;
    if (!this.pathResult) return;
    if (!this.pathResult.paths.length) list.append(h('li', { class: 'muted' }, 'No path found.'));
    for (const p of this.pathResult.paths) {
      list.append(
        // The summary names each relation and its role: two paths through the same entities by different relations read differently.
        h('li', { lang: 'zh', dataset: { testid: 'path-result' } }, `${p.length} hops: `, p.summary),
      );
    }
  }

  // ------------------------------------------------------------------ filters and legend

  renderFilters() {
    const { kinds, types } = this.graph.inventory();
    const hiddenKinds = new Set(this.state.hiddenKinds);
    const hiddenTypes = new Set(this.state.hiddenTypes);
    const kindList = clear(byTestId('filter-kinds'));
    for (const kind of KIND_NAMES.filter((k) => kinds.has(k))) {
      kindList.append(
        h(
          'li',
          {},
          h(
            'label',
            { title: this.vocab.kinds.get(kind) ?? kind },
            h('input', {
              type: 'checkbox',
              checked: !hiddenKinds.has(kind),
              dataset: { testid: `filter-kind-${kind}`, kind },
              onchange: (e) => this.toggleHidden('hiddenKinds', kind, !e.target.checked),
            }),
            kindSwatch(kind, 14),
            h('span', { class: 'name' }, kindSpec(kind).en, ' ', h('span', { class: 'zh', lang: 'zh' }, kindSpec(kind).zh)),
            h('span', { class: 'count' }, String(kinds.get(kind))),
          ),
        ),
      );
    }
    if (!kinds.size) kindList.append(h('li', { class: 'muted' }, 'Nothing on the graph yet.'));
    const typeList = clear(byTestId('filter-types'));
    for (const type of [...types.keys()].sort()) {
      typeList.append(
        h(
          'li',
          {},
          h(
            'label',
            { title: this.vocab.types.get(type) ?? type },
            h('input', {
              type: 'checkbox',
              checked: !hiddenTypes.has(type),
              dataset: { testid: `filter-type-${type}`, type },
              onchange: (e) => this.toggleHidden('hiddenTypes', type, !e.target.checked),
            }),
            h('span', { class: 'name mono' }, type),
            h('span', { class: 'count' }, String(types.get(type))),
          ),
        ),
      );
    }
    if (!types.size) typeList.append(h('li', { class: 'muted' }, 'No relations yet.'));
  }

  toggleHidden(key, value, hidden) {
    const set = new Set(this.state[key]);
    if (hidden) set.add(value);
    else set.delete(value);
    this.state[key] = [...set];
    this.afterChange();
    this.version++;
  }

  showAll() {
    this.state.hiddenKinds = [];
    this.state.hiddenTypes = [];
    this.afterChange();
    this.version++;
  }

  renderLegend() {
    const list = clear(byTestId('legend'));
    for (const kind of KIND_NAMES) {
      const spec = kindSpec(kind);
      list.append(
        h(
          'li',
          { title: this.vocab.kinds.get(kind) ?? kind, dataset: { kind } },
          kindSwatch(kind, 16),
          h('span', {}, spec.en),
          h('span', { class: 'zh', lang: 'zh' }, spec.zh),
        ),
      );
    }
  }

  // ------------------------------------------------------------------ export and sharing

  download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: filename, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }

  fileStem() {
    const first = this.state.seeds[0] ?? 'view';
    return `chainkb-${first.replace(/[^A-Za-z0-9-]+/g, '-')}`;
  }

  async exportPng() {
    await this.track('PNG export', async () => {
      const blob = await this.graph.png();
      this.download(blob, `${this.fileStem()}.png`);
      this.info(`Exported ${this.fileStem()}.png (${Math.round(blob.size / 1024)} kB).`);
    });
  }

  async exportJson() {
    await this.track('JSON export', async () => {
      const view = this.graph.json();
      const doc = {
        format: 'chainkb-explorer-view',
        version: 1,
        exportedAt: new Date().toISOString(),
        url: location.href,
        state: this.state,
        zoom: view.zoom,
        pan: view.pan,
        elements: view.elements,
      };
      this.download(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }), `${this.fileStem()}.json`);
      this.info(`Exported ${this.fileStem()}.json (${view.elements.length} elements).`);
    });
  }

  /** GraphML or GEXF of what is on screen (filtered-out elements left out), written by the server. */
  async exportFile(format) {
    const label = format === 'gexf' ? 'GEXF' : 'GraphML';
    await this.track(`${label} export`, async () => {
      const cy = this.graph.cy;
      const ids = cy
        .nodes()
        .not('.hidden')
        .map((n) => n.id());
      const relationIds = cy
        .edges()
        .not('.hidden')
        .map((e) => e.id());
      const blob = await api.exportView(format, ids, relationIds);
      this.download(blob, `${this.fileStem()}.${format}`);
      this.info(
        `Exported ${this.fileStem()}.${format}: ${ids.length} entities, ${relationIds.length} relations, and the statistics about them.`,
      );
    });
  }

  async copyLink() {
    writeHash(this.state);
    try {
      await navigator.clipboard.writeText(location.href);
      this.info('Link to this view copied to the clipboard.');
    } catch {
      this.info(`Link to this view: ${location.href}`);
    }
  }

  // ------------------------------------------------------------------ restoring a shared view

  /** Rebuilds a view from its state: the same requests, merged in the same order as when it was made. */
  async restore(linked) {
    const { state: target, dropped } = capLink(linked, MAX_LINK_IDS);
    this.resetView();
    this.state.hiddenKinds = target.hiddenKinds;
    this.state.hiddenTypes = target.hiddenTypes;
    this.state.maxHops = target.maxHops;
    this.state.skipStructural = target.skipStructural;
    this.state.perNode = target.perNode;
    const gen = this.generation;
    this.afterChange();
    await this.track('Opening the shared view', async () => {
      const ids = [...target.seeds, ...target.expanded];
      const answers = await api.neighbourhoods(ids, { concurrency: LINK_CONCURRENCY, perNodeLimit: this.state.perNode });
      if (gen !== this.generation) return;
      const unknown = [];
      answers.forEach((n, i) => {
        if (!n) unknown.push(ids[i]);
        else this.applyNeighbourhood(ids[i], n, i < target.seeds.length ? this.state.seeds : this.state.expanded);
      });
      this.state.pathFrom = target.pathFrom;
      this.state.pathTo = target.pathTo;
      if (target.pathFrom && target.pathTo) {
        const before = { ...this.snapshot(), pathTo: null };
        const result = await api.paths(target.pathFrom, target.pathTo, {
          maxHops: target.maxHops,
          first: PATHS_FIRST,
          skipStructural: target.skipStructural,
        });
        if (gen !== this.generation) return;
        if (result) this.applyPaths(result, before, null);
        else unknown.push(`${target.pathFrom} → ${target.pathTo}`);
      }
      this.afterChange();
      await this.graph.layout({ randomize: true });
      // Undo after a restore goes back to the laid-out positions, not to the pre-layout ring.
      const laidOut = this.graph.positions();
      for (const action of this.undoStack) action.positions = laidOut;
      if (target.selected) this.select(target.selected);
      const cut = dropped ? ` The link names ${ids.length + dropped} entities: only the first ${MAX_LINK_IDS} were opened.` : '';
      if (unknown.length) this.error(`Some of the link is not in the knowledge base: ${listed(unknown)}.${cut}`);
      else this.info(`Opened the shared view: ${this.graph.cy.nodes().length} nodes.${cut}`);
    });
  }

  onHashChange() {
    const hash = location.hash.replace(/^#/, '');
    if (hash !== encodeState(this.state)) this.restore(decodeState(hash));
  }

  // ------------------------------------------------------------------ wiring

  wireControls() {
    byTestId('undo').addEventListener('click', () => this.undo());
    byTestId('layout').addEventListener('click', () => this.relayout());
    byTestId('fit').addEventListener('click', () => this.graph.fit());
    byTestId('clear').addEventListener('click', () => {
      this.resetView();
      this.afterChange();
      this.info('Cleared.');
    });
    byTestId('export-png').addEventListener('click', () => this.exportPng());
    byTestId('export-json').addEventListener('click', () => this.exportJson());
    byTestId('export-graphml').addEventListener('click', () => this.exportFile('graphml'));
    byTestId('export-gexf').addEventListener('click', () => this.exportFile('gexf'));
    byTestId('copy-link').addEventListener('click', () => this.copyLink());
    byTestId('path-clear').addEventListener('click', () => this.clearPath());
    byTestId('show-all').addEventListener('click', () => this.showAll());
    const hops = byTestId('path-hops');
    hops.value = String(this.state.maxHops);
    hops.addEventListener('change', () => {
      this.state.maxHops = Number(hops.value);
      this.afterChange();
      if (this.state.pathFrom && this.state.pathTo) this.runPaths();
    });
    const skip = byTestId('path-skip-structural');
    skip.addEventListener('change', () => {
      this.state.skipStructural = skip.checked;
      this.afterChange();
      if (this.state.pathFrom && this.state.pathTo) this.runPaths();
    });
    for (const chip of document.querySelectorAll('[data-example]')) {
      chip.addEventListener('click', () => {
        const input = byTestId('search-input');
        input.value = chip.dataset.example;
        input.focus();
        this.search.run(chip.dataset.example);
      });
    }
    document.addEventListener('keydown', (e) => {
      const typing =
        e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
      if (typing) return;
      if ((e.ctrlKey || e.metaKey) && e.key === 'z') {
        e.preventDefault();
        this.undo();
      } else if (e.key === '/') {
        e.preventDefault();
        byTestId('search-input').focus();
      }
    });
    window.addEventListener('hashchange', () => this.onHashChange());
    window.addEventListener('error', (e) => this.error(`Unexpected error: ${e.message}`));
    window.addEventListener('unhandledrejection', (e) => this.error(`Unexpected error: ${e.reason?.message ?? e.reason}`));
  }

  /** @param {string} initialHash  location.hash as the page was opened (the constructor rewrites it). */
  async start(initialHash) {
    const loadVocabulary = this.track('Loading the vocabulary', async () => {
      this.vocab = await api.vocabulary();
      this.renderLegend();
      this.renderFilters();
    });
    if (initialHash.length > 1) await this.restore(decodeState(initialHash));
    else this.info('Search for an entity by its Chinese or English name or an alias.');
    await loadVocabulary;
  }
}

if (!window.cytoscape) {
  const status = byTestId('status');
  status.textContent = 'Cytoscape.js did not load (/explore/vendor/cytoscape/cytoscape.min.js): the graph cannot be shown.';
  status.dataset.level = 'error';
} else {
  const initialHash = location.hash;
  const explorer = new Explorer();
  // For tests and the console: the Cytoscape instance and the explorer's bookkeeping.
  window.__chainkb = {
    explorer,
    get cy() {
      return explorer.graph.cy;
    },
    get state() {
      return explorer.state;
    },
    get busy() {
      return explorer.busy;
    },
    get version() {
      return explorer.version;
    },
  };
  explorer.start(initialHash);
}
