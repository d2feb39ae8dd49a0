// A gateway's revisions, newest first: their outcome, a diff of any two, and (for admins) a rollback to one.
import { api } from '../api.js';
import { badge, h, replace, time } from '../ui.js';

/** The spec as path -> value lines ("endpointConfiguration.additionalDns[0]" -> "a.example.org"). */
function flatten(value, path = '', out = new Map()) {
  if (Array.isArray(value)) {
    if (!value.length) out.set(path, '[]');
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => path || (k !== 'id' && k !== 'organizationId'));
    if (!keys.length) out.set(path, '{}');
    keys.forEach((k) => flatten(value[k], path ? `${path}.${k}` : k, out));
  } else {
    out.set(path, JSON.stringify(value));
  }
  return out;
}

export function diff(older, newer) {
  const a = flatten(older);
  const b = flatten(newer);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, from: a.get(p), to: b.get(p) }));
}

export function revisionsSection(id, context, onRollback) {
  const node = h('section', { class: 'card revisions', 'aria-labelledby': 'revisions-title', 'data-test': 'revisions' });
  let items = [];
  let pick = { from: null, to: null };
  let current = 0;
  let deleting = false;

  function renderDiff() {
    const from = items.find((r) => r.revision === pick.from);
    const to = items.find((r) => r.revision === pick.to);
    if (!from || !to) return h('p', { class: 'sub' }, 'Choose two revisions to compare.');
    const changes = diff(from.spec, to.spec);
    return h('div', { class: 'diff', 'data-test': 'diff' },
      h('h3', {}, `Revision ${from.revision} → revision ${to.revision}`),
      changes.length ? h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'),
        h('th', { scope: 'col' }, `In ${from.revision}`), h('th', { scope: 'col' }, `In ${to.revision}`))),
      h('tbody', {}, changes.map((c) => h('tr', {},
        h('th', { scope: 'row', class: 'mono' }, c.path),
        h('td', { class: 'removed mono' }, c.from === undefined ? '(absent)' : ['− ', c.from]),
        h('td', { class: 'added mono' }, c.to === undefined ? '(absent)' : ['+ ', c.to])))))
        : h('p', {}, 'The two specs are the same.'));
  }

  function render() {
    const choose = (which, revision) => h('input', {
      type: 'radio', name: `diff-${which}`, checked: pick[which] === revision, 'data-key': `${which}-${revision}`,
      'aria-label': `Compare ${which} revision ${revision}`,
      onchange() { pick[which] = revision; render(); },
    });
    replace(node,
      h('h2', { id: 'revisions-title' }, 'Revision history'),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Revision', 'Made', 'Outcome', 'Reason', 'From', 'To', context.canWrite ? 'Action' : null]
          .filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, items.map((r) => h('tr', { 'data-test': 'revision', 'data-revision': r.revision },
          h('th', { scope: 'row', class: 'num' }, r.revision),
          h('td', {}, time(r.createdAt)),
          h('td', {}, badge(r.outcome)),
          h('td', { class: 'reason' }, r.reason || ''),
          h('td', {}, choose('from', r.revision)),
          h('td', {}, choose('to', r.revision)),
          context.canWrite ? h('td', {}, r.revision === current ? h('span', { class: 'sub' }, 'current')
            : deleting ? '' : h('button', {
              type: 'button', class: 'action', 'data-action': 'rollback', 'data-key': `rollback-${r.revision}`,
              onclick: () => onRollback(r.revision),
            }, `Roll back to ${r.revision}`)) : null))))),
      renderDiff());
  }

  async function load(gateway) {
    current = gateway.status.rollout ? gateway.status.rollout.revision : 0;
    deleting = gateway.status.status === 'STATUS_DELETING'; // a rollback would answer 409
    items = await api.revisions(id);
    if (!items.some((r) => r.revision === pick.to)) pick = { from: items[1] ? items[1].revision : null, to: items[0] ? items[0].revision : null };
    render();
  }
  return { node, load };
}
