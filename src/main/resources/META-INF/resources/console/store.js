// The organization's gateways as the console knows them: listed page by page, then kept current by one watch
// (list-then-watch: the first page's resourceVersion is where the watch starts, so no change is missed).
//
// Big organizations (10,000 gateways and more): start() answers as soon as the first page is in, so the list shows
// its first rows at once; the other pages are read in the background (the largest page the API allows), each one
// announced to the listeners, and the watch starts after the last.
import { api, watch } from './api.js';

/** gateway.paging.max-page-size's default: the API lowers any larger pageSize to it. */
export const PAGE_SIZE = 1000;

const gateways = new Map();
const listeners = new Set();
let stopWatch = null;
let state = 'loading';
let loaded = 0; // pages read of the current listing
let listing = 0; // which listing is current: a newer start() ends an older one's background reads

function notify(id, event) {
  listeners.forEach((listener) => listener(id, event));
}

/** Keeps the newer of what is known and what a page or an answer carries (a watch event may have come first). */
function keep(gateway) {
  const known = gateways.get(gateway.spec.id);
  if (known && known.status.updatedAt > gateway.status.updatedAt) return false;
  gateways.set(gateway.spec.id, gateway);
  return true;
}

export const store = {
  all: () => [...gateways.values()],
  size: () => gateways.size,
  get: (id) => gateways.get(id),
  state: () => state,
  /** Whether every page of the listing is in (until then, the list says it is still loading). */
  complete: () => state !== 'loading',
  /**
   * listener(id, event): id of the gateway that changed (null: many did, or the store's state did), event the watch
   * event (null for a change the console made or for a page).
   */
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Puts a gateway an answer carried (a create, an action), before its watch event arrives. */
  put(gateway) {
    if (keep(gateway)) notify(gateway.spec.id, null);
  },
  /** Lists the first page and answers; the rest of the listing, then the watch, go on in the background. */
  async start() {
    store.stop();
    const mine = ++listing;
    state = 'loading';
    loaded = 0;
    gateways.clear();
    const first = await api.page(null, PAGE_SIZE);
    if (mine !== listing) return;
    (first.items || []).forEach((g) => gateways.set(g.spec.id, g));
    loaded = 1;
    notify(null, null);
    store.rest(mine, first).catch(() => {
      if (mine === listing) setTimeout(() => { if (mine === listing) store.start().catch(() => {}); }, 2000);
    });
  },
  async rest(mine, first) {
    const version = first.resourceVersion;
    let page = first;
    while (page.nextPageToken) {
      page = await api.page(page.nextPageToken, PAGE_SIZE);
      if (mine !== listing) return;
      (page.items || []).forEach(keep);
      loaded += 1;
      notify(null, null);
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
    listing += 1;
    if (stopWatch) stopWatch();
    stopWatch = null;
  },
};
