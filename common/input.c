/* input.c - references from arguments or stdin. */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
gx_stdin_is_data(void)
{
	struct stat sb;

	if (fstat(0, &sb) != 0)
		return 0;
	/* Not a terminal, not /dev/null: cron and CI jobs have those. */
	return S_ISFIFO(sb.st_mode) || S_ISREG(sb.st_mode) ||
	    S_ISSOCK(sb.st_mode);
}

void
gx_input_init(struct gx_input *in, int argc, char **argv)
{
	memset(in, 0, sizeof *in);
	in->argc = argc;
	in->argv = argv;
	if ((argc == 1 && strcmp(argv[0], "-") == 0) ||
	    (argc == 0 && gx_stdin_is_data())) {
		in->from_stdin = 1;
		in->argc = 0;
		gx_jsonl_init(&in->r, 0, "stdin");
	}
}

void
gx_input_release(struct gx_input *in)
{
	if (in->from_stdin)
		gx_jsonl_release(&in->r);
}

int
gx_input_empty(const struct gx_input *in)
{
	return !in->from_stdin && in->argc == 0;
}

int
gx_input_next(struct gx_input *in, json_t **rec, long *line,
    struct gx_err *err)
{
	int rc;

	*rec = NULL;
	if (in->from_stdin) {
		rc = gx_jsonl_next(&in->r, rec, err);
		*line = in->r.lineno;
		return rc;
	}
	*line = 0;
	if (in->i >= in->argc)
		return 0;
	if ((*rec = json_string(in->argv[in->i++])) == NULL)
		return gx_err_set(err, GX_DATAERR, "argument %d is not UTF-8",
		    in->i), -1;
	return 1;
}

const char *
gx_input_ref(const json_t *rec, const char *const *fields)
{
	if (json_is_string(rec))
		return json_string_value(rec);
	if (!json_is_object(rec))
		return NULL;
	for (; *fields; fields++) {
		json_t *v = json_object_get(rec, *fields);

		if (json_is_string(v))
			return json_string_value(v);
	}
	return NULL;
}

const char *
gx_input_ref_buf(const json_t *rec, const char *const *fields, char *buf,
    size_t n)
{
	if (json_is_string(rec))
		return json_string_value(rec);
	if (!json_is_object(rec))
		return NULL;
	for (; *fields; fields++) {
		json_t *v = json_object_get(rec, *fields);

		if (json_is_string(v))
			return json_string_value(v);
		if (json_is_integer(v)) {
			snprintf(buf, n, "%" JSON_INTEGER_FORMAT,
			    json_integer_value(v));
			return buf;
		}
	}
	return NULL;
}

int
gx_input_id(const char *ref, const char *what, int64_t *id,
    struct gx_err *err)
{
	char *end;

	errno = 0;
	*id = strtoll(ref, &end, 10);
	if (*ref == '\0' || *end != '\0' || *id < 1 || errno == ERANGE)
		return gx_err_set(err, GX_DATAERR, "'%s' is not %s", ref, what);
	return 0;
}

const char *
gx_input_where(const struct gx_input *in, long line, char *buf, size_t n)
{
	if (line <= 0)
		return "";
	snprintf(buf, n, "%s:%ld: ", in->from_stdin ? in->r.name : "args",
	    line);
	return buf;
}
