// The gateways of the caller's organization: search, status filter, pages of 20, kept live by the store's watch.
// Sized for 10,000 gateways and more: the first rows show as soon as the store has the API's first page; a watch
// event for a gateway replaces its row alone, and only a change of what the page shows (a gateway added, deleted, or
// moving in or out of the filter, a page of the listing arriving) renders the page again, at most once a frame.
import { store } from '../store.js';
import { ago, badge, h, replace } from '../ui.js';

const PAGE = 20;
const filters = { text: '', status: '', page: 0 };

function zonesOf(g) {
  return (g.status.conditions || []).filter((c) => c.zone).map((c) => c.zone);
}

function matches(g) {
  const text = filters.text.toLowerCase();
  if (filters.status && g.status.status !== filters.status) return false;
  if (!text) return true;
  return [g.spec.name, g.spec.id, ...zonesOf(g)].some((v) => v.toLowerCase().includes(text));
}

function row(g) {
  const rollout = g.status.rollout || {};
  return h('tr', { 'data-test': 'gateway-row', 'data-id': g.spec.id },
    h('th', { scope: 'row' }, h('a', { href: `#/g/${g.spec.id}`, 'data-key': `open-${g.spec.id}` }, g.spec.name),
      h('div', { class: 'sub mono' }, g.spec.id)),
    h('td', {}, badge(g.status.status, { 'data-test': 'gateway-status' })),
    h('td', {}, rollout.phase ? badge(rollout.phase) : ''),
    h('td', { class: 'zones' }, zonesOf(g).join(', ') || '—'),
    h('td', { class: 'num' }, g.status.generation),
    h('td', {}, ago(g.status.updatedAt)));
}

export function listView(context) {
  const body = h('tbody');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const count = h('p', { class: 'count', role: 'status', 'data-test': 'count' });
  let matching = new Set(); // the ids that matched the filters at the last render
  let pending = 0;
  function render() {
    cancelAnimationFrame(pending);
    pending = 0;
    const everything = store.all();
    // creation order, as the API lists (the store's order already, but for a gateway put while pages arrive; a sort
    // of sorted items is linear)
    const all = everything.filter(matches).sort((a, b) => a.status.createdAt.localeCompare(b.status.createdAt));
    matching = new Set(all.map((g) => g.spec.id));
    const pages = Math.max(1, Math.ceil(all.length / PAGE));
    filters.page = Math.min(filters.page, pages - 1);
    const shown = all.slice(filters.page * PAGE, (filters.page + 1) * PAGE);
    const loading = !store.complete();
    replace(body, shown.length ? shown.map(row)
      : h('tr', {}, h('td', { colspan: 6, class: 'empty' },
        loading ? 'Loading…' : everything.length ? 'No gateway matches.' : 'No gateways yet.')));
    count.textContent = `${all.length} of ${everything.length} gateways${loading ? ' (loading more…)' : ''}`;
    count.dataset.state = loading ? 'loading' : 'complete';
    const go = (page) => () => { filters.page = page; render(); };
    replace(pager,
      h('button', { type: 'button', disabled: filters.page === 0, onclick: go(filters.page - 1), 'data-key': 'prev' }, '‹ Previous'),
      h('span', {}, `Page ${filters.page + 1} of ${pages}${loading ? '+' : ''}`),
      h('button', { type: 'button', disabled: filters.page >= pages - 1, onclick: go(filters.page + 1), 'data-key': 'next' }, 'Next ›'));
  }
  function later() {
    if (!pending) pending = requestAnimationFrame(render);
  }
  /** One gateway changed: its row alone, unless what the page shows changes. */
  function changed(id, event) {
    if (id === null || !event || event.type !== 'MODIFIED') { later(); return; }
    const g = event.gateway;
    if (matches(g) !== matching.has(id)) { later(); return; }
    const shown = body.querySelector(`tr[data-id="${CSS.escape(id)}"]`);
    if (!shown) return;
    const focused = shown.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    const fresh = row(g);
    shown.replaceWith(fresh);
    if (focused) { const again = fresh.querySelector(`[data-key="${CSS.escape(focused)}"]`); if (again) again.focus(); }
  }
  const search = h('input', {
    type: 'search', id: 'search', value: filters.text, placeholder: 'name, id or zone',
    oninput(e) { filters.text = e.target.value; filters.page = 0; render(); },
  });
  const status = h('select', {
    id: 'status-filter', onchange(e) { filters.status = e.target.value; filters.page = 0; render(); },
  }, h('option', { value: '' }, 'Any status'),
  ['STATUS_READY', 'STATUS_CREATING', 'STATUS_UPDATING', 'STATUS_ERROR', 'STATUS_FAILED', 'STATUS_DELETING']
    .map((s) => h('option', { value: s, selected: filters.status === s }, s.replace('STATUS_', '').toLowerCase())));
  const node = h('section', { class: 'list' },
    h('div', { class: 'bar' },
      h('h1', {}, 'Gateways'),
      context.canWrite ? h('a', { class: 'button primary', href: '#/new', 'data-test': 'create' }, '+ New gateway') : null),
    h('div', { class: 'filters' },
      h('label', { for: 'search' }, 'Search'), search,
      h('label', { for: 'status-filter' }, 'Status'), status, count),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Name', 'Status', 'Rollout', 'Zones', 'Generation', 'Last change']
        .map((t) => h('th', { scope: 'col' }, t)))),
      body)),
    pager);
  render();
  const unsubscribe = store.subscribe(changed);
  const ticker = setInterval(() => body.querySelectorAll('[data-ago]').forEach((el) => {
    el.replaceWith(ago(el.dataset.ago));
  }), 10000);
  return { node, leave() { unsubscribe(); clearInterval(ticker); cancelAnimationFrame(pending); } };
}
