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

/* Write obj as one compact line to f; returns 0 or -1 on a write error. */
int gx_jsonl_write(FILE *f, const json_t *obj);

#endif
