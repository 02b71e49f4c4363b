/*
 * jsonl.h - a streaming JSON-lines reader (line numbers, a per-line size
 * limit, UTF-8 and NUL checks) and writer.  The reader works in constant
 * memory whatever the input size: one buffer of the size limit.
 */
#ifndef GX_JSONL_H
#define GX_JSONL_H

#include <jansson.h>
#include <stdio.h>

#include "cli.h"

/* Default per-line limit; GX_MAX_LINE (bytes) overrides it. */
#define GX_JSONL_MAX_LINE (1024 * 1024)

struct gx_jsonl {
	int fd;			/* input descriptor (not owned) */
	const char *name;	/* "stdin" or the file name, for messages */
	long lineno;		/* number of the line last returned */
	size_t max;		/* per-line limit in bytes */
	char *buf;		/* read buffer */
	size_t start, end;	/* unread bytes are buf[start..end) */
	char *line;		/* the current line, NUL-terminated */
	size_t len;
	int eof;
};

/* Start reading fd; name is borrowed. */
void gx_jsonl_init(struct gx_jsonl *r, int fd, const char *name);
void gx_jsonl_release(struct gx_jsonl *r);

/*
 * The next non-blank line, without its newline, in *line (owned by r, valid
 * until the next call).  Returns 1, 0 at end of input, or -1 for a bad line
 * (over the limit, a NUL byte, invalid UTF-8): *err says "NAME:N: what",
 * and the line has been consumed so reading may go on.
 */
int gx_jsonl_read(struct gx_jsonl *r, const char **line, size_t *len,
    struct gx_err *err);

/*
 * The next record: a JSON object, or for a line that is not JSON (a bare
 * reference such as a handle) a JSON string of the trimmed line.  Returns 1
 * with *rec (caller owns), 0 at end, -1 for a bad line (*err filled,
 * GX_DATAERR, "NAME:N: ...").
 */
int gx_jsonl_next(struct gx_jsonl *r, json_t **rec, struct gx_err *err);

/* Parse one line as gx_jsonl_next does. */
int gx_jsonl_parse(const char *line, size_t len, const char *name,
    long lineno, json_t **rec, struct gx_err *err);

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int gx_utf8_valid(const char *s, size_t n);

/*
 * A small JSON text builder over a fixed buffer, for hot paths where
 * building a json_t would cost more than the work itself.  Output matches
 * jansson's compact form.  After an overflow b->len is past b->cap and
 * the text must not be used.
 */
struct gx_jbuf {
	char *buf;
	size_t len, cap;
	int first;		/* no comma before the next member */
	int grow;		/* 1: grows, from a stack buffer; 2: on the heap */
};
void gx_jbuf_init(struct gx_jbuf *b, char *buf, size_t cap);
void gx_jbuf_raw(struct gx_jbuf *b, const char *s);
/* "key":"value" (value NULL: null), "key":n, "key":true|false. */
void gx_jbuf_str(struct gx_jbuf *b, const char *key, const char *v);
void gx_jbuf_int(struct gx_jbuf *b, const char *key, long long v);
void gx_jbuf_bool(struct gx_jbuf *b, const char *key, int v);
/* 1 if everything fitted (the buffer is then NUL-terminated). */
int gx_jbuf_ok(struct gx_jbuf *b);

/*
 * Under --keep-going: report a bad record on stderr as
 * {"type":"error","line":N,"error":"..."} (the message without its
 * "NAME:N: " prefix).
 */
void gx_jsonl_report_error(long line, const struct gx_err *e);
/* msg without a leading "NAME:N: " (borrowed). */
const char *gx_err_strip_where(const char *msg);

/*
 * Write obj as one compact line to f, as jansson's JSON_COMPACT |
 * JSON_REAL_PRECISION(6) would (but several times faster: every record a
 * command prints goes through here).  Returns 0 or -1 on a write error.
 */
int gx_jsonl_write(FILE *f, const json_t *obj);

#endif
