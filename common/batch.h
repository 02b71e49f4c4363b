/*
 * batch.h - apply a stream of JSON-lines records as one transaction, with
 * parsing and validation running in a second thread while this one writes
 * to the database, in constant memory (a fixed ring of parsed records).
 *
 * A bad record rolls the whole batch back, unless keep_going: then each good
 * record is kept (a savepoint each), each bad one is reported on stderr as
 * {"type":"error","line":N,"error":"..."}, and the result is GX_DATAERR.
 */
#ifndef GX_BATCH_H
#define GX_BATCH_H

#include <jansson.h>

#include "db.h"
#include "jsonl.h"

/* Turn one record into a payload (payload_size bytes, zeroed); runs in the
 * parsing thread, so it must not touch the database (ctx is shared: read
 * it only).  0 or an exit code. */
typedef int (*gx_batch_parse_fn)(const json_t *rec, void *payload,
    const void *ctx, struct gx_err *err);
/* Apply one payload in the calling thread, inside the transaction. */
typedef int (*gx_batch_apply_fn)(void *payload, void *ctx,
    struct gx_err *err);
/* Free what a payload holds; called once for every parsed payload,
 * applied or not.  May be NULL. */
typedef void (*gx_batch_release_fn)(void *payload);

/* Called once, after the last record, inside the transaction.  May be
 * NULL. */
typedef int (*gx_batch_finish_fn)(void *ctx, struct gx_err *err);

struct gx_batch {
	size_t payload_size;
	gx_batch_parse_fn parse;
	gx_batch_apply_fn apply;
	gx_batch_release_fn release;
	gx_batch_finish_fn finish;
	void *ctx;
};

int gx_batch_run(struct gx_db *db, struct gx_jsonl *r,
    const struct gx_batch *b, int keep_going, struct gx_err *err);

#endif
