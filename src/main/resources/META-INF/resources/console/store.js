// The organization's gateways as the console knows them: listed page by page, then kept current by one watch
// (list-then-watch: the list's resourceVersion is where the watch starts, so no change is missed).
import { api, watch } from './api.js';

const gateways = new Map();
const listeners = new Set();
let stopWatch = null;
let state = 'loading';

function notify(id, event) {
  listeners.forEach((listener) => listener(id, event));
}

export const store = {
  all: () => [...gateways.values()],
  get: (id) => gateways.get(id),
  state: () => state,
  /** listener(id, event): id of the gateway that changed (null: everything), event the watch event. */
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Puts a gateway an answer carried (a create, an action), before its watch event arrives. */
  put(gateway) {
    const known = gateways.get(gateway.spec.id);
    if (!known || known.status.updatedAt <= gateway.status.updatedAt) {
      gateways.set(gateway.spec.id, gateway);
      notify(gateway.spec.id, null);
    }
  },
  async start() {
    store.stop();
    state = 'loading';
    gateways.clear();
    let page = await api.page();
    const version = page.resourceVersion;
    for (;;) {
      (page.items || []).forEach((g) => gateways.set(g.spec.id, g));
      if (!page.nextPageToken) break;
      page = await api.page(page.nextPageToken);
    }
    state = 'live';
    notify(null, null);
    stopWatch = watch(version, {
      onEvent(event) {
        const id = event.gateway.spec.id;
        if (event.type === 'DELETED') gateways.delete(id); else gateways.set(id, event.gateway);
        notify(id, event);
      },
      onGone() { store.start().catch(() => {}); },
      onState(s) { state = s; notify(null, null); },
    });
  },
  stop() {
    if (stopWatch) stopWatch();
    stopWatch = null;
  },
};
