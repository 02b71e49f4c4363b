#!/bin/sh
# Pipelines over one database: a bulk writer, readers and a read-then-write
# pipeline at the same time; writers feeding writers; many processes
# opening a new database at once.  Nobody may see "database is locked".
. "$(dirname "$0")/lib.sh"

# rcs FILE...: the distinct exit codes recorded in the files.
rcs() {
	cat "$@" 2>/dev/null | sort -u | tr '\n' ' ' | sed 's/ $//'
}

gx init >/dev/null
awk 'BEGIN { for (i = 1; i <= 20; i++)
	printf "{\"handle\":\"sh%02d\",\"name\":\"上海%d\",\"phone\":\"137%08d\",\"city\":\"Shanghai\",\"industry\":\"sales\"}\n",
	    i, i, i }' >"$T/seed.jsonl"
gx-user add <"$T/seed.jsonl" >/dev/null
# 3000 members more, a quarter of them in Shanghai.
awk 'BEGIN { split("Shanghai Beijing Shenzhen Hangzhou", c, " ")
	for (i = 1; i <= 3000; i++)
	printf "{\"handle\":\"m%04d\",\"name\":\"成员%d\",\"phone\":\"139%08d\",\"city\":\"%s\",\"industry\":\"internet\"}\n",
	    i, i, i, c[i % 4 + 1] }' >"$T/members.jsonl"

# The writer: one bulk add whose input comes in two halves a second apart,
# so that its transaction is open while everything else runs.
(
	{ head -n 1500 "$T/members.jsonl"; sleep 1
	  tail -n +1501 "$T/members.jsonl"; } |
	gx-user add >"$T/add.out" 2>"$T/add.err"
	echo $? >"$T/add.rc"
) &
# Two readers listing members until the writer is done.
for r in 1 2; do
	(
		i=0
		while [ ! -f "$T/add.rc" ] && [ $i -lt 100 ]; do
			gx-user list --city shanghai >"$T/r$r.out" 2>>"$T/r$r.err"
			echo $? >>"$T/r$r.rc"
			i=$((i + 1))
			sleep 0.05
		done
	) &
done
sleep 0.3
# A read-then-write pipeline over the same database, while the writer holds
# it: list, change with jq, write back with set, show what was written.
gx-user list --city Shanghai --search sh 2>"$T/p1.err" |
	jq -c '{handle, title: "Lead"}' |
	gx-user set 2>"$T/p2.err" |
	gx-user show --fields handle,title,result >"$T/pipe.out" 2>"$T/p3.err"
echo $? >"$T/pipe.rc"
wait

expect_eq "bulk add: exit 0" 0 "$(rcs "$T/add.rc")"
expect_eq "bulk add: 3000 records printed" 3000 "$(grep -c '' "$T/add.out")"
expect_eq "bulk add: all added" added "$(jq -r .result "$T/add.out" | sort -u)"
expect_eq "readers: every list exited 0" 0 "$(rcs "$T/r1.rc" "$T/r2.rc")"
expect_eq "readers: ran while the writer wrote" yes \
	"$([ "$(cat "$T/r1.rc" "$T/r2.rc" | grep -c '')" -ge 4 ] && echo yes)"
expect_eq "readers: saw the Shanghai members" 0 \
	"$(jq -r 'select(.city | ascii_downcase != "shanghai") | .handle' \
	"$T/r1.out" "$T/r2.out" | grep -c '')"
expect_eq "list | set | show: exit 0" 0 "$(rcs "$T/pipe.rc")"
expect_eq "list | set | show: the 20 members, with the new title" \
	"20 Lead" \
	"$(grep -c '' "$T/pipe.out") $(jq -r .title "$T/pipe.out" | sort -u)"
cat "$T"/*.err >"$T/all.err"
expect_eq "nobody saw a locked or busy database" "" \
	"$(grep -Ei 'locked|busy' "$T/all.err")"
expect_eq "nothing at all on stderr" "" "$(head -c 500 "$T/all.err")"

expect_code 0 "status after the concurrent run" gx status
expect_eq "final count: 20 + 3000 members" 3020 "$(field "$T/out" users)"
expect_code 0 "list --city Shanghai" gx-user list --city Shanghai
expect_eq "Shanghai: 20 + 750 members" 770 "$(grep -c '' "$T/out")"
expect_code 0 "the sets were written" gx-user list --search sh --fields title
expect_eq "every sh member is a Lead" "20 Lead" \
	"$(grep -c '' "$T/out") $(jq -r .title "$T/out" | sort -u)"
expect_code 0 "the audit chain holds after the concurrent run" \
	gx audit verify

gx-user list --city Shanghai >"$T/list.out"
gx-user list --city Shanghai | gx-user show >"$T/show.out" 2>"$T/show.err"
test_cmp "gx-user list --city Shanghai | gx-user show = the list" \
	"$T/list.out" "$T/show.out"
expect_eq "list | show: nothing on stderr" "" "$(cat "$T/show.err")"

# Writers feeding writers: the one downstream must not hold the database
# while it waits for its input, or the one upstream can never write.
# (timeout bounds the test if they deadlock.)
# shellcheck disable=SC2016
timeout 3 sh -c '
	{ sleep 0.3
	  gx-user add newbie --name 新人 --phone 13600000001 2>"$1/ww1.err"
	  echo $? >"$1/ww1.add.rc"; } |
	jq -c --unbuffered "{handle, title: \"Newcomer\"}" |
	gx-user set >"$1/ww1.out" 2>>"$1/ww1.err"
	echo $? >"$1/ww1.set.rc"' sh "$T"
expect_eq "add | set: done within 3 seconds (no deadlock)" 0 "$?"
expect_eq "add | set: add exit 0" 0 "$(rcs "$T/ww1.add.rc")"
expect_eq "add | set: set exit 0" 0 "$(rcs "$T/ww1.set.rc")"
expect_eq "add | set: the new member updated" "newbie updated" \
	"$(jq -r '"\(.handle) \(.result)"' "$T/ww1.out" 2>/dev/null)"
expect_eq "add | set: no locked database" "" \
	"$(grep -Ei 'locked|busy' "$T/ww1.err")"

# shellcheck disable=SC2016
timeout 3 sh -c '
	{ sleep 0.3
	  gx-user add spammer --name 广告 --phone 13600000002 2>"$1/ww2.err"
	  echo $? >"$1/ww2.add.rc"; } |
	gx-user suspend --reason "bulk invites" >"$1/ww2.out" 2>>"$1/ww2.err"
	echo $? >"$1/ww2.susp.rc"' sh "$T"
expect_eq "add | suspend: done within 3 seconds (no deadlock)" 0 "$?"
expect_eq "add | suspend: add exit 0" 0 "$(rcs "$T/ww2.add.rc")"
expect_eq "add | suspend: suspend exit 0" 0 "$(rcs "$T/ww2.susp.rc")"
expect_eq "add | suspend: the new member suspended" "spammer suspended" \
	"$(jq -r '"\(.handle) \(.result)"' "$T/ww2.out" 2>/dev/null)"
expect_eq "add | suspend: no locked database" "" \
	"$(grep -Ei 'locked|busy' "$T/ww2.err")"

# Many processes opening a database that does not exist yet, at once: the
# first creates and migrates it, the others wait for it.  (A race: each
# round may or may not make the processes collide.)
i=0
while [ $i -lt 40 ]; do
	# shellcheck disable=SC2034
	for p in 1 2 3 4 5 6 7 8 9 10 11 12; do
		( gx status --db "$T/race$i.db" >/dev/null 2>>"$T/race.err"
		  echo $? >>"$T/race.rc" ) &
	done
	wait
	i=$((i + 1))
done
expect_eq "new database opened by 12 at once, 40 times: all exit 0" 0 \
	"$(rcs "$T/race.rc")"
expect_eq "new database opened at once: 480 runs" 480 \
	"$(grep -c '' "$T/race.rc")"
expect_eq "new database opened at once: no locked database" "" \
	"$(grep -Ei 'locked|busy' "$T/race.err" | sort | uniq -c)"

done_testing
