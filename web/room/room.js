// The candidate's interview room: consent, microphone check, the interview
// itself (captions, voice, typed answers) and the closing screens.
//
// Protocol (WebSocket at /i/<token>/ws):
//   client -> server JSON: {consent, voice, say_early}, {text}, {mic_check: "start"|"stop"}
//   client -> server binary: microphone, 16 kHz mono s16le PCM
//   server -> client JSON: say_early, say, heard, mic_check, error, end
//     (say_early: the first sentence of a turn an LLM is still wording, with
//     its audio; the say that follows has the whole turn - docs/web.md)
//   server -> client binary: interviewer's voice, 16 kHz mono s16le PCM

import { AudioEngine, Player, Mic } from './audio.js';
import { Connection } from './connection.js';

// ---------------------------------------------------------------------------
// Settings

/** How long the recording is kept (shown on the consent screen). */
const RETENTION_DAYS = 90;

/** The microphone check records for at most this long. */
const MIC_CHECK_MS = 5000;
/** If the server has not answered a mic check by then, let the candidate go on. */
const MIC_CHECK_REPLY_TIMEOUT_MS = 8000;
/** Below this recognition confidence, suggest checking the microphone. */
const LOW_CONFIDENCE = 0.5;

/** The "Thinking…" status clears itself after this long without a reply. */
const THINKING_TIMEOUT_MS = 30000;
/** How many caption lines are kept in sessionStorage for a page reload. */
const TRANSCRIPT_LIMIT = 400;
/** How long a toast message stays up. */
const TOAST_MS = 10000;
/** A "heard" line equal to a typed answer within this time is not shown twice. */
const TYPED_ECHO_MS = 60000;

/** Interview phases, in order, with the names the candidate sees. */
const PHASES = [
  ['opening', 'Introduction'],
  ['experience', 'Your experience'],
  ['design', 'System design'],
  ['deep_dive', 'Deep dive'],
  ['closing', 'Your questions'],
];

/** Errors that replace the whole page. Other codes are shown as a toast. */
const ERROR_SCREENS = {
  at_capacity: {
    title: 'All interview rooms are busy right now',
    text: 'Please try again in a few minutes. Your link still works, and nothing has been lost.',
    action: 'Try again',
  },
  expired: {
    title: 'This interview link has expired',
    text: 'Please contact your recruiter, who can send you a new link.',
  },
  not_found: {
    title: "We couldn't find this interview",
    text: 'Please check that you opened the complete link from your invitation, or contact your recruiter.',
  },
  taken_over: {
    title: 'This interview continued in another window',
    text: 'The interview was opened in another tab or window and carries on there. If you would rather continue here, you can.',
    action: 'Continue here',
  },
};

const MIC_PROBLEMS = {
  denied:
    "Your browser didn't allow access to the microphone. That's completely fine: you can type your answers instead. " +
    "If you'd like to speak, allow the microphone for this page (usually from the icon in the address bar) and try again.",
  nodevice:
    "We couldn't find a microphone on this device. You can connect one and try again, or type your answers instead.",
  busy:
    'Your microphone could not be started. It may be in use by another application. ' +
    'Close other apps that use it and try again, or type your answers instead.',
  insecure:
    'Your browser only allows the microphone on secure (https) pages. You can type your answers instead.',
  unsupported:
    "This browser can't record audio for the interview. You can type your answers instead, " +
    'or open the link in an up-to-date Chrome, Edge, Firefox or Safari.',
  other:
    'Something went wrong while starting your microphone. You can try again, or type your answers instead.',
};

// ---------------------------------------------------------------------------
// Small helpers

const $ = (id) => document.getElementById(id);

/** A string field, or '' when missing or of another type. */
function str(value) {
  return typeof value === 'string' ? value : '';
}

/** A turn number, or null. */
function turnOf(value) {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function formatClock(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const mm = Math.floor(s / 60);
  const ss = s % 60;
  return `${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

function normalise(text) {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The token from /i/<token> or /i/<token>/, or null. */
function readToken() {
  const m = /^\/i\/([^/]+)\/?$/.exec(location.pathname);
  return m ? m[1] : null;
}

// ---------------------------------------------------------------------------
// State

const token = readToken();
const storageKey = `interviewer.room.${token || ''}`;

const S = {
  screen: 'loading',
  consented: false,
  voice: false,
  muted: false,
  finished: false,
  phase: null,
  thinking: false,
  thinkingTimer: null,
  shownTurns: new Set(),
  transcript: [], // [{who, text, turn}] for reload
  partialEl: null, // the candidate's in-progress caption
  lastTyped: null, // {text, at} of the last typed answer
  outbox: [], // typed answers waiting for the connection
  acceptAudio: true, // false after the candidate interrupts, until the next say
  turnAudio: { turn: null, received: false, heard: false },
  retryScreen: null, // where "Try again" on an error screen goes back to
  soundNoticeShown: false,
  early: null, // {turn, el}: a first sentence shown before its whole turn
};

/** Hooks for automated browser tests. */
const hooks = {
  audioChunksPlayed: 0,
  lastSay: null,
  sayEarly: 0, // say_early events shown
};
window.__room = hooks;

// ---------------------------------------------------------------------------
// Persistence (sessionStorage, per tab, keyed by token)

function loadSaved() {
  try {
    const raw = sessionStorage.getItem(storageKey);
    const value = raw ? JSON.parse(raw) : null;
    return value && typeof value === 'object' ? value : null;
  } catch (e) {
    return null;
  }
}

function persist() {
  if (!token) return;
  const data = {
    consent: S.consented,
    voice: S.voice,
    finished: S.finished,
    phase: S.phase,
    transcript: S.transcript.slice(-TRANSCRIPT_LIMIT),
  };
  try {
    sessionStorage.setItem(storageKey, JSON.stringify(data));
  } catch (e) {
    /* storage full or disabled: reload will simply start over */
  }
}

// ---------------------------------------------------------------------------
// Audio and connection

const engine = new AudioEngine();
const player = new Player(engine, () => onPlayingChange());
const mic = new Mic(engine, {
  onChunk: onMicChunk,
  onLevel: onMicLevel,
  onEnded: onMicEnded,
});

const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/i/${token || ''}/ws`;
const conn = new Connection(wsUrl, {
  onOpen: onSocketOpen,
  onMessage: onSocketMessage,
  onBinary: onServerAudio,
  onStatus: onConnectionStatus,
});

// ---------------------------------------------------------------------------
// Screens

const SCREENS = ['loading', 'consent', 'miccheck', 'interview', 'finished', 'error'];

function showScreen(name) {
  for (const s of SCREENS) {
    const el = $(`screen-${s}`);
    if (el) el.hidden = s !== name;
  }
  const changed = S.screen !== name;
  S.screen = name;
  if (name === 'finished' || name === 'error') hideToast();
  document.body.dataset.state = name;
  if (changed) focusScreen(name);
}

/** Move focus to the new screen so keyboard and screen reader users follow. */
function focusScreen(name) {
  let target = null;
  if (name === 'interview') target = S.voice ? $('interview-title') : $('answer');
  else if (name !== 'loading') target = $(`${name}-title`);
  if (target) {
    try {
      target.focus({ preventScroll: false });
    } catch (e) {
      /* ignore */
    }
  }
}

// ---------------------------------------------------------------------------
// 1. Consent

function setupConsent() {
  $('retention-text').textContent =
    `kept for up to ${RETENTION_DAYS} days unless the hiring team deletes it sooner`;
  const check = $('consent-check');
  const sync = () => {
    $('start-voice').disabled = !check.checked;
    $('start-text').disabled = !check.checked;
    $('start-hint').hidden = check.checked;
  };
  check.addEventListener('change', sync);
  sync(); // the browser may have restored the checkbox

  $('start-voice').addEventListener('click', () => {
    if (!check.checked) return;
    unlockAudio();
    enterMicCheck();
  });
  $('start-text').addEventListener('click', () => {
    if (!check.checked) return;
    unlockAudio();
    beginInterview(false);
  });
}

/** Create/resume the AudioContext while we are inside a user gesture. */
function unlockAudio() {
  engine.context();
  engine.resume();
}

// ---------------------------------------------------------------------------
// 2. Microphone check

const MC = {
  phase: 'idle', // idle | recording | waiting | done
  stopTimer: null,
  replyTimer: null,
};

function setupMicCheck() {
  $('mic-check').addEventListener('click', onCheckClick);
  $('mic-retry').addEventListener('click', () => {
    resetMicCheck();
    $('mic-check').focus();
  });
  $('mic-continue').addEventListener('click', () => {
    clearMicCheckTimers();
    beginInterview(true);
  });
  $('mic-type').addEventListener('click', switchToTyping);
  $('mic-problem-type').addEventListener('click', switchToTyping);
  $('mic-problem-retry').addEventListener('click', () => {
    unlockAudio();
    startMicForCheck();
  });
}

function enterMicCheck() {
  showScreen('miccheck');
  resetMicCheck();
  conn.start(); // the check itself goes through the server
  startMicForCheck();
}

async function startMicForCheck() {
  $('mic-problem').hidden = true;
  $('mic-ready').hidden = false;
  $('mic-check').disabled = true;
  setMicStatus('Your browser will ask for permission to use your microphone.');
  try {
    await mic.start();
    await engine.resume();
  } catch (e) {
    if (S.screen === 'miccheck') showMicProblem(e);
    return;
  }
  if (S.screen !== 'miccheck') return; // the candidate moved on meanwhile
  setMicStatus('Your microphone is on. The bar below moves when you speak.');
  $('mic-check').disabled = false;
}

function showMicProblem(error) {
  const kind = error && typeof error.kind === 'string' ? error.kind : 'other';
  $('mic-problem-text').textContent = MIC_PROBLEMS[kind] || MIC_PROBLEMS.other;
  $('mic-ready').hidden = true;
  $('mic-problem').hidden = false;
  setMicStatus('');
  $('mic-problem-type').focus();
}

function setMicStatus(text) {
  $('mic-status').textContent = text;
}

function resetMicCheck() {
  clearMicCheckTimers();
  MC.phase = 'idle';
  const btn = $('mic-check');
  btn.hidden = false;
  btn.textContent = 'Check';
  btn.disabled = !mic.active;
  $('mic-result').hidden = true;
  $('mic-next').hidden = true;
  if (mic.active) setMicStatus('Your microphone is on. The bar below moves when you speak.');
}

function clearMicCheckTimers() {
  clearTimeout(MC.stopTimer);
  clearTimeout(MC.replyTimer);
  MC.stopTimer = MC.replyTimer = null;
}

function onCheckClick() {
  if (MC.phase === 'recording') {
    stopCheck();
    return;
  }
  if (MC.phase !== 'idle') return;
  engine.resume();
  if (!conn.sendJson({ mic_check: 'start' })) {
    setMicStatus("We're still connecting to the interview room. Please try again in a moment.");
    conn.retryNow();
    return;
  }
  MC.phase = 'recording';
  $('mic-check').textContent = 'Done';
  $('mic-result').hidden = true;
  $('mic-next').hidden = true;
  setMicStatus('Listening… Read the sentence aloud, then press Done.');
  MC.stopTimer = setTimeout(stopCheck, MIC_CHECK_MS);
}

function stopCheck() {
  clearTimeout(MC.stopTimer);
  MC.stopTimer = null;
  if (MC.phase !== 'recording') return;
  conn.sendJson({ mic_check: 'stop' });
  MC.phase = 'waiting';
  const btn = $('mic-check');
  btn.textContent = 'Check';
  btn.disabled = true;
  setMicStatus('Checking what we heard…');
  MC.replyTimer = setTimeout(() => {
    if (MC.phase === 'waiting') showMicResult(null);
  }, MIC_CHECK_REPLY_TIMEOUT_MS);
}

/** The server's answer to a mic check: {event:"mic_check", text, confidence}. */
function handleMicCheck(msg) {
  if (S.screen !== 'miccheck' || (MC.phase !== 'waiting' && MC.phase !== 'recording')) return;
  if (MC.phase === 'recording') conn.sendJson({ mic_check: 'stop' });
  clearMicCheckTimers();
  const confidence = typeof msg.confidence === 'number' ? msg.confidence : null;
  showMicResult({ text: str(msg.text).trim(), confidence });
}

/** Show the result (or, with null, that none came) and the ways forward. */
function showMicResult(result) {
  MC.phase = 'done';
  const btn = $('mic-check');
  btn.hidden = true;
  btn.disabled = false;
  const hint = $('mic-hint');
  hint.hidden = true;

  if (result) {
    $('mic-heard').textContent = result.text || '…';
    $('mic-result').hidden = false;
    if (!result.text) {
      hint.textContent =
        "We didn't catch anything. Check that the right microphone is selected and not muted, " +
        'then try again, or type your answers instead.';
      hint.hidden = false;
    } else if (result.confidence !== null && result.confidence < LOW_CONFIDENCE) {
      hint.textContent =
        "If that doesn't look right, try moving a little closer to the microphone or somewhere quieter, " +
        'and try again. You can also type your answers.';
      hint.hidden = false;
    }
    setMicStatus(result.text ? 'Check complete.' : 'Check complete, but we heard nothing.');
  } else {
    $('mic-result').hidden = true;
    setMicStatus(
      "We couldn't get a result from the check this time. You can go ahead and start; " +
        'you can always type if something does not work.'
    );
  }
  $('mic-next').hidden = false;
  $('mic-continue').focus();
}

function switchToTyping() {
  if (MC.phase === 'recording') conn.sendJson({ mic_check: 'stop' });
  clearMicCheckTimers();
  MC.phase = 'idle';
  mic.stop();
  beginInterview(false);
}

// ---------------------------------------------------------------------------
// 3. The interview

/** The candidate has consented and chosen voice or text: start (or resume). */
function beginInterview(voice) {
  S.consented = true;
  S.voice = !!voice;
  persist();
  enterInterview();
  if (conn.isOpen) {
    sendConsent();
    flushOutbox();
  }
}

/** Show the interview and make sure the connection (and microphone) run. */
function enterInterview() {
  showScreen('interview');
  applyModeUI();
  renderStatus();
  conn.start();
  if (S.voice) startInterviewMic();
  else mic.stop();
  checkSoundAllowed();
}

function sendConsent() {
  conn.sendJson({ consent: true, voice: S.voice, say_early: true });
}

function applyModeUI() {
  $('mic-controls').hidden = !S.voice;
  $('answer-label').textContent = S.voice ? 'Or type your answer' : 'Type your answer';
}

async function startInterviewMic() {
  if (mic.active) {
    hideNotice('mic');
    return;
  }
  try {
    await mic.start();
  } catch (e) {
    if (S.screen !== 'interview') return;
    const kind = e && typeof e.kind === 'string' ? e.kind : 'other';
    showNotice('mic', MIC_PROBLEMS[kind] || MIC_PROBLEMS.other, 'Try the microphone again', () => {
      unlockAudio();
      startInterviewMic();
    });
    renderStatus();
    return;
  }
  if (S.screen !== 'interview' || !S.voice) {
    mic.stop();
    return;
  }
  hideNotice('mic');
  renderStatus();
}

function onMicEnded() {
  renderStatus();
  if (S.screen === 'interview' && S.voice) {
    showNotice('mic', 'Your microphone stopped. You can turn it back on, or type your answers below.', 'Turn the microphone back on', () => {
      unlockAudio();
      startInterviewMic();
    });
  } else if (S.screen === 'miccheck') {
    showMicProblem({ kind: 'busy' });
  }
}

let soundWatched = false;

/**
 * Browsers pause audio until the page has been interacted with. After a
 * reload we go straight back into the interview, so ask for one click.
 */
function checkSoundAllowed() {
  const ctx = engine.context();
  if (!ctx) return;
  if (!soundWatched) {
    soundWatched = true;
    ctx.addEventListener('statechange', () => {
      if (ctx.state === 'running') {
        hideNotice('sound');
        S.soundNoticeShown = false;
      }
      renderStatus();
    });
  }
  if (ctx.state !== 'suspended') return;
  engine.resume();
  setTimeout(() => {
    if (ctx.state === 'suspended' && S.screen === 'interview' && S.voice) showSoundNotice();
  }, 400);
}

function showSoundNotice() {
  if (S.soundNoticeShown) return;
  S.soundNoticeShown = true;
  const text = S.voice
    ? 'Your browser has paused sound and the microphone for this page. Press the button to continue the interview with your voice.'
    : "Your browser has paused sound for this page. Press the button to hear the interviewer's voice.";
  showNotice('sound', text, 'Turn on sound', () => {
    engine.resume().then(() => {
      hideNotice('sound');
      if (S.voice && !mic.active) startInterviewMic();
      renderStatus();
    });
  });
}

// --- Notices inside the interview (one at a time) ---

let noticeKey = null;
let noticeAction = null;

function showNotice(key, text, actionLabel, action) {
  noticeKey = key;
  noticeAction = action || null;
  $('room-notice-text').textContent = text;
  const btn = $('room-notice-action');
  btn.hidden = !action;
  btn.textContent = actionLabel || '';
  $('room-notice').hidden = false;
}

function hideNotice(key) {
  if (key && key !== noticeKey) return;
  noticeKey = null;
  noticeAction = null;
  $('room-notice').hidden = true;
}

// --- Typed answers ---

function setupComposer() {
  const answer = $('answer');
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    sendAnswer();
  });
  answer.addEventListener('keydown', (e) => {
    // Enter sends, Shift+Enter is a new line; leave input-method composition alone.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      sendAnswer();
    }
  });
  $('mute').addEventListener('click', toggleMute);
  $('room-notice-action').addEventListener('click', () => {
    if (noticeAction) noticeAction();
  });
}

function sendAnswer() {
  const box = $('answer');
  const text = box.value.trim();
  if (!text) {
    box.focus();
    return;
  }
  engine.resume();
  // The candidate is answering: the interviewer stops talking, and the rest
  // of the interrupted turn's audio is dropped until the next "say".
  player.stop();
  S.acceptAudio = false;

  addCaption('candidate', text, null);
  S.lastTyped = { text: normalise(text), at: Date.now() };
  if (!conn.sendJson({ text })) {
    S.outbox.push(text);
    toast("You're offline for a moment. Your answer will be sent as soon as we reconnect.");
  }
  box.value = '';
  box.focus();
  startThinking();
}

function flushOutbox() {
  while (S.outbox.length > 0 && conn.isOpen) {
    const text = S.outbox[0];
    if (!conn.sendJson({ text })) break;
    S.outbox.shift();
  }
}

function toggleMute() {
  S.muted = !S.muted;
  $('mute').setAttribute('aria-pressed', String(S.muted));
  document.body.classList.toggle('is-muted', S.muted);
  renderStatus();
}

// --- Captions ---

/** Append a caption line. who is 'interviewer' or 'candidate'. */
function addCaption(who, text, turn, { save = true } = {}) {
  const list = $('captions');
  const stick = follow.stick || isNearBottom(list);
  const el = buildCaption(who, text);
  list.appendChild(el);
  $('captions-empty').hidden = true;
  if (save) {
    S.transcript.push({ who, text, turn });
    if (S.transcript.length > TRANSCRIPT_LIMIT) S.transcript.splice(0, S.transcript.length - TRANSCRIPT_LIMIT);
    persist();
  }
  if (stick) scrollToBottom(list);
  return el;
}

function buildCaption(who, text) {
  const el = document.createElement('div');
  el.className = `caption caption--${who}`;
  el.dataset.testid = `caption-${who}`;
  const name = document.createElement('span');
  name.className = 'caption__who';
  name.textContent = who === 'interviewer' ? 'Interviewer' : 'You';
  const sep = document.createElement('span');
  sep.className = 'visually-hidden';
  sep.textContent = ': ';
  const body = document.createElement('p');
  body.className = 'caption__text';
  body.textContent = text;
  el.append(name, sep, body);
  return el;
}

/** Replace the candidate's in-progress caption (creating it if needed). */
function setPartial(text) {
  const list = $('captions');
  const stick = follow.stick || isNearBottom(list);
  if (!S.partialEl) {
    S.partialEl = buildCaption('candidate', text);
    S.partialEl.classList.add('caption--partial');
    // Screen readers wait for the line to be final instead of reading every update.
    S.partialEl.setAttribute('aria-busy', 'true');
    list.appendChild(S.partialEl);
    $('captions-empty').hidden = true;
  } else {
    S.partialEl.querySelector('.caption__text').textContent = text;
  }
  if (stick) scrollToBottom(list);
}

/** Turn the in-progress caption into a fixed line (or drop it if empty). */
function finalizePartial(text) {
  const el = S.partialEl;
  S.partialEl = null;
  if (!el) return;
  if (!text) {
    el.remove();
    return;
  }
  el.querySelector('.caption__text').textContent = text;
  el.classList.remove('caption--partial');
  el.removeAttribute('aria-busy');
  S.transcript.push({ who: 'candidate', text, turn: null });
  persist();
}

/**
 * Keep the newest caption in view unless the candidate has scrolled up to
 * read earlier ones (also when the window is resized or zoomed).
 */
const follow = { stick: true };

function setupCaptionFollow() {
  const list = $('captions');
  list.addEventListener('scroll', () => {
    follow.stick = isNearBottom(list);
  });
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(() => {
      if (follow.stick) scrollToBottom(list);
    }).observe(list);
  }
}

function isNearBottom(el) {
  return el.scrollHeight - el.scrollTop - el.clientHeight < 96;
}

function scrollToBottom(el) {
  el.scrollTop = el.scrollHeight;
}

function restoreTranscript(saved) {
  const items = Array.isArray(saved.transcript) ? saved.transcript : [];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const who = item.who === 'interviewer' ? 'interviewer' : item.who === 'candidate' ? 'candidate' : null;
    const text = str(item.text);
    if (!who || !text) continue;
    const turn = turnOf(item.turn);
    if (who === 'interviewer' && turn !== null) S.shownTurns.add(turn);
    S.transcript.push({ who, text, turn });
    addCaption(who, text, turn, { save: false });
  }
  scrollToBottom($('captions'));
}

// --- Phase, clock and status ---

function setPhase(phase) {
  const index = PHASES.findIndex(([key]) => key === phase);
  if (index < 0) return;
  S.phase = phase;
  const el = $('phase');
  el.textContent = PHASES[index][1];
  el.dataset.phase = phase;
  $('phase-step').textContent = `Part ${index + 1} of ${PHASES.length}`;
}

const clock = { base: null, at: 0, timer: null };

/** Set the elapsed interview time (seconds) from the server; it ticks on locally. */
function setClock(t) {
  const n = typeof t === 'number' ? t : typeof t === 'string' && t !== '' ? Number(t) : NaN;
  if (!Number.isFinite(n) || n < 0) return;
  clock.base = n;
  clock.at = performance.now();
  renderClock();
  if (!clock.timer) clock.timer = setInterval(renderClock, 1000);
}

function renderClock() {
  if (clock.base === null) return;
  $('timer').textContent = formatClock(clock.base + (performance.now() - clock.at) / 1000);
}

function stopClock() {
  clearInterval(clock.timer);
  clock.timer = null;
}

function startThinking() {
  S.thinking = true;
  clearTimeout(S.thinkingTimer);
  S.thinkingTimer = setTimeout(() => {
    S.thinking = false;
    renderStatus();
  }, THINKING_TIMEOUT_MS);
  renderStatus();
}

function stopThinking() {
  S.thinking = false;
  clearTimeout(S.thinkingTimer);
  S.thinkingTimer = null;
}

/** The interviewer's status next to the avatar. */
function renderStatus() {
  let status;
  let text;
  if (player.playing) {
    status = 'speaking';
    text = 'Speaking';
  } else if (S.thinking) {
    status = 'thinking';
    text = 'Thinking…';
  } else if (S.shownTurns.size === 0 && S.transcript.length === 0) {
    status = 'idle';
    text = conn.status === 'open' ? 'Getting ready…' : 'Connecting…';
  } else if (S.voice && S.muted) {
    status = 'muted';
    text = 'Your microphone is muted';
  } else if (S.voice && mic.active) {
    status = 'listening';
    text = 'Listening';
  } else {
    status = 'waiting';
    text = 'Waiting for your answer';
  }
  const el = $('interviewer-status');
  el.textContent = text;
  el.dataset.status = status;
  const avatar = $('avatar');
  avatar.classList.toggle('is-speaking', status === 'speaking');
  avatar.classList.toggle('is-listening', status === 'listening');
  document.body.dataset.speaking = status === 'speaking' ? 'true' : 'false';
}

function onPlayingChange() {
  if (!player.playing && S.turnAudio.received) S.turnAudio.heard = true;
  hooks.playing = player.playing;
  renderStatus();
}

// --- Microphone level meters ---

const level = { target: 0, shown: 0, raf: 0, lastAria: 0 };

function onMicLevel(rms) {
  // RMS to a 0..1 scale over -60..0 dBFS, which matches how loud things sound.
  const db = 20 * Math.log10(Math.max(rms, 1e-5));
  level.target = Math.min(1, Math.max(0, (db + 60) / 60));
  if (!level.raf) level.raf = requestAnimationFrame(renderLevel);
}

function renderLevel(now) {
  level.raf = 0;
  // Rise quickly, fall gently.
  level.shown = level.target > level.shown ? level.target : level.shown * 0.85 + level.target * 0.15;
  const value = S.muted && S.screen === 'interview' ? 0 : level.shown;
  const scale = `scaleX(${value.toFixed(3)})`;
  for (const id of ['mic-level-bar', 'room-level-bar']) {
    const bar = $(id);
    if (bar) bar.style.transform = scale;
  }
  if (now - level.lastAria > 500) {
    level.lastAria = now;
    $('mic-level').setAttribute('aria-valuenow', String(Math.round(value * 100)));
  }
  if (Math.abs(level.shown - level.target) < 0.005) level.shown = level.target;
  else level.raf = requestAnimationFrame(renderLevel);
}

// --- Microphone audio to the server ---

function onMicChunk(buf) {
  if (S.screen === 'miccheck') {
    if (MC.phase === 'recording') conn.sendBinary(buf);
    return;
  }
  if (S.screen === 'interview' && S.consented && S.voice && !S.muted) conn.sendBinary(buf);
}

// ---------------------------------------------------------------------------
// Server messages

function onSocketOpen() {
  if (S.consented && S.screen === 'interview') {
    sendConsent();
    flushOutbox();
  }
  renderStatus();
}

function onConnectionStatus(status) {
  const labels = {
    connecting: 'Connecting…',
    open: 'Connected',
    reconnecting: 'Reconnecting…',
    closed: 'Disconnected',
  };
  const el = $('connection');
  el.dataset.status = status;
  $('connection-text').textContent = labels[status] || '';
  // A mic check in flight is lost with the connection: start it over.
  if (status === 'reconnecting' && S.screen === 'miccheck' && (MC.phase === 'recording' || MC.phase === 'waiting')) {
    resetMicCheck();
    setMicStatus('The connection dropped for a moment. Please press Check again.');
  }
  renderStatus();
}

function onSocketMessage(msg) {
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return;
  switch (msg.event) {
    case 'say_early':
      handleSayEarly(msg);
      break;
    case 'say':
      handleSay(msg);
      break;
    case 'heard':
      handleHeard(msg);
      break;
    case 'mic_check':
      handleMicCheck(msg);
      break;
    case 'error':
      handleError(msg);
      break;
    case 'end':
      handleEnd(msg);
      break;
    case 'barge_in':
      // The server heard the candidate talk over the interviewer: its voice
      // stops, and the rest of that turn's audio is dropped until the next say.
      player.stop();
      S.acceptAudio = false;
      renderStatus();
      break;
    default:
      // Unknown events are ignored on purpose (newer servers may send more).
      break;
  }
}

/**
 * {event:"say_early", turn, text, phase, topic}: the first sentence of a turn
 * whose words are still coming (an LLM words it); its audio follows. Shown
 * at once; the say event that follows completes the same caption.
 */
function handleSayEarly(msg) {
  const turn = turnOf(msg.turn);
  const text = str(msg.text).trim();
  if (turn === null || !text || S.shownTurns.has(turn)) return;
  hooks.sayEarly++;
  setPhase(msg.phase);
  stopThinking();
  settleEarly();
  S.acceptAudio = true;
  S.turnAudio = { turn, received: false, heard: false };
  const el = addCaption('interviewer', text, turn, { save: false });
  el.classList.add('caption--streaming');
  // Screen readers wait for the whole turn.
  el.setAttribute('aria-busy', 'true');
  S.early = { turn, el };
  renderStatus();
}

/** A first sentence shown early whose turn was never completed: leave it as it is. */
function settleEarly() {
  if (!S.early) return;
  S.early.el.classList.remove('caption--streaming');
  S.early.el.removeAttribute('aria-busy');
  S.early = null;
}

/** {event:"say", turn, text, phase, topic, acts, t}: the interviewer's turn. */
function handleSay(msg) {
  hooks.lastSay = msg;
  const turn = turnOf(msg.turn);
  setPhase(msg.phase);
  setClock(msg.t);
  stopThinking();

  if (S.early && S.early.turn === turn && turn !== null) {
    // The rest of a turn whose first sentence is already shown (and heard):
    // the same caption gets the whole turn; its audio goes on where it is.
    const text = str(msg.text).trim();
    const el = S.early.el;
    settleEarly();
    if (text) el.querySelector('.caption__text').textContent = text;
    S.shownTurns.add(turn);
    S.transcript.push({ who: 'interviewer', text, turn });
    if (S.transcript.length > TRANSCRIPT_LIMIT) S.transcript.splice(0, S.transcript.length - TRANSCRIPT_LIMIT);
    persist();
    renderStatus();
    return;
  }
  settleEarly();

  const repeat = turn !== null && S.shownTurns.has(turn);
  if (repeat && S.turnAudio.turn === turn) {
    // The server re-sent a turn (after a reconnect). If its audio is still
    // playing, start it over with the fresh copy; if it was heard in full,
    // don't play it again.
    if (player.playing) {
      player.stop();
      S.acceptAudio = true;
      S.turnAudio = { turn, received: false, heard: false };
    } else {
      S.acceptAudio = !S.turnAudio.heard;
    }
  } else {
    S.acceptAudio = true;
    S.turnAudio = { turn, received: false, heard: false };
  }

  if (!repeat) {
    if (turn !== null) S.shownTurns.add(turn);
    const text = str(msg.text).trim();
    if (text) addCaption('interviewer', text, turn);
  }
  persist();
  renderStatus();
}

/** {event:"heard", text, final}: live caption of the candidate. */
function handleHeard(msg) {
  const text = str(msg.text).trim();
  if (msg.final !== true) {
    if (text) setPartial(text);
    else if (S.partialEl) finalizePartial('');
    return;
  }
  if (S.partialEl) {
    finalizePartial(text);
  } else if (text && !isEchoOfTypedAnswer(text)) {
    addCaption('candidate', text, null);
  }
  if (text) startThinking();
}

/** True (once) if a final "heard" just repeats the answer the candidate typed. */
function isEchoOfTypedAnswer(text) {
  const typed = S.lastTyped;
  if (!typed || Date.now() - typed.at > TYPED_ECHO_MS) return false;
  if (normalise(text) !== typed.text) return false;
  S.lastTyped = null;
  return true;
}

/** Binary frame: a chunk of the interviewer's voice. */
function onServerAudio(buf) {
  if (!S.acceptAudio || S.screen === 'error') return;
  if (engine.suspended) showSoundNoticeIfInterview();
  if (player.enqueue(buf)) {
    hooks.audioChunksPlayed++;
    S.turnAudio.received = true;
  }
}

function showSoundNoticeIfInterview() {
  if (S.screen === 'interview') showSoundNotice();
}

/** {event:"error", message, code} */
function handleError(msg) {
  const code = str(msg.code);
  const message = str(msg.message);
  if (code === 'finished') {
    finish();
    return;
  }
  if (ERROR_SCREENS[code]) {
    showErrorScreen(code);
    return;
  }
  toast(message || 'Something went wrong, but the interview carries on.');
}

/** {event:"end", session, t}: the interview is over. */
function handleEnd(msg) {
  setClock(msg.t);
  finish();
}

// ---------------------------------------------------------------------------
// 4. Finished, and error screens

function finish() {
  S.finished = true;
  persist();
  // Let the interviewer's last words finish playing; stop everything else.
  conn.stop();
  mic.stop();
  stopClock();
  stopThinking();
  clearMicCheckTimers();
  hideNotice();
  showScreen('finished');
}

function showErrorScreen(code) {
  const info = ERROR_SCREENS[code] || ERROR_SCREENS.not_found;
  if (S.screen === 'consent' || S.screen === 'miccheck' || S.screen === 'interview') S.retryScreen = S.screen;
  conn.stop();
  mic.stop();
  player.stop();
  // Whatever was playing was cut off: if the server re-sends that turn when
  // the candidate comes back, play it again in full.
  S.turnAudio = { turn: null, received: false, heard: false };
  stopClock();
  stopThinking();
  clearMicCheckTimers();
  MC.phase = 'idle';
  if (S.partialEl) finalizePartial('');

  $('error-title').textContent = info.title;
  $('error-text').textContent = info.text;
  const btn = $('error-action');
  btn.hidden = !info.action;
  btn.textContent = info.action || '';
  btn.dataset.code = code;
  const screen = $('screen-error');
  screen.dataset.code = code;
  showScreen('error');
  // showScreen only moves focus on a change of screen; make sure it lands here.
  $('error-title').focus();
}

function setupErrorScreen() {
  $('error-action').addEventListener('click', () => {
    unlockAudio();
    // Both "Try again" (busy) and "Continue here" (taken over) go back to
    // where the candidate was; the server resumes the interview on consent.
    if (S.consented) enterInterview();
    else if (S.retryScreen === 'miccheck') enterMicCheck();
    else showScreen('consent');
  });
}

// --- Toasts ---

let toastTimer = null;

function toast(text) {
  $('toast-text').textContent = text;
  $('toast').hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(hideToast, TOAST_MS);
}

function hideToast() {
  clearTimeout(toastTimer);
  toastTimer = null;
  $('toast').hidden = true;
}

// ---------------------------------------------------------------------------
// Start

function init() {
  setupConsent();
  setupMicCheck();
  setupComposer();
  setupErrorScreen();
  setupCaptionFollow();
  $('toast-close').addEventListener('click', hideToast);

  // Any interaction is a chance to let the browser start audio.
  const unlock = () => {
    if (engine.suspended) engine.resume();
  };
  document.addEventListener('pointerdown', unlock, true);
  document.addEventListener('keydown', unlock, true);
  window.addEventListener('online', () => conn.retryNow());
  window.addEventListener('unhandledrejection', (e) => console.warn('Unhandled:', e.reason));

  if (!token) {
    showErrorScreen('not_found');
    return;
  }

  const saved = loadSaved();
  if (saved && saved.finished === true) {
    S.finished = true;
    showScreen('finished');
    return;
  }
  if (saved && saved.consent === true) {
    // A reload during the interview: skip consent and the mic check.
    S.consented = true;
    S.voice = saved.voice === true;
    if (typeof saved.phase === 'string') setPhase(saved.phase);
    restoreTranscript(saved);
    enterInterview();
    return;
  }
  showScreen('consent');
}

init();
