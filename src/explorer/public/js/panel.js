// The side panel: properties, relations and evidence of the selected node or edge.
import { clear, h } from './dom.js';
import { kindSpec, kindSwatch } from './kinds.js';

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatAmount(amount) {
  if (!amount) return null;
  const base = `${numberFormat.format(amount.amount)} ${amount.currency}`;
  return amount.originalAmount != null && amount.originalUnit
    ? `${numberFormat.format(amount.originalAmount)}${amount.originalUnit} (${base})`
    : base;
}

function formatCount(count, qualifier) {
  if (count == null) return null;
  return qualifier && qualifier !== 'exact' ? `${count} (${qualifier})` : String(count);
}

/** A relation's dates as one line: the source's wording, then start – end. */
function period(rel) {
  const range = rel.start || rel.end ? `${rel.start ?? '?'}${rel.end ? ` – ${rel.end}` : ''}` : null;
  return [rel.periodLabel, range].filter(Boolean).join(' ') || null;
}

/** Relation properties worth showing, as [label, value] pairs (empty ones left out). */
export function relationProperties(rel) {
  return [
    ['Count', formatCount(rel.count, rel.countQualifier)],
    ['Amount', formatAmount(rel.amount)],
    ['Title', rel.title && rel.titleZh ? `${rel.title} (${rel.titleZh})` : (rel.title ?? rel.titleZh)],
    ['Role', rel.role],
    ['When', period(rel)],
    ['Status', rel.status && rel.status !== 'ACTUAL' ? rel.status.toLowerCase().replace(/_/g, ' ') : null],
    ['Note', rel.note],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
}

function propertyList(pairs, testid) {
  return h(
    'dl',
    { class: 'props', dataset: testid ? { testid } : undefined },
    pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

export function evidenceList(evidence) {
  if (!evidence?.length) return h('p', { class: 'muted' }, 'No evidence recorded.');
  return h(
    'ul',
    { class: 'evidence' },
    evidence.map((ev) =>
      h(
        'li',
        { dataset: { testid: 'evidence' } },
        h('blockquote', { lang: 'zh', dataset: { testid: 'evidence-quote' } }, `“${ev.quote}”`),
        h(
          'div',
          { class: 'cite' },
          '— ',
          h('cite', {}, ev.source?.name ?? ev.sourceId ?? 'source'),
          ', ',
          h('span', { dataset: { testid: 'evidence-paragraph' } }, `paragraph ${ev.paragraph}`),
          // Whose claim the source reports, when not its own.
          ev.assertedBy ? [', as said by ', h('span', { dataset: { testid: 'evidence-asserter' } }, ev.assertedBy.name)] : null,
        ),
      ),
    ),
  );
}

function kindBadge(kind) {
  const spec = kindSpec(kind);
  return h('span', { class: 'kind-badge', title: kind }, kindSwatch(kind, 14), ` ${spec.en} · ${spec.zh}`);
}

export class Panel {
  /**
   * @param {HTMLElement} root
   * @param {{ focus(id: string): void, expand(id: string): void, pathFrom(id: string): void,
   *           pathTo(id: string): void, typeDescription(type: string): string, isExpanded(id: string): boolean,
   *           nameOf(id: string): string }} actions
   */
  constructor(root, actions) {
    this.root = root;
    this.actions = actions;
    this.showEmpty();
  }

  showEmpty() {
    clear(this.root).append(
      h(
        'div',
        { class: 'panel-empty', dataset: { testid: 'panel-empty' } },
        h('h2', {}, 'Details'),
        h('p', {}, 'Click a node or an edge to see its properties, relations and the evidence from the sources.'),
        h('p', { class: 'muted' }, 'Clicking a node also adds its neighbours to the graph.'),
      ),
    );
    this.root.dataset.showing = '';
  }

  showLoading(id, label) {
    clear(this.root).append(h('div', { class: 'panel-loading' }, h('h2', {}, label ?? id), h('p', { class: 'muted' }, 'Loading…')));
    this.root.dataset.showing = '';
  }

  showError(id, message) {
    clear(this.root).append(h('div', {}, h('h2', {}, id), h('p', { class: 'error' }, message)));
    this.root.dataset.showing = '';
  }

  /** "Show more" on a hub whose neighbourhood left relations out: how many, and the next page. */
  moreButton(id) {
    const hidden = this.actions.hiddenRelations(id);
    if (hidden === 0) return [];
    const label = `Show more (${hidden} relations hidden)`;
    return [
      h(
        'button',
        {
          type: 'button',
          dataset: { testid: 'panel-more' },
          title: 'Add its next relations by name',
          onclick: () => this.actions.showMore(id),
        },
        label,
      ),
    ];
  }

  /** A node: its entity from `node(id)`. */
  showEntity(entity) {
    const a = this.actions;
    const statistic =
      entity.kind === 'Statistic' && entity.value !== undefined
        ? [
            [
              'Value',
              `${entity.originalValue ?? entity.value}${entity.originalUnit ?? ` ${entity.unit}`}${entity.originalUnit ? ` (${numberFormat.format(entity.value)} ${entity.unit})` : ''}`,
            ],
            ['Qualifier', entity.qualifier],
            ['Period', entity.period?.label],
          ]
        : [];
    const props = [
      ['Name', entity.name],
      ['English name', entity.nameEn],
      ['Aliases', entity.aliases?.length ? entity.aliases.join(' · ') : null],
      ['Kind', `${kindSpec(entity.kind).en} (${entity.kind})`],
      ['Category', entity.category],
      ['Description', entity.description],
      ...statistic,
      ['Id', entity.id],
    ].filter(([, v]) => v !== null && v !== undefined && v !== '');

    const rels = entity.relations?.edges ?? [];
    const total = entity.relations?.totalCount ?? rels.length;
    clear(this.root).append(
      h(
        'div',
        { class: 'panel-node', dataset: { testid: 'panel-node', id: entity.id } },
        h('header', {}, h('h2', { lang: 'zh', dataset: { testid: 'panel-title' } }, entity.name), kindBadge(entity.kind)),
        h(
          'div',
          { class: 'panel-actions' },
          h(
            'button',
            { type: 'button', dataset: { testid: 'panel-expand' }, disabled: a.isExpanded(entity.id), onclick: () => a.expand(entity.id) },
            a.isExpanded(entity.id) ? 'Expanded' : 'Expand',
          ),
          h(
            'button',
            {
              type: 'button',
              dataset: { testid: 'path-from' },
              title: 'Start a shortest-path search here',
              onclick: () => a.pathFrom(entity.id),
            },
            'Path from',
          ),
          h(
            'button',
            {
              type: 'button',
              dataset: { testid: 'path-to' },
              title: 'End a shortest-path search here',
              onclick: () => a.pathTo(entity.id),
            },
            'Path to',
          ),
          ...this.moreButton(entity.id),
        ),
        h('section', {}, h('h3', {}, 'Properties'), propertyList(props, 'panel-props')),
        h('section', {}, h('h3', {}, 'Evidence'), evidenceList(entity.evidence)),
        h(
          'section',
          {},
          h('h3', {}, `Relations (${total}${total > rels.length ? `, first ${rels.length} shown` : ''})`),
          rels.length
            ? h(
                'ul',
                { class: 'relations', dataset: { testid: 'panel-relations' } },
                rels.map((r) => this.relationItem(r)),
              )
            : h('p', { class: 'muted' }, 'No relations.'),
        ),
      ),
    );
    this.root.dataset.showing = entity.id;
    this.root.scrollTop = 0;
  }

  relationItem(r) {
    const a = this.actions;
    const arrow = r.direction === 'OUT' ? '→' : '←';
    const props = relationProperties(r);
    return h(
      'li',
      { dataset: { relation: r.relationId } },
      h(
        'div',
        { class: 'rel-head' },
        h('span', { class: 'rel-type', title: a.typeDescription(r.type) }, `${arrow} ${r.type}`),
        ' ',
        kindSwatch(r.node.kind, 12),
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            lang: 'zh',
            title: `${r.node.id} — show on the graph`,
            onclick: () => a.focus(r.node.id, r.relationId),
          },
          r.node.name,
        ),
      ),
      props.length ? h('div', { class: 'rel-props' }, props.map(([k, v]) => `${k}: ${v}`).join(' · ')) : null,
      r.evidence?.length
        ? h('details', { class: 'rel-evidence' }, h('summary', {}, `Evidence (${r.evidence.length})`), evidenceList(r.evidence))
        : null,
    );
  }

  /** An edge: its relation as it came with the graph. */
  showRelation(edge) {
    const a = this.actions;
    const rel = edge.relation ?? {};
    const from = rel.fromId ?? edge.source;
    const to = rel.toId ?? edge.target;
    const props = relationProperties(rel);
    clear(this.root).append(
      h(
        'div',
        { class: 'panel-edge', dataset: { testid: 'panel-edge', id: edge.id } },
        h(
          'header',
          {},
          h('h2', { dataset: { testid: 'panel-title' } }, edge.type),
          h('p', { class: 'muted' }, a.typeDescription(edge.type)),
        ),
        h(
          'p',
          { class: 'ends', dataset: { testid: 'edge-ends' } },
          h('button', { type: 'button', class: 'link', lang: 'zh', onclick: () => a.focus(from) }, a.nameOf(from)),
          h('span', { class: 'verb' }, ` —${edge.type}→ `),
          h('button', { type: 'button', class: 'link', lang: 'zh', onclick: () => a.focus(to) }, a.nameOf(to)),
        ),
        h(
          'section',
          {},
          h('h3', {}, 'Properties'),
          props.length ? propertyList(props, 'edge-props') : h('p', { class: 'muted' }, 'No properties besides the type.'),
        ),
        h('section', {}, h('h3', {}, 'Evidence'), evidenceList(rel.evidence)),
        h('p', { class: 'muted small' }, `Relation id: ${edge.id}`),
      ),
    );
    this.root.dataset.showing = edge.id;
    this.root.scrollTop = 0;
  }
}
