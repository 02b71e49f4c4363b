/* unit-db.c - opening, migrations, placeholders, transactions. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "tap.h"

int
main(void)
{
	char dir[64], path[256];
	struct gx_err e = { 0, "" };
	struct gx_db *db;
	struct gx_stmt *st;
	struct stat sb;

	snprintf(dir, sizeof dir, "/tmp/gx-unit-db.%ld", (long)getpid());
	if (mkdir(dir, 0700) != 0)
		return 70;
	snprintf(path, sizeof path, "%s/sub/dir/gx.db", dir);
	setenv("GX_NOW", "2016-04-01T09:00:00Z", 1);
	ok(gx_db_open(path, &db, &e) == 0, "open creates file and directories");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "the file is 0600");
	snprintf(path, sizeof path, "%s/sub", dir);
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0700,
	    "new directories are 0700");
	is_int(gx_db_schema_version(db), gx_db_schema_latest(),
	    "migrated to the latest schema");
	is_int(gx_db_int(db, "SELECT count(*) FROM schema_migrations", &e),
	    gx_db_schema_latest(), "one row per migration");
	st = gx_db_prepare(db, "SELECT $2 || '-' || $1", &e);
	gx_stmt_bind_text(st, 1, "a");
	gx_stmt_bind_text(st, 2, "b");
	ok(gx_stmt_step(st, &e) == 1, "a row");
	is_str(gx_stmt_text(st, 0), "b-a", "$n placeholders bind by number");
	gx_stmt_reset(st);
	ok(gx_db_prepare(db, "SELECT $2 || '-' || $1", &e) == st,
	    "statements are cached");

	ok(gx_db_begin(db, &e) == 0, "begin");
	ok(gx_db_exec(db, "CREATE TABLE t (x INTEGER)", &e) == 0, "write");
	ok(gx_db_savepoint(db, &e) == 0, "savepoint");
	gx_db_exec(db, "INSERT INTO t VALUES (1)", &e);
	gx_db_rollback_to(db);
	gx_db_exec(db, "INSERT INTO t VALUES (2)", &e);
	ok(gx_db_commit(db, &e) == 0, "commit");
	is_int(gx_db_int(db, "SELECT sum(x) FROM t", &e), 2,
	    "a rolled-back savepoint leaves the rest");
	ok(gx_db_prepare(db, "SELEC nonsense", &e) == NULL &&
	    e.code == GX_SOFTWARE, "bad SQL is an internal error");
	gx_db_close(db);

	snprintf(path, sizeof path, "%s/sub/dir/gx.db", dir);
	ok(gx_db_open(path, &db, &e) == 0, "reopen");
	is_int(gx_db_int(db, "SELECT count(*) FROM schema_migrations", &e),
	    gx_db_schema_latest(), "migrations are not applied twice");
	gx_db_close(db);

	snprintf(path, sizeof path, "%s/notadb", dir);
	{
		FILE *f = fopen(path, "w");

		fputs("hello, this is not a database at all\n", f);
		fclose(f);
	}
	ok(gx_db_open(path, &db, &e) == GX_DATAERR,
	    "a file that is not a database: %s", e.msg);
	ok(gx_db_open("postgres://x/y", &db, &e) == GX_USAGE,
	    "an unsupported URL is a usage error");
	snprintf(path, sizeof path, "sqlite:%s/u.db", dir);
	ok(gx_db_open(path, &db, &e) == 0, "sqlite:PATH");
	gx_db_close(db);
	return done_testing();
}
