/*
 * web_fixture.c - a server for one test (see web_client.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web_client.h"
#include "store.h"
#include "test_support.h"
#include "web_internal.h"

#ifndef IV_DATA_DIR
#define IV_DATA_DIR "data"
#endif

static void start_server(struct web_fixture *f)
{
	struct iv_error err;
	f->ws = web_server_start(&f->params, &err);
	if (!f->ws)
		fail_msg("the server did not start: %s", err.message);
	f->port = web_server_port(f->ws);
	assert_true(f->port > 0);
}

void wf_start(struct web_fixture *f, const struct web_params *p)
{
	memset(f, 0, sizeof *f);
	f->dir = ts_tmpdir();
	f->db = ts_path(f->dir, "interviews.db");
	if (p)
		f->params = *p;
	f->params.host = "127.0.0.1";
	f->params.port = 0;
	f->params.db = f->db;
	f->params.data_dir = IV_DATA_DIR;
	if (!p) {
		f->params.virtual_clock = 1;
		f->params.seed = 1;
	}
	if (!f->params.threads)
		f->params.threads = 64;
	struct iv_error err;
	struct store *st = store_open(f->db, &err);
	assert_non_null(st);
	char secret[64], hash[65];
	assert_int_equal(web_new_secret(secret, sizeof secret, &err), 0);
	snprintf(f->token, sizeof f->token, "ivk_%s", secret);
	web_hash_secret(f->token, hash);
	assert_int_equal(store_add_api_token(st, "tests", hash, web_now(), &err), 0);
	store_close(st);
	snprintf(f->auth, sizeof f->auth, "Authorization: Bearer %s\r\n", f->token);
	start_server(f);
}

void wf_stop_server(struct web_fixture *f)
{
	web_server_stop(f->ws);
	f->ws = NULL;
}

void wf_restart(struct web_fixture *f)
{
	start_server(f);
}

void wf_stop(struct web_fixture *f)
{
	if (f->ws)
		web_server_stop(f->ws);
	ts_rmdir(f->dir);
	free(f->dir);
	free(f->db);
	memset(f, 0, sizeof *f);
}

json_t *wf_invite(struct web_fixture *f, const char *name, double expires_in_s)
{
	json_t *req = json_pack("{s:s}", "candidate_name", name);
	if (expires_in_s > 0)
		json_object_set_new(req, "expires_in_s", json_real(expires_in_s));
	char *body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	struct http_response r;
	assert_int_equal(http_request(f->port, "POST", "/api/invitations", f->auth, body, strlen(body), &r), 0);
	free(body);
	if (r.status != 201)
		fail_msg("invitation: %d %s", r.status, r.body);
	json_t *o = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	assert_non_null(o);
	return o;
}

struct ws_client *wf_open_room(struct web_fixture *f, const json_t *invitation)
{
	char path[200];
	wf_ws_path(invitation, path, sizeof path);
	struct ws_client *c = ws_connect(f->port, path);
	assert_non_null(c);
	return c;
}

json_t *wf_get_json(struct web_fixture *f, const char *path, int *status)
{
	struct http_response r;
	assert_int_equal(http_request(f->port, "GET", path, f->auth, NULL, 0, &r), 0);
	*status = r.status;
	json_t *o = json_loads(r.body, 0, NULL);
	http_response_release(&r);
	return o;
}
