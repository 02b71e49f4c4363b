/*
 * audit.h - the tamper-evident audit log.  Every change a command makes is
 * recorded, inside the same transaction, as a row whose hash covers the
 * previous row's hash:
 *
 *   hash = hex(SHA-256("prev_hash|at|actor|command|action|entity|entity_id|
 *                       details"))
 *
 * with "" for a NULL and 64 zeros as the first row's prev_hash.
 */
#ifndef GX_AUDIT_H
#define GX_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"

#define GX_HASH_HEX 65	/* 64 hex digits and a NUL */

/*
 * Append a row: actor (e.g. "wangwei" or "operator:root"), action ("add"),
 * entity ("user"), entity_id ("wangwei"), details (borrowed, may be NULL).
 * The command is gx_progname.  Call inside a transaction.
 */
int gx_audit_log(struct gx_db *db, int64_t now, const char *actor,
    const char *action, const char *entity, const char *entity_id,
    const json_t *details, struct gx_err *err);

/* The same with details already as JSON text (NULL for none). */
int gx_audit_log_text(struct gx_db *db, int64_t now, const char *actor,
    const char *action, const char *entity, const char *entity_id,
    const char *details, struct gx_err *err);

/*
 * A group of like changes recorded as one row per GX_AUDIT_GROUP of them
 * (details {"ids":[...]}): how a bulk load keeps every change in the
 * chain without doubling the rows it writes.  Flush before commit.
 */
#define GX_AUDIT_GROUP 256

struct gx_audit_group {
	const char *actor, *action, *entity;
	int64_t now;
	json_t *ids;		/* owned; pending entity ids */
};

void gx_audit_group_init(struct gx_audit_group *g, const char *actor,
    const char *action, const char *entity, int64_t now);
int gx_audit_group_add(struct gx_db *db, struct gx_audit_group *g,
    const char *entity_id, struct gx_err *err);
int gx_audit_group_flush(struct gx_db *db, struct gx_audit_group *g,
    struct gx_err *err);
void gx_audit_group_release(struct gx_audit_group *g);

/* Audit rows, newest first (entity NULL: all), each as an "audit"
 * record passed to fn; GX_NOTFOUND if none. */
int gx_audit_list(struct gx_db *db, const char *entity, int64_t limit,
    void (*fn)(json_t *rec, void *ctx), void *ctx, struct gx_err *err);

/* The hash of one row's fields (hex into out[GX_HASH_HEX]). */
void gx_audit_hash(const char *prev, const char *at, const char *actor,
    const char *command, const char *action, const char *entity,
    const char *entity_id, const char *details, char *out);

/*
 * Walk the chain in id order.  Returns 0 with *rows counted, GX_DATAERR
 * with *bad the first row that does not match (*err says why), or another
 * code on a database error.
 */
int gx_audit_verify(struct gx_db *db, int64_t *rows, int64_t *bad,
    struct gx_err *err);

#endif
