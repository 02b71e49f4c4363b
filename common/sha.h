/* sha.h - SHA-256 as lower-case hex (OpenSSL's libcrypto underneath). */
#ifndef GX_SHA_H
#define GX_SHA_H

#include <stddef.h>

#define GX_SHA256_HEX 65	/* 64 hex digits and a NUL */

/* hex(SHA-256(data[0..len))) into out[GX_SHA256_HEX]; returns out. */
char *gx_sha256_hex(const void *data, size_t len, char *out);

#endif
