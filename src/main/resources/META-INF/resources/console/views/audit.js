// Who did what to this gateway: its audit events, newest first (GET /auditEvents?gatewayId=).
import { api } from '../api.js';
import { h, replace, time } from '../ui.js';

export function auditSection(id) {
  const node = h('section', { class: 'card audit', 'aria-labelledby': 'audit-title', 'data-test': 'audit' },
    h('h2', { id: 'audit-title' }, 'Audit events'));
  async function load() {
    const events = await api.audit(id);
    replace(node, h('h2', { id: 'audit-title' }, 'Audit events'),
      events.length ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Time', 'Actor', 'Action', 'Outcome', 'Generation'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, events.map((e) => h('tr', { 'data-test': 'audit-event', 'data-audit-action': e.action },
          h('td', {}, time(e.time)),
          h('td', {}, e.actor ? e.actor.subject : 'unauthenticated'),
          h('td', { class: 'mono' }, e.action),
          h('td', {}, h('span', { class: e.outcome.httpStatus < 400 ? 'ok-text' : 'bad-text' },
            e.outcome.httpStatus < 400 ? '✓ ' : '✕ ', `${e.outcome.httpStatus}`), ' ', e.outcome.message || ''),
          h('td', { class: 'num' }, e.generationBefore !== undefined || e.generationAfter !== undefined
            ? `${e.generationBefore ?? '–'} → ${e.generationAfter ?? '–'}` : '')))))) : h('p', {}, 'No events yet.'));
  }
  return { node, load };
}
