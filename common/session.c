/* session.c - opening the database as an actor; walking references. */
#include "session.h"
#include "input.h"
#include "clock.h"
#include "jsonl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct gx_db *
gx_session_open(struct gx_actor *a)
{
	struct gx_err e = { 0, "" };
	struct gx_db *db;

	if (gx_db_open(gx_opts.db_url, &db, &e) != 0)
		exit(gx_err_report(&e));
	if (gx_actor_resolve(db, gx_opts.actor, a, &e) != 0) {
		gx_db_close(db);
		exit(gx_err_report(&e));
	}
	if (gx_opts.reveal && !a->staff) {
		gx_db_close(db);
		gx_die(GX_NOPERM, "only staff may --reveal phone numbers");
	}
	return db;
}

void
gx_session_start(struct gx_session *s, void *args, const char *const *fields,
    const char *const *table)
{
	s->db = gx_session_open(&s->actor);
	s->now = gx_now();
	s->out = gx_out_new(fields, table);
	s->args = args;
}

int
gx_session_end(struct gx_session *s, int rc)
{
	gx_out_close(s->out);
	gx_db_close(s->db);
	return rc;
}

int
gx_session_done(struct gx_session *s, int rc, const struct gx_err *err)
{
	if (rc != 0)
		gx_err_report(err);
	return gx_session_end(s, rc);
}

void
gx_session_emit(json_t *rec, void *session)
{
	gx_out_emit(((struct gx_session *)session)->out, rec);
}

void
gx_session_print(struct gx_session *s, json_t *rec, const char *result)
{
	if (result != NULL)
		json_object_set_new(rec, "result", json_string(result));
	gx_out_emit(s->out, rec);
	json_decref(rec);
}

int
gx_session_change(struct gx_session *s, gx_change_fn fn)
{
	struct gx_err e = { 0, "" };
	const char *result = NULL;
	json_t *rec = NULL;
	int rc;

	if ((rc = gx_db_begin(s->db, &e)) != 0)
		return gx_err_report(&e);
	if ((rc = fn(s, &rec, &result, &e)) == 0 &&
	    (rc = gx_db_commit(s->db, &e)) == 0) {
		gx_session_print(s, rec, result);
		return 0;
	}
	json_decref(rec);
	gx_db_rollback(s->db);
	return gx_err_report(&e);
}

/* A reference read ahead of a change: its text and where it came from. */
struct ref {
	char *text;		/* NULL: the line was bad, see err */
	long line;
	struct gx_err err;
};

static int
apply_one(struct gx_db *db, int write, gx_ref_fn fn, void *ctx,
    struct gx_err *e, const char *ref)
{
	int rc;

	if (!write || !gx_opts.keep_going)
		return fn(ref, ctx, e);
	/* Each reference alone, so a bad one leaves the rest. */
	if ((rc = gx_db_savepoint(db, e)) != 0)
		return rc;
	if ((rc = fn(ref, ctx, e)) != 0) {
		gx_db_rollback_to(db);
		return rc;
	}
	return gx_db_release(db, e);
}

int
gx_each_ref(struct gx_db *db, struct gx_out *o, int argc, char **argv,
    const char *const *fields, int mode, gx_ref_fn fn, void *ctx)
{
	int write = (mode & GX_REF_WRITE) != 0;
	struct gx_err e = { 0, "" };
	struct ref *refs = NULL;
	size_t nrefs = 0, cap = 0, i;
	struct gx_input in;
	int rc = 0, status = 0, bad = 0;

	gx_input_init(&in, argc, argv);
	if (gx_input_empty(&in)) {
		char what[32];

		for (i = 0; fields[0][i] && i < sizeof what - 1; i++)
			what[i] = (char)toupper((unsigned char)fields[0][i]);
		what[i] = '\0';
		gx_die(GX_USAGE, "missing %s: give it as an argument or on "
		    "stdin (see '%s --help')", what, gx_progname);
	}
	/* Read every reference first: only the texts are kept. */
	for (;;) {
		char buf[32], where[64];
		const char *ref = NULL;
		json_t *rec;
		long line;
		int r;

		gx_err_clear(&e);
		if ((r = gx_input_next(&in, &rec, &line, &e)) == 0)
			break;
		if (r > 0 && (ref = gx_input_ref_buf(rec, fields, buf,
		    sizeof buf)) == NULL)
			gx_err_set(&e, GX_DATAERR, "no %s in record", fields[0]);
		if (nrefs == cap) {
			cap = cap ? 2 * cap : 64;
			refs = gx_xrealloc(refs, cap * sizeof *refs);
		}
		refs[nrefs].text = ref ? gx_xstrdup(ref) : NULL;
		refs[nrefs].line = line;
		refs[nrefs].err = e;
		if (ref == NULL && strncmp(e.msg, "stdin:", 6) != 0)
			gx_err_prefix(&refs[nrefs].err, gx_input_where(&in,
			    line, where, sizeof where));
		nrefs++;
		json_decref(rec);
	}
	gx_input_release(&in);
	if (write) {
		gx_out_hold(o);
		if ((rc = gx_db_begin(db, &e)) != 0)
			goto out;
	}
	for (i = 0; i < nrefs; i++) {
		char where[64];

		e = refs[i].err;
		if (refs[i].text != NULL) {
			gx_err_clear(&e);
			apply_one(db, write, fn, ctx, &e, refs[i].text);
			if (e.code != 0 && refs[i].line > 0) {
				snprintf(where, sizeof where, "%s:%ld: ",
				    in.from_stdin ? "stdin" : "args",
				    refs[i].line);
				gx_err_prefix(&e, where);
			}
		}
		if (e.code == 0)
			continue;
		if (!write) {
			gx_err_report(&e);
			if (status == 0 || e.code != GX_NOTFOUND)
				status = e.code;
			if (mode & GX_REF_STOP)
				break;
			continue;
		}
		if (!gx_opts.keep_going || e.code != GX_DATAERR) {
			rc = e.code;
			break;
		}
		gx_jsonl_report_error(refs[i].line, &e);
		bad++;
	}
	if (write && rc == 0)
		rc = gx_db_commit(db, &e);
	else if (write)
		gx_db_rollback(db);
out:
	for (i = 0; i < nrefs; i++)
		free(refs[i].text);
	free(refs);
	if (!write)
		return status;
	gx_out_release(o, rc == 0);
	if (rc != 0)
		return gx_err_report(&e);
	if (bad) {
		gx_error("%d bad record%s skipped", bad, bad == 1 ? "" : "s");
		return GX_DATAERR;
	}
	return 0;
}
