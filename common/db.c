/* db.c - the SQLite backend: open by URL, migrate, transactions, cache. */
#include "db.h"
#include "clock.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GX_MAX_PARAMS 32
#define GX_CACHE_SIZE 64
#define GX_BUSY_MS 5000
#define GX_BEGIN_TRIES 5

struct gx_stmt {
	const char *key;		/* the caller's sql pointer */
	char *sql;			/* our copy, to match by text */
	sqlite3_stmt *st;
	struct gx_db *db;
	int map[GX_MAX_PARAMS + 1];	/* $n -> sqlite parameter index */
	int returning_id;		/* RETURNING id done by hand, below */
	int synth;			/* 1: the id row is current */
	int64_t id;
};

struct gx_db {
	sqlite3 *h;
	char *path;
	int depth;			/* 0 none, 1 transaction, >1 savepoints */
	int nstmt;
	struct gx_stmt stmts[GX_CACHE_SIZE];
};

static const struct migration {
	int version;
	const char *sql;
} migrations[] = {
#include "migrations.inc"
};
#define NMIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

/* Map an SQLite result code to a gx exit code and message. */
static int
db_fail(struct gx_db *db, int rc, struct gx_err *err, const char *what)
{
	const char *m = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	int code;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return gx_err_set(err, GX_TEMPFAIL,
		    "database is busy, try again later (%s)", m);
	case SQLITE_CONSTRAINT:
		code = GX_DATAERR;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		code = GX_NOPERM;
		break;
	case SQLITE_CANTOPEN:
		code = GX_NOINPUT;
		break;
	case SQLITE_MISMATCH:
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		code = GX_DATAERR;
		break;
	case SQLITE_FULL:
	case SQLITE_IOERR:
		code = GX_SOFTWARE;
		break;
	default:
		code = GX_SOFTWARE;
	}
	return gx_err_set(err, code, "%s: %s", what, m);
}

const char *
gx_db_path(const struct gx_db *db)
{
	return db->path;
}

static int
mkdir_p(char *dir, struct gx_err *err)
{
	char *p;

	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				int e = errno;

				*p = c;
				return gx_err_set(err, e == EACCES || e == EPERM ||
				    e == EROFS ? GX_NOPERM : GX_NOINPUT,
				    "cannot create directory '%s': %s", dir,
				    strerror(e));
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

/* Resolve url to a file path (caller frees), or fail with a usage error. */
static char *
url_path(const char *url, struct gx_err *err)
{
	const char *base, *home;
	char *path;

	if (url == NULL || *url == '\0') {
		base = getenv("XDG_DATA_HOME");
		if (base != NULL && *base == '/') {
			if (asprintf(&path, "%s/gx/gx.db", base) < 0)
				path = NULL;
		} else {
			if ((home = getenv("HOME")) == NULL || *home == '\0') {
				gx_err_set(err, GX_USAGE, "no database: set --db, "
				    "GX_DB or HOME");
				return NULL;
			}
			if (asprintf(&path, "%s/.local/share/gx/gx.db", home) < 0)
				path = NULL;
		}
		if (path == NULL)
			gx_die(GX_SOFTWARE, "out of memory");
		return path;
	}
	if (strncmp(url, "sqlite:", 7) == 0) {
		url += 7;
		if (strncmp(url, "//", 2) == 0)
			url += 2;
	} else if (strstr(url, "://") != NULL) {
		gx_err_set(err, GX_USAGE, "unsupported database URL '%s' "
		    "(this build speaks SQLite: PATH or sqlite:PATH)", url);
		return NULL;
	}
	if (*url == '\0') {
		gx_err_set(err, GX_USAGE, "empty database path");
		return NULL;
	}
	return gx_xstrdup(url);
}

/* Create the file (0600) and its directory (0700) if missing. */
static int
ensure_file(const char *path, struct gx_err *err)
{
	char *dir, *slash;
	int fd, rc = 0;

	if (access(path, F_OK) == 0)
		return 0;
	dir = gx_xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		rc = mkdir_p(dir, err);
	}
	free(dir);
	if (rc != 0)
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return gx_err_set(err, errno == EACCES || errno == EROFS ?
		    GX_NOPERM : GX_NOINPUT, "cannot create database '%s': %s",
		    path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

/* Substitute the backend's key DDL for {{id}}. */
static char *
ddl_for_sqlite(const char *sql)
{
	static const char tok[] = "{{id}}", key[] = "INTEGER PRIMARY KEY";
	size_t n = 0, len = strlen(sql);
	const char *p;
	char *out, *o;

	for (p = sql; (p = strstr(p, tok)) != NULL; p += sizeof tok - 1)
		n++;
	out = o = gx_xmalloc(len + n * sizeof key + 1);
	for (p = sql; *p; ) {
		if (strncmp(p, tok, sizeof tok - 1) == 0) {
			memcpy(o, key, sizeof key - 1);
			o += sizeof key - 1;
			p += sizeof tok - 1;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

int
gx_db_schema_latest(void)
{
	return migrations[NMIGRATIONS - 1].version;
}

static int
current_version(struct gx_db *db)
{
	sqlite3_stmt *st;
	int v = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT max(version) FROM "
	    "schema_migrations", -1, &st, NULL) != SQLITE_OK)
		return 0;	/* a new database: no table yet */
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
gx_db_schema_version(struct gx_db *db)
{
	return current_version(db);
}

/* Bring the schema from version v (read at open) to the latest. */
static int
migrate(struct gx_db *db, int v, struct gx_err *err)
{
	char now[GX_TIME_LEN];
	int rc = 0;

	if (v >= gx_db_schema_latest())
		return 0;
	if ((rc = gx_db_begin(db, err)) != 0)
		return rc;
	v = current_version(db);	/* another process may have won */
	if (v == 0)
		rc = gx_db_exec(db, "CREATE TABLE IF NOT EXISTS "
		    "schema_migrations (version INTEGER PRIMARY KEY, "
		    "applied_at TEXT NOT NULL)", err);
	gx_time_format(gx_now(), now);
	for (int i = 0; rc == 0 && i < NMIGRATIONS; i++) {
		struct gx_stmt *st;
		char *sql;

		if (migrations[i].version <= v)
			continue;
		sql = ddl_for_sqlite(migrations[i].sql);
		rc = gx_db_exec(db, sql, err);
		free(sql);
		if (rc != 0)
			break;
		st = gx_db_prepare(db, "INSERT INTO schema_migrations "
		    "(version, applied_at) VALUES ($1, $2)", err);
		if (st == NULL) {
			rc = err->code;
			break;
		}
		gx_stmt_bind_int(st, 1, migrations[i].version);
		gx_stmt_bind_text(st, 2, now);
		if (gx_stmt_step(st, err) < 0)
			rc = err->code;
	}
	if (rc != 0) {
		gx_db_rollback(db);
		return rc;
	}
	return gx_db_commit(db, err);
}

int
gx_db_open(const char *url, struct gx_db **out, struct gx_err *err)
{
	struct gx_db *db;
	char *path;
	int rc, v;

	*out = NULL;
	if ((path = url_path(url, err)) == NULL)
		return err->code;
	if ((rc = ensure_file(path, err)) != 0) {
		free(path);
		return rc;
	}
	db = gx_xcalloc(1, sizeof *db);
	db->path = path;
	/* One connection per process, used by one thread: no SQLite mutexes. */
	rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(db, rc, err, path);
		gx_db_close(db);
		return rc;
	}
	sqlite3_busy_timeout(db->h, GX_BUSY_MS);
	sqlite3_extended_result_codes(db->h, 0);
	/* A file that is not a database fails on the first read. */
	/* A 32 MiB page cache (allocated only as pages are used) keeps a
	 * bulk insert's index pages in memory instead of spilling them. */
	rc = sqlite3_exec(db->h, "PRAGMA foreign_keys=ON; "
	    "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768", NULL, NULL,
	    NULL);
	/* Switching a new file to WAL needs it to itself; processes that
	 * open it together take turns (the busy handler does not cover
	 * this pragma). */
	v = rc == SQLITE_OK ? current_version(db) : 0;
	for (int i = 0; rc == SQLITE_OK && v == 0; i++) {
		struct timespec ts = { 0, 10000000L };

		rc = sqlite3_exec(db->h, "PRAGMA journal_mode=WAL", NULL, NULL,
		    NULL);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || i == 200)
			break;
		nanosleep(&ts, NULL);
		rc = SQLITE_OK;
		v = current_version(db);	/* another may have done it */
	}
	if (rc != SQLITE_OK) {
		rc = db_fail(db, rc, err, path);
		gx_db_close(db);
		return rc;
	}
	if ((rc = migrate(db, v, err)) != 0) {
		gx_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

void
gx_db_close(struct gx_db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < db->nstmt; i++) {
		sqlite3_finalize(db->stmts[i].st);
		free(db->stmts[i].sql);
	}
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int64_t
gx_db_changes(struct gx_db *db)
{
	return sqlite3_changes(db->h);
}

int
gx_db_exec(struct gx_db *db, const char *sql, struct gx_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		sqlite3_free(msg);
		return db_fail(db, rc, err, "database");
	}
	return 0;
}

int
gx_db_begin(struct gx_db *db, struct gx_err *err)
{
	int rc = SQLITE_OK;

	if (db->depth > 0)
		return gx_db_savepoint(db, err);
	for (int i = 0; i < GX_BEGIN_TRIES; i++) {
		rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		struct timespec ts = { 0, 50000000L << i };
		nanosleep(&ts, NULL);
	}
	if (rc != SQLITE_OK)
		return db_fail(db, rc, err, "cannot start a transaction");
	db->depth = 1;
	return 0;
}

int
gx_db_commit(struct gx_db *db, struct gx_err *err)
{
	int rc;

	if (db->depth > 1)
		return gx_db_release(db, err);
	rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(db, rc, err, "cannot commit");
		gx_db_rollback(db);
		return rc;
	}
	db->depth = 0;
	return 0;
}

void
gx_db_rollback(struct gx_db *db)
{
	if (db->depth > 1) {
		gx_db_rollback_to(db);
		return;
	}
	if (db->depth == 1)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->depth = 0;
}

int
gx_db_savepoint(struct gx_db *db, struct gx_err *err)
{
	char sql[32];
	int rc;

	snprintf(sql, sizeof sql, "SAVEPOINT gx%d", db->depth);
	if ((rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return db_fail(db, rc, err, "savepoint");
	db->depth++;
	return 0;
}

int
gx_db_release(struct gx_db *db, struct gx_err *err)
{
	char sql[32];
	int rc;

	db->depth--;
	snprintf(sql, sizeof sql, "RELEASE gx%d", db->depth);
	if ((rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return db_fail(db, rc, err, "release");
	return 0;
}

void
gx_db_rollback_to(struct gx_db *db)
{
	char sql[64];

	db->depth--;
	snprintf(sql, sizeof sql, "ROLLBACK TO gx%d; RELEASE gx%d", db->depth,
	    db->depth);
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

int
gx_db_in_transaction(const struct gx_db *db)
{
	return db->depth > 0;
}

/*
 * SQLite 3.40 runs RETURNING through a temporary table: on a bulk insert it
 * costs about 4 us a row, as much as the insert itself.  A single-row
 * INSERT ... VALUES ... RETURNING id is therefore run without the clause,
 * and its row made from sqlite3_last_insert_rowid().  Returns the length
 * of sql to compile.
 */
static size_t
strip_returning_id(const char *sql, int *stripped)
{
	static const char ret[] = " RETURNING id";
	size_t len = strlen(sql), rl = sizeof ret - 1;

	*stripped = len > rl && strcmp(sql + len - rl, ret) == 0 &&
	    strncmp(sql, "INSERT ", 7) == 0 && strstr(sql, " VALUES ") &&
	    strstr(sql, "SELECT") == NULL;
	return *stripped ? len - rl : len;
}

struct gx_stmt *
gx_db_prepare(struct gx_db *db, const char *sql, struct gx_err *err)
{
	struct gx_stmt *s = NULL;
	sqlite3_stmt *st;
	int rc, n, stripped;
	size_t len;

	for (int i = 0; i < db->nstmt; i++)
		if (db->stmts[i].key == sql || strcmp(db->stmts[i].sql, sql) == 0) {
			s = &db->stmts[i];
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			s->synth = 0;
			return s;
		}
	len = strip_returning_id(sql, &stripped);
	rc = sqlite3_prepare_v2(db->h, sql, (int)len, &st, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, err, "cannot prepare statement");
		return NULL;
	}
	if (db->nstmt == GX_CACHE_SIZE) {
		/* Full: evict the oldest. */
		sqlite3_finalize(db->stmts[0].st);
		free(db->stmts[0].sql);
		memmove(&db->stmts[0], &db->stmts[1],
		    (GX_CACHE_SIZE - 1) * sizeof db->stmts[0]);
		db->nstmt--;
	}
	s = &db->stmts[db->nstmt++];
	memset(s, 0, sizeof *s);
	s->key = sql;
	s->sql = gx_xstrdup(sql);
	s->st = st;
	s->db = db;
	s->returning_id = stripped;
	n = sqlite3_bind_parameter_count(st);
	for (int i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		int k;

		if (name != NULL && name[0] == '$' &&
		    (k = atoi(name + 1)) > 0 && k <= GX_MAX_PARAMS)
			s->map[k] = i;
	}
	return s;
}

void
gx_stmt_bind_text(struct gx_stmt *s, int n, const char *v)
{
	if (n < 1 || n > GX_MAX_PARAMS || s->map[n] == 0)
		return;
	if (v == NULL)
		sqlite3_bind_null(s->st, s->map[n]);
	else
		sqlite3_bind_text(s->st, s->map[n], v, -1, SQLITE_TRANSIENT);
}

void
gx_stmt_bind_text_ref(struct gx_stmt *s, int n, const char *v)
{
	if (n < 1 || n > GX_MAX_PARAMS || s->map[n] == 0)
		return;
	if (v == NULL)
		sqlite3_bind_null(s->st, s->map[n]);
	else
		sqlite3_bind_text(s->st, s->map[n], v, -1, SQLITE_STATIC);
}

void
gx_stmt_bind_int(struct gx_stmt *s, int n, int64_t v)
{
	if (n >= 1 && n <= GX_MAX_PARAMS && s->map[n] != 0)
		sqlite3_bind_int64(s->st, s->map[n], v);
}

void
gx_stmt_bind_null(struct gx_stmt *s, int n)
{
	if (n >= 1 && n <= GX_MAX_PARAMS && s->map[n] != 0)
		sqlite3_bind_null(s->st, s->map[n]);
}

int
gx_stmt_step(struct gx_stmt *s, struct gx_err *err)
{
	int rc;

	if (s->synth) {
		s->synth = 0;
		return 0;
	}
	rc = sqlite3_step(s->st);
	if (rc == SQLITE_DONE && s->returning_id &&
	    sqlite3_changes(s->db->h) > 0) {
		s->id = sqlite3_last_insert_rowid(s->db->h);
		s->synth = 1;
		sqlite3_reset(s->st);
		return 1;
	}
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s->st);
		return 0;
	}
	rc = sqlite3_reset(s->st);
	db_fail(s->db, rc, err, "database");
	return -1;
}

void
gx_stmt_reset(struct gx_stmt *s)
{
	s->synth = 0;
	sqlite3_reset(s->st);
}

int
gx_stmt_ncols(struct gx_stmt *s)
{
	return s->returning_id ? 1 : sqlite3_column_count(s->st);
}

int
gx_stmt_col_is_int(struct gx_stmt *s, int col)
{
	const char *t = s->returning_id ? "INTEGER" :
	    sqlite3_column_decltype(s->st, col);

	return t != NULL && strstr(t, "INT") != NULL;
}

const char *
gx_stmt_colname(struct gx_stmt *s, int col)
{
	return s->returning_id ? "id" : sqlite3_column_name(s->st, col);
}

enum gx_coltype
gx_stmt_coltype(struct gx_stmt *s, int col)
{
	if (s->synth)
		return GX_COL_INT;
	switch (sqlite3_column_type(s->st, col)) {
	case SQLITE_INTEGER: return GX_COL_INT;
	case SQLITE_FLOAT: return GX_COL_REAL;
	case SQLITE_NULL: return GX_COL_NULL;
	default: return GX_COL_TEXT;
	}
}

int64_t
gx_stmt_int(struct gx_stmt *s, int col)
{
	return s->synth ? s->id : sqlite3_column_int64(s->st, col);
}

const char *
gx_stmt_text(struct gx_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s->st, col);
}

void
gx_stmt_row_into(struct gx_stmt *s, json_t *o, int ncols)
{
	int n = sqlite3_column_count(s->st);

	if (s->synth) {
		json_object_set_new(o, "id", json_integer(s->id));
		return;
	}
	if (ncols >= 0 && ncols < n)
		n = ncols;
	for (int i = 0; i < n; i++) {
		json_t *v;

		switch (sqlite3_column_type(s->st, i)) {
		case SQLITE_INTEGER:
			v = json_integer(sqlite3_column_int64(s->st, i));
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(s->st, i));
			break;
		case SQLITE_NULL:
			v = json_null();
			break;
		default:
			v = json_stringn((const char *)sqlite3_column_text(s->st,
			    i), (size_t)sqlite3_column_bytes(s->st, i));
		}
		if (v == NULL)
			gx_die(GX_SOFTWARE, "out of memory");
		json_object_set_new_nocheck(o, sqlite3_column_name(s->st, i), v);
	}
}

json_t *
gx_stmt_row_json(struct gx_stmt *s)
{
	json_t *o = json_object();

	if (o == NULL)
		gx_die(GX_SOFTWARE, "out of memory");
	gx_stmt_row_into(s, o, -1);
	return o;
}

int64_t
gx_db_int(struct gx_db *db, const char *sql, struct gx_err *err)
{
	struct gx_stmt *s = gx_db_prepare(db, sql, err);
	int64_t v = -1;
	int rc;

	if (s == NULL)
		return -1;
	if ((rc = gx_stmt_step(s, err)) == 1)
		v = gx_stmt_int(s, 0);
	else if (rc == 0)
		v = 0;
	gx_stmt_reset(s);
	return v;
}
