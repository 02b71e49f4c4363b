/* sha.c - SHA-256 hex digests.
 *
 * The direct SHA256_Init/Update/Final functions are used rather than EVP:
 * linked statically they bring in only the SHA-256 code, where EVP (and the
 * one-shot SHA256(), built on it in OpenSSL 3) drags in the provider
 * machinery whose start-up costs every process about half a millisecond.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sha.h"

#include <openssl/sha.h>

char *
gx_sha256_hex(const void *data, size_t len, char *out)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256_CTX ctx;

	SHA256_Init(&ctx);
	SHA256_Update(&ctx, data, len);
	SHA256_Final(md, &ctx);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		out[2 * i] = "0123456789abcdef"[md[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	out[64] = '\0';
	return out;
}
