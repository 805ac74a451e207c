/*
 * options.c - the parser of command lines (see options.h): every option
 * there is, how it is stored and which variable stands in for it; a
 * command's entry says which of them it takes.  Also a command's usage and
 * help, and loading the interview's content from the data folder.
 */
#include "options.h"

#include "commands.h"
#include "rubric.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#ifndef IV_DATA_DIR
#define IV_DATA_DIR "data"
#endif

enum option_kind {
	KIND_FLAG,   /* no value: sets an int field to 1 */
	KIND_TEXT,   /* a value kept as given in a const char * field */
	KIND_SEED,   /* a whole number */
	KIND_WPM,    /* a pace from 60 to 400 */
	KIND_FORMAT  /* one of the command's formats */
};

/* An option the parser knows.  A command takes it only if its entry names it. */
struct known_option {
	const char *name;
	const char *alias;   /* another spelling, or NULL */
	enum option_kind kind;
	size_t field;        /* where it goes in struct cli_options */
	const char *env;     /* the variable that stands in when the option is absent, or NULL */
	const char *help;    /* the usual line of help (an entry may say its own) */
};

#define FIELD(f) offsetof(struct cli_options, f)

static const struct known_option known_options[] = {
	{"--jsonl", NULL, KIND_FLAG, FIELD(jsonl), NULL,
	 "JSON lines on standard input and output (contract section 1)"},
	{"--json", NULL, KIND_FLAG, FIELD(json), NULL, "print JSON"},
	{"--name", NULL, KIND_TEXT, FIELD(name), NULL, "the candidate's name (greeting and thanks)"},
	{"--seed", NULL, KIND_SEED, FIELD(seed), NULL,
	 "makes every choice reproducible: same seed and answers, same interview (default 1)"},
	{"--virtual-clock", NULL, KIND_FLAG, FIELD(virtual_clock), NULL,
	 "time advances by speech (150 words a minute), not by the wall clock"},
	{"--db", NULL, KIND_TEXT, FIELD(db), "INTERVIEWER_DB",
	 "where interviews are stored: a SQLite file or a postgresql:// URL"},
	{"--playbook", NULL, KIND_TEXT, FIELD(playbook), NULL,
	 "another role's playbook (default data/playbooks/backend.yaml)"},
	{"--data-dir", NULL, KIND_TEXT, FIELD(data_dir), "INTERVIEWER_DATA_DIR",
	 "where the lexicon, rubric and playbooks are, if not in this build's data/"},
	{"--llm-url", NULL, KIND_TEXT, FIELD(llm_url), "INTERVIEWER_LLM_URL",
	 "an OpenAI-compatible chat API words each turn: URL/chat/completions"},
	{"--llm-model", NULL, KIND_TEXT, FIELD(llm_model), "INTERVIEWER_LLM_MODEL",
	 "the model named in requests to the LLM"},
	{"--llm-judge", NULL, KIND_FLAG, FIELD(llm_judge), NULL,
	 "the LLM proposes scores too, merged into the scorecard by a stated rule (needs an LLM)"},
	{"--stt-url", NULL, KIND_TEXT, FIELD(stt_url), "INTERVIEWER_STT_URL",
	 "an OpenAI-compatible transcription API, URL/audio/transcriptions; the local "
	 "recognizer when it is slow or fails"},
	{"--speak-dir", NULL, KIND_TEXT, FIELD(speak_dir), NULL,
	 "also write each interviewer turn as DIR/turn-NNN.wav"},
	{"--voice", NULL, KIND_TEXT, FIELD(voice), NULL, "the interviewer's voice: slt, rms, awb or kal16"},
	{"--wpm", NULL, KIND_WPM, FIELD(wpm), NULL, "the voice's pace in words per minute (60 to 400)"},
	{"--format", NULL, KIND_FORMAT, FIELD(format), NULL, "what to print"},
	{"-o", "--output", KIND_TEXT, FIELD(output), NULL, "write to FILE instead of standard output"},
	{"--host", NULL, KIND_TEXT, FIELD(host), NULL, "the address to listen on (default 127.0.0.1)"},
	{"--port", NULL, KIND_TEXT, FIELD(port), NULL,
	 "the port to listen on (default 8080; 0: any free port)"},
	{"--max-interviews", NULL, KIND_TEXT, FIELD(max_interviews), NULL,
	 "live interviews at once (default 1000)"},
	{"--max-voice", NULL, KIND_TEXT, FIELD(max_voice), NULL,
	 "spoken interviews at once (default: from the CPU count; 0: none)"},
	{"--retention-days", NULL, KIND_TEXT, FIELD(retention_days), "INTERVIEWER_RETENTION_DAYS",
	 "candidates' recorded answers are deleted this many days after their interview "
	 "(transcripts and scorecards stay; default: kept)"},
	{"--tls-cert", NULL, KIND_TEXT, FIELD(tls_cert), NULL,
	 "serve HTTPS with this PEM certificate (chain); needs --tls-key"},
	{"--tls-key", NULL, KIND_TEXT, FIELD(tls_key), NULL, "the PEM private key of --tls-cert"},
	{"--invitations-per-minute", NULL, KIND_TEXT, FIELD(invitations_per_minute), NULL,
	 "invitations one account or API token may make a minute, as many at once (default 1200)"},
};

#define N_KNOWN (sizeof known_options / sizeof known_options[0])

static const struct known_option *known_find(const char *arg)
{
	for (size_t i = 0; i < N_KNOWN; i++)
		if (!strcmp(arg, known_options[i].name) ||
		    (known_options[i].alias && !strcmp(arg, known_options[i].alias)))
			return &known_options[i];
	return NULL;
}

/* cmd's declaration of the option k, or NULL when cmd does not take it. */
static const struct cli_option *declared(const struct command *cmd, const struct known_option *k)
{
	for (const struct cli_option *d = cmd->options; d && d->name; d++)
		if (!strcmp(d->name, k->name))
			return d;
	return NULL;
}

static void option_synopsis(const struct command *cmd, const struct cli_option *d, int long_form,
			    char *out, size_t cap);

static const char *env_or(const char *value, const char *var)
{
	if (value)
		return value;
	const char *e = getenv(var);
	return e && *e ? e : NULL;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

/* "html, md or json" into out. */
static void list_formats(const struct command *cmd, char *out, size_t cap)
{
	size_t n = 0, len = 0;
	while (cmd->formats[n])
		n++;
	out[0] = '\0';
	for (size_t i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s", cmd->formats[i],
					i + 2 < n ? ", " : i + 2 == n ? " or " : "");
}

static int format_allowed(const struct command *cmd, const char *value)
{
	for (const char *const *f = cmd->formats; f && *f; f++)
		if (!strcmp(*f, value))
			return 1;
	return 0;
}

/* Stores the value of option k (a in argv) into o. */
static int store_value(const struct command *cmd, const struct known_option *k, const char *a,
		       const char *v, struct cli_options *o, struct iv_error *err)
{
	char *field = (char *)o + k->field;
	char *end;
	switch (k->kind) {
	case KIND_SEED:
		if (parse_u64(v, &o->seed)) {
			iv_error_set(err, "--seed needs a whole number, not '%s'", v);
			return -1;
		}
		o->seed_set = 1;
		return 0;
	case KIND_WPM:
		o->wpm = strtod(v, &end);
		if (end == v || *end || o->wpm < 60 || o->wpm > 400) {
			iv_error_set(err, "--wpm needs a number from 60 to 400, not '%s'", v);
			return -1;
		}
		return 0;
	case KIND_FORMAT:
		if (!format_allowed(cmd, v)) {
			char list[128];
			list_formats(cmd, list, sizeof list);
			iv_error_set(err, "--format must be %s, not '%s'", list, v);
			return -1;
		}
		*(const char **)(void *)field = v;
		return 0;
	case KIND_TEXT:
		*(const char **)(void *)field = v;
		return 0;
	case KIND_FLAG:
		break;
	}
	assert(!"a flag has no value");
	iv_error_set(err, "option '%s' takes no value", a);
	return -1;
}

static int add_argument(const struct command *cmd, char *arg, struct cli_options *o,
			struct iv_error *err)
{
	if (o->n_positional >= cmd->max_args) {
		if (cmd->max_args == 0)
			iv_error_set(err, "unexpected argument '%s' (%s takes none)", arg, cmd->name);
		else if (cmd->max_args == cmd->min_args)
			iv_error_set(err, "unexpected argument '%s' (%s takes %d: %s)", arg, cmd->name,
				     cmd->max_args, cmd->args);
		else
			iv_error_set(err, "unexpected argument '%s' (%s takes at most %d: %s)", arg,
				     cmd->name, cmd->max_args, cmd->args);
		return -1;
	}
	o->positional[o->n_positional++] = arg;
	return 0;
}

/* What the command line left out: the variables, the default format, and
 * the checks that need the whole line. */
static int finish(const struct command *cmd, struct cli_options *o, struct iv_error *err)
{
	if (o->n_positional < cmd->min_args) {
		iv_error_set(err, "%s takes %s%d argument%s (%s), not %d", cmd->name,
			     cmd->min_args == cmd->max_args ? "" : "at least ", cmd->min_args,
			     cmd->min_args == 1 ? "" : "s", cmd->args, o->n_positional);
		return -1;
	}
	for (size_t i = 0; i < N_KNOWN; i++) {
		const struct known_option *k = &known_options[i];
		if (k->env && declared(cmd, k)) {
			const char **field = (const char **)(void *)((char *)o + k->field);
			*field = env_or(*field, k->env);
		}
	}
	if (o->llm_judge && !o->llm_url) {
		iv_error_set(err, "--llm-judge needs an LLM: --llm-url or INTERVIEWER_LLM_URL");
		return -1;
	}
	if (cmd->formats && !o->format)
		o->format = o->json && format_allowed(cmd, "json") ? "json" : cmd->formats[0];
	return 0;
}

enum cli_parse_status cli_parse_options(const struct command *cmd, int argc, char **argv,
					struct cli_options *o, struct iv_error *err)
{
	assert(cmd->max_args <= CLI_MAX_ARGS && cmd->min_args <= cmd->max_args);
	memset(o, 0, sizeof *o);
	iv_error_clear(err);
	o->seed = 1;
	int options_over = 0;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (options_over || a[0] != '-' || !a[1]) {
			if (add_argument(cmd, a, o, err))
				return CLI_PARSE_ERROR;
			continue;
		}
		if (!strcmp(a, "--")) {
			options_over = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h"))
			return CLI_PARSE_HELP;
		const struct known_option *k = known_find(a);
		if (!k) {
			iv_error_set(err, "unknown option '%s'", a);
			return CLI_PARSE_ERROR;
		}
		const struct cli_option *d = declared(cmd, k);
		if (!d) {
			iv_error_set(err, "%s does not take %s", cmd->name, a);
			return CLI_PARSE_ERROR;
		}
		/* the entry and the parser agree on whether it takes a value */
		assert((d->value == NULL) == (k->kind == KIND_FLAG));
		assert(k->kind != KIND_FORMAT || cmd->formats);
		if (k->kind == KIND_FLAG) {
			*(int *)(void *)((char *)o + k->field) = 1;
			continue;
		}
		if (i + 1 >= argc) {
			char what[128];
			option_synopsis(cmd, d, 0, what, sizeof what);
			iv_error_set(err, "option '%s' needs a value: %s", a, what);
			return CLI_PARSE_ERROR;
		}
		if (store_value(cmd, k, a, argv[++i], o, err))
			return CLI_PARSE_ERROR;
	}
	return finish(cmd, o, err) ? CLI_PARSE_ERROR : CLI_PARSE_OK;
}

/* ------------------------------------------------------------ usage, help */

#define USAGE_WIDTH 80

/* "--db PATH", "-o FILE", "--format html|md|json" into out. */
static void option_synopsis(const struct command *cmd, const struct cli_option *d, int long_form,
			    char *out, size_t cap)
{
	const struct known_option *k = known_find(d->name);
	size_t len = (size_t)snprintf(out, cap, "%s", d->name);
	if (long_form && k && k->alias && len < cap)
		len += (size_t)snprintf(out + len, cap - len, ", %s", k->alias);
	if (k && k->kind == KIND_FORMAT) {
		for (size_t i = 0; cmd->formats[i] && len < cap; i++)
			len += (size_t)snprintf(out + len, cap - len, "%c%s", i ? '|' : ' ',
						cmd->formats[i]);
	} else if (d->value && len < cap) {
		snprintf(out + len, cap - len, " %s", d->value);
	}
}

void cli_print_usage(FILE *f, const struct command *cmd)
{
	int col = fprintf(f, "usage: interviewer %s", cmd->name);
	int indent = col + 1;
	if (cmd->args && *cmd->args)
		col += fprintf(f, " %s", cmd->args);
	for (const struct cli_option *d = cmd->options; d && d->name; d++) {
		char syn[160];
		option_synopsis(cmd, d, 0, syn, sizeof syn);
		int width = (int)strlen(syn) + 3;
		if (col + width > USAGE_WIDTH && col > indent)
			col = fprintf(f, "\n%*s", indent - 1, "") - 1;
		col += fprintf(f, " [%s]", syn);
	}
	fputc('\n', f);
}

#define HELP_COLUMN 26

/* Prints words from column col on, wrapped to USAGE_WIDTH at HELP_COLUMN. */
static int print_wrapped(FILE *f, int col, const char *words)
{
	const char *p = words;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (col > HELP_COLUMN && col + 1 + (int)len > USAGE_WIDTH)
			col = fprintf(f, "\n%*s", HELP_COLUMN, "") - 1;
		else if (col > HELP_COLUMN)
			col += fprintf(f, " ");
		col += fprintf(f, "%.*s", (int)len, p);
		p += len;
		p += strspn(p, " ");
	}
	return col;
}

void cli_print_help(FILE *f, const struct command *cmd)
{
	cli_print_usage(f, cmd);
	fprintf(f, "\n%s\n\noptions:\n", cmd->summary);
	for (const struct cli_option *d = cmd->options; d && d->name; d++) {
		const struct known_option *k = known_find(d->name);
		char syn[160], more[160] = "";
		option_synopsis(cmd, d, 1, syn, sizeof syn);
		int col = fprintf(f, "  %s", syn);
		if (col + 2 > HELP_COLUMN)
			col = fprintf(f, "\n") - 1;
		col += fprintf(f, "%*s", HELP_COLUMN - col, "");
		col = print_wrapped(f, col, d->help ? d->help : k ? k->help : "");
		if (k && k->kind == KIND_FORMAT)
			snprintf(more, sizeof more, "(default %s)", cmd->formats[0]);
		else if (k && k->env)
			snprintf(more, sizeof more, "(else $%s)", k->env);
		print_wrapped(f, col, more);
		fputc('\n', f);
	}
	fprintf(f, "  %-*s%s\n", HELP_COLUMN - 2, "-h, --help", "this help");
}

int cli_usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "interviewer %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_print_usage(stderr, cmd);
	fprintf(stderr, "(interviewer help %s: what each option does)\n", cmd->name);
	return 2;
}

const char *cli_data_dir(const struct cli_options *o)
{
	if (o && o->data_dir)
		return o->data_dir;
	const char *env = getenv("INTERVIEWER_DATA_DIR");
	return env && *env ? env : IV_DATA_DIR;
}

char *cli_read_file(const char *path, size_t *len, struct iv_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		iv_error_set(err, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n + 1 < cap)
			break;
		if (cap > (64u << 20)) {
			iv_error_set(err, "%s is larger than 64 MiB", path);
			free(buf);
			fclose(f);
			return NULL;
		}
		char *grown = realloc(buf, cap * 2);
		if (!grown) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = grown;
		cap *= 2;
	}
	int failed = ferror(f);
	fclose(f);
	if (!buf || failed) {
		iv_error_set(err, "cannot read %s", path);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int load_source(const char *dir, const char *file, struct text_source *src, char **owned,
		       struct iv_error *err)
{
	static char names[3][4096];
	static int next;
	char *name = names[next++ % 3];
	if (dir)
		snprintf(name, 4096, "%s/%s", dir, file);
	else
		snprintf(name, 4096, "%s", file);
	*owned = cli_read_file(name, &src->len, err);
	src->text = *owned;
	src->name = name;
	return *owned ? 0 : -1;
}

/* Every challenge in the playbook answers a wrong claim the rubric knows. */
static int check_challenges(const struct content *c, const char *playbook_name,
			    struct iv_error *err)
{
	for (size_t i = 0; i < playbook_challenge_count(c->playbook); i++) {
		const char *id = playbook_challenge_id(c->playbook, i);
		size_t k = 0;
		while (k < rubric_claim_count(c->rubric) && strcmp(rubric_claim_at(c->rubric, k)->id, id))
			k++;
		if (k == rubric_claim_count(c->rubric)) {
			iv_error_set(err, "%s: challenges: '%s' is not a wrong claim of the rubric",
				     playbook_name, id);
			return -1;
		}
	}
	return 0;
}

/* Every knowledge point a follow-up covers is one the rubric knows. */
static int check_covers(const struct content *c, const char *playbook_name, struct iv_error *err)
{
	for (size_t i = 0; i < playbook_cover_count(c->playbook); i++) {
		const char *id = playbook_cover_id(c->playbook, i);
		if (rubric_find_cover(c->rubric, id) < 0) {
			iv_error_set(err, "%s: covers: '%s' is neither a knowledge point nor an answer of the rubric",
				     playbook_name, id);
			return -1;
		}
	}
	return 0;
}

int content_load(const char *data_dir, const char *playbook_path, struct content *c,
		 struct iv_error *err)
{
	memset(c, 0, sizeof *c);
	struct text_source lex, sig, pb;
	char *lex_text = NULL, *sig_text = NULL, *pb_text = NULL, *rb_text = NULL;
	struct text_source rb;
	int rc = -1;
	if (load_source(data_dir, "lexicon.yaml", &lex, &lex_text, err) ||
	    load_source(data_dir, "signals.yaml", &sig, &sig_text, err))
		goto out;
	if (playbook_path ? load_source(NULL, playbook_path, &pb, &pb_text, err)
			  : load_source(data_dir, "playbooks/backend.yaml", &pb, &pb_text, err))
		goto out;
	c->lexicon = lexicon_parse(&lex, &sig, err);
	if (!c->lexicon)
		goto out;
	c->playbook = playbook_parse(&pb, c->lexicon, err);
	if (!c->playbook)
		goto out;
	if (load_source(data_dir, "rubric.yaml", &rb, &rb_text, err) ||
	    !(c->rubric = rubric_parse(&rb, c->lexicon, err)) ||
	    check_challenges(c, pb.name, err) || check_covers(c, pb.name, err))
		goto out;
	c->playbook_path = realpath(pb.name, NULL);
	if (!c->playbook_path)
		c->playbook_path = strdup(pb.name);
	c->data_dir = strdup(data_dir);
	if (!c->playbook_path || !c->data_dir) {
		iv_error_set(err, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(lex_text);
	free(sig_text);
	free(pb_text);
	free(rb_text);
	if (rc)
		content_release(c);
	return rc;
}

void content_release(struct content *c)
{
	rubric_free(c->rubric);
	playbook_free(c->playbook);
	lexicon_free(c->lexicon);
	free(c->playbook_path);
	free(c->data_dir);
	memset(c, 0, sizeof *c);
}
