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
