// The API key lives only in this tab's sessionStorage (issue 16): closing the tab forgets it.
const KeyName = 'gpo.apiKey';

export const session = {
  get key() { return sessionStorage.getItem(KeyName); },
  set key(value) { value ? sessionStorage.setItem(KeyName, value) : sessionStorage.removeItem(KeyName); },
  scopes: [],
  name: '',
  can(scope) { return this.scopes.includes(scope); },
};

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** Calls the control-plane API with the session's key; a problem document becomes an ApiError with its detail. */
export async function api(path, { method = 'GET', body, key = session.key } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    // Never from the browser's cache: the page shows live state, and overlapping reads of one URL waited on each other there.
    response = await fetch(path, { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, `The API did not answer (${e.message}).`);
  }
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) {
    const detail = json?.detail || json?.title || text || response.statusText;
    throw new ApiError(response.status, `${response.status}: ${detail}`);
  }
  return json;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}

/**
 * Follows a server-sent-event stream. EventSource cannot send an Authorization header, so the session key is
 * exchanged for a short-lived stream token (POST /v1/stream-tokens) that goes in the query. The server ends the
 * stream when its token expires (or its key is revoked); a new token is fetched then, and onEvent gets the new
 * stream's snapshot first.
 */
export function follow(path, kinds, onEvent) {
  let source = null;
  let stopped = false;
  let retry = 1000;
  const open = async () => {
    if (stopped) return;
    try {
      const { token } = await api('/v1/stream-tokens', { method: 'POST' });
      if (stopped) return;
      source = new EventSource(`${path}?access_token=${encodeURIComponent(token)}`);
      for (const kind of kinds) {
        source.addEventListener(kind, e => { retry = 1000; onEvent(kind, JSON.parse(e.data)); });
      }
      // Not EventSource's own retry: it would ask again with the same token, expired by the time the server ended the stream.
      source.onerror = () => reopen();
    } catch {
      reopen();
    }
  };
  const reopen = () => {
    source?.close();
    if (stopped) return;
    setTimeout(open, retry);
    retry = Math.min(retry * 2, 30000);
  };
  open();
  return { close() { stopped = true; source?.close(); } };
}
