/*
 * wav.c - sound files in and out of the voice path (see wav.h).
 *
 * libsndfile reads and writes the containers (it rejects truncated and
 * malformed headers with a reason), libsamplerate converts the rate.  What
 * is written by hand here is only the glue: mixing channels to mono, the
 * limits that keep a hostile file from allocating gigabytes, and the memory
 * sink that lets libsndfile encode a WAV for an HTTP upload.
 */
#include "voice/wav.h"

#include <limits.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void wav_audio_release(struct wav_audio *a)
{
	if (!a)
		return;
	free(a->samples);
	memset(a, 0, sizeof *a);
}

static int floats_to_16k(const float *mono, size_t n, int rate_hz, struct wav_audio *out,
			 struct iv_error *err)
{
	size_t n_out = n;
	float *resampled = NULL;
	const float *src = mono;
	if (rate_hz != WAV_RATE_HZ && n > 0) {
		double ratio = (double)WAV_RATE_HZ / rate_hz;
		n_out = (size_t)(n * ratio) + 1;
		resampled = malloc(n_out * sizeof *resampled);
		if (!resampled) {
			iv_error_set(err, "out of memory resampling audio");
			return -1;
		}
		SRC_DATA d = {
			.data_in = mono,
			.input_frames = (long)n,
			.data_out = resampled,
			.output_frames = (long)n_out,
			.src_ratio = ratio,
		};
		int rc = src_simple(&d, SRC_SINC_FASTEST, 1);
		if (rc != 0) {
			free(resampled);
			iv_error_set(err, "resampling from %d Hz failed: %s", rate_hz, src_strerror(rc));
			return -1;
		}
		n_out = (size_t)d.output_frames_gen;
		src = resampled;
	}
	out->samples = malloc((n_out ? n_out : 1) * sizeof *out->samples);
	if (!out->samples) {
		free(resampled);
		iv_error_set(err, "out of memory reading audio");
		return -1;
	}
	src_float_to_short_array(src, out->samples, (int)n_out);
	out->n_samples = n_out;
	out->sample_rate_hz = WAV_RATE_HZ;
	free(resampled);
	return 0;
}

int wav_read_16k_mono(const char *path, struct wav_audio *out, struct iv_error *err)
{
	memset(out, 0, sizeof *out);
	SF_INFO info = {0};
	SNDFILE *sf = sf_open(path, SFM_READ, &info);
	if (!sf) {
		struct stat st;
		if (stat(path, &st) != 0) {
			iv_error_set(err, "%s: no such file", path);
		} else {
			iv_error_set(err, "%s: not a readable WAV file (%s)", path, sf_strerror(NULL));
		}
		return -1;
	}
	if (info.channels < 1 || info.channels > 16) {
		iv_error_set(err, "%s: unsupported channel count %d", path, info.channels);
		goto fail;
	}
	if (info.samplerate < 4000 || info.samplerate > 384000) {
		iv_error_set(err, "%s: unsupported sample rate %d Hz", path, info.samplerate);
		goto fail;
	}
	if (info.frames < 0 || info.frames > (sf_count_t)WAV_MAX_SECONDS * info.samplerate) {
		iv_error_set(err, "%s: audio longer than %d s", path, WAV_MAX_SECONDS);
		goto fail;
	}
	size_t n_frames = (size_t)info.frames;
	float *frames = malloc((n_frames ? n_frames : 1) * (size_t)info.channels * sizeof *frames);
	if (!frames) {
		iv_error_set(err, "%s: out of memory", path);
		goto fail;
	}
	sf_count_t got = sf_readf_float(sf, frames, info.frames);
	if (got < 0 || sf_error(sf) != SF_ERR_NO_ERROR) {
		iv_error_set(err, "%s: malformed audio data (%s)", path, sf_strerror(sf));
		free(frames);
		goto fail;
	}
	n_frames = (size_t)got;
	/* Mix down in place: frame i's mean goes to frames[i]. */
	if (info.channels > 1) {
		for (size_t i = 0; i < n_frames; i++) {
			float sum = 0;
			for (int c = 0; c < info.channels; c++)
				sum += frames[i * (size_t)info.channels + (size_t)c];
			frames[i] = sum / (float)info.channels;
		}
	}
	int rc = floats_to_16k(frames, n_frames, info.samplerate, out, err);
	free(frames);
	sf_close(sf);
	return rc;
fail:
	sf_close(sf);
	return -1;
}

static int check_pcm_args(size_t n_samples, int sample_rate_hz, struct iv_error *err)
{
	if (sample_rate_hz < 4000 || sample_rate_hz > 384000) {
		iv_error_set(err, "cannot write audio at %d Hz", sample_rate_hz);
		return -1;
	}
	if (n_samples > (size_t)INT_MAX) {
		iv_error_set(err, "audio too long to write");
		return -1;
	}
	return 0;
}

static int write_all(SNDFILE *sf, const int16_t *samples, size_t n_samples, struct iv_error *err)
{
	sf_count_t wrote = sf_writef_short(sf, samples, (sf_count_t)n_samples);
	if (wrote != (sf_count_t)n_samples) {
		iv_error_set(err, "writing audio failed (%s)", sf_strerror(sf));
		return -1;
	}
	return 0;
}

int wav_write(const char *path, const int16_t *samples, size_t n_samples, int sample_rate_hz,
	      struct iv_error *err)
{
	if (check_pcm_args(n_samples, sample_rate_hz, err) != 0)
		return -1;
	SF_INFO info = {.samplerate = sample_rate_hz, .channels = 1,
			.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	if (!sf) {
		iv_error_set(err, "%s: cannot create (%s)", path, sf_strerror(NULL));
		return -1;
	}
	int rc = write_all(sf, samples, n_samples, err);
	if (sf_close(sf) != 0 && rc == 0) {
		iv_error_set(err, "%s: closing failed", path);
		rc = -1;
	}
	return rc;
}

/* A growing memory buffer that libsndfile writes through its virtual I/O. */
struct mem_sink {
	unsigned char *bytes;
	sf_count_t len, cap, pos;
	int failed;
};

static sf_count_t sink_length(void *user)
{
	return ((struct mem_sink *)user)->len;
}

static sf_count_t sink_seek(sf_count_t offset, int whence, void *user)
{
	struct mem_sink *m = user;
	sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->len;
	if (base + offset < 0)
		return -1;
	m->pos = base + offset;
	return m->pos;
}

static sf_count_t sink_read(void *ptr, sf_count_t count, void *user)
{
	struct mem_sink *m = user;
	sf_count_t avail = m->pos < m->len ? m->len - m->pos : 0;
	if (count > avail)
		count = avail;
	memcpy(ptr, m->bytes + m->pos, (size_t)count);
	m->pos += count;
	return count;
}

static sf_count_t sink_write(const void *ptr, sf_count_t count, void *user)
{
	struct mem_sink *m = user;
	if (m->pos + count > m->cap) {
		sf_count_t cap = m->cap ? m->cap : 4096;
		while (cap < m->pos + count)
			cap *= 2;
		unsigned char *grown = realloc(m->bytes, (size_t)cap);
		if (!grown) {
			m->failed = 1;
			return 0;
		}
		memset(grown + m->cap, 0, (size_t)(cap - m->cap));
		m->bytes = grown;
		m->cap = cap;
	}
	memcpy(m->bytes + m->pos, ptr, (size_t)count);
	m->pos += count;
	if (m->pos > m->len)
		m->len = m->pos;
	return count;
}

static sf_count_t sink_tell(void *user)
{
	return ((struct mem_sink *)user)->pos;
}

int wav_encode(const int16_t *samples, size_t n_samples, int sample_rate_hz, unsigned char **bytes,
	       size_t *n_bytes, struct iv_error *err)
{
	*bytes = NULL;
	*n_bytes = 0;
	if (check_pcm_args(n_samples, sample_rate_hz, err) != 0)
		return -1;
	SF_VIRTUAL_IO io = {sink_length, sink_seek, sink_read, sink_write, sink_tell};
	struct mem_sink sink = {0};
	SF_INFO info = {.samplerate = sample_rate_hz, .channels = 1,
			.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
	SNDFILE *sf = sf_open_virtual(&io, SFM_WRITE, &info, &sink);
	if (!sf) {
		iv_error_set(err, "cannot encode WAV (%s)", sf_strerror(NULL));
		free(sink.bytes);
		return -1;
	}
	int rc = write_all(sf, samples, n_samples, err);
	sf_close(sf);
	if (rc == 0 && sink.failed) {
		iv_error_set(err, "out of memory encoding WAV");
		rc = -1;
	}
	if (rc != 0) {
		free(sink.bytes);
		return -1;
	}
	*bytes = sink.bytes;
	*n_bytes = (size_t)sink.len;
	return 0;
}

int wav_resample(const int16_t *in, size_t n_in, int rate_in_hz, int rate_out_hz, int16_t **out,
		 size_t *n_out, struct iv_error *err)
{
	*out = NULL;
	*n_out = 0;
	if (rate_in_hz <= 0 || rate_out_hz <= 0 || n_in > (size_t)INT_MAX) {
		iv_error_set(err, "cannot resample %d Hz to %d Hz", rate_in_hz, rate_out_hz);
		return -1;
	}
	double ratio = (double)rate_out_hz / rate_in_hz;
	size_t cap = (size_t)(n_in * ratio) + 1;
	float *fin = malloc((n_in ? n_in : 1) * sizeof *fin);
	float *fout = malloc(cap * sizeof *fout);
	int16_t *res = malloc(cap * sizeof *res);
	if (!fin || !fout || !res) {
		free(fin), free(fout), free(res);
		iv_error_set(err, "out of memory resampling");
		return -1;
	}
	src_short_to_float_array(in, fin, (int)n_in);
	SRC_DATA d = {.data_in = fin, .input_frames = (long)n_in, .data_out = fout,
		      .output_frames = (long)cap, .src_ratio = ratio};
	int rc = n_in ? src_simple(&d, SRC_SINC_FASTEST, 1) : 0;
	if (rc != 0) {
		free(fin), free(fout), free(res);
		iv_error_set(err, "resampling failed: %s", src_strerror(rc));
		return -1;
	}
	src_float_to_short_array(fout, res, (int)d.output_frames_gen);
	*out = res;
	*n_out = (size_t)d.output_frames_gen;
	free(fin);
	free(fout);
	return 0;
}

void wav_trim_quiet(struct wav_audio *a, int threshold)
{
	size_t first = 0, last = a->n_samples;
	while (first < last && abs(a->samples[first]) < threshold)
		first++;
	while (last > first && abs(a->samples[last - 1]) < threshold)
		last--;
	memmove(a->samples, a->samples + first, (last - first) * sizeof *a->samples);
	a->n_samples = last - first;
}
