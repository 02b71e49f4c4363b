/*
 * db.h - the one database connection.  Only db.c knows the engine (SQLite
 * today); everything else speaks this interface, so a PostgreSQL backend can
 * be added without touching commands.
 *
 * SQL handed to gx_db_prepare uses the subset both engines accept: $1..$n
 * placeholders, INSERT ... ON CONFLICT, RETURNING, WITH RECURSIVE, times as
 * RFC 3339 UTC text bound by the caller.  Statements are cached per
 * connection: the db owns them; callers never finalize.
 */
#ifndef GX_DB_H
#define GX_DB_H

#include <jansson.h>
#include <stdint.h>

#include "cli.h"

struct gx_db;
struct gx_stmt;

enum gx_coltype { GX_COL_NULL, GX_COL_INT, GX_COL_REAL, GX_COL_TEXT };

/*
 * Open the database named by url (a path, sqlite:PATH, or NULL for the
 * default $XDG_DATA_HOME/gx/gx.db), creating the file with mode 0600 and its
 * directory with 0700 when missing, and migrating it to the current schema.
 * Returns 0 and *out, or an exit code with *err filled.
 */
int gx_db_open(const char *url, struct gx_db **out, struct gx_err *err);
/* Close and free; NULL is fine. Finalizes cached statements. */
void gx_db_close(struct gx_db *db);
/* The file the connection uses (owned by db). */
const char *gx_db_path(const struct gx_db *db);
/* The schema version after migration, and the newest one this build has. */
int gx_db_schema_version(struct gx_db *db);
int gx_db_schema_latest(void);

/*
 * Transactions.  gx_db_begin takes the write lock at once (so a reader in the
 * same pipeline never deadlocks with a writer) and retries while the database
 * is busy; after the retries it fails with GX_TEMPFAIL.  Savepoints nest
 * inside a transaction, one level per call.
 */
int gx_db_begin(struct gx_db *db, struct gx_err *err);
int gx_db_commit(struct gx_db *db, struct gx_err *err);
void gx_db_rollback(struct gx_db *db);
int gx_db_savepoint(struct gx_db *db, struct gx_err *err);
int gx_db_release(struct gx_db *db, struct gx_err *err);
void gx_db_rollback_to(struct gx_db *db);
int gx_db_in_transaction(const struct gx_db *db);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t gx_db_changes(struct gx_db *db);

/* Run SQL without parameters or results (DDL, pragmas). */
int gx_db_exec(struct gx_db *db, const char *sql, struct gx_err *err);

/*
 * A prepared, cached statement for sql, reset and with bindings cleared.
 * Returns NULL with *err filled if sql does not compile.
 */
struct gx_stmt *gx_db_prepare(struct gx_db *db, const char *sql,
    struct gx_err *err);

/* Bind $n (1-based).  Text is copied; NULL text binds SQL NULL. */
void gx_stmt_bind_text(struct gx_stmt *st, int n, const char *s);
/* Bind text without copying it: the caller keeps v unchanged until the
 * statement has been stepped and reset (a hot path's saving). */
void gx_stmt_bind_text_ref(struct gx_stmt *st, int n, const char *v);
void gx_stmt_bind_int(struct gx_stmt *st, int n, int64_t v);
void gx_stmt_bind_null(struct gx_stmt *st, int n);

/* Step: 1 a row is ready, 0 done, -1 error (in *err, statement reset). */
int gx_stmt_step(struct gx_stmt *st, struct gx_err *err);
/* Reset so the statement can run again (bindings kept). */
void gx_stmt_reset(struct gx_stmt *st);

int gx_stmt_ncols(struct gx_stmt *st);
/* 1 if the column (of a table, in a SELECT) is declared an integer. */
int gx_stmt_col_is_int(struct gx_stmt *st, int col);
const char *gx_stmt_colname(struct gx_stmt *st, int col);
enum gx_coltype gx_stmt_coltype(struct gx_stmt *st, int col);
int64_t gx_stmt_int(struct gx_stmt *st, int col);
/* Text of a column, valid until the next step or reset; NULL for NULL. */
const char *gx_stmt_text(struct gx_stmt *st, int col);
/* The current row as a new JSON object keyed by column name (caller owns). */
json_t *gx_stmt_row_json(struct gx_stmt *st);
/* The first ncols columns of the current row added to obj (ncols < 0:
 * all), after what obj already holds. */
void gx_stmt_row_into(struct gx_stmt *st, json_t *obj, int ncols);

/* Run a statement expected to return one integer (e.g. count(*)); -1 on
 * error with *err filled. */
int64_t gx_db_int(struct gx_db *db, const char *sql, struct gx_err *err);

#endif
