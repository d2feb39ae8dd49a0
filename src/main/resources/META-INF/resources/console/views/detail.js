// One gateway: its state, actions (admins only), rollout, zones, spec and endpoints, revisions and audit events,
// kept live by the store's watch. Every action asks for confirmation and sends If-Match; a 412 reloads.
import { api } from '../api.js';
import { store } from '../store.js';
import { ago, badge, confirmAction, h, label, notice, replace } from '../ui.js';
import { auditSection } from './audit.js';
import { revisionsSection } from './revisions.js';
import { rolloutSection } from './timeline.js';

/**
 * The phases each rollout action fits, exactly as docs/api.md ("Actions") and the service (RolloutActions) say: in any
 * other phase the action answers 400 code 9, so the console does not offer it. :rollback fits any phase (the revision
 * history offers it); every action answers 409 while the gateway is being deleted.
 */
export const FITS = {
  pauseRollout: ['ROLLOUT_PHASE_PROGRESSING', 'ROLLOUT_PHASE_BAKING'],
  resumeRollout: ['ROLLOUT_PHASE_PAUSED', 'ROLLOUT_PHASE_ROLLED_BACK', 'ROLLOUT_PHASE_ABORTED', 'ROLLOUT_PHASE_FAILED'],
  abortRollout: ['ROLLOUT_PHASE_PROGRESSING', 'ROLLOUT_PHASE_BAKING', 'ROLLOUT_PHASE_PAUSED'],
};

/** Whether the rollout action `verb` fits the gateway as shown (never while it is being deleted). */
export function fits(verb, gateway) {
  if (!gateway || gateway.status.status === 'STATUS_DELETING') return false;
  return FITS[verb].includes((gateway.status.rollout || {}).phase);
}

function debounce(fn, ms) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}

function zonesTable(g) {
  const rollout = new Map(((g.status.rollout || {}).zones || []).map((z) => [z.zone, z]));
  const rows = (g.status.conditions || []).filter((c) => c.zone).map((c) => {
    const z = rollout.get(c.zone) || {};
    return h('tr', { 'data-test': 'zone', 'data-zone': c.zone },
      h('th', { scope: 'row' }, c.zone),
      h('td', {}, badge(c.status), h('div', { class: 'sub' }, c.reason)),
      h('td', { class: 'num' }, z.servingRevision ?? '–'),
      h('td', { class: 'num' }, z.targetRevision ?? '–'),
      h('td', { class: 'message' }, z.message || c.message || ''));
  });
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['Zone', 'State', 'Serving', 'Target', 'Message'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

function specList(spec) {
  const routing = spec.bodyBasedRouting ? `body (${spec.bodyBasedRouting.apiType})`
    : spec.headerBasedRouting ? `header ${spec.headerBasedRouting.headerName}` : spec.pathBasedRouting ? 'path' : '–';
  const auth = spec.coreWeaveAuth ? 'CoreWeave' : spec.weightsAndBiasesAuth ? 'Weights & Biases' : '–';
  const e = spec.endpointConfiguration || {};
  const policy = spec.rolloutPolicy;
  const row = (k, v) => [h('dt', {}, k), h('dd', {}, v)];
  return h('dl', { class: 'spec' },
    row('Zones', spec.zones.length ? spec.zones.join(', ') : 'every zone'),
    row('Auth', auth), row('Routing', routing),
    row('Additional DNS', (e.additionalDns || []).join(', ') || '–'),
    row('Allowed sources', (e.allowedSourceIpRanges || []).join(', ') || 'any'),
    row('Edge proxy', e.edgeProxyMode ? e.edgeProxyMode.replace('EDGE_PROXY_MODE_', '').toLowerCase() : 'default'),
    row('Rollout policy', h('span', { 'data-test': 'rollout-policy' }, !policy ? 'none: every zone at once'
      : [policy.strategy === 'ROLLOUT_STRATEGY_WAVES'
        ? policy.waves.map((w) => `${w.name} [${w.zones.join(', ')}]${w.bakeSeconds ? ` bake ${w.bakeSeconds} s` : ''}`).join(' → ')
        : 'every zone at once',
      `; on failure ${policy.failurePolicy === 'FAILURE_POLICY_PAUSE' ? 'pause' : 'roll back'}`,
      `, deadline ${policy.progressDeadlineSeconds || 600} s`].join(''))));
}

export function detailView(context, id) {
  let gateway = store.get(id) || null;
  let etag = null;
  let etagAt = null; // the updatedAt of the state the ETag is for
  const head = h('div', { class: 'detail-head' });
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' });
  const zones = h('section', { class: 'card', 'aria-labelledby': 'zones-title' });
  const spec = h('section', { class: 'card', 'aria-labelledby': 'spec-title' });
  const rollout = rolloutSection();
  const revisions = revisionsSection(id, context, rollbackTo);
  const audit = auditSection(id);

  function render() {
    if (!gateway) return;
    const g = gateway;
    replace(head, h('h1', {}, g.spec.name), h('p', { class: 'sub mono' }, g.spec.id),
      h('p', {}, badge(g.status.status, { 'data-test': 'detail-status' }), ` generation ${g.status.generation}`,
        h('span', { class: 'sub' }, ' · changed ', ago(g.status.updatedAt))));
    rollout.render(g);
    replace(zones, h('h2', { id: 'zones-title' }, 'Zones'), zonesTable(g));
    replace(spec, h('h2', { id: 'spec-title' }, 'Spec and endpoints'), specList(g.spec),
      h('h3', {}, 'Endpoints'), (g.status.endpoints || []).length
        ? h('ul', { class: 'endpoints mono' }, g.status.endpoints.map((e) => h('li', {}, e))) : h('p', {}, 'None yet.'));
    renderActions();
  }

  function button(name, text, onclick, danger) {
    return h('button', {
      type: 'button', class: `action${danger ? ' danger' : ''}`, 'data-action': name, 'data-key': `action-${name}`, onclick,
    }, text);
  }

  /** Only the actions that fit the gateway's state are offered: one that does not fit would answer 400 (or 409). */
  function renderActions() {
    if (!context.canWrite) { actions.replaceChildren(); return; }
    const phase = (gateway.status.rollout || {}).phase;
    const deleting = gateway.status.status === 'STATUS_DELETING';
    replace(actions,
      deleting ? h('span', { class: 'sub', 'data-test': 'no-actions' }, 'Being deleted: nothing can be changed.') : null,
      deleting ? null : h('a', { class: 'button action', href: `#/g/${id}/edit`, 'data-action': 'edit', 'data-key': 'action-edit' }, 'Edit'),
      fits('pauseRollout', gateway) ? button('pause', 'Pause rollout', () => act('pauseRollout', 'Pause the rollout?',
        'No zone starts a new apply and the bake clock stops until you resume.', 'Pause')) : null,
      fits('resumeRollout', gateway) ? button('resume', phase === 'ROLLOUT_PHASE_PAUSED' ? 'Resume rollout' : 'Retry rollout',
        () => act('resumeRollout', phase === 'ROLLOUT_PHASE_PAUSED' ? 'Resume the rollout?' : 'Retry the rollout?',
          phase === 'ROLLOUT_PHASE_PAUSED' ? 'The rollout continues where it stopped.'
            : `Revision ${gateway.status.rollout.revision} is rolled out again from the first wave.`,
          phase === 'ROLLOUT_PHASE_PAUSED' ? 'Resume' : 'Retry')) : null,
      fits('abortRollout', gateway) ? button('abort', 'Abort rollout', () => act('abortRollout', 'Abort the rollout?',
        'Every zone goes back to the stable revision; the gateway stays failed until a new change.', 'Abort', undefined, true),
      true) : null,
      deleting ? null : button('delete', 'Delete', remove, true));
  }

  async function reload() {
    try {
      const answer = await api.get(id);
      etag = answer.etag;
      const fresh = answer.data.gateway;
      etagAt = fresh.status.updatedAt;
      // a GET may answer after a newer watch event: the ETag is the GET's, the page keeps the newer state
      if (!gateway || fresh.status.updatedAt >= gateway.status.updatedAt) gateway = fresh;
      render();
    } catch (e) {
      if (e.status === 404) { notice('That gateway does not exist (any more).', 'info'); location.hash = '#/'; }
      else notice(e.message, 'error');
    }
  }
  const refreshEtag = debounce(reload, 150);
  const refreshSide = debounce(() => {
    if (gateway) revisions.load(gateway).catch(() => {});
    audit.load().catch(() => {});
  }, 400);

  /** Makes the ETag the one of the state shown, so that If-Match guards what the user decided on. */
  async function current() {
    if (etagAt !== gateway.status.updatedAt) await reload();
  }

  async function act(verb, title, text, ok, body, danger) {
    await current();
    if (!(await confirmAction(title, text, ok, danger))) return;
    if (FITS[verb] && !fits(verb, gateway)) {
      notice(`The rollout moved on while you decided (${label((gateway.status.rollout || {}).phase)}): nothing was done.`, 'error');
      return;
    }
    try {
      const answer = await api.action(id, verb, etag, body);
      etag = answer.etag;
      gateway = answer.data.gateway;
      etagAt = gateway.status.updatedAt;
      store.put(gateway);
      render();
      notice(`${title.replace('?', '')}: done.`, 'ok');
      refreshSide();
    } catch (e) {
      failed(e);
    }
  }

  async function failed(e) {
    if (e.status === 412) {
      await reload();
      notice('The gateway changed since this page showed it: reloaded, nothing was done. Check and try again.', 'error');
    } else {
      notice(e.message, 'error');
    }
  }

  function rollbackTo(revision) {
    return act('rollback', `Roll back to revision ${revision}?`,
      `Revision ${revision}'s spec becomes a new revision, rolled out to every zone at once.`, 'Roll back', { revision }, true);
  }

  async function remove() {
    await current();
    if (!(await confirmAction(`Delete ${gateway.spec.name}?`, 'Every zone tears the gateway down. This cannot be undone.', 'Delete', true))) return;
    try {
      await api.remove(id, etag);
      notice(`Deleting ${gateway.spec.name}.`, 'ok');
      location.hash = '#/';
    } catch (e) {
      failed(e);
    }
  }

  const node = h('section', { class: 'detail', 'data-test': 'detail' },
    h('p', {}, h('a', { href: '#/' }, '‹ All gateways')),
    h('div', { class: 'bar' }, head, actions),
    h('div', { class: 'grid' }, rollout.node, zones),
    h('div', { class: 'grid' }, spec, audit.node),
    revisions.node);
  render();
  reload().then(refreshSide);
  const unsubscribe = store.subscribe((changed, event) => {
    if (changed !== id || !event) return;
    if (event.type === 'DELETED') { notice(`${gateway ? gateway.spec.name : 'The gateway'} was deleted.`, 'info'); location.hash = '#/'; return; }
    // an event older than what the page shows (an action's answer overtook it) would bring back stale actions
    if (gateway && event.gateway.status.updatedAt < gateway.status.updatedAt) return;
    gateway = event.gateway;
    render();
    refreshEtag();
    refreshSide();
  });
  return { node, leave: unsubscribe };
}
