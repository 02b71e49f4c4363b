/*
 * session.h - what every command does around its work: open the database
 * named by the global options, resolve who acts, and walk the references
 * given as arguments or on stdin.
 */
#ifndef GX_SESSION_H
#define GX_SESSION_H

#include <jansson.h>

#include "db.h"
#include "out.h"
#include "user.h"

/*
 * Open gx_opts.db_url and resolve gx_opts.actor into *a; check that only
 * staff --reveal.  Exits with the right code and a message on failure.
 */
struct gx_db *gx_session_open(struct gx_actor *a);

/* What a subcommand works with, from start to end. */
struct gx_session {
	struct gx_db *db;
	struct gx_actor actor;
	struct gx_out *out;
	int64_t now;
	void *args;		/* the subcommand's parsed options (borrowed) */
};

/* Open the database as the actor (gx_session_open), read the clock, and
 * start printing records with these fields. */
void gx_session_start(struct gx_session *s, void *args,
    const char *const *fields, const char *const *table);
/* Close everything; returns rc. */
int gx_session_end(struct gx_session *s, int rc);
/* The same, reporting err first when rc is a failure that err explains
 * (a listing that found nothing leaves err empty and prints nothing). */
int gx_session_done(struct gx_session *s, int rc, const struct gx_err *err);
/* Print rec (borrowed): a callback for the library's listing functions,
 * with the session as ctx. */
void gx_session_emit(json_t *rec, void *session);
/* Print rec with "result" added (if result is not NULL); consumes rec. */
void gx_session_print(struct gx_session *s, json_t *rec, const char *result);

/*
 * One change in its own transaction: fn returns a record (and its result
 * word) that is printed only once the change is committed.  Returns the
 * exit code, the error reported.
 */
typedef int (*gx_change_fn)(struct gx_session *s, json_t **out,
    const char **result, struct gx_err *err);
int gx_session_change(struct gx_session *s, gx_change_fn fn);

/*
 * Called for each reference: ref is the reference text (the record's first
 * of fields that holds a string or an integer, or the bare word).  Return
 * 0 or an exit code with *err.
 */
typedef int (*gx_ref_fn)(const char *ref, void *ctx, struct gx_err *err);

/*
 * Apply fn to each reference in argv[0..argc), or on stdin (see input.h);
 * fields names the record fields that hold a reference.  A change (write
 * = 1) is one transaction whose output is held until it commits: the first
 * failure rolls it back, unless --keep-going, which reports each bad
 * reference and goes on.  A change reads all its references before it
 * takes the write lock, so a writer earlier in the same pipe is never kept
 * waiting.  A lookup (write = 0) reports each reference it cannot find and
 * goes on, ending with exit 1 (GX_REF_STOP: stops there, with its code).
 * Returns the exit code; exits 64 if there are no references at all.
 */
#define GX_REF_WRITE 1	/* one transaction, output held until commit */
#define GX_REF_STOP 2	/* a lookup that stops at its first failure */

int gx_each_ref(struct gx_db *db, struct gx_out *o, int argc, char **argv,
    const char *const *fields, int mode, gx_ref_fn fn, void *ctx);

#endif
