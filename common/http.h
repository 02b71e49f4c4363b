/*
 * http.h - the libcurl wrapper: one connection reused for a whole batch,
 * timeouts, TLS with certificate checks, retries with backoff.  Only the
 * commands that speak HTTP link it (and libcurl): it costs every process
 * start about 9 ms.
 */
#ifndef GX_HTTP_H
#define GX_HTTP_H

#include <stddef.h>

#include "cli.h"

#define GX_HTTP_MAX_BODY (64 * 1024)
#define GX_HTTP_ATTEMPTS 3

struct gx_http;

/* A connection (curl easy handle); caller frees with gx_http_free. */
struct gx_http *gx_http_new(void);
void gx_http_free(struct gx_http *h);

/* 1 if url may be used: https://, or plain http:// to a loopback host
 * (127.0.0.0/8, ::1, localhost). */
int gx_http_url_ok(const char *url);

/*
 * GET url with the extra headers (NULL-terminated), the whole exchange
 * within timeout_ms.  A timeout, a failed connection or a 5xx answer is
 * tried again after 0.2 s, 0.4 s, ... (GX_HTTP_ATTEMPTS in all); a 4xx is
 * not.  Returns 0 with *status and *body (NUL-terminated, caller frees),
 * or GX_UNAVAILABLE with *err when no answer came.
 */
int gx_http_get(struct gx_http *h, const char *url,
    const char *const *headers, long timeout_ms, long *status, char **body,
    struct gx_err *err);

/* Percent-encode s for a URL path segment (caller frees). */
char *gx_http_escape(struct gx_http *h, const char *s);

#endif
