/*
 * baseline - the fastest plain way to load members into a gx database: one
 * prepared INSERT in one transaction.  It is what `gx-user add` is measured
 * against (the SQLite limit on this machine).
 *
 *	baseline DBFILE < members.tsv
 *
 * DBFILE must already exist with the gx schema (`gx init --db DBFILE`).
 * Input is the TSV of `genmembers --tsv`: handle, name, phone, city,
 * industry, company, title, employed (0/1); an empty field is NULL.  Prints
 * the number of rows inserted.  Links with -lsqlite3 only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <sqlite3.h>

#define NFIELDS	8
#define NOW	"2016-04-01T00:00:00Z"

static const char insert_sql[] =
    "INSERT INTO users (handle, name, phone, city, industry, company, title,"
    " employed, role, status, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'member', 'active', ?9, ?9)";

static void
die_db(sqlite3 *db, const char *what)
{
	fprintf(stderr, "baseline: error: %s: %s\n", what, sqlite3_errmsg(db));
	sqlite3_close(db);
	exit(70);
}

static void
exec(sqlite3 *db, const char *sql)
{
	char *msg;

	msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "baseline: error: %s: %s\n", sql,
		    msg != NULL ? msg : "failed");
		sqlite3_free(msg);
		sqlite3_close(db);
		exit(70);
	}
}

/* Split line (without its newline) at tabs into f[0..NFIELDS). */
static int
split(char *line, char *f[NFIELDS])
{
	char *p;
	int n;

	n = 0;
	f[n++] = line;
	for (p = line; *p != '\0'; p++) {
		if (*p != '\t')
			continue;
		if (n == NFIELDS)
			return -1;
		*p = '\0';
		f[n++] = p + 1;
	}
	return n == NFIELDS ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *line, *f[NFIELDS];
	size_t cap;
	ssize_t len;
	long lineno, rows;
	int i;

	if (argc != 2) {
		fprintf(stderr, "usage: baseline DBFILE < members.tsv\n");
		return 64;
	}
	/* The connection settings of gx itself (common/db.c): no mutexes
	 * for a one-thread connection, a 32 MiB page cache. */
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		die_db(db, argv[1]);
	sqlite3_busy_timeout(db, 5000);
	exec(db, "PRAGMA journal_mode = WAL");
	exec(db, "PRAGMA synchronous = NORMAL");
	exec(db, "PRAGMA foreign_keys = ON");
	exec(db, "PRAGMA cache_size = -32768");
	if (sqlite3_prepare_v2(db, insert_sql, -1, &st, NULL) != SQLITE_OK)
		die_db(db, "prepare");
	sqlite3_bind_text(st, 9, NOW, -1, SQLITE_STATIC);

	exec(db, "BEGIN IMMEDIATE");
	line = NULL;
	cap = 0;
	lineno = rows = 0;
	while ((len = getline(&line, &cap, stdin)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (split(line, f) == -1) {
			fprintf(stderr, "baseline: error: stdin:%ld: expected "
			    "%d tab-separated fields\n", lineno, NFIELDS);
			exec(db, "ROLLBACK");
			sqlite3_finalize(st);
			sqlite3_close(db);
			return 65;
		}
		/* The line outlives the step: no need to copy the text. */
		for (i = 0; i < NFIELDS - 1; i++) {
			if (f[i][0] == '\0')
				sqlite3_bind_null(st, i + 1);
			else
				sqlite3_bind_text(st, i + 1, f[i], -1,
				    SQLITE_STATIC);
		}
		sqlite3_bind_int(st, NFIELDS, strcmp(f[NFIELDS - 1], "1") == 0);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "baseline: error: stdin:%ld: %s\n",
			    lineno, sqlite3_errmsg(db));
			sqlite3_reset(st);
			exec(db, "ROLLBACK");
			sqlite3_finalize(st);
			sqlite3_close(db);
			return 65;
		}
		sqlite3_reset(st);
		rows++;
	}
	if (ferror(stdin)) {
		fprintf(stderr, "baseline: error: stdin: %s\n",
		    strerror(errno));
		exec(db, "ROLLBACK");
		return 74;
	}
	free(line);
	exec(db, "COMMIT");
	sqlite3_finalize(st);
	if (sqlite3_close(db) != SQLITE_OK)
		die_db(db, "close");
	printf("%ld\n", rows);
	return 0;
}
