// The interview WebSocket, with automatic reconnection and backoff.

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10000];
// Do not queue more than this much unsent data (about 15 s of audio); audio
// beyond it is dropped rather than delivered late.
const MAX_BUFFERED_BYTES = 512 * 1024;

/**
 * Status values passed to onStatus:
 *   'connecting'   first attempt in progress
 *   'open'         connected
 *   'reconnecting' lost, trying again (after a delay)
 *   'closed'       not wanted any more (stop() was called)
 */
export class Connection {
  /**
   * @param {string} url
   * @param {{onOpen?: Function, onMessage?: Function, onBinary?: Function, onStatus?: Function}} handlers
   */
  constructor(url, handlers = {}) {
    this.url = url;
    this.onOpen = handlers.onOpen || (() => {});
    this.onMessage = handlers.onMessage || (() => {});
    this.onBinary = handlers.onBinary || (() => {});
    this.onStatus = handlers.onStatus || (() => {});
    this.ws = null;
    this.wanted = false;
    this.attempt = 0;
    this.timer = null;
    this.everOpened = false;
    this.status = 'closed';
  }

  get isOpen() {
    return !!this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  /** Connect (if not already connected or connecting) and keep reconnecting. */
  start() {
    if (!this.wanted) this.attempt = 0;
    this.wanted = true;
    if (this.ws && (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)) return;
    this.clearTimer();
    this.connect();
  }

  /** Close and stop reconnecting. */
  stop() {
    this.wanted = false;
    this.clearTimer();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      try {
        ws.close(1000, 'done');
      } catch (e) {
        /* ignore */
      }
    }
    this.setStatus('closed');
  }

  /** Skip the remaining backoff delay (e.g. when the browser comes back online). */
  retryNow() {
    if (!this.wanted || this.isOpen || (this.ws && this.ws.readyState === WebSocket.CONNECTING)) return;
    this.clearTimer();
    this.connect();
  }

  /** Send a JSON message. Returns false if the socket is not open. */
  sendJson(obj) {
    if (!this.isOpen) return false;
    try {
      this.ws.send(JSON.stringify(obj));
      return true;
    } catch (e) {
      return false;
    }
  }

  /** Send binary data. Returns false if not sent (closed, or too much backlog). */
  sendBinary(buf) {
    if (!this.isOpen || this.ws.bufferedAmount > MAX_BUFFERED_BYTES) return false;
    try {
      this.ws.send(buf);
      return true;
    } catch (e) {
      return false;
    }
  }

  connect() {
    this.setStatus(this.everOpened || this.attempt > 0 ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    let gotMessage = false;

    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.everOpened = true;
      this.setStatus('open');
      safeCall(this.onOpen);
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      if (!gotMessage) {
        // The server is really talking to us: the next drop starts backoff afresh.
        gotMessage = true;
        this.attempt = 0;
      }
      if (typeof ev.data === 'string') {
        let msg;
        try {
          msg = JSON.parse(ev.data);
        } catch (e) {
          console.warn('Ignoring a message that is not JSON');
          return;
        }
        safeCall(this.onMessage, msg);
      } else if (ev.data instanceof ArrayBuffer) {
        safeCall(this.onBinary, ev.data);
      }
    };
    ws.onerror = () => {
      /* onclose follows and handles it */
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.wanted) this.scheduleReconnect();
      else this.setStatus('closed');
    };
  }

  scheduleReconnect() {
    this.clearTimer();
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.setStatus('reconnecting');
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.wanted) this.connect();
    }, delay);
  }

  clearTimer() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    safeCall(this.onStatus, status);
  }
}

function safeCall(fn, ...args) {
  try {
    fn(...args);
  } catch (e) {
    console.error(e);
  }
}
