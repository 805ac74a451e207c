// Audio for the interview room: one shared AudioContext, a gapless player for
// the interviewer's voice (16 kHz s16le PCM chunks) and the microphone capture
// (via pcm-worklet.js, producing 16 kHz s16le PCM chunks).

export const PCM_RATE = 16000;
const WORKLET_URL = '/static/room/pcm-worklet.js';

/** Owns the single AudioContext. Create it from a user gesture when possible. */
export class AudioEngine {
  constructor() {
    this.ctx = null;
  }

  /** Returns the AudioContext, creating it if needed (null if unsupported). */
  context() {
    if (this.ctx) return this.ctx;
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return null;
    try {
      this.ctx = new AC({ latencyHint: 'interactive' });
    } catch (e) {
      this.ctx = null;
    }
    return this.ctx;
  }

  /** True when the browser has paused audio until the user interacts. */
  get suspended() {
    return !!this.ctx && this.ctx.state === 'suspended';
  }

  /** Resume (must be called from a user gesture to be sure it works). */
  resume() {
    const ctx = this.context();
    if (!ctx || ctx.state !== 'suspended') return Promise.resolve();
    return ctx.resume().catch(() => {});
  }
}

/**
 * Plays PCM chunks back to back without gaps. Each chunk becomes one
 * AudioBuffer scheduled at max(currentTime, nextStartTime).
 */
export class Player {
  /**
   * @param {AudioEngine} engine
   * @param {(playing: boolean) => void} onPlayingChange
   */
  constructor(engine, onPlayingChange) {
    this.engine = engine;
    this.onPlayingChange = onPlayingChange || (() => {});
    this.sources = new Set();
    this.nextStartTime = 0;
    this.leftover = null; // an odd trailing byte carried to the next chunk
    this.wasPlaying = false;
  }

  /** True while any scheduled chunk has not finished playing. */
  get playing() {
    return this.sources.size > 0;
  }

  /**
   * Queue one chunk of 16 kHz mono s16le PCM. Returns true if it was scheduled.
   * @param {ArrayBuffer} data
   */
  enqueue(data) {
    const ctx = this.engine.context();
    if (!ctx || !(data instanceof ArrayBuffer) || data.byteLength === 0) return false;

    let bytes = new Uint8Array(data);
    if (this.leftover !== null) {
      const joined = new Uint8Array(bytes.length + 1);
      joined[0] = this.leftover;
      joined.set(bytes, 1);
      bytes = joined;
      this.leftover = null;
    }
    if (bytes.length % 2 === 1) {
      this.leftover = bytes[bytes.length - 1];
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    const n = bytes.length / 2;
    if (n === 0) return false;

    let buffer;
    try {
      buffer = ctx.createBuffer(1, n, PCM_RATE);
    } catch (e) {
      return false;
    }
    const out = buffer.getChannelData(0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true) / 32768;

    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    // A tiny lead when starting from silence avoids clipping the first sample.
    const startAt = Math.max(ctx.currentTime + (this.playing ? 0 : 0.03), this.nextStartTime);
    source.onended = () => {
      this.sources.delete(source);
      this.notify();
    };
    this.sources.add(source);
    try {
      source.start(startAt);
    } catch (e) {
      this.sources.delete(source);
      return false;
    }
    this.nextStartTime = startAt + buffer.duration;
    this.notify();
    return true;
  }

  /** Stop everything that is playing or queued. */
  stop() {
    for (const source of this.sources) {
      source.onended = null;
      try {
        source.stop();
      } catch (e) {
        /* already stopped */
      }
      try {
        source.disconnect();
      } catch (e) {
        /* ignore */
      }
    }
    this.sources.clear();
    this.nextStartTime = 0;
    this.leftover = null;
    this.notify();
  }

  notify() {
    const now = this.playing;
    if (now !== this.wasPlaying) {
      this.wasPlaying = now;
      try {
        this.onPlayingChange(now);
      } catch (e) {
        console.error(e);
      }
    }
  }
}

/** A microphone problem, with a kind the UI can explain. */
export class MicError extends Error {
  /**
   * @param {'denied'|'nodevice'|'busy'|'insecure'|'unsupported'|'other'} kind
   * @param {string} message
   */
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

/**
 * Microphone capture: getUserMedia -> AudioWorklet -> 16 kHz Int16 chunks.
 * onChunk(ArrayBuffer) gets every chunk, onLevel(0..1) the level of each,
 * onEnded() is called if the device goes away while capturing.
 */
export class Mic {
  constructor(engine, { onChunk, onLevel, onEnded } = {}) {
    this.engine = engine;
    this.onChunk = onChunk || (() => {});
    this.onLevel = onLevel || (() => {});
    this.onEnded = onEnded || (() => {});
    this.stream = null;
    this.source = null;
    this.node = null;
    this.sink = null;
    this.starting = null;
  }

  get active() {
    return !!this.stream;
  }

  /** Start capturing. Resolves when running; rejects with a MicError. */
  start() {
    if (this.stream) return Promise.resolve();
    if (!this.starting) {
      this.starting = this.open().finally(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  async open() {
    if (!window.isSecureContext) {
      throw new MicError('insecure', 'The page is not served over a secure connection.');
    }
    const md = navigator.mediaDevices;
    const ctx = this.engine.context();
    if (!md || !md.getUserMedia || !ctx || !ctx.audioWorklet || typeof AudioWorkletNode === 'undefined') {
      throw new MicError('unsupported', 'This browser cannot record audio here.');
    }

    let stream;
    try {
      stream = await md.getUserMedia({
        audio: {
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
          channelCount: 1,
        },
      });
    } catch (e) {
      throw classifyGetUserMediaError(e);
    }

    try {
      await ctx.audioWorklet.addModule(WORKLET_URL);
      const source = ctx.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(ctx, 'pcm-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [1],
        channelCount: 1,
        channelCountMode: 'explicit',
        channelInterpretation: 'speakers',
      });
      node.port.onmessage = (ev) => this.handleWorkletMessage(ev.data);
      // Some browsers only run nodes that lead to the destination: route the
      // worklet through a silent gain node so it always processes.
      const sink = ctx.createGain();
      sink.gain.value = 0;
      source.connect(node);
      node.connect(sink);
      sink.connect(ctx.destination);
      this.stream = stream;
      this.source = source;
      this.node = node;
      this.sink = sink;
    } catch (e) {
      stream.getTracks().forEach((t) => t.stop());
      throw new MicError('unsupported', 'Could not start audio processing: ' + (e && e.message ? e.message : e));
    }

    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => {
        if (this.stream === stream) {
          this.stop();
          this.onEnded();
        }
      });
    }
  }

  handleWorkletMessage(data) {
    if (!data || !(data.pcm instanceof ArrayBuffer)) return;
    try {
      this.onLevel(typeof data.level === 'number' ? data.level : 0);
      this.onChunk(data.pcm);
    } catch (e) {
      console.error(e);
    }
  }

  /** Stop capturing and release the device (the browser's mic indicator goes off). */
  stop() {
    if (this.node) {
      this.node.port.onmessage = null;
      try {
        this.node.disconnect();
      } catch (e) {
        /* ignore */
      }
    }
    for (const n of [this.source, this.sink]) {
      if (!n) continue;
      try {
        n.disconnect();
      } catch (e) {
        /* ignore */
      }
    }
    if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
    this.stream = this.source = this.node = this.sink = null;
    this.onLevel(0);
  }
}

function classifyGetUserMediaError(e) {
  const name = (e && e.name) || '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new MicError('denied', 'Permission to use the microphone was not given.');
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new MicError('nodevice', 'No microphone was found.');
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new MicError('busy', 'The microphone could not be started.');
    default:
      return new MicError('other', (e && e.message) || 'The microphone could not be started.');
  }
}
