#!/bin/sh
# demo.sh - a guided tour of gx on a fresh embedded SQLite file.
#
#   make demo            (or: sh examples/demo.sh)
#
# Set DEMO_DB to keep the database somewhere; by default it lives in a
# temporary directory that is removed at the end.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PATH="${GX_BIN:-$here/../cmd}:$PATH"
work=$(mktemp -d "${TMPDIR:-/tmp}/gx-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GX_DB="${DEMO_DB:-$work/demo.db}"
export GX_NOW="2016-03-25T09:00:00Z"	# the campaign season
unset GX_ACTOR

if [ -t 1 ]; then bold=$(printf '\033[1m') off=$(printf '\033[0m'); else bold= off=; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$off"; }
show() { printf '$ %s\n' "$*"; }

step "A new community database (created 0600, migrated, WAL)"
show "gx init"
gx init -o table

step "Register the first member by hand: real name and phone are required"
show 'gx-user add wangwei --name 王伟 --phone 13812345678 --city Shanghai ...'
gx-user add wangwei --name 王伟 --phone 13812345678 --city Shanghai \
	--industry sales --company "Ping An" --title "Sales Director" \
	--employed -o table

step "Register 300 more from JSON lines in one streaming transaction"
awk -f "$here/members.awk" -v n=300 >"$work/members.jsonl"
show "head -2 members.jsonl"
head -2 "$work/members.jsonl"
show "gx-user add < members.jsonl | wc -l"
gx-user add <"$work/members.jsonl" | wc -l

step "Running it again changes nothing: every record is 'unchanged'"
show "gx-user add < members.jsonl | jq -r .result | sort | uniq -c"
gx-user add <"$work/members.jsonl" | jq -r .result | sort | uniq -c

step "A bad record rolls the whole batch back, naming the line"
printf '%s\n' '{"handle":"newbie","name":"新人","phone":"13900001111"}' \
	'{"handle":"liuyang","name":"刘洋","phone":"13812345678"}' >"$work/bad.jsonl"
show "gx-user add < bad.jsonl"
gx-user add <"$work/bad.jsonl" || echo "(exit $?)"
show "gx-user show newbie"
gx-user show newbie || echo "(exit $?: nothing was half-written)"

step "Sales people in Shanghai, through a pipe into show (a table on a terminal)"
show "gx-user list --city Shanghai --industry sales --limit 8 | gx-user show -o table"
gx-user list --city Shanghai --industry sales --limit 8 | gx-user show -o table

step "Profiles change; staff suspend and restore; phones stay masked"
show 'gx-user set wangwei --title "Regional Director"'
gx-user set wangwei --title "Regional Director" --fields handle,title,result
show "gx-user set m0002 --role staff; gx-user suspend m0007 --as m0002 --reason spam"
gx-user set m0002 --role staff --fields handle,role,result
gx-user suspend m0007 --as m0002 --reason "spam invites" \
	--fields handle,status,suspended_reason,result
show "gx-user set wangwei --as m0007 --city Beijing   # a suspended member cannot act"
gx-user set wangwei --as m0007 --city Beijing || echo "(exit $?)"

step "Who is where: members by city"
show "gx-user list | jq -r .city | sort | uniq -c | sort -rn | head -5"
gx-user list | jq -r .city | sort | uniq -c | sort -rn | head -5

step "The database and its tamper-evident audit log"
gx status -o table
show "gx audit verify"
gx audit verify
show "gx audit list --limit 3 -o table"
gx audit list --limit 3 -o table

step "Export, import into an empty database, export again: identical"
gx export >"$work/a.jsonl"
gx import --db "$work/copy.db" <"$work/a.jsonl"
gx export --db "$work/copy.db" >"$work/b.jsonl"
cmp "$work/a.jsonl" "$work/b.jsonl" && echo "round trip: $(wc -l <"$work/a.jsonl") records, identical"
