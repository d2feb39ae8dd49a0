// The console is a client of the public API: every call carries the user's bearer token, kept in sessionStorage only.
const BASE = '/v1alpha1/inference';
const KEY = 'console.token';

export const session = {
  token: () => sessionStorage.getItem(KEY),
  set: (token) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An error answer: its HTTP status and the google.rpc.Status body (code, message, field violations). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }

  get violations() {
    const details = this.body.details || [];
    return details.flatMap((d) => d.fieldViolations || []);
  }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  const token = session.token();
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

/** Calls the API; answers {data, etag}. Throws ApiError for any status but 2xx; a 401 also signs the user out. */
export async function call(method, path, { body, etag, contentType = 'application/json', signal } = {}) {
  const extra = {};
  if (body !== undefined) extra['Content-Type'] = contentType;
  if (etag) extra['If-Match'] = etag;
  const answer = await fetch(BASE + path, {
    method, headers: headers(extra), signal, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { message: text }; }
  if (!answer.ok) {
    if (answer.status === 401) window.dispatchEvent(new CustomEvent('console:unauthenticated'));
    throw new ApiError(answer.status, data);
  }
  return { data, etag: answer.headers.get('ETag') };
}

export const api = {
  caller: () => call('GET', '/caller').then((a) => a.data),
  zones: () => call('GET', '/gateways/parameters').then((a) => a.data.zones),
  page: (pageToken, pageSize) => call('GET', `/gateways?pageSize=${pageSize}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`)
    .then((a) => a.data),
  get: (id) => call('GET', `/gateways/${id}`),
  create: (spec) => call('POST', '/gateways', { body: spec }),
  update: (id, spec, etag) => call('PATCH', `/gateways/${id}`, { body: spec, etag }),
  /** An RFC 7396 merge patch of the stored spec: members left out are kept, members set to null removed. */
  patch: (id, patch, etag) => call('PATCH', `/gateways/${id}`, { body: patch, etag, contentType: 'application/merge-patch+json' }),
  remove: (id, etag) => call('DELETE', `/gateways/${id}`, { etag }),
  action: (id, verb, etag, body) => call('POST', `/gateways/${id}:${verb}`, { etag, body }),
  revisions: (id) => call('GET', `/gateways/${id}/revisions`).then((a) => a.data.items || []),
  audit: (id) => call('GET', `/auditEvents?gatewayId=${id}&pageSize=50`).then((a) => a.data.items || []),
};

/**
 * Watches the organization's gateways from resourceVersion `from`: fetch() streaming of the NDJSON watch (an
 * EventSource cannot send the Authorization header). Calls onEvent for each event; reconnects from the last version
 * it received; calls onGone when the history it needs is gone (list again). Answers a function that stops it.
 */
export function watch(from, { onEvent, onGone, onState }) {
  const stop = new AbortController();
  let version = from;
  (async function run() {
    while (!stop.signal.aborted) {
      try {
        const answer = await fetch(`${BASE}/gateways?watch=true&resourceVersion=${version}`, {
          headers: headers({ Accept: 'application/x-ndjson' }), signal: stop.signal, cache: 'no-store',
        });
        if (answer.status === 410) { onGone(); return; }
        if (answer.status === 401) { window.dispatchEvent(new CustomEvent('console:unauthenticated')); return; }
        if (!answer.ok) throw new Error(`watch answered ${answer.status}`);
        onState('live');
        const reader = answer.body.getReader();
        const decoder = new TextDecoder();
        let buffered = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffered += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, end).trim();
            buffered = buffered.slice(end + 1);
            if (!line) continue;
            const event = JSON.parse(line);
            if (event.type === 'ERROR') {
              if (/list again|too old/i.test((event.error && event.error.message) || '')) { onGone(); return; }
              throw new Error('the watch ended: resume from the last version');
            }
            if (event.resourceVersion) version = event.resourceVersion;
            if (event.type !== 'BOOKMARK') onEvent(event);
          }
        }
      } catch (e) {
        if (stop.signal.aborted) return;
      }
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }());
  return () => stop.abort();
}
