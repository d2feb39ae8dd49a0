// Create or edit a gateway. An edit sends a merge patch (application/merge-patch+json) from the spec the form was
// loaded with to the one it shows, with that spec's ETag as If-Match: what the user removed is sent as null (a full
// spec without rolloutPolicy would keep the stored policy), and a 412 reloads the form with the current spec and says
// so. The API's field violations are shown next to their fields.
import { api } from '../api.js';
import { store } from '../store.js';
import { confirmAction, h, notice, replace } from '../ui.js';

let seq = 0;

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The RFC 7396 merge patch that turns `from` into `to`: changed members, null for removed ones, objects member by
 * member, lists whole. Output-only members (organizationId) are left out.
 */
export function mergePatch(from, to) {
  const patch = {};
  for (const key of Object.keys(from || {})) {
    if (!(key in to) && key !== 'organizationId') patch[key] = null;
  }
  for (const [key, value] of Object.entries(to)) {
    const before = (from || {})[key];
    const objects = (v) => v && typeof v === 'object' && !Array.isArray(v);
    if (objects(value) && objects(before)) {
      const inner = mergePatch(before, value);
      if (Object.keys(inner).length) patch[key] = inner;
    } else if (!same(value, before)) {
      patch[key] = value;
    }
  }
  return patch;
}

/** A labelled control; `field` is the API's field name its violations carry. */
function field(labelText, control, fieldName, help) {
  const id = control.id || (control.id = `f${++seq}`);
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const helpNode = help ? h('p', { class: 'help', id: `${id}-help` }, help) : null;
  control.setAttribute('aria-describedby', [helpNode && `${id}-help`, `${id}-error`].filter(Boolean).join(' '));
  return h('div', { class: 'field', 'data-field': fieldName }, h('label', { for: id }, labelText), control, helpNode, error);
}

function choice(name, value, text, checked) {
  return h('label', { class: 'inline' }, h('input', { type: 'radio', name, value, checked }), ' ', text);
}

function lines(text) {
  return text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

function waveRow(wave, onRemove) {
  const name = h('input', { name: 'wave-name', value: wave.name || '', 'aria-label': 'Wave name' });
  const zones = h('input', { name: 'wave-zones', value: (wave.zones || []).join(', '), 'aria-label': 'Wave zones' });
  const bake = h('input', { name: 'wave-bake', type: 'number', min: 0, value: wave.bakeSeconds || 0, 'aria-label': 'Bake seconds' });
  const row = h('div', { class: 'wave-row', 'data-test': 'wave-row' },
    h('label', {}, 'Name', name), h('label', {}, 'Zones (or *)', zones), h('label', {}, 'Bake (s)', bake),
    h('button', { type: 'button', class: 'secondary', onclick: () => onRemove(row) }, 'Remove'),
    h('p', { class: 'field-error', hidden: true }));
  row.read = () => ({ ...wave, name: name.value.trim(), zones: lines(zones.value), bakeSeconds: Number(bake.value || 0) });
  return row;
}

export function formView(context, id) {
  const node = h('section', { class: 'form-page' }, h('p', {}, h('a', { href: id ? `#/g/${id}` : '#/' }, '‹ Back')));
  const body = h('div');
  node.append(body);
  let etag = null;

  function build(spec) {
    const name = h('input', { name: 'name', value: spec.name || '', required: true, maxlength: 38, autocomplete: 'off' });
    const zoneBoxes = context.zones.map((z) => h('label', { class: 'inline' },
      h('input', { type: 'checkbox', name: 'zones', value: z, checked: (spec.zones || []).includes(z) }), ' ', z));
    const wandb = spec.weightsAndBiasesAuth || {};
    const apiKey = h('input', { name: 'apiKey', type: 'password', autocomplete: 'off' });
    const serverUrl = h('input', { name: 'serverUrl', value: wandb.serverUrl || '' });
    const usage = h('input', { type: 'checkbox', name: 'enableUsageReports', checked: !!wandb.enableUsageReports });
    const rate = h('input', { type: 'checkbox', name: 'enableRateLimiting', checked: !!wandb.enableRateLimiting });
    const headerName = h('input', { name: 'headerName', value: (spec.headerBasedRouting || {}).headerName || '' });
    const e = spec.endpointConfiguration || {};
    const dns = h('textarea', { name: 'additionalDns', rows: 2 }, (e.additionalDns || []).join('\n'));
    const ips = h('textarea', { name: 'allowedSourceIpRanges', rows: 2 }, (e.allowedSourceIpRanges || []).join('\n'));
    const edge = h('select', { name: 'edgeProxyMode' }, [['', 'platform default (managed)'],
      ['EDGE_PROXY_MODE_MANAGED', 'managed'], ['EDGE_PROXY_MODE_DIRECT', 'direct']]
      .map(([v, t]) => h('option', { value: v, selected: (e.edgeProxyMode || '') === v }, t)));
    const policy = spec.rolloutPolicy || {};
    const waved = policy.strategy === 'ROLLOUT_STRATEGY_WAVES';
    const strategy = h('select', { name: 'strategy' },
      h('option', { value: '', selected: !spec.rolloutPolicy }, 'no policy: every zone at once'),
      h('option', { value: 'ROLLOUT_STRATEGY_ALL_AT_ONCE', selected: !!spec.rolloutPolicy && !waved },
        'policy: every zone at once (deadline, failure policy)'),
      h('option', { value: 'ROLLOUT_STRATEGY_WAVES', selected: waved }, 'waves'));
    const failure = h('select', { name: 'failurePolicy' },
      h('option', { value: 'FAILURE_POLICY_ROLLBACK', selected: policy.failurePolicy !== 'FAILURE_POLICY_PAUSE' }, 'roll back'),
      h('option', { value: 'FAILURE_POLICY_PAUSE', selected: policy.failurePolicy === 'FAILURE_POLICY_PAUSE' }, 'pause'));
    const waves = h('div', { class: 'waves-edit' });
    const removeWave = (row) => row.remove();
    const addWave = (w) => waves.append(waveRow(w, removeWave));
    (policy.waves || []).forEach(addWave);
    const authGroup = h('fieldset', { 'data-field': 'auth' }, h('legend', {}, 'Auth'),
      choice('auth', 'coreWeave', 'CoreWeave', !spec.weightsAndBiasesAuth),
      choice('auth', 'wandb', 'Weights & Biases', !!spec.weightsAndBiasesAuth),
      h('div', { class: 'wandb' },
        field('W&B API key', apiKey, 'weightsAndBiasesAuth.apiKey', id ? 'Leave empty to keep the stored key.' : 'Write-only: never shown again.'),
        field('W&B server URL', serverUrl, 'weightsAndBiasesAuth.serverUrl'),
        h('label', { class: 'inline' }, usage, ' usage reports'), h('label', { class: 'inline' }, rate, ' rate limiting')),
      h('p', { class: 'field-error', hidden: true }));
    const routingGroup = h('fieldset', { 'data-field': 'routing' }, h('legend', {}, 'Routing'),
      choice('routing', 'body', 'by body (OpenAI API)', !!spec.bodyBasedRouting),
      choice('routing', 'header', 'by header', !!spec.headerBasedRouting),
      choice('routing', 'path', 'by path', !!spec.pathBasedRouting || (!spec.bodyBasedRouting && !spec.headerBasedRouting)),
      h('div', { class: 'header-only' }, field('Header name', headerName, 'headerBasedRouting.headerName')),
      h('p', { class: 'field-error', hidden: true }));
    const summary = h('div', { class: 'summary', role: 'alert', tabindex: '-1', hidden: true, 'data-test': 'form-errors' });
    const form = h('form', { class: 'card gateway-form', novalidate: true, 'data-test': 'gateway-form' },
      h('h1', {}, id ? `Edit ${spec.name}` : 'New gateway'),
      summary,
      field('Name', name, 'name'),
      h('fieldset', { 'data-field': 'zones' }, h('legend', {}, 'Zones'), zoneBoxes,
        h('p', { class: 'help' }, 'None checked: every zone.'), h('p', { class: 'field-error', hidden: true })),
      authGroup, routingGroup,
      h('fieldset', {}, h('legend', {}, 'Endpoints'),
        field('Additional DNS names (one a line)', dns, 'endpointConfiguration.additionalDns'),
        field('Allowed source IP ranges (CIDR, one a line)', ips, 'endpointConfiguration.allowedSourceIpRanges'),
        field('Edge proxy', edge, 'endpointConfiguration.edgeProxyMode')),
      h('fieldset', { 'data-field': 'rolloutPolicy' }, h('legend', {}, 'Rollout policy'),
        field('Strategy', strategy, 'rolloutPolicy.strategy'),
        field('On failure', failure, 'rolloutPolicy.failurePolicy'),
        h('p', { class: 'help' }, 'Waves, in order; the last may name * (every other zone).'), waves,
        h('button', { type: 'button', class: 'secondary', 'data-test': 'add-wave', onclick: () => addWave({}) }, '+ Add wave'),
        h('p', { class: 'field-error', hidden: true })),
      h('div', { class: 'buttons' },
        h('button', { type: 'submit', class: 'primary', 'data-test': 'save' }, id ? 'Save changes' : 'Create')));

    const read = () => {
      const out = { name: name.value, zones: [...form.querySelectorAll('[name=zones]:checked')].map((b) => b.value) };
      if (id) out.id = id;
      const auth = form.querySelector('[name=auth]:checked').value;
      if (auth === 'wandb') {
        out.weightsAndBiasesAuth = { enableUsageReports: usage.checked, enableRateLimiting: rate.checked };
        if (apiKey.value) out.weightsAndBiasesAuth.apiKey = apiKey.value;
        if (serverUrl.value.trim()) out.weightsAndBiasesAuth.serverUrl = serverUrl.value.trim();
      } else out.coreWeaveAuth = {};
      const routing = form.querySelector('[name=routing]:checked').value;
      if (routing === 'body') out.bodyBasedRouting = { apiType: 'API_TYPE_OPENAI' };
      else if (routing === 'header') out.headerBasedRouting = { headerName: headerName.value.trim() };
      else out.pathBasedRouting = {};
      out.endpointConfiguration = { additionalDns: lines(dns.value), allowedSourceIpRanges: lines(ips.value) };
      if (edge.value) out.endpointConfiguration.edgeProxyMode = edge.value;
      if (strategy.value) {
        // defaults the stored policy leaves out stay left out, so that an unchanged form changes nothing
        const stored = { strategy: policy.strategy || 'ROLLOUT_STRATEGY_ALL_AT_ONCE',
          failurePolicy: policy.failurePolicy || 'FAILURE_POLICY_ROLLBACK' };
        out.rolloutPolicy = { ...policy };
        if (strategy.value !== stored.strategy || !spec.rolloutPolicy) out.rolloutPolicy.strategy = strategy.value;
        if (failure.value !== stored.failurePolicy) out.rolloutPolicy.failurePolicy = failure.value;
        if (strategy.value === 'ROLLOUT_STRATEGY_WAVES') out.rolloutPolicy.waves = [...waves.children].map((row) => row.read());
        else delete out.rolloutPolicy.waves; // waves only with WAVES
      }
      return out;
    };
    form.addEventListener('submit', (ev) => { ev.preventDefault(); save(form, summary, read(), spec); });
    replace(body, form);
  }

  function showViolations(form, summary, error) {
    form.querySelectorAll('.field-error').forEach((p) => { p.hidden = true; p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
    const loose = [];
    for (const v of error.violations) {
      let path = v.field;
      let target = null;
      while (path && !target) {
        target = [...form.querySelectorAll('[data-field]')].find((el) => el.dataset.field === path);
        const wave = /^rolloutPolicy\.waves\[(\d+)\]/.exec(path);
        if (!target && wave) target = form.querySelectorAll('[data-test=wave-row]')[Number(wave[1])];
        path = path.replace(/(\[\d+\]|\.[^.[]+)$/, '');
      }
      if (!target) { loose.push(v); continue; }
      const p = target.querySelector(':scope > .field-error');
      if (!p) { loose.push(v); continue; }
      p.hidden = false;
      p.textContent = [p.textContent, `${v.field}: ${v.description}`].filter(Boolean).join('; ');
      const control = target.querySelector('input, select, textarea');
      if (control) control.setAttribute('aria-invalid', 'true');
    }
    replace(summary, h('p', {}, error.message),
      loose.length ? h('ul', {}, loose.map((v) => h('li', {}, `${v.field}: ${v.description}`))) : null);
    summary.hidden = false;
    summary.focus();
  }

  async function save(form, summary, spec, stored) {
    const verb = id ? 'Save the changes?' : 'Create the gateway?';
    const text = id ? 'A change makes a new revision and starts a rollout.' : 'It is rolled out to its zones at once.';
    if (!(await confirmAction(verb, text, id ? 'Save' : 'Create'))) return;
    try {
      const answer = id ? await api.patch(id, mergePatch(stored, spec), etag) : await api.create(spec);
      store.put(answer.data.gateway);
      notice(id ? 'Saved: the change is rolling out.' : `Created ${answer.data.gateway.spec.name}.`, 'ok');
      location.hash = `#/g/${answer.data.gateway.spec.id}`;
    } catch (e) {
      if (e.status === 412) {
        await load();
        notice('The gateway changed since you opened this form (412): the form now shows the current spec. '
          + 'Check it and save again.', 'error');
      } else if (e.violations.length) {
        showViolations(form, summary, e);
      } else {
        replace(summary, h('p', {}, e.message));
        summary.hidden = false;
        summary.focus();
      }
    }
  }

  async function load() {
    if (!id) { build({ zones: [], rolloutPolicy: null }); return; }
    try {
      const answer = await api.get(id);
      etag = answer.etag;
      build(answer.data.gateway.spec);
    } catch (e) {
      notice(e.message, 'error');
    }
  }
  if (!context.canWrite) {
    body.append(h('p', {}, 'Your token may only read: ask for an admin token to change gateways.'));
  } else load();
  return { node };
}
