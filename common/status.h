/*
 * status.h - what the gx umbrella asks of the whole database: its status
 * (path, schema, size and counts) and the candidates of the bash
 * completion.
 */
#ifndef GX_STATUS_H
#define GX_STATUS_H

#include <jansson.h>

#include "db.h"

/* The status record (caller owns), or NULL with *err. */
json_t *gx_status(struct gx_db *db, struct gx_err *err);

/*
 * Completion candidates: "handles", "slugs" (campaigns), "groups" or
 * "codes" starting with prefix, or "cases" (the newest open or approved
 * case ids); at most 100, each passed to fn.  GX_USAGE for another kind.
 */
int gx_complete(struct gx_db *db, const char *kind, const char *prefix,
    void (*fn)(const char *text, void *ctx), void *ctx, struct gx_err *err);

#endif
