// The view state, which is all a shared URL needs to rebuild the same view: kept in location.hash.
//
//   #seed=enterprise/zhaobao-magnet&expand=fund/ruxin-zhaobao-fund,enterprise/haijiang
//    &hideKinds=Statistic&hideTypes=LOCATED_IN&from=institute/nimte&to=org/zhenhai-state-assets
//    &hops=4&skip=structural&perNode=100&sel=fund/ruxin-zhaobao-fund

export const DEFAULT_MAX_HOPS = 4;
/** Relations followed out of one entity per neighbourhood (the API's perNodeLimit); a hub shows "N more". */
export const DEFAULT_PER_NODE = 100;

export function emptyState() {
  return {
    /** Entities picked from search, in order; each shown with its neighbours. */
    seeds: [],
    /** Entities whose neighbours were added by tapping them, in order. */
    expanded: [],
    hiddenKinds: [],
    hiddenTypes: [],
    pathFrom: null,
    pathTo: null,
    maxHops: DEFAULT_MAX_HOPS,
    /** Paths skip structural links (located in, part of): the API's `excludeTypes`. */
    skipStructural: false,
    perNode: DEFAULT_PER_NODE,
    /** The node or edge shown in the side panel. */
    selected: null,
  };
}

export function cloneState(state) {
  return JSON.parse(JSON.stringify(state));
}

// Ids are readable ("kind/slug"): keep "/" and ":" as they are, escape everything else.
const enc = (value) => encodeURIComponent(value).replace(/%2F/gi, '/').replace(/%3A/gi, ':');
const encList = (values) => values.map(enc).join(',');
const decList = (text) => (text ? text.split(',').map(decodeURIComponent).filter(Boolean) : []);

/** The state as a hash (without "#"); empty for the empty view. */
export function encodeState(state) {
  const parts = [];
  if (state.seeds.length) parts.push(`seed=${encList(state.seeds)}`);
  if (state.expanded.length) parts.push(`expand=${encList(state.expanded)}`);
  if (state.hiddenKinds.length) parts.push(`hideKinds=${encList(state.hiddenKinds)}`);
  if (state.hiddenTypes.length) parts.push(`hideTypes=${encList(state.hiddenTypes)}`);
  if (state.pathFrom) parts.push(`from=${enc(state.pathFrom)}`);
  if (state.pathTo) parts.push(`to=${enc(state.pathTo)}`);
  if (state.maxHops !== DEFAULT_MAX_HOPS) parts.push(`hops=${state.maxHops}`);
  if (state.skipStructural) parts.push('skip=structural');
  if (state.perNode !== DEFAULT_PER_NODE) parts.push(`perNode=${state.perNode}`);
  if (state.selected) parts.push(`sel=${enc(state.selected)}`);
  return parts.join('&');
}

/** Parses a hash (with or without "#"); unknown keys and malformed parts are ignored. */
export function decodeState(hash) {
  const state = emptyState();
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    try {
      switch (key) {
        case 'seed':
          state.seeds = unique(decList(value));
          break;
        case 'expand':
          state.expanded = unique(decList(value));
          break;
        case 'hideKinds':
          state.hiddenKinds = unique(decList(value));
          break;
        case 'hideTypes':
          state.hiddenTypes = unique(decList(value));
          break;
        case 'from':
          state.pathFrom = decodeURIComponent(value) || null;
          break;
        case 'to':
          state.pathTo = decodeURIComponent(value) || null;
          break;
        case 'hops': {
          const hops = Number(value);
          if (Number.isInteger(hops) && hops >= 1 && hops <= 6) state.maxHops = hops;
          break;
        }
        case 'skip':
          state.skipStructural = value === 'structural';
          break;
        case 'perNode': {
          const cap = Number(value);
          if (Number.isInteger(cap) && cap >= 1 && cap <= 1000) state.perNode = cap;
          break;
        }
        case 'sel':
          state.selected = decodeURIComponent(value) || null;
          break;
        default:
          break;
      }
    } catch {
      // A malformed %-escape: skip that part, keep the rest of the view.
    }
  }
  return state;
}

/**
 * A link is a list of requests to make (one neighbourhood per entity in it), and anyone can write
 * one: at most `max` of its entities are opened, seeds first, then expansions. Returns the state
 * to open and how many entities were left out.
 */
export function capLink(state, max) {
  const seeds = state.seeds.slice(0, max);
  const taken = new Set(seeds);
  const expanded = state.expanded.filter((id) => !taken.has(id)).slice(0, max - seeds.length);
  const named = new Set([...state.seeds, ...state.expanded]).size;
  return { state: { ...state, seeds, expanded }, dropped: named - seeds.length - expanded.length };
}

function unique(values) {
  return [...new Set(values)];
}

/** Writes the state into the URL without adding a history entry (and without a hashchange). */
export function writeHash(state) {
  const hash = encodeState(state);
  if (location.hash.replace(/^#/, '') === hash) return;
  history.replaceState(null, '', hash ? `#${hash}` : `${location.pathname}${location.search}`);
}
