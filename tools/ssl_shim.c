/*
 * ssl_shim.c - the "libssl.so" that Debian 12's civetweb (1.15) can load.
 *
 * Hand-written because civetweb 1.15 expects OpenSSL 1.1's names: when a
 * TLS server starts it dlopen()s "libssl.so" and "libcrypto.so" and
 * dlsym()s a fixed list of functions, and one of them,
 * SSL_get_peer_certificate, OpenSSL 3 (Debian 12's) no longer exports (it is
 * a macro for SSL_get1_peer_certificate), so the server fails to start
 * ("load_tls_dll: libssl.so: cannot find SSL_get_peer_certificate").  Every
 * other name on that list OpenSSL 3 still has (checked with strings and nm
 * on libcivetweb.so.1.15.0 and libssl.so.3/libcrypto.so.3).
 *
 * The Makefile builds this file as $(BUILD)/lib/libssl.so, with the SONAME
 * "libssl.so", linked to the real libssl.so.3 and libcrypto.so.3; it also
 * makes an empty $(BUILD)/lib/libcrypto.so (SONAME "libcrypto.so", linked to
 * libcrypto.so.3).  src/web/web_tls.c dlopen()s both by their full paths
 * before civetweb starts; civetweb's own dlopen("libssl.so") then finds the
 * object already loaded under that SONAME, and its dlsym() on it searches the
 * shim first, then libssl.so.3 and libcrypto.so.3 (its dependencies).
 *
 * Same meaning: in OpenSSL 1.1 SSL_get_peer_certificate returned the
 * certificate with its reference count incremented (the caller frees it with
 * X509_free, as civetweb does), which is exactly SSL_get1_peer_certificate.
 */
#include <openssl/ssl.h>

#undef SSL_get_peer_certificate
X509 *SSL_get_peer_certificate(const SSL *s);

X509 *SSL_get_peer_certificate(const SSL *s)
{
	return SSL_get1_peer_certificate(s);
}
