/*
 * web_secret.c - the service's secrets: new random ones (links, API tokens,
 * sessions, CSRF tokens) and the hashes the store keeps instead of them
 * (BLAKE2b, libsodium), and wiping them from memory.  Used by the
 * authorization (web_auth.c), the audit log (web_audit.c) and the API.
 */
#include <sodium.h>
#include <string.h>

#include "web_internal.h"

int web_new_secret(char *out, size_t cap, struct iv_error *err)
{
	unsigned char bytes[32];
	if (sodium_init() < 0) {
		iv_error_set(err, "libsodium could not start (no randomness?)");
		return -1;
	}
	if (cap < sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)) {
		iv_error_set(err, "secret buffer too small");
		return -1;
	}
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2base64(out, cap, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bytes, sizeof bytes);
	return 0;
}

void web_hash_bytes(const char *text, unsigned char *out, size_t len)
{
	crypto_generichash(out, len, (const unsigned char *)text, strlen(text), NULL, 0);
}

void web_wipe(void *p, size_t len) { sodium_memzero(p, len); }

void web_hash_secret(const char *secret, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}
