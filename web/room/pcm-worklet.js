// AudioWorkletProcessor that turns the microphone (at the AudioContext's own
// sample rate, usually 44.1 or 48 kHz) into 16 kHz mono signed 16-bit PCM.
//
// Downsampling is a simple box filter: every output sample is the average of
// the input samples that fall in its window (sampleRate / 16000 of them). The
// fractional part of the ratio is carried over, so over time exactly 16000
// samples per second come out. Averaging is also a (crude) low-pass filter,
// which is plenty for speech recognition.
//
// Messages posted to the main thread:
//   { pcm: ArrayBuffer (Int16, little-endian), level: 0..1 (RMS of the chunk) }
// A chunk is CHUNK_SAMPLES long (40 ms at 16 kHz).

const TARGET_RATE = 16000;
const CHUNK_SAMPLES = 640;

class PcmCaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    // `sampleRate` is a global in the AudioWorkletGlobalScope.
    this.ratio = sampleRate / TARGET_RATE;
    this.phase = 0; // input samples consumed for the current output sample
    this.sum = 0;
    this.count = 0;
    this.last = 0; // last output value (used when upsampling, ratio < 1)
    this.out = new Int16Array(CHUNK_SAMPLES);
    this.outLen = 0;
    this.sumSquares = 0;
  }

  push(value) {
    // Clamp to [-1, 1] and convert to Int16.
    const v = value > 1 ? 1 : value < -1 ? -1 : value;
    this.out[this.outLen++] = v < 0 ? Math.round(v * 0x8000) : Math.round(v * 0x7fff);
    this.sumSquares += v * v;
    if (this.outLen === CHUNK_SAMPLES) {
      const level = Math.sqrt(this.sumSquares / CHUNK_SAMPLES);
      const buf = this.out.buffer;
      this.port.postMessage({ pcm: buf, level }, [buf]);
      this.out = new Int16Array(CHUNK_SAMPLES);
      this.outLen = 0;
      this.sumSquares = 0;
    }
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0) return true;
    const channels = input.length;
    const frames = input[0].length;
    for (let i = 0; i < frames; i++) {
      // Mix down to mono (getUserMedia asks for one channel, but be safe).
      let x = input[0][i];
      if (channels > 1) {
        for (let c = 1; c < channels; c++) x += input[c][i];
        x /= channels;
      }
      this.sum += x;
      this.count++;
      this.phase += 1;
      while (this.phase >= this.ratio) {
        if (this.count > 0) {
          this.last = this.sum / this.count;
          this.sum = 0;
          this.count = 0;
        }
        this.push(this.last);
        this.phase -= this.ratio;
      }
    }
    return true; // keep the processor alive
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
