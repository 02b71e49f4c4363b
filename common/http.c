/* http.c - GET over libcurl with reuse, timeouts and retries. */
#include "http.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct gx_http {
	CURL *curl;
	char *buf;
	size_t len;
	int overflow;
};

struct gx_http *
gx_http_new(void)
{
	struct gx_http *h = gx_xcalloc(1, sizeof *h);

	curl_global_init(CURL_GLOBAL_DEFAULT);
	if ((h->curl = curl_easy_init()) == NULL)
		gx_die(GX_SOFTWARE, "cannot start libcurl");
	return h;
}

void
gx_http_free(struct gx_http *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->curl);
	free(h->buf);
	free(h);
	curl_global_cleanup();
}

int
gx_http_url_ok(const char *url)
{
	const char *host, *end;
	size_t n;

	if (strncasecmp(url, "https://", 8) == 0)
		return url[8] != '\0';
	if (strncasecmp(url, "http://", 7) != 0)
		return 0;
	host = url + 7;
	/* No user name: "http://127.0.0.1:1@elsewhere/" goes elsewhere. */
	if (memchr(host, '@', strcspn(host, "/?#")) != NULL)
		return 0;
	if (*host == '[')
		return strncmp(host, "[::1]", 5) == 0 &&
		    (host[5] == '\0' || host[5] == ':' || host[5] == '/');
	end = host + strcspn(host, ":/");
	n = (size_t)(end - host);
	if (n == 9 && strncasecmp(host, "localhost", 9) == 0)
		return 1;
	/* 127.0.0.0/8, written as a dotted quad */
	if (n >= 7 && strncmp(host, "127.", 4) == 0) {
		for (const char *p = host; p < end; p++)
			if (!((*p >= '0' && *p <= '9') || *p == '.'))
				return 0;
		return 1;
	}
	return 0;
}

static size_t
collect(char *data, size_t size, size_t nmemb, void *vh)
{
	struct gx_http *h = vh;
	size_t n = size * nmemb;

	if (h->len + n > GX_HTTP_MAX_BODY) {
		h->overflow = 1;
		return 0;	/* stops the transfer */
	}
	h->buf = gx_xrealloc(h->buf, h->len + n + 1);
	memcpy(h->buf + h->len, data, n);
	h->len += n;
	h->buf[h->len] = '\0';
	return n;
}

char *
gx_http_escape(struct gx_http *h, const char *s)
{
	char *e = curl_easy_escape(h->curl, s, 0), *out;

	if (e == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	out = gx_xstrdup(e);
	curl_free(e);
	return out;
}

int
gx_http_get(struct gx_http *h, const char *url,
    const char *const *headers, long timeout_ms, long *status, char **body,
    struct gx_err *err)
{
	struct curl_slist *hl = NULL;
	char errbuf[CURL_ERROR_SIZE];
	CURLcode rc = CURLE_OK;
	int attempt;

	*body = NULL;
	*status = 0;
	for (; headers && *headers; headers++)
		hl = curl_slist_append(hl, *headers);
	for (attempt = 1; attempt <= GX_HTTP_ATTEMPTS; attempt++) {
		if (attempt > 1) {
			/* 0.2 s, 0.4 s, ...: a struggling server gets air. */
			struct timespec ts = { 0, 200000000L << (attempt - 2) };

			nanosleep(&ts, NULL);
		}
		free(h->buf);
		h->buf = NULL;
		h->len = 0;
		h->overflow = 0;
		errbuf[0] = '\0';
		curl_easy_setopt(h->curl, CURLOPT_URL, url);
		curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hl);
		curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, collect);
		curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
		curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, errbuf);
		curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, timeout_ms);
		curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS,
		    timeout_ms < 5000 ? timeout_ms : 5000L);
		curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, 2L);
		curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "gx/0.1");
		rc = curl_easy_perform(h->curl);
		*status = 0;
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, status);
		if (rc == CURLE_OK && *status < 500)
			break;
		if (rc == CURLE_WRITE_ERROR && h->overflow)
			break;
	}
	curl_slist_free_all(hl);
	if (h->overflow)
		return gx_err_set(err, GX_UNAVAILABLE, "%s: the answer is larger "
		    "than %d bytes", url, GX_HTTP_MAX_BODY);
	if (rc != CURLE_OK)
		return gx_err_set(err, GX_UNAVAILABLE, "%s: %s (after %d "
		    "attempts)", url, errbuf[0] ? errbuf : curl_easy_strerror(rc),
		    GX_HTTP_ATTEMPTS);
	*body = h->buf ? h->buf : gx_xstrdup("");
	h->buf = NULL;
	h->len = 0;
	return 0;
}
