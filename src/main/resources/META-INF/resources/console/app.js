// The console's entry: sign-in, who the caller is, and the routes (#/, #/new, #/g/<id>, #/g/<id>/edit).
import { api, session } from './api.js';
import { store } from './store.js';
import { h, notice, replace } from './ui.js';
import { signInView } from './views/signin.js';
import { listView } from './views/list.js';
import { detailView } from './views/detail.js';
import { formView } from './views/form.js';

const main = document.getElementById('main');
const context = { caller: null, canWrite: false, zones: [] };
let leave = null;

async function signedIn() {
  try {
    context.caller = await api.caller();
  } catch (e) {
    session.clear();
    notice(e.status === 401 ? 'That token was refused. Paste a valid bearer token.' : e.message, 'error');
    return false;
  }
  context.canWrite = (context.caller.roles || []).includes('admin');
  context.zones = await api.zones();
  const who = document.getElementById('who');
  replace(who, h('span', { 'data-test': 'caller' }, `${context.caller.subject} · ${context.caller.organizationId}`),
    ' ', h('span', { class: 'role', 'data-test': 'role' }, context.canWrite ? 'admin' : 'viewer (read only)'));
  document.getElementById('sign-out').hidden = false;
  await store.start();
  return true;
}

function signOut(message) {
  store.stop();
  session.clear();
  context.caller = null;
  replace(document.getElementById('who'));
  replace(document.getElementById('live'));
  document.getElementById('sign-out').hidden = true;
  notice(message || '', 'info');
  route();
}

async function route() {
  if (leave) leave();
  leave = null;
  if (!session.token()) {
    replace(main, signInView(async (token) => {
      session.set(token);
      if (await signedIn()) { notice(''); route(); }
    }).node);
    return;
  }
  if (!context.caller && !(await signedIn())) { route(); return; }
  const path = (location.hash || '#/').slice(1);
  const parts = path.split('/').filter(Boolean);
  let view;
  if (parts[0] === 'new') view = formView(context, null);
  else if (parts[0] === 'g' && parts[1] && parts[2] === 'edit') view = formView(context, parts[1]);
  else if (parts[0] === 'g' && parts[1]) view = detailView(context, parts[1]);
  else view = listView(context);
  replace(main, view.node);
  leave = view.leave || null;
  if (view.focus !== false) main.focus({ preventScroll: true });
}

function showLive() {
  const state = store.state();
  const text = state === 'live' ? '● Live' : state === 'reconnecting' ? '○ Reconnecting…' : '';
  const live = document.getElementById('live');
  live.textContent = text;
  live.dataset.state = state;
}

store.subscribe((id) => { if (id === null) showLive(); });
window.addEventListener('hashchange', route);
window.addEventListener('console:unauthenticated', () => {
  if (context.caller) signOut('Your token is no longer accepted: sign in again.');
});
document.getElementById('sign-out').addEventListener('click', () => signOut('Signed out.'));
route();
