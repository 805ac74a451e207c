/*
 * web_tls.c - whether civetweb can serve HTTPS here, and what it takes on
 * Debian 12.
 *
 * civetweb before 1.16 loads OpenSSL only when a TLS server starts:
 * dlopen("libssl.so") and dlopen("libcrypto.so"), then dlsym() of a fixed
 * list of OpenSSL 1.1 names, SSL_get_peer_certificate among them, which
 * OpenSSL 3 (Debian 12's, beside civetweb 1.15) no longer exports.  The build
 * makes two small libraries for it (tools/ssl_shim.c, the Makefile):
 * $(BUILD)/lib/libssl.so, SONAME "libssl.so", which defines
 * SSL_get_peer_certificate over OpenSSL 3's SSL_get1_peer_certificate and
 * links the real libssl.so.3, and $(BUILD)/lib/libcrypto.so, SONAME
 * "libcrypto.so", which links libcrypto.so.3.  They are loaded here by their
 * full paths before civetweb starts; the dynamic loader then answers
 * civetweb's dlopen("libssl.so") and dlopen("libcrypto.so") with them (a
 * loaded object whose SONAME is the name asked for is returned as is), and
 * civetweb's dlsym() finds the shim's function and, through the shim's
 * dependencies, all of OpenSSL 3.  No LD_LIBRARY_PATH, no RPATH, and plain
 * HTTP never loads them.
 */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "web_internal.h"

/* Where the Makefile puts the two libraries ($(BUILD)/lib, absolute). */
#ifndef IV_TLS_LIB_DIR
#define IV_TLS_LIB_DIR ""
#endif

static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static const char *tls_problem;

/* Loads dir/libcrypto.so and dir/libssl.so (kept loaded for the process's
 * life); 0 when both are. */
static int load_shims(const char *dir)
{
	char crypto[PATH_MAX], ssl[PATH_MAX];
	if (!dir[0] || snprintf(crypto, sizeof crypto, "%s/libcrypto.so", dir) >= (int)sizeof crypto ||
	    snprintf(ssl, sizeof ssl, "%s/libssl.so", dir) >= (int)sizeof ssl ||
	    access(crypto, R_OK) || access(ssl, R_OK))
		return -1;
	return dlopen(crypto, RTLD_NOW | RTLD_LOCAL) && dlopen(ssl, RTLD_NOW | RTLD_LOCAL) ? 0 : -1;
}

/* The shims where this build put them, else in lib/ beside the program. */
static void load_shims_somewhere(void)
{
	if (!load_shims(IV_TLS_LIB_DIR))
		return;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 5);
	if (n <= 0)
		return;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash) {
		strcpy(slash, "/lib");
		load_shims(exe);
	}
}

/* What civetweb will find: libssl.so with every name it needs, and libcrypto.so. */
static int civetweb_finds_openssl(void)
{
	void *ssl = dlopen("libssl.so", RTLD_LAZY | RTLD_LOCAL);
	void *crypto = dlopen("libcrypto.so", RTLD_LAZY | RTLD_LOCAL);
	int usable = ssl && crypto && dlsym(ssl, "SSL_get_peer_certificate") &&
		     dlsym(ssl, "TLS_server_method") && dlsym(crypto, "ERR_get_error");
	if (ssl)
		dlclose(ssl);
	if (crypto)
		dlclose(crypto);
	return usable;
}

static void tls_check(void)
{
	if (!mg_check_feature(2)) {
		tls_problem = "this build's civetweb has no TLS (mg_check_feature(2) is 0): HTTPS is not "
			      "available; serve plain HTTP behind a TLS-terminating proxy";
		return;
	}
	const char *v = mg_version();
	if (strncmp(v, "1.", 2) || atoi(v + 2) >= 16)
		return; /* 1.16 and later know OpenSSL 3 */
	load_shims_somewhere();
	if (civetweb_finds_openssl())
		return;
	tls_problem = "this machine's civetweb (before 1.16) is built with TLS but cannot load its "
		      "OpenSSL: it needs OpenSSL 1.1's names (libssl.so with SSL_get_peer_certificate), "
		      "and the OpenSSL 3 shim that make builds (lib/libssl.so and lib/libcrypto.so in "
		      "the build folder, or beside the program) is missing or unusable; HTTPS is not "
		      "available: serve plain HTTP behind a TLS-terminating proxy (docs/web.md)";
}

const char *web_tls_problem(void)
{
	pthread_once(&tls_once, tls_check);
	return tls_problem;
}
