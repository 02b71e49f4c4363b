/*
 * input.h - the references a command acts on: its arguments, or with none
 * (and stdin a pipe, a socket or a regular file) or with the single argument
 * "-", one per line of stdin: a JSON object (the output of another gx
 * command) or a bare reference.
 */
#ifndef GX_INPUT_H
#define GX_INPUT_H

#include <jansson.h>
#include <stdint.h>

#include "jsonl.h"

struct gx_input {
	char **argv;		/* positional references (borrowed) */
	int argc, i;
	int from_stdin;
	struct gx_jsonl r;
};

/* 1 if stdin should be read when no argument is given. */
int gx_stdin_is_data(void);

/* Start iterating over argv[0..argc), or stdin as described above. */
void gx_input_init(struct gx_input *in, int argc, char **argv);
void gx_input_release(struct gx_input *in);

/* 1 if the input has no references at all (no arguments, no stdin). */
int gx_input_empty(const struct gx_input *in);

/*
 * The next record: a JSON object or string (caller owns) and its line number
 * (0 for an argument).  Returns 1, 0 at the end, -1 for a bad line (*err).
 */
int gx_input_next(struct gx_input *in, json_t **rec, long *line,
    struct gx_err *err);

/*
 * The reference in rec: the string itself, or the first of fields (a
 * NULL-terminated list, e.g. {"handle", "user", NULL}) that rec has as a
 * string (or as an integer, written into buf).  Returns NULL if there is
 * none; otherwise a string borrowed from rec or buf.
 */
const char *gx_input_ref(const json_t *rec, const char *const *fields);
const char *gx_input_ref_buf(const json_t *rec, const char *const *fields,
    char *buf, size_t n);

/*
 * A reference that is an id: a positive whole number.  0 with *id, or
 * GX_DATAERR saying "'REF' is not WHAT" (what: "an award id", ...).
 */
int gx_input_id(const char *ref, const char *what, int64_t *id,
    struct gx_err *err);

/* "stdin:N: " or "" for an argument, for messages. */
const char *gx_input_where(const struct gx_input *in, long line, char *buf,
    size_t n);

#endif
