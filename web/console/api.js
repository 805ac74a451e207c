// The recruiter's side of the JSON API (docs/api.md): one fetch wrapper that
// sends the session cookie, the CSRF token on state-changing requests, and
// turns an error answer into an ApiError with the server's message.
//
// The CSRF token comes from the login answer ({"email", "csrf"}) and is kept
// in sessionStorage for this tab. The server also sets it as the readable
// cookie iv_csrf, next to the session cookie; that one is preferred when
// present, as it always belongs to the current session (a login in another
// tab replaces both cookies, and a new tab has no sessionStorage).

const CSRF_KEY = 'interviewer.console.csrf';
const EMAIL_KEY = 'interviewer.console.email';

export class ApiError extends Error {
  constructor(status, message, retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return '';
}

function stored(key) {
  try {
    return sessionStorage.getItem(key) || '';
  } catch (e) {
    return '';
  }
}

function store(key, value) {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch (e) {
    /* storage disabled: the cookie still carries the token */
  }
}

export function csrfToken() {
  return cookie('iv_csrf') || stored(CSRF_KEY);
}

export function signedInEmail() {
  return stored(EMAIL_KEY);
}

/** Called with no argument when a request answers 401 (the session ended). */
let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/**
 * One request. body (an object) is sent as JSON. Returns the parsed JSON
 * answer, the text for non-JSON answers, or null for 204.
 */
export async function api(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'The server could not be reached. Check the connection and try again.');
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const message = data && typeof data === 'object' && typeof data.error === 'string' ? data.error : `HTTP ${res.status}`;
    const err = new ApiError(res.status, message, Number(res.headers.get('Retry-After')) || 0);
    if (res.status === 401 && !quiet401) onUnauthorized();
    throw err;
  }
  return data;
}

export async function login(email, password) {
  const data = await api('POST', '/api/login', { email, password }, { quiet401: true });
  store(CSRF_KEY, data && data.csrf);
  store(EMAIL_KEY, (data && data.email) || email);
  return data;
}

export async function logout() {
  try {
    await api('POST', '/api/logout', undefined, { quiet401: true });
  } finally {
    forget();
  }
}

/** Drops what this tab kept of the session. */
export function forget() {
  store(CSRF_KEY, '');
  store(EMAIL_KEY, '');
}

export const interviews = {
  list: () => api('GET', '/api/interviews'),
  get: (id) => api('GET', `/api/interviews/${encodeURIComponent(id)}`),
  remove: (id) => api('DELETE', `/api/interviews/${encodeURIComponent(id)}`),
  invite: (fields) => api('POST', '/api/invitations', fields),
  reportUrl: (id, format) => `/api/interviews/${encodeURIComponent(id)}/report?format=${format}`,
  audioUrl: (id, turn) => `/api/interviews/${encodeURIComponent(id)}/audio/${turn}`,
};

export const tokens = {
  list: () => api('GET', '/api/tokens'),
  create: (name) => api('POST', '/api/tokens', { name }),
  revoke: (name) => api('DELETE', `/api/tokens/${encodeURIComponent(name)}`),
};

export const audit = {
  list: ({ limit = 100, interview = '' } = {}) => {
    const q = new URLSearchParams({ limit: String(limit) });
    if (interview) q.set('interview', interview);
    return api('GET', `/api/audit?${q}`);
  },
};
