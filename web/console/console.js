// The recruiter console: sign in, the interviews by status, a new
// invitation and its link, one interview (transcript with the recorded
// answers, the scorecard report, downloads, deletion), watching an
// interview live, comparing candidates for one role, the API tokens (made,
// listed with their last use, revoked) and the audit log.
//
// One page under /console/ with the history API: /console/ (interviews),
// /console/new, /console/interviews/ID, /console/interviews/ID/watch,
// /console/compare?ids=A,B, /console/tokens, /console/audit. Everything it shows comes from the JSON API
// (api.js); nothing is written into the page as HTML from the server's
// answers: text goes in with textContent.

import * as API from './api.js';

const WATCH_POLL_MS = 2000;
const LIST_POLL_MS = 5000;
const TOAST_MS = 8000;

const STATUS = {
  invited: 'Invited',
  in_progress: 'In progress',
  completed: 'Completed',
  expired: 'Expired',
};
const STATUS_ORDER = ['in_progress', 'invited', 'completed', 'expired'];

const RECOMMENDATION = {
  strong_hire: 'Strong hire',
  hire: 'Hire',
  lean_no_hire: 'Lean no hire',
  no_hire: 'No hire',
};

const DIMENSIONS = [
  ['api_design', 'API design'],
  ['databases', 'Databases'],
  ['scalability', 'Scalability'],
  ['security', 'Security'],
  ['architecture', 'Architecture'],
  ['tradeoff_analysis', 'Trade-off analysis'],
  ['production_experience', 'Production experience'],
];

const PHASES = {
  opening: 'Introduction',
  experience: 'Experience',
  design: 'System design',
  deep_dive: 'Deep dive',
  closing: 'Closing',
};

const DEFAULT_PLAYBOOK = 'default';

// ---------------------------------------------------------------------------
// Small helpers

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'for') e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function words(value, map) {
  return map[value] || (typeof value === 'string' ? value.replace(/_/g, ' ') : '—');
}

function when(unixSeconds) {
  if (typeof unixSeconds !== 'number') return '';
  const d = new Date(unixSeconds * 1000);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function duration(seconds) {
  if (typeof seconds !== 'number' || !isFinite(seconds)) return '';
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return m ? `${m} min ${s} s` : `${s} s`;
}

function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function playbookOf(item) {
  return item.playbook || DEFAULT_PLAYBOOK;
}

function statusBadge(status) {
  return el('span', { class: `badge badge--${status}`, text: words(status, STATUS), 'data-status': status });
}

function focusHeading(id) {
  const h = $(id);
  if (h) h.focus({ preventScroll: true });
}

let toastTimer = null;
function toast(text) {
  $('toast-text').textContent = text;
  $('toast').hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => ($('toast').hidden = true), TOAST_MS);
}

function showError(elId, text) {
  const e = $(elId);
  e.textContent = text;
  e.hidden = !text;
}

function errorText(err) {
  if (err && err.status === 429) return `Too many attempts. Try again in ${err.retryAfter || 60} seconds.`;
  if (err && err.status === 403) return 'Your session has no valid security token any more. Sign out and sign in again.';
  return err && err.message ? err.message : String(err);
}

// ---------------------------------------------------------------------------
// Views and routing

const VIEWS = ['loading', 'login', 'interviews', 'new', 'interview', 'watch', 'compare', 'tokens', 'audit', 'notfound'];
const state = {
  view: 'loading',
  signedIn: false,
  timer: null, // the current view's polling
  generation: 0, // bumped on every navigation; stale answers are dropped
};

/** Hooks for the browser tests (errors: uncaught ones and CSP refusals). */
const hooks = { view: 'loading', polls: 0, lastTurns: 0, errors: [] };
window.__console = hooks;
window.addEventListener('error', (e) => hooks.errors.push(`error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => hooks.errors.push(`rejection: ${e.reason}`));
document.addEventListener('securitypolicyviolation', (e) => hooks.errors.push(`csp: ${e.violatedDirective} ${e.blockedURI}`));

function showView(name) {
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== name;
  state.view = name;
  hooks.view = name;
  document.body.dataset.view = name;
  document.body.dataset.state = name === 'login' || name === 'loading' ? name : 'console';
  $('nav').hidden = !state.signedIn;
  $('account').hidden = !state.signedIn;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function stopPolling() {
  clearTimeout(state.timer);
  state.timer = null;
}

function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route();
}

function route() {
  stopPolling();
  const gen = ++state.generation;
  const path = location.pathname.replace(/\/+$/, '') || '/console';
  if (!state.signedIn) return showLogin();
  let m;
  if (path === '/console') return showInterviews(gen);
  if (path === '/console/new') return showNew();
  if (path === '/console/compare') return showCompare(gen);
  if (path === '/console/tokens') return showTokens(gen);
  if (path === '/console/audit') return showAudit(gen);
  if ((m = /^\/console\/interviews\/([0-9a-f]{32})$/.exec(path))) return showInterview(gen, m[1]);
  if ((m = /^\/console\/interviews\/([0-9a-f]{32})\/watch$/.exec(path))) return showWatch(gen, m[1]);
  showView('notfound');
  focusHeading('notfound-title');
}

function current(gen) {
  return gen === state.generation;
}

/** Any error while loading a view: 404 is a page of its own, the rest a toast. */
function viewFailed(gen, err) {
  if (!current(gen) || (err && err.status === 401)) return;
  if (err && err.status === 404) {
    showView('notfound');
    focusHeading('notfound-title');
    return;
  }
  toast(errorText(err));
}

// ---------------------------------------------------------------------------
// Sign in and out

function showLogin(info) {
  state.signedIn = false;
  $('toast').hidden = true;
  showView('login');
  $('login-info').textContent = info || '';
  $('login-info').hidden = !info;
  focusHeading('login-title');
}

function setupLogin() {
  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const email = $('login-email').value.trim();
    const password = $('login-password').value;
    if (!email || !password) {
      showError('login-error', 'Enter your email and your password.');
      return;
    }
    $('login-submit').disabled = true;
    showError('login-error', '');
    try {
      await API.login(email, password);
      $('login-password').value = '';
      $('login-info').hidden = true;
      signedIn(API.signedInEmail());
      route();
    } catch (err) {
      const text = err.status === 401 ? 'Wrong email or password.' : errorText(err);
      showError('login-error', text);
      $('login-password').select();
    } finally {
      $('login-submit').disabled = false;
    }
  });
  $('logout').addEventListener('click', async () => {
    stopPolling();
    try {
      await API.logout();
    } catch (e) {
      /* signed out either way */
    }
    list.items = [];
    list.loaded = false;
    history.pushState(null, '', '/console/');
    showLogin('You are signed out.');
  });
  API.setUnauthorizedHandler(() => {
    API.forget();
    stopPolling();
    if (state.signedIn) showLogin('Your session has ended. Please sign in again.');
  });
}

function signedIn(email) {
  state.signedIn = true;
  $('account-email').textContent = email || '';
}

// ---------------------------------------------------------------------------
// The interviews, by status

const list = { items: [], loaded: false };

async function showInterviews(gen) {
  showView('interviews');
  if (!list.loaded) $('counts').textContent = 'Loading…';
  renderInterviews();
  focusHeading('interviews-title');
  await refreshInterviews(gen);
}

async function refreshInterviews(gen) {
  try {
    const data = await API.interviews.list();
    if (!current(gen)) return;
    const items = Array.isArray(data.interviews) ? data.interviews : [];
    // redraw only what changed: a redraw would take the keyboard focus away
    const changed = !list.loaded || JSON.stringify(items) !== JSON.stringify(list.items);
    list.items = items;
    list.loaded = true;
    if (changed) renderInterviews();
  } catch (err) {
    viewFailed(gen, err);
  }
  if (current(gen) && state.signedIn) state.timer = setTimeout(() => refreshInterviews(gen), LIST_POLL_MS);
}

function renderInterviews() {
  const q = $('search').value.trim().toLowerCase();
  const want = $('status-filter').value;
  const counts = {};
  for (const s of STATUS_ORDER) counts[s] = 0;
  for (const it of list.items) counts[it.status] = (counts[it.status] || 0) + 1;
  for (const opt of $('status-filter').options) {
    const base = opt.value ? STATUS[opt.value] : 'All';
    opt.textContent = `${base} (${opt.value ? counts[opt.value] || 0 : list.items.length})`;
  }
  if (list.loaded)
    $('counts').textContent = STATUS_ORDER.map((s) => `${counts[s]} ${words(s, STATUS).toLowerCase()}`).join(' · ');

  const shown = list.items.filter(
    (it) => (!want || it.status === want) && (!q || String(it.candidate_name).toLowerCase().includes(q)),
  );
  const groups = $('interviews-groups');
  groups.replaceChildren();
  for (const status of STATUS_ORDER) {
    const rows = shown.filter((it) => it.status === status);
    if (!rows.length) continue;
    groups.append(interviewGroup(status, rows));
  }
  const empty = $('interviews-empty');
  empty.hidden = !list.loaded || shown.length > 0;
  if (!list.items.length) {
    empty.replaceChildren('No interviews yet. ', el('a', { href: '/console/new', 'data-link': '', text: 'Invite a candidate' }), '.');
  } else {
    empty.textContent = 'No interview matches the search.';
  }
}

function interviewGroup(status, rows) {
  const headingId = `group-${status}`;
  const table = el(
    'table',
    { class: 'list-table' },
    el(
      'thead',
      {},
      el('tr', {}, el('th', { scope: 'col', class: 'col-name', text: 'Candidate' }), el('th', { scope: 'col', class: 'col-date', text: 'Created' }),
        el('th', { scope: 'col', class: 'col-date', text: status === 'invited' || status === 'expired' ? 'Link expires' : 'Turns' }),
        el('th', { scope: 'col', class: 'col-playbook', text: 'Playbook' }), el('th', { scope: 'col', class: 'col-actions' }, el('span', { class: 'visually-hidden', text: 'Actions' }))),
    ),
  );
  const body = el('tbody');
  for (const it of rows) {
    const actions = el('td', { class: 'col-actions' });
    if (status === 'in_progress')
      actions.append(el('a', { href: `/console/interviews/${it.id}/watch`, 'data-link': '', class: 'btn btn--secondary btn--small', text: 'Watch live', 'data-testid': 'row-watch' }));
    const name = el('a', { href: `/console/interviews/${it.id}`, 'data-link': '', text: it.candidate_name, 'data-testid': 'row-open' });
    body.append(
      el('tr', { 'data-testid': 'interview-row', 'data-id': it.id, 'data-status': it.status },
        el('td', {}, name, it.email ? el('span', { class: 'sub muted', text: it.email }) : null),
        el('td', { text: when(it.created), 'data-label': 'Created' }),
        status === 'invited' || status === 'expired'
          ? el('td', { text: when(it.expires), 'data-label': 'Link expires' })
          : el('td', { text: String(it.turns), 'data-label': 'Turns' }),
        el('td', { text: playbookOf(it), 'data-label': 'Playbook' }),
        actions),
    );
  }
  table.append(body);
  return el('section', { class: 'group card', 'aria-labelledby': headingId, 'data-testid': `group-${status}` },
    el('h2', { id: headingId }, statusBadge(status), ` ${rows.length}`),
    el('div', { class: 'table-wrap' }, table));
}

function setupInterviews() {
  $('search').addEventListener('input', renderInterviews);
  $('status-filter').addEventListener('change', renderInterviews);
}

// ---------------------------------------------------------------------------
// A new invitation

function showNew() {
  showView('new');
  $('invite-result').hidden = true;
  $('invite-card').hidden = false;
  showError('invite-error', '');
  focusHeading('new-title');
}

function setupNew() {
  $('invite-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = $('invite-name').value.trim();
    if (!name) {
      showError('invite-error', 'Enter the candidate’s name.');
      $('invite-name').focus();
      return;
    }
    const fields = { candidate_name: name, expires_in_s: Number($('invite-expiry').value) };
    const email = $('invite-email').value.trim();
    const playbook = $('invite-playbook').value.trim();
    if (email) fields.email = email;
    if (playbook) fields.playbook = playbook;
    showError('invite-error', '');
    $('invite-submit').disabled = true;
    try {
      const inv = await API.interviews.invite(fields);
      const link = new URL(inv.url, location.origin).href;
      $('invite-result-name').textContent = name;
      $('invite-result-expires').textContent = when(inv.expires);
      $('invite-link').value = link;
      $('copy-status').textContent = '';
      $('invite-result-open').href = `/console/interviews/${inv.id}`;
      $('invite-result').hidden = false;
      $('invite-result').dataset.id = inv.id;
      $('invite-form').reset();
      $('invite-card').hidden = true;
      list.loaded = false;
      $('invite-result-title').focus();
    } catch (err) {
      showError('invite-error', errorText(err));
    } finally {
      $('invite-submit').disabled = false;
    }
  });
  $('copy-link').addEventListener('click', async () => {
    const input = $('invite-link');
    let copied = false;
    try {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    } catch (e) {
      input.focus();
      input.select();
      try {
        copied = document.execCommand('copy');
      } catch (e2) {
        copied = false;
      }
    }
    $('copy-status').textContent = copied ? 'Copied to the clipboard.' : 'Select the link and copy it (Ctrl+C or ⌘C).';
    $('copy-status').dataset.copied = copied ? 'yes' : 'no';
  });
  $('invite-another').addEventListener('click', () => {
    $('invite-result').hidden = true;
    $('invite-card').hidden = false;
    $('invite-name').focus();
  });
}

// ---------------------------------------------------------------------------
// One interview

const shown = { id: null, detail: null };

async function showInterview(gen, id) {
  showView('interview');
  shown.id = id;
  $('interview-name').textContent = 'Loading…';
  $('interview-meta').textContent = '';
  $('interview-status').hidden = true;
  $('transcript').replaceChildren();
  $('scorecard-summary').hidden = true;
  selectTab('transcript');
  try {
    const d = await API.interviews.get(id);
    if (!current(gen)) return;
    shown.detail = d;
    renderInterview(d);
    focusHeading('interview-name');
  } catch (err) {
    viewFailed(gen, err);
  }
}

function interviewMeta(d) {
  const parts = [];
  if (d.email) parts.push(d.email);
  parts.push(`Invited ${when(d.created)}`);
  if (d.status === 'invited') parts.push(`link expires ${when(d.expires)}`);
  parts.push(`playbook ${playbookOf(d)}`);
  if (d.status !== 'invited' && d.status !== 'expired') parts.push(d.voice ? 'spoken' : 'in writing');
  const turns = Array.isArray(d.transcript) ? d.transcript : [];
  const last = turns[turns.length - 1];
  if (last && typeof last.t === 'number') parts.push(duration((last.reply_t || last.t) - (turns[0].t || 0)));
  return parts.join(' · ');
}

function renderInterview(d) {
  $('interview-name').textContent = d.candidate_name;
  $('interview-meta').textContent = interviewMeta(d);
  const badge = $('interview-status');
  badge.hidden = false;
  badge.className = `badge badge--${d.status}`;
  badge.textContent = words(d.status, STATUS);
  badge.dataset.status = d.status;

  const completed = d.status === 'completed';
  $('watch-link').hidden = !(d.status === 'in_progress' || d.status === 'invited');
  $('watch-link').href = `/console/interviews/${d.id}/watch`;
  $('watch-link').textContent = d.status === 'invited' ? 'Wait for the candidate' : 'Watch live';
  const base = safeName(d.candidate_name);
  for (const [elId, format, ext] of [['download-json', 'json', 'json'], ['download-md', 'md', 'md']]) {
    const a = $(elId);
    a.hidden = !completed;
    a.href = API.interviews.reportUrl(d.id, format);
    a.download = `scorecard-${base}.${ext}`;
  }
  $('report-tab-link').hidden = !completed;
  $('report-tab-link').href = API.interviews.reportUrl(d.id, 'html');

  renderSummary(d.scorecard);
  renderTranscript(d);
  const frame = $('report-frame');
  frame.hidden = !completed;
  $('report-missing').hidden = completed;
  frame.dataset.src = completed ? API.interviews.reportUrl(d.id, 'html') : '';
  if (!completed) frame.removeAttribute('src');
}

function safeName(name) {
  return String(name).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'candidate';
}

function scorePips(score) {
  const wrap = el('span', { class: 'pips', 'aria-hidden': 'true' });
  for (let i = 1; i <= 4; i++) wrap.append(el('span', { class: typeof score === 'number' && i <= score ? 'pip pip--on' : 'pip' }));
  return wrap;
}

function scoreCell(score) {
  const has = typeof score === 'number';
  return el('span', { class: 'score' }, scorePips(score),
    el('span', { class: 'score__n', text: has ? `${score} / 4` : '—' }),
    has ? null : el('span', { class: 'visually-hidden', text: 'not covered' }));
}

function renderSummary(card) {
  const box = $('scorecard-summary');
  if (!card || typeof card !== 'object') {
    box.hidden = true;
    return;
  }
  const dims = card.dimensions || {};
  const list = el('dl', { class: 'dims' });
  for (const [key, label] of DIMENSIONS) {
    const d = dims[key] || {};
    list.append(el('div', { class: 'dims__row', 'data-dimension': key }, el('dt', { text: label }), el('dd', {}, scoreCell(d.score))));
  }
  const flags = (name, items) =>
    el('p', { class: 'findings' }, el('span', { class: 'findings__label', text: `${name}: ` }),
      items && items.length ? items.map((f) => words(f.id, {})).join(', ') : 'none');
  box.replaceChildren(
    el('div', { class: 'verdict' },
      el('span', { class: `rec rec--${card.recommendation}`, 'data-testid': 'recommendation', text: words(card.recommendation, RECOMMENDATION) }),
      el('span', { class: 'level-label', 'data-testid': 'level', text: `Level: ${capital(words(card.level, {}))}` })),
    list,
    flags('Strong indicators', card.strong_indicators),
    flags('Red flags', card.red_flags),
  );
  box.hidden = false;
}

function renderTranscript(d) {
  const ol = $('transcript');
  ol.replaceChildren();
  const turns = Array.isArray(d.transcript) ? d.transcript : [];
  $('transcript-empty').hidden = turns.length > 0;
  $('transcript-empty').textContent =
    d.status === 'invited' ? 'The candidate has not started yet.' : d.status === 'expired' ? 'The link expired before the interview started.' : 'No turns yet.';
  for (const t of turns) {
    const li = el('li', { class: 'turn', 'data-turn': t.turn, 'data-testid': 'turn' });
    li.append(el('p', { class: 'turn__meta muted', text: `Turn ${t.turn} · ${words(t.phase, PHASES)}${t.topic ? ` · ${t.topic}` : ''}` }));
    li.append(el('div', { class: 'line line--interviewer' }, el('span', { class: 'line__who', text: 'Interviewer' }), el('p', { class: 'line__text', text: t.text || '' })));
    if (typeof t.candidate === 'string') {
      const answer = el('div', { class: 'line line--candidate', 'data-testid': 'answer' },
        el('span', { class: 'line__who', text: d.candidate_name }),
        el('p', { class: 'line__text', text: t.candidate || '(silence)' }));
      const info = [];
      if (typeof t.reply_seconds === 'number' && t.reply_seconds > 0) info.push(`${t.reply_seconds.toFixed(0)} s`);
      if (d.voice && typeof t.reply_confidence === 'number' && t.reply_confidence < 1) info.push(`heard with confidence ${t.reply_confidence.toFixed(2)}`);
      if (info.length) answer.append(el('p', { class: 'line__info muted', text: info.join(' · ') }));
      answer.append(...recording(d, t));
      li.append(answer);
    }
    ol.append(li);
  }
}

/** What the transcript shows of an answer's recording: a play button
 * where there is one (has_audio), the retention period where it was
 * deleted, nothing for a typed answer. */
function recording(d, t) {
  if (t.has_audio === true) return [audioControl(d.id, t.turn)];
  if (typeof t.audio_deleted === 'number') {
    const text = typeof d.retention_days === 'number'
      ? `Recording deleted after ${d.retention_days} days (the retention period).`
      : 'Recording deleted (the retention period).';
    return [el('p', { class: 'hint', text, 'data-testid': 'audio-deleted', title: `Deleted ${when(t.audio_deleted)}` })];
  }
  // a server that does not say which turns have one: offer it for spoken interviews
  if (t.has_audio === undefined && d.voice) return [audioControl(d.id, t.turn)];
  return [];
}

/** A "Play the answer" button that loads the recording only when asked. */
function audioControl(id, turn) {
  const wrap = el('div', { class: 'play' });
  const button = el('button', { type: 'button', class: 'btn btn--secondary btn--small', text: 'Play the answer', 'data-testid': 'play-answer', 'data-turn': turn });
  button.addEventListener('click', () => {
    const audio = el('audio', { controls: true, preload: 'auto', 'data-testid': 'answer-audio', 'data-turn': turn });
    audio.addEventListener('error', () => {
      wrap.replaceChildren(el('span', { class: 'hint', text: 'No recording of this answer (it may have been typed).', 'data-testid': 'no-audio' }));
    });
    audio.src = API.interviews.audioUrl(id, turn);
    wrap.replaceChildren(audio);
    audio.play().catch(() => {});
  });
  wrap.append(button);
  return wrap;
}

function selectTab(name) {
  for (const t of ['transcript', 'report']) {
    const tab = $(`tab-${t}`);
    const on = t === name;
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${t}`).hidden = !on;
  }
  const frame = $('report-frame');
  if (name === 'report' && frame.dataset.src && frame.getAttribute('src') !== frame.dataset.src) frame.src = frame.dataset.src;
}

function setupInterview() {
  for (const t of ['transcript', 'report']) {
    $(`tab-${t}`).addEventListener('click', () => selectTab(t));
    $(`tab-${t}`).addEventListener('keydown', (ev) => {
      if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
      const other = t === 'transcript' ? 'report' : 'transcript';
      selectTab(other);
      $(`tab-${other}`).focus();
    });
  }
  $('delete').addEventListener('click', () => {
    const d = shown.detail;
    if (!d) return;
    $('delete-text').textContent =
      `The interview with ${d.candidate_name}, its transcript, scorecard and recorded audio are deleted for good. ` +
      (d.status === 'in_progress' ? 'The candidate is still connected and will be told the interview is over. ' : '') +
      'This cannot be undone.';
    $('delete-dialog').returnValue = '';
    $('delete-dialog').showModal();
  });
  $('delete-dialog').addEventListener('close', async () => {
    if ($('delete-dialog').returnValue !== 'delete' || !shown.detail) return;
    const d = shown.detail;
    try {
      await API.interviews.remove(d.id);
      list.items = list.items.filter((it) => it.id !== d.id);
      navigate('/console/');
      toast(`The interview with ${d.candidate_name} was deleted.`);
    } catch (err) {
      toast(errorText(err));
    }
  });
}

// ---------------------------------------------------------------------------
// Watching an interview live

const watch = { id: null, lines: 0, name: '' };

async function showWatch(gen, id) {
  showView('watch');
  watch.id = id;
  watch.lines = 0;
  $('watch-back').href = `/console/interviews/${id}`;
  $('watch-title').textContent = 'Loading…';
  $('watch-phase').textContent = '';
  $('watch-foot').textContent = '';
  $('watch-captions').replaceChildren(el('p', { class: 'captions__empty', id: 'watch-empty', text: 'Waiting for the candidate…' }));
  setWatchState('connecting', 'Connecting…');
  focusHeading('watch-title');
  await pollWatch(gen, id);
}

function setWatchState(status, text) {
  $('watch-state').dataset.status = status;
  $('watch-state-text').textContent = text;
}

function caption(who, name, text, turn) {
  return el('div', { class: `caption caption--${who}`, 'data-testid': `watch-${who}`, 'data-turn': turn },
    el('span', { class: 'caption__who', text: name }),
    el('p', { class: 'caption__text', text }));
}

async function pollWatch(gen, id) {
  let d;
  try {
    d = await API.interviews.get(id);
  } catch (err) {
    if (!current(gen)) return;
    if (err.status === 404) {
      setWatchState('ended', 'Deleted');
      $('watch-foot').textContent = 'This interview was deleted.';
      return;
    }
    if (err.status === 401) return;
    setWatchState('reconnecting', 'Reconnecting…');
    state.timer = setTimeout(() => pollWatch(gen, id), WATCH_POLL_MS);
    return;
  }
  if (!current(gen)) return;
  hooks.polls++;
  $('watch-title').textContent = d.candidate_name;
  const turns = Array.isArray(d.transcript) ? d.transcript : [];
  // each turn is two captions: the question, then the answer once given
  const lines = [];
  for (const t of turns) {
    lines.push(['interviewer', 'Interviewer', t.text || '', t.turn]);
    if (typeof t.candidate === 'string') lines.push(['candidate', d.candidate_name, t.candidate || '(silence)', t.turn]);
  }
  const box = $('watch-captions');
  if (lines.length > watch.lines) {
    const empty = $('watch-empty');
    if (empty) empty.remove();
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    for (const l of lines.slice(watch.lines)) box.append(caption(...l));
    watch.lines = lines.length;
    if (atBottom || watch.lines === lines.length) box.scrollTop = box.scrollHeight;
  }
  hooks.lastTurns = turns.length;
  const last = turns[turns.length - 1];
  $('watch-phase').textContent = last ? `${words(last.phase, PHASES)} · turn ${last.turn}` : '';
  if (d.status === 'in_progress') {
    setWatchState('open', 'Live');
    $('watch-foot').textContent = 'Updates every 2 seconds. The candidate does not see that you are watching.';
  } else if (d.status === 'invited') {
    setWatchState('connecting', 'Not started');
    $('watch-foot').textContent = 'The candidate has not opened the link yet; this page starts when they do.';
  } else {
    setWatchState('ended', words(d.status, STATUS));
    const foot = $('watch-foot');
    foot.replaceChildren(d.status === 'completed' ? 'The interview is over. ' : 'The link expired before the interview started. ');
    if (d.status === 'completed') foot.append(el('a', { href: `/console/interviews/${id}`, 'data-link': '', text: 'Read the transcript and the report', 'data-testid': 'watch-done' }), '.');
    return;
  }
  state.timer = setTimeout(() => pollWatch(gen, id), WATCH_POLL_MS);
}

// ---------------------------------------------------------------------------
// Comparing candidates for one role

const compare = { completed: [] };

async function showCompare(gen) {
  showView('compare');
  $('compare-result').hidden = true;
  showError('compare-error', '');
  focusHeading('compare-title');
  try {
    const data = await API.interviews.list();
    if (!current(gen)) return;
    compare.completed = (data.interviews || []).filter((it) => it.status === 'completed');
  } catch (err) {
    viewFailed(gen, err);
    return;
  }
  const wanted = new URLSearchParams(location.search).get('ids');
  const ids = wanted ? wanted.split(',') : [];
  const playbooks = [...new Set(compare.completed.map(playbookOf))].sort();
  const select = $('compare-playbook');
  select.replaceChildren(...playbooks.map((p) => el('option', { value: p, text: `${p} (${compare.completed.filter((it) => playbookOf(it) === p).length})` })));
  // the role of most of the interviews asked for, else the one with the
  // most completed interviews
  const count = (p, only) => compare.completed.filter((it) => playbookOf(it) === p && (!only || only.includes(it.id))).length;
  const most = (only) => playbooks.reduce((a, p) => (count(p, only) > count(a, only) ? p : a));
  if (playbooks.length) select.value = ids.length && playbooks.some((p) => count(p, ids)) ? most(ids) : most(null);
  // only interviews of the one role are compared
  const same = ids.filter((id) => compare.completed.some((it) => it.id === id && playbookOf(it) === select.value));
  renderCompareOptions(same);
  if (same.length >= 2) await runCompare(gen, same);
}

function renderCompareOptions(checked) {
  const playbook = $('compare-playbook').value;
  const box = $('compare-options');
  box.replaceChildren();
  const items = compare.completed.filter((it) => playbookOf(it) === playbook);
  if (!items.length) {
    box.append(el('p', { class: 'muted', text: 'No completed interview yet.' }));
    $('compare-submit').disabled = true;
    return;
  }
  $('compare-submit').disabled = false;
  for (const it of items) {
    const id = `cmp-${it.id}`;
    box.append(el('div', { class: 'check' },
      el('input', { type: 'checkbox', id, value: it.id, checked: checked.includes(it.id), 'data-testid': 'compare-check' }),
      el('label', { for: id }, it.candidate_name, el('span', { class: 'muted', text: ` · ${when(it.created)}` }))));
  }
}

async function runCompare(gen, ids) {
  let details;
  try {
    details = await Promise.all(ids.map((id) => API.interviews.get(id)));
  } catch (err) {
    if (current(gen)) showError('compare-error', errorText(err));
    return;
  }
  if (!current(gen)) return;
  const cards = details.filter((d) => d.scorecard && typeof d.scorecard === 'object');
  const table = $('compare-table');
  table.replaceChildren();
  const head = el('tr', {}, el('td'));
  for (const d of cards) head.append(el('th', { scope: 'col' }, el('a', { href: `/console/interviews/${d.id}`, 'data-link': '', text: d.candidate_name })));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  const row = (label, key, cells) => {
    const tr = el('tr', { 'data-row': key }, el('th', { scope: 'row', text: label }));
    for (const c of cells) tr.append(c);
    body.append(tr);
  };
  row('Recommendation', 'recommendation', cards.map((d) =>
    el('td', {}, el('span', { class: `rec rec--${d.scorecard.recommendation}`, text: words(d.scorecard.recommendation, RECOMMENDATION) }))));
  row('Level', 'level', cards.map((d) => el('td', { class: 'level-cell', text: capital(words(d.scorecard.level, {})) })));
  for (const [key, label] of DIMENSIONS) {
    const scores = cards.map((d) => ((d.scorecard.dimensions || {})[key] || {}).score);
    const numbers = scores.filter((s) => typeof s === 'number');
    const best = Math.max(...numbers);
    const differ = numbers.some((s) => s !== best) || numbers.length < scores.length;
    row(label, key, scores.map((s) => {
      const td = el('td', {}, scoreCell(s));
      if (typeof s === 'number' && s === best && cards.length > 1 && differ) {
        td.classList.add('best');
        td.append(el('span', { class: 'visually-hidden', text: ' (best)' }));
      }
      return td;
    }));
  }
  const names = (items) => (items && items.length ? items.map((f) => words(f.id, {})).join(', ') : '—');
  row('Strong indicators', 'strong_indicators', cards.map((d) => el('td', { class: 'small', text: names(d.scorecard.strong_indicators) })));
  row('Red flags', 'red_flags', cards.map((d) => el('td', { class: 'small', text: names(d.scorecard.red_flags) })));
  table.append(body);
  $('compare-result').hidden = false;
  $('compare-result-title').focus({ preventScroll: true });
  $('compare-result').scrollIntoView({ block: 'start' });
}

function setupCompare() {
  $('compare-playbook').addEventListener('change', () => renderCompareOptions([]));
  $('compare-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const ids = [...document.querySelectorAll('#compare-options input:checked')].map((i) => i.value);
    if (ids.length < 2) {
      showError('compare-error', 'Pick at least two candidates.');
      return;
    }
    showError('compare-error', '');
    history.replaceState(null, '', `/console/compare?ids=${ids.join(',')}`);
    runCompare(state.generation, ids);
  });
}

// ---------------------------------------------------------------------------
// API tokens

async function showTokens(gen) {
  showView('tokens');
  showError('token-error', '');
  focusHeading('tokens-title');
  await refreshTokens(gen);
}

async function refreshTokens(gen) {
  try {
    const data = await API.tokens.list();
    if (!current(gen)) return;
    renderTokens(Array.isArray(data.tokens) ? data.tokens : []);
  } catch (err) {
    viewFailed(gen, err);
  }
}

function renderTokens(tokens) {
  const body = $('tokens-body');
  body.replaceChildren();
  $('tokens-empty').hidden = tokens.length > 0;
  $('tokens-table').hidden = tokens.length === 0;
  for (const t of tokens) {
    const revoke = el('button', { type: 'button', class: 'btn btn--danger btn--small', text: 'Revoke…', 'data-testid': 'token-revoke', 'data-name': t.name });
    revoke.addEventListener('click', () => askRevoke(t.name));
    body.append(
      el('tr', { 'data-testid': 'token-row', 'data-name': t.name },
        el('td', { text: t.name }),
        el('td', { text: when(t.created), 'data-label': 'Created' }),
        el('td', { text: t.last_used ? when(t.last_used) : 'Never', 'data-label': 'Last used', 'data-testid': 'token-last-used' }),
        el('td', { class: 'col-actions' }, revoke)),
    );
  }
}

const revoking = { name: null };

function askRevoke(name) {
  revoking.name = name;
  $('revoke-text').textContent = `Programs using the token “${name}” are refused from now on. This cannot be undone.`;
  $('revoke-dialog').returnValue = '';
  $('revoke-dialog').showModal();
}

function setupTokens() {
  $('token-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = $('token-name').value.trim();
    if (!name) {
      showError('token-error', 'Name the token after what will use it.');
      $('token-name').focus();
      return;
    }
    showError('token-error', '');
    $('token-submit').disabled = true;
    try {
      const made = await API.tokens.create(name);
      $('token-secret').value = made.token;
      $('copy-token-status').textContent = '';
      $('token-made').hidden = false;
      $('token-form').reset();
      $('token-secret').focus();
      $('token-secret').select();
      await refreshTokens(state.generation);
    } catch (err) {
      showError('token-error', errorText(err));
    } finally {
      $('token-submit').disabled = false;
    }
  });
  $('copy-token').addEventListener('click', async () => {
    let copied = false;
    try {
      await navigator.clipboard.writeText($('token-secret').value);
      copied = true;
    } catch (e) {
      $('token-secret').select();
    }
    $('copy-token-status').textContent = copied ? 'Copied to the clipboard.' : 'Select the token and copy it (Ctrl+C or ⌘C).';
  });
  $('token-done').addEventListener('click', () => {
    // the secret leaves the page: it is shown once
    $('token-secret').value = '';
    $('token-made').hidden = true;
  });
  $('revoke-dialog').addEventListener('close', async () => {
    if ($('revoke-dialog').returnValue !== 'revoke' || !revoking.name) return;
    const name = revoking.name;
    revoking.name = null;
    try {
      await API.tokens.revoke(name);
      toast(`The token “${name}” was revoked.`);
    } catch (err) {
      toast(errorText(err));
    }
    await refreshTokens(state.generation);
  });
}

// ---------------------------------------------------------------------------
// The audit log

const ACTIONS = {
  login: 'Signed in',
  login_failed: 'Failed to sign in',
  create_invitation: 'Created an invitation',
  view_interview: 'Viewed the interview',
  view_report: 'Viewed the report',
  download_report: 'Downloaded the report',
  play_audio: 'Played a recorded answer',
  delete_interview: 'Deleted the interview',
  create_token: 'Created an API token',
  revoke_token: 'Revoked an API token',
};

async function showAudit(gen) {
  showView('audit');
  focusHeading('audit-title');
  const params = new URLSearchParams(location.search);
  if (params.get('interview')) $('audit-interview').value = params.get('interview');
  await loadAudit(gen);
}

async function loadAudit(gen) {
  const interview = $('audit-interview').value.trim().toLowerCase();
  if (interview && !/^[0-9a-f]{32}$/.test(interview)) {
    showError('audit-error', 'An interview id is 32 hex digits (it is in the interview’s address).');
    return;
  }
  showError('audit-error', '');
  try {
    const data = await API.audit.list({ limit: Number($('audit-limit').value), interview });
    if (!current(gen)) return;
    renderAudit(Array.isArray(data.entries) ? data.entries : []);
  } catch (err) {
    viewFailed(gen, err);
  }
}

function auditWhat(e) {
  const what = words(e.action, ACTIONS);
  if (!e.detail) return what;
  if (e.action === 'download_report' || e.action === 'view_report') return `${what} (${String(e.detail).toUpperCase()})`;
  return `${what}: ${e.detail}`;
}

function renderAudit(entries) {
  const body = $('audit-body');
  body.replaceChildren();
  $('audit-empty').hidden = entries.length > 0;
  $('audit-table').hidden = entries.length === 0;
  for (const e of entries) {
    const interview = e.interview
      ? el('a', { href: `/console/interviews/${e.interview}`, 'data-link': '', text: e.interview.slice(0, 8), title: e.interview })
      : '';
    body.append(
      el('tr', { 'data-testid': 'audit-row', 'data-action': e.action },
        el('td', { text: when(e.at), 'data-label': 'When' }),
        el('td', { text: e.actor, 'data-label': 'Who' }),
        el('td', { text: auditWhat(e), 'data-label': 'What' }),
        el('td', { 'data-label': 'Interview' }, interview),
        el('td', { text: e.address || '', 'data-label': 'From' })),
    );
  }
}

function setupAudit() {
  $('audit-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const interview = $('audit-interview').value.trim().toLowerCase();
    history.replaceState(null, '', interview ? `/console/audit?interview=${interview}` : '/console/audit');
    loadAudit(state.generation);
  });
  $('audit-limit').addEventListener('change', () => loadAudit(state.generation));
}

// ---------------------------------------------------------------------------
// Start

function setupLinks() {
  // links marked data-link stay in the page (a plain click; modified clicks open tabs)
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest('a[data-link]');
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith('/console')) return;
    ev.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', route);
  $('toast-close').addEventListener('click', () => ($('toast').hidden = true));
}

async function start() {
  setupLinks();
  setupLogin();
  setupInterviews();
  setupNew();
  setupInterview();
  setupCompare();
  setupTokens();
  setupAudit();
  // is the session cookie still good? (it is HttpOnly: ask the API)
  try {
    const data = await API.api('GET', '/api/interviews', undefined, { quiet401: true });
    list.items = data.interviews || [];
    list.loaded = true;
    signedIn(API.signedInEmail());
  } catch (err) {
    if (err.status !== 401) toast(errorText(err));
  }
  route();
}

start();
