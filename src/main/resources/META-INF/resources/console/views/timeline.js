// The rollout of a gateway: its phase, its waves in order (progressing, baking with a countdown, complete, failed)
// and a log of the changes this page saw arrive, newest first.
import { badge, countdown, h, label, time } from '../ui.js';

export function rolloutSection() {
  const node = h('section', { class: 'card rollout', 'aria-labelledby': 'rollout-title', 'data-test': 'rollout' });
  const seen = [];
  let last = null;

  function observe(rollout) {
    const now = new Date().toLocaleTimeString();
    const add = (text, value) => seen.push({ now, text, value });
    if (!last || last.revision !== rollout.revision) add(`Revision ${rollout.revision}`, `REVISION_${rollout.revision}`);
    if (!last || last.phase !== rollout.phase || last.revision !== rollout.revision) {
      add(`Rollout: ${label(rollout.phase)}${rollout.pauseReason ? ` (${rollout.pauseReason.toLowerCase()})` : ''}`,
        rollout.phase);
    }
    (rollout.waves || []).forEach((w, i) => {
      const before = last && last.revision === rollout.revision && last.waves && last.waves[i];
      if ((!before && w.phase !== 'WAVE_PHASE_PENDING') || (before && before.phase !== w.phase)) {
        add(`Wave ${w.name}: ${label(w.phase)}`, w.phase);
      }
    });
    while (seen.length > 30) seen.shift();
    last = rollout;
  }

  function render(gateway) {
    const r = gateway.status.rollout;
    if (!r) { node.replaceChildren(h('h2', { id: 'rollout-title' }, 'Rollout'), h('p', {}, 'No rollout yet.')); return; }
    observe(r);
    const waves = (r.waves || []).map((w, i) => h('li', {
      class: `wave ${i === r.currentWave ? 'current' : ''}`, 'data-test': 'wave', 'data-wave': w.name, 'data-phase': w.phase,
    },
    h('div', { class: 'wave-head' }, h('strong', {}, w.name), ' ', badge(w.phase),
      w.bakeUntil && w.phase === 'WAVE_PHASE_BAKING' ? h('span', { class: 'bake' }, ' ', countdown(w.bakeUntil)) : null),
    h('div', { class: 'sub' }, (w.zones || []).join(', ')),
    h('div', { class: 'sub' },
      w.startedAt ? ['started ', time(w.startedAt)] : 'not started',
      w.completedAt ? [' · complete ', time(w.completedAt)] : null)));
    node.replaceChildren(
      h('h2', { id: 'rollout-title' }, 'Rollout'),
      h('p', { class: 'rollout-head' },
        badge(r.phase, { 'data-test': 'rollout-phase' }),
        ` revision ${r.revision}`, h('span', { class: 'sub' }, ` · stable revision ${r.stableRevision || 'none yet'}`)),
      r.message ? h('p', { class: 'message' }, r.message) : null,
      h('ol', { class: 'waves', 'aria-label': 'Waves, in order' }, waves),
      h('details', { class: 'log', open: true },
        h('summary', {}, 'What this page saw happen (newest first)'),
        h('ol', { 'data-test': 'rollout-log', reversed: true },
          [...seen].reverse().map((e) => h('li', { 'data-value': e.value }, h('span', { class: 'sub' }, e.now), ' ', e.text)))));
  }
  return { node, render };
}
