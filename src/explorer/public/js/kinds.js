// The 19 entity kinds (src/model/entity-kinds.ts) → colour + Cytoscape shape, and a legend swatch.
// Every kind has its own shape and colour, so kinds stay apart in greyscale and for colour-blind eyes.

/** @type {Record<string, {colour: string, shape: string, zh: string, en: string}>} */
export const KINDS = {
  Enterprise: { colour: '#1f77b4', shape: 'ellipse', zh: '企业', en: 'Enterprise' },
  IndustrialChain: { colour: '#d62728', shape: 'hexagon', zh: '产业链', en: 'Industrial chain' },
  IndustrialCluster: { colour: '#ff7f0e', shape: 'octagon', zh: '产业集群', en: 'Industrial cluster' },
  Policy: { colour: '#9467bd', shape: 'round-rectangle', zh: '政策/机制', en: 'Policy' },
  Fund: { colour: '#b8a000', shape: 'diamond', zh: '基金', en: 'Fund' },
  PatentPortfolio: { colour: '#17becf', shape: 'tag', zh: '专利清单', en: 'Patent portfolio' },
  Person: { colour: '#e377c2', shape: 'triangle', zh: '人物', en: 'Person' },
  ResearchInstitute: { colour: '#2ca02c', shape: 'pentagon', zh: '科研院所', en: 'Research institute' },
  Organisation: { colour: '#5b6770', shape: 'rectangle', zh: '机构', en: 'Organisation' },
  PartyOrganisation: { colour: '#a50f15', shape: 'vee', zh: '党组织', en: 'Party organisation' },
  Community: { colour: '#8c564b', shape: 'barrel', zh: '产业社区', en: 'Community' },
  Region: { colour: '#6baed6', shape: 'rhomboid', zh: '行政区', en: 'Region' },
  Place: { colour: '#c49c94', shape: 'cut-rectangle', zh: '园区/设施', en: 'Place' },
  Product: { colour: '#f4a742', shape: 'star', zh: '产品/技术', en: 'Product' },
  Designation: { colour: '#e6ab02', shape: 'heptagon', zh: '称号', en: 'Designation' },
  Alliance: { colour: '#74c476', shape: 'concave-hexagon', zh: '联盟', en: 'Alliance' },
  SourceDocument: { colour: '#a3a3a3', shape: 'bottom-round-rectangle', zh: '来源', en: 'Source document' },
  Statistic: { colour: '#b59fd0', shape: 'round-diamond', zh: '统计', en: 'Statistic' },
  Event: { colour: '#00798c', shape: 'round-tag', zh: '事件', en: 'Event' },
};

export const KIND_NAMES = Object.keys(KINDS);
const UNKNOWN = { colour: '#444444', shape: 'ellipse', zh: '?', en: 'Unknown' };

export function kindSpec(kind) {
  return KINDS[kind] ?? { ...UNKNOWN, en: kind };
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function regularPolygon(sides, rotation = -Math.PI / 2) {
  const pts = [];
  for (let i = 0; i < sides; i++) {
    const a = rotation + (i * 2 * Math.PI) / sides;
    pts.push([8 + 7 * Math.cos(a), 8 + 7 * Math.sin(a)]);
  }
  return pts;
}

function star() {
  const pts = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 === 0 ? 7.5 : 3.2;
    pts.push([8 + r * Math.cos(a), 8.5 + r * Math.sin(a)]);
  }
  return pts;
}

/** Polygon points (16×16 box) approximating each Cytoscape shape; null → an ellipse or path. */
const POLYGONS = {
  triangle: [
    [8, 1.5],
    [15, 14],
    [1, 14],
  ],
  rectangle: [
    [1.5, 3],
    [14.5, 3],
    [14.5, 13],
    [1.5, 13],
  ],
  diamond: [
    [8, 1],
    [15, 8],
    [8, 15],
    [1, 8],
  ],
  pentagon: regularPolygon(5),
  hexagon: regularPolygon(6, 0),
  heptagon: regularPolygon(7),
  octagon: regularPolygon(8, Math.PI / 8),
  star: star(),
  vee: [
    [1, 2],
    [8, 7],
    [15, 2],
    [8, 15],
  ],
  'round-tag': [
    [2.5, 3],
    [11, 3],
    [14.5, 7],
    [14.5, 9],
    [11, 13],
    [2.5, 13],
    [1.5, 12],
    [1.5, 4],
  ],
  tag: [
    [1.5, 3],
    [11, 3],
    [15, 8],
    [11, 13],
    [1.5, 13],
  ],
  rhomboid: [
    [4.5, 3],
    [15, 3],
    [11.5, 13],
    [1, 13],
  ],
  'cut-rectangle': [
    [4, 3],
    [12, 3],
    [15, 6],
    [15, 10],
    [12, 13],
    [4, 13],
    [1, 10],
    [1, 6],
  ],
  'concave-hexagon': [
    [1, 3],
    [15, 3],
    [12.5, 8],
    [15, 13],
    [1, 13],
    [3.5, 8],
  ],
};
const PATHS = {
  'round-rectangle': 'M4 3h8a3 3 0 0 1 3 3v4a3 3 0 0 1-3 3H4a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3z',
  'bottom-round-rectangle': 'M1 3h14v7a3 3 0 0 1-3 3H4a3 3 0 0 1-3-3z',
  barrel: 'M3 3h10q2.5 5 0 10H3q-2.5-5 0-10z',
  'round-diamond': 'M6.6 2.4a2 2 0 0 1 2.8 0l4.2 4.2a2 2 0 0 1 0 2.8l-4.2 4.2a2 2 0 0 1-2.8 0L2.4 9.4a2 2 0 0 1 0-2.8z',
};

/** A small inline SVG of the kind's shape in its colour, for the legend and the lists. */
export function kindSwatch(kind, size = 16) {
  const { colour, shape } = kindSpec(kind);
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('swatch');
  let el;
  if (POLYGONS[shape]) {
    el = document.createElementNS(SVG_NS, 'polygon');
    el.setAttribute('points', POLYGONS[shape].map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' '));
  } else if (PATHS[shape]) {
    el = document.createElementNS(SVG_NS, 'path');
    el.setAttribute('d', PATHS[shape]);
  } else {
    el = document.createElementNS(SVG_NS, 'ellipse');
    el.setAttribute('cx', '8');
    el.setAttribute('cy', '8');
    el.setAttribute('rx', '6.5');
    el.setAttribute('ry', '6.5');
  }
  el.setAttribute('fill', colour);
  el.setAttribute('stroke', '#ffffff');
  el.setAttribute('stroke-width', '0.8');
  svg.append(el);
  return svg;
}
