/* session.c - opening the database as an actor; walking references. */
#include "session.h"
#include "input.h"

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

int
gx_each_ref(struct gx_db *db, struct gx_out *o, int argc, char **argv,
    const char *const *fields, int write, gx_ref_fn fn, void *ctx)
{
	struct gx_err e = { 0, "" };
	struct gx_input in;
	int rc = 0, status = 0, bad = 0;

	gx_input_init(&in, argc, argv);
	if (gx_input_empty(&in)) {
		char what[32];
		size_t i;

		for (i = 0; fields[0][i] && i < sizeof what - 1; i++)
			what[i] = (char)toupper((unsigned char)fields[0][i]);
		what[i] = '\0';
		gx_die(GX_USAGE, "missing %s: give it as an argument or on "
		    "stdin (see '%s --help')", what, gx_progname);
	}
	if (write) {
		gx_out_hold(o);
		if ((rc = gx_db_begin(db, &e)) != 0) {
			gx_input_release(&in);
			return gx_err_report(&e);
		}
	}
	for (;;) {
		const char *ref;
		char where[64];
		json_t *rec;
		long line;
		int r;

		gx_err_clear(&e);
		if ((r = gx_input_next(&in, &rec, &line, &e)) == 0)
			break;
		if (r > 0 && (ref = gx_input_ref(rec, fields)) == NULL)
			r = -1, gx_err_set(&e, GX_DATAERR, "no %s in record",
			    fields[0]);
		if (r > 0 && write && gx_opts.keep_going) {
			/* Each reference alone, so a bad one leaves the rest. */
			if (gx_db_savepoint(db, &e) == 0) {
				if (fn(ref, rec, ctx, &e) != 0)
					gx_db_rollback_to(db);
				else
					gx_db_release(db, &e);
			}
		} else if (r > 0) {
			fn(ref, rec, ctx, &e);
		}
		json_decref(rec);
		if (e.code == 0)
			continue;
		if (strncmp(e.msg, "stdin:", 6) != 0)
			gx_err_prefix(&e, gx_input_where(&in, line, where,
			    sizeof where));
		if (!write) {
			gx_err_report(&e);
			if (status == 0 || e.code != GX_NOTFOUND)
				status = e.code;
			continue;
		}
		if (!gx_opts.keep_going || e.code != GX_DATAERR) {
			rc = e.code;
			break;
		}
		gx_err_report(&e);
		bad++;
	}
	gx_input_release(&in);
	if (!write)
		return status;
	if (rc != 0) {
		gx_db_rollback(db);
		gx_out_release(o, 0);
		return gx_err_report(&e);
	}
	if ((rc = gx_db_commit(db, &e)) != 0) {
		gx_out_release(o, 0);
		return gx_err_report(&e);
	}
	gx_out_release(o, 1);
	return bad ? GX_DATAERR : 0;
}
