/* jsonl.c - streaming JSON-lines reader and writer. */
#include "jsonl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK 65536

void
gx_jsonl_init(struct gx_jsonl *r, int fd, const char *name)
{
	const char *e = getenv("GX_MAX_LINE");

	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->name = name;
	r->max = GX_JSONL_MAX_LINE;
	if (e != NULL && atol(e) > 0)
		r->max = (size_t)atol(e);
	/* Room for a whole line at the limit plus one read chunk. */
	r->buf = gx_xmalloc(r->max + READ_CHUNK + 2);
}

void
gx_jsonl_release(struct gx_jsonl *r)
{
	free(r->buf);
	r->buf = NULL;
}

int
gx_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *e = s + n;

	while (s < e) {
		unsigned c = *s;

		if (c < 0x80) {
			s++;
		} else if (c >= 0xc2 && c <= 0xdf) {
			if (e - s < 2 || (s[1] & 0xc0) != 0x80)
				return 0;
			s += 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			if (e - s < 3 || (s[1] & 0xc0) != 0x80 ||
			    (s[2] & 0xc0) != 0x80 ||
			    (c == 0xe0 && s[1] < 0xa0) ||	/* overlong */
			    (c == 0xed && s[1] > 0x9f))		/* surrogate */
				return 0;
			s += 3;
		} else if (c >= 0xf0 && c <= 0xf4) {
			if (e - s < 4 || (s[1] & 0xc0) != 0x80 ||
			    (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80 ||
			    (c == 0xf0 && s[1] < 0x90) ||
			    (c == 0xf4 && s[1] > 0x8f))
				return 0;
			s += 4;
		} else {
			return 0;
		}
	}
	return 1;
}

/* Read more input into the buffer; returns bytes read, 0 at EOF, -1. */
static ssize_t
fill(struct gx_jsonl *r)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	do
		n = read(r->fd, r->buf + r->end, READ_CHUNK);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		r->end += (size_t)n;
	return n;
}

/*
 * Take one raw line.  Returns 1 with r->line/r->len, 0 at EOF, -1 if the
 * line was longer than the limit (skipped to its end), -2 on a read error.
 */
static int
take_line(struct gx_jsonl *r)
{
	int toolong = 0;

	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		size_t avail = r->end - r->start;
		ssize_t n;

		if (nl != NULL) {
			size_t len = (size_t)(nl - (r->buf + r->start));

			r->lineno++;
			if (toolong || len > r->max) {
				r->start += len + 1;
				return -1;
			}
			r->line = r->buf + r->start;
			r->len = len;
			*nl = '\0';
			r->start += len + 1;
			return 1;
		}
		if (avail > r->max) {
			/* Over the limit: drop what we have, keep skipping. */
			toolong = 1;
			r->start = r->end = 0;
		}
		if (r->eof)
			n = 0;
		else if ((n = fill(r)) < 0)
			return -2;
		if (n == 0) {
			r->eof = 1;
			avail = r->end - r->start;
			if (avail == 0 && !toolong)
				return 0;
			/* A last line without a newline. */
			r->lineno++;
			if (toolong || avail > r->max) {
				r->start = r->end = 0;
				return -1;
			}
			r->line = r->buf + r->start;
			r->len = avail;
			r->line[avail] = '\0';
			r->start = r->end = 0;
			return 1;
		}
	}
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

int
gx_jsonl_read(struct gx_jsonl *r, const char **line, size_t *len,
    struct gx_err *err)
{
	int rc;

	for (;;) {
		rc = take_line(r);
		if (rc == 0)
			return 0;
		if (rc == -2)
			return gx_err_set(err, GX_NOINPUT, "%s: read error: %s",
			    r->name, strerror(errno)), -1;
		if (rc == -1)
			return gx_err_set(err, GX_DATAERR, "%s:%ld: line longer "
			    "than %zu bytes", r->name, r->lineno, r->max), -1;
		if (memchr(r->line, '\0', r->len) != NULL)
			return gx_err_set(err, GX_DATAERR, "%s:%ld: NUL byte in "
			    "input", r->name, r->lineno), -1;
		if (!gx_utf8_valid(r->line, r->len))
			return gx_err_set(err, GX_DATAERR, "%s:%ld: invalid "
			    "UTF-8", r->name, r->lineno), -1;
		if (blank(r->line, r->len))
			continue;
		*line = r->line;
		*len = r->len;
		return 1;
	}
}

int
gx_jsonl_parse(const char *line, size_t len, const char *name, long lineno,
    json_t **rec, struct gx_err *err)
{
	json_error_t je;
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (line[i] == '{' || line[i] == '[' || line[i] == '"') {
		*rec = json_loadb(line, len, JSON_REJECT_DUPLICATES |
		    JSON_DECODE_ANY, &je);
		if (*rec == NULL)
			return gx_err_set(err, GX_DATAERR, "%s:%ld: malformed "
			    "JSON at column %d: %s", name, lineno, je.column,
			    je.text), -1;
		if (!json_is_object(*rec) && !json_is_string(*rec)) {
			json_decref(*rec);
			*rec = NULL;
			return gx_err_set(err, GX_DATAERR, "%s:%ld: expected a "
			    "JSON object or a reference", name, lineno), -1;
		}
		return 1;
	}
	while (len > i && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
	    line[len - 1] == '\r'))
		len--;
	if ((*rec = json_stringn(line + i, len - i)) == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	return 1;
}

int
gx_jsonl_next(struct gx_jsonl *r, json_t **rec, struct gx_err *err)
{
	const char *line;
	size_t len;
	int rc;

	*rec = NULL;
	if ((rc = gx_jsonl_read(r, &line, &len, err)) <= 0)
		return rc;
	return gx_jsonl_parse(line, len, r->name, r->lineno, rec, err);
}

void
gx_jbuf_init(struct gx_jbuf *b, char *buf, size_t cap)
{
	b->buf = buf;
	b->len = 0;
	b->cap = cap;
	b->first = 1;
	b->grow = 0;
}

static void
jb_put(struct gx_jbuf *b, const char *s, size_t n)
{
	if (b->grow && b->len + n >= b->cap) {
		size_t cap = b->cap;

		while (b->len + n >= cap)
			cap *= 2;
		if (b->grow == 1) {	/* leaving the caller's stack buffer */
			char *heap = gx_xmalloc(cap);

			memcpy(heap, b->buf, b->len);
			b->buf = heap;
			b->grow = 2;
		} else {
			b->buf = gx_xrealloc(b->buf, cap);
		}
		b->cap = cap;
	}
	if (b->len + n < b->cap)
		memcpy(b->buf + b->len, s, n);
	b->len += n;
}

void
gx_jbuf_raw(struct gx_jbuf *b, const char *s)
{
	jb_put(b, s, strlen(s));
	if (strchr(s, '{') != NULL)
		b->first = 1;
}

static void
jb_string(struct gx_jbuf *b, const char *s)
{
	const char *run = s;

	jb_put(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jb_put(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': jb_put(b, "\\\"", 2); break;
		case '\\': jb_put(b, "\\\\", 2); break;
		case '\n': jb_put(b, "\\n", 2); break;
		case '\t': jb_put(b, "\\t", 2); break;
		case '\r': jb_put(b, "\\r", 2); break;
		case '\b': jb_put(b, "\\b", 2); break;
		case '\f': jb_put(b, "\\f", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", c);
			jb_put(b, esc, 6);
		}
	}
	jb_put(b, run, (size_t)(s - run));
	jb_put(b, "\"", 1);
}

static void
jb_key(struct gx_jbuf *b, const char *key)
{
	if (!b->first)
		jb_put(b, ",", 1);
	b->first = 0;
	jb_string(b, key);
	jb_put(b, ":", 1);
}

void
gx_jbuf_str(struct gx_jbuf *b, const char *key, const char *v)
{
	jb_key(b, key);
	if (v == NULL)
		jb_put(b, "null", 4);
	else
		jb_string(b, v);
}

void
gx_jbuf_int(struct gx_jbuf *b, const char *key, long long v)
{
	char num[32];

	jb_key(b, key);
	jb_put(b, num, (size_t)snprintf(num, sizeof num, "%lld", v));
}

void
gx_jbuf_bool(struct gx_jbuf *b, const char *key, int v)
{
	jb_key(b, key);
	if (v)
		jb_put(b, "true", 4);
	else
		jb_put(b, "false", 5);
}

int
gx_jbuf_ok(struct gx_jbuf *b)
{
	if (b->len >= b->cap)
		return 0;
	b->buf[b->len] = '\0';
	return 1;
}

const char *
gx_err_strip_where(const char *msg)
{
	const char *p = strchr(msg, ':');

	if (p && p[1] >= '0' && p[1] <= '9') {
		const char *q = p + 1;

		while (*q >= '0' && *q <= '9')
			q++;
		if (q[0] == ':' && q[1] == ' ')
			return q + 2;
	}
	return msg;
}

void
gx_jsonl_report_error(long line, const struct gx_err *e)
{
	json_t *o = json_pack("{s:s, s:I, s:s}", "type", "error", "line",
	    (json_int_t)line, "error", gx_err_strip_where(e->msg));

	gx_jsonl_write(stderr, o);
	json_decref(o);
}

/* A real as jansson prints it with JSON_REAL_PRECISION(6). */
static void
jb_real(struct gx_jbuf *b, double d)
{
	char num[64], *e, *p;
	int n = snprintf(num, sizeof num, "%.6g", d);

	if (strspn(num, "0123456789-") == (size_t)n) {
		memcpy(num + n, ".0", 3);	/* keep it a real */
		n += 2;
	}
	/* "1e+20" -> "1e20", "1e-05" -> "1e-5" */
	if ((e = strchr(num, 'e')) != NULL) {
		p = e + 1;
		if (*p == '+')
			memmove(p, p + 1, strlen(p));
		else if (*p == '-')
			p++;
		while (*p == '0' && p[1] != '\0')
			memmove(p, p + 1, strlen(p));
		n = (int)strlen(num);
	}
	jb_put(b, num, (size_t)n);
}

static void
jb_value(struct gx_jbuf *b, const json_t *v)
{
	char num[32];
	const char *key;
	json_t *x;
	size_t i;
	int first = 1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jb_put(b, "{", 1);
		json_object_foreach((json_t *)v, key, x) {
			if (!first)
				jb_put(b, ",", 1);
			first = 0;
			jb_string(b, key);
			jb_put(b, ":", 1);
			jb_value(b, x);
		}
		jb_put(b, "}", 1);
		break;
	case JSON_ARRAY:
		jb_put(b, "[", 1);
		json_array_foreach(v, i, x) {
			if (i > 0)
				jb_put(b, ",", 1);
			jb_value(b, x);
		}
		jb_put(b, "]", 1);
		break;
	case JSON_STRING:
		jb_string(b, json_string_value(v));
		break;
	case JSON_INTEGER:
		jb_put(b, num, (size_t)snprintf(num, sizeof num,
		    "%" JSON_INTEGER_FORMAT, json_integer_value(v)));
		break;
	case JSON_REAL:
		jb_real(b, json_real_value(v));
		break;
	case JSON_TRUE:
		jb_put(b, "true", 4);
		break;
	case JSON_FALSE:
		jb_put(b, "false", 5);
		break;
	default:
		jb_put(b, "null", 4);
	}
}

int
gx_jsonl_write(FILE *f, const json_t *obj)
{
	char stackbuf[4096];
	struct gx_jbuf b;

	gx_jbuf_init(&b, stackbuf, sizeof stackbuf);
	b.grow = 1;	/* big records move to the heap and grow there */
	jb_value(&b, obj);
	jb_put(&b, "\n", 1);
	fwrite(b.buf, 1, b.len, f);
	if (b.grow == 2)
		free(b.buf);
	return ferror(f) ? -1 : 0;
}
