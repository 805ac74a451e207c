/*
 * stt_http.c - transcription by an OpenAI-compatible server (see
 * stt_http.h).  libcurl does the HTTP and the multipart form, jansson reads
 * the JSON reply, libsndfile (wav.c) encodes the audio.
 */
#include "voice/stt_http.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "voice/wav.h"

#define CONNECT_TIMEOUT_MS 2000L
#define MAX_REPLY_BYTES (1 << 20)

struct stt_http {
	char *url;
	long timeout_ms;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct stt_http *stt_http_new(const char *base_url, struct iv_error *err)
{
	if (!base_url || !*base_url) {
		iv_error_set(err, "no transcription server URL");
		return NULL;
	}
	if (strncmp(base_url, "http://", 7) != 0 && strncmp(base_url, "https://", 8) != 0) {
		iv_error_set(err, "transcription server URL must start with http:// or https:// "
				  "(got \"%s\")", base_url);
		return NULL;
	}
	pthread_once(&curl_once, curl_init_once);
	struct stt_http *h = calloc(1, sizeof *h);
	size_t len = strlen(base_url);
	while (len > 0 && base_url[len - 1] == '/')
		len--;
	const char *path = "/audio/transcriptions";
	if (h)
		h->url = malloc(len + strlen(path) + 1);
	if (!h || !h->url) {
		free(h);
		iv_error_set(err, "out of memory");
		return NULL;
	}
	memcpy(h->url, base_url, len);
	strcpy(h->url + len, path);
	const char *env = getenv("INTERVIEWER_STT_TIMEOUT_MS");
	if (env && atol(env) > 0)
		h->timeout_ms = atol(env);
	return h;
}

void stt_http_free(struct stt_http *h)
{
	if (!h)
		return;
	free(h->url);
	free(h);
}

void stt_http_set_timeout_ms(struct stt_http *h, long timeout_ms)
{
	h->timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
}

struct reply {
	char *bytes;
	size_t len;
	int too_big;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *user)
{
	struct reply *r = user;
	size_t n = size * nmemb;
	if (r->len + n > MAX_REPLY_BYTES) {
		r->too_big = 1;
		return 0;
	}
	char *grown = realloc(r->bytes, r->len + n + 1);
	if (!grown)
		return 0;
	memcpy(grown + r->len, ptr, n);
	r->bytes = grown;
	r->len += n;
	r->bytes[r->len] = '\0';
	return n;
}

static int parse_reply(const struct reply *r, char **text, struct iv_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(r->bytes ? r->bytes : "", r->len, 0, &jerr);
	json_t *t = root ? json_object_get(root, "text") : NULL;
	if (!json_is_string(t)) {
		iv_error_set(err, "transcription server replied without a \"text\" field");
		json_decref(root);
		return -1;
	}
	/* Whisper pads its text with spaces, and whisper.cpp's server ends every
	 * segment with a line break and marks what is not speech in brackets
	 * ("[BLANK_AUDIO]"): one line of words, single spaces */
	const char *s = json_string_value(t);
	size_t n = strlen(s), o = 0;
	char *out = malloc(n + 1);
	if (!out) {
		json_decref(root);
		iv_error_set(err, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '[') {
			const char *close = memchr(s + i, ']', n - i);
			if (close) {
				i = (size_t)(close - s);
				continue;
			}
		}
		int space = s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t';
		if (space) {
			if (o > 0 && out[o - 1] != ' ')
				out[o++] = ' ';
		} else {
			out[o++] = s[i];
		}
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	json_decref(root);
	if (!o) {
		free(out);
		iv_error_set(err, "transcription server heard no words");
		return -1;
	}
	*text = out;
	return 0;
}

static long deadline_ms(const struct stt_http *h, size_t n_samples)
{
	if (h->timeout_ms > 0)
		return h->timeout_ms;
	/* A server on a GPU takes a fraction of the audio's length; beyond
	 * this, the local recognizer would have answered already. */
	long audio_ms = (long)(n_samples / 16);
	long ms = 4000 + audio_ms / 2;
	return ms > 15000 ? 15000 : ms;
}

int stt_http_transcribe(struct stt_http *h, const int16_t *samples, size_t n_samples, char **text,
			struct iv_error *err)
{
	*text = NULL;
	unsigned char *wav = NULL;
	size_t wav_len = 0;
	if (wav_encode(samples, n_samples, WAV_RATE_HZ, &wav, &wav_len, err) != 0)
		return -1;
	CURL *curl = curl_easy_init();
	if (!curl) {
		free(wav);
		iv_error_set(err, "cannot start an HTTP request");
		return -1;
	}
	const char *model = getenv("INTERVIEWER_STT_MODEL");
	curl_mime *form = curl_mime_init(curl);
	curl_mimepart *part = curl_mime_addpart(form);
	curl_mime_name(part, "file");
	curl_mime_filename(part, "audio.wav");
	curl_mime_type(part, "audio/wav");
	curl_mime_data(part, (const char *)wav, wav_len);
	part = curl_mime_addpart(form);
	curl_mime_name(part, "model");
	curl_mime_data(part, model && *model ? model : "whisper-1", CURL_ZERO_TERMINATED);
	part = curl_mime_addpart(form);
	curl_mime_name(part, "response_format");
	curl_mime_data(part, "json", CURL_ZERO_TERMINATED);
	part = curl_mime_addpart(form);
	curl_mime_name(part, "language");
	curl_mime_data(part, "en", CURL_ZERO_TERMINATED);

	struct curl_slist *headers = NULL;
	const char *key = getenv("INTERVIEWER_STT_KEY");
	if (key && *key) {
		size_t n = strlen(key) + 32;
		char *auth = malloc(n);
		if (auth) {
			snprintf(auth, n, "Authorization: Bearer %s", key);
			headers = curl_slist_append(headers, auth);
			free(auth);
		}
	}
	struct reply r = {0};
	char curl_err[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(curl, CURLOPT_URL, h->url);
	curl_easy_setopt(curl, CURLOPT_MIMEPOST, form);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, deadline_ms(h, n_samples));
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
	CURLcode rc = curl_easy_perform(curl);
	long status = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	int result = -1;
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		iv_error_set(err, "transcription server %s did not answer within %ld ms", h->url,
			     deadline_ms(h, n_samples));
	} else if (rc != CURLE_OK) {
		iv_error_set(err, "transcription server %s: %s", h->url,
			     curl_err[0] ? curl_err : curl_easy_strerror(rc));
	} else if (status != 200) {
		iv_error_set(err, "transcription server %s answered HTTP %ld", h->url, status);
	} else {
		result = parse_reply(&r, text, err);
	}
	free(r.bytes);
	curl_slist_free_all(headers);
	curl_mime_free(form);
	curl_easy_cleanup(curl);
	free(wav);
	return result;
}
