/*
 * export.h - every row of every table as type-tagged JSON lines, in a
 * stable order, and the way back into an empty database.
 */
#ifndef GX_EXPORT_H
#define GX_EXPORT_H

#include <stdio.h>

#include "db.h"
#include "jsonl.h"

/* Write a header line {"type":"gx-export",...} and then every row, table
 * by table in dependency order, rows by id. */
int gx_export(struct gx_db *db, FILE *f, struct gx_err *err);

/* Load an export into an empty database in one transaction, ids kept and
 * no audit rows added (the export carries its own).  A non-empty database,
 * a schema version mismatch or a bad record is GX_DATAERR. */
int gx_import(struct gx_db *db, struct gx_jsonl *r, struct gx_err *err);

/* Rows in all exported tables; -1 on error. */
int64_t gx_db_rows(struct gx_db *db, struct gx_err *err);

#endif
