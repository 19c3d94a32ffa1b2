// The search box: debounced `search` as the user types, ranked suggestions, keyboard and mouse picking.
import * as api from './api.js';
import { clear, h } from './dom.js';
import { kindSpec, kindSwatch } from './kinds.js';

const DEBOUNCE_MS = 200;

export class SearchBox {
  /**
   * @param {HTMLInputElement} input
   * @param {HTMLElement} list  the listbox under the input
   * @param {{ onPick(entity): void, onError(message: string): void, onResults?(count: number): void }} handlers
   */
  constructor(input, list, handlers) {
    this.input = input;
    this.list = list;
    this.handlers = handlers;
    this.hits = [];
    this.active = -1;
    this.timer = null;
    this.seq = 0;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');
    list.setAttribute('role', 'listbox');
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', (e) => this.onKey(e));
    input.addEventListener('focus', () => {
      if (this.hits.length) this.open();
    });
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    // mousedown, not click: the input's blur would close the list before the click lands.
    list.addEventListener('mousedown', (e) => {
      const item = e.target.closest('[data-index]');
      if (!item) return;
      e.preventDefault();
      this.pick(Number(item.dataset.index));
    });
  }

  schedule() {
    clearTimeout(this.timer);
    const text = this.input.value.trim();
    if (!text) {
      this.seq++;
      this.hits = [];
      this.render();
      return;
    }
    this.timer = setTimeout(() => this.run(text), DEBOUNCE_MS);
  }

  /** Searches now (also used when a suggestion chip fills the box). */
  async run(text = this.input.value.trim()) {
    clearTimeout(this.timer);
    if (!text) return;
    const seq = ++this.seq;
    this.list.dataset.loading = 'true';
    try {
      const hits = await api.search(text, 12);
      if (seq !== this.seq) return; // a newer search is under way
      this.hits = hits;
      this.active = hits.length ? 0 : -1;
      this.render(text);
      this.handlers.onResults?.(hits.length);
    } catch (error) {
      if (seq !== this.seq) return;
      this.hits = [];
      this.render(''); // no "nothing found": the status line says what went wrong
      this.handlers.onError(`Search failed: ${error.message}`);
    } finally {
      if (seq === this.seq) delete this.list.dataset.loading;
    }
  }

  onKey(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.hits.length) return;
      this.open();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.hits.length) % this.hits.length;
      this.highlightActive();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.hits.length && this.active >= 0 && !this.list.hidden) this.pick(this.active);
      else this.run();
    } else if (e.key === 'Escape') {
      this.close();
    }
  }

  pick(index) {
    const hit = this.hits[index];
    if (!hit) return;
    this.close();
    this.input.value = hit.entity.name;
    this.handlers.onPick(hit.entity);
  }

  open() {
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }

  highlightActive() {
    for (const item of this.list.querySelectorAll('[data-index]')) {
      const on = Number(item.dataset.index) === this.active;
      item.classList.toggle('active', on);
      item.setAttribute('aria-selected', on ? 'true' : 'false');
      if (on) {
        this.input.setAttribute('aria-activedescendant', item.id);
        item.scrollIntoView({ block: 'nearest' });
      }
    }
  }

  render(text = '') {
    clear(this.list);
    if (!text) {
      this.close();
      return;
    }
    if (!this.hits.length) {
      this.list.append(h('li', { class: 'no-hits', dataset: { testid: 'search-empty' } }, `Nothing found for “${text}”.`));
    }
    this.hits.forEach((hit, i) => {
      const e = hit.entity;
      const spec = kindSpec(e.kind);
      const alias = matchingAlias(e, text);
      this.list.append(
        h(
          'li',
          {
            id: `search-hit-${i}`,
            role: 'option',
            class: 'hit',
            dataset: { index: String(i), testid: 'search-result', id: e.id },
            title: e.id,
          },
          kindSwatch(e.kind, 14),
          h('span', { class: 'hit-name', lang: 'zh' }, e.name),
          h('span', { class: 'hit-kind' }, spec.zh),
          e.nameEn ? h('span', { class: 'hit-en' }, e.nameEn) : null,
          alias ? h('span', { class: 'hit-alias' }, `alias: ${alias}`) : null,
        ),
      );
    });
    this.open();
    this.highlightActive();
  }
}

/** The alias that made an entity match, when its name and English name don't show it. */
function matchingAlias(entity, text) {
  const t = text.toLowerCase();
  if (entity.name.toLowerCase().includes(t) || entity.nameEn?.toLowerCase().includes(t)) return null;
  return entity.aliases?.find((a) => a.toLowerCase().includes(t)) ?? null;
}
