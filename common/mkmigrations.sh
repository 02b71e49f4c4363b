#!/bin/sh
# mkmigrations.sh FILE... - embed numbered schema steps (NNNN-name.sql) as
# C initialisers { version, "sql" } for db.c.
for f in "$@"; do
	n=$(basename "$f" | sed 's/^0*\([0-9][0-9]*\)-.*/\1/')
	printf '{ %s, \n' "$n"
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$f"
	printf '},\n'
done
