#!/bin/sh
# gx, the umbrella: init, status, export/import, the audit chain (verify,
# tampering, list), running gx-NAME, help, completion candidates, --help
# and --version everywhere.
. "$(dirname "$0")/lib.sh"
USER=tester
export USER
# The schema version is the number of migration steps.
SCHEMA=$(ls "$GX_SRC"/common/migrations/*.sql | wc -l)
HEADER="{\"type\":\"gx-export\",\"format\":1,\"schema_version\":$SCHEMA}"

# --- init and status ------------------------------------------------------

expect_code 0 "gx init creates the database" gx init
expect_eq "init prints a database record" \
	"database $GX_DB $SCHEMA" \
	"$(jq -r '"\(.type) \(.path) \(.schema_version)"' "$T/out")"
expect_eq "the database file has mode 0600" 600 "$(stat -c %a "$GX_DB")"
expect_code 0 "gx init again" gx init
expect_eq "init again: the same record" "database $GX_DB $SCHEMA" \
	"$(jq -r '"\(.type) \(.path) \(.schema_version)"' "$T/out")"
expect_code 0 "gx init --db in directories that do not exist yet" \
	gx init --db "$T/new/dir/gx.db"
expect_eq "nested init: file 0600, directories 0700" "600 700 700" \
	"$(stat -c %a "$T/new/dir/gx.db" "$T/new/dir" "$T/new" | tr '\n' ' ' |
	sed 's/ $//')"
expect_eq "nested init: path printed" "$T/new/dir/gx.db" \
	"$(field "$T/out" path)"
expect_code 0 "gx status of an empty database" gx status
expect_eq "status of an empty database" "status $SCHEMA 0 0 0 0 0" \
	"$(jq -r '"\(.type) \(.schema_version) \(.users) \(.active_users) \(.suspended_users) \(.staff) \(.audit_rows)"' "$T/out")"

gx-user add wangwei --name 王伟 --phone 13812345678 --city Shanghai \
	--industry sales --company "Ping An" --employed >/dev/null
gx-user add >/dev/null <<'EOF'
{"handle":"wanglei","name":"王磊","phone":"13812345679","city":"Shanghai"}
{"handle":"lina","name":"李娜","phone":"13900112233","city":"Beijing","role":"staff"}
{"handle":"zhangwei","name":"张伟","phone":"+86 137 0000 1111"}
{"handle":"swan","name":"Swan Lee","phone":"+44 20 7946 0958","email":"swan@example.com"}
EOF
env GX_NOW=2016-04-02T08:00:00Z gx-user suspend zhangwei --reason spam \
	>/dev/null
env GX_NOW=2016-04-03T08:00:00Z gx-user set wanglei --title "Team Lead" \
	--as lina >/dev/null
gx-user set wangwei --city Hangzhou >/dev/null

expect_code 0 "gx status" gx status
expect_eq "status counts members by status and role" "5 4 1 1" \
	"$(jq -r '"\(.users) \(.active_users) \(.suspended_users) \(.staff)"' \
	"$T/out")"
expect_eq "status: the path" "$GX_DB" "$(field "$T/out" path)"
expect_eq "status: size_bytes is the file's size" \
	"$(stat -c %s "$GX_DB")" "$(field "$T/out" size_bytes)"
rows=$(field "$T/out" audit_rows)
gx audit list --limit 1000 >"$T/audit.jsonl"
expect_eq "status: audit_rows counts the audit log" \
	"$(grep -c '' "$T/audit.jsonl")" "$rows"
expect_code 0 "gx status -o table" gx status -o table
expect_grep "status table: header" "^TYPE +PATH +SCHEMA VERSION +SIZE BYTES +USERS" \
	"$T/out"

# --- export and import -------------------------------------------------------

expect_code 0 "gx export" gx export
cp "$T/out" "$T/a.jsonl"
expect_eq "export: the header line" \
	"$HEADER" \
	"$(sed -n 1p "$T/a.jsonl")"
expect_eq "export: then users in id order, then audit rows in id order" \
	"user:1 user:2 user:3 user:4 user:5 $(seq -f 'audit:%g' 1 "$rows" |
	tr '\n' ' ' | sed 's/ $//')" \
	"$(sed 1d "$T/a.jsonl" | jq -r '"\(.type):\(.id)"' | tr '\n' ' ' |
	sed 's/ $//')"
expect_eq "export: phones in full, employed as 0 or 1" \
	"+8613812345678 1 +442079460958 0" \
	"$(jq -r 'select(.type == "user" and (.id == 1 or .id == 5)) |
	    "\(.phone) \(.employed)"' "$T/a.jsonl" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "export: the suspension as stored" "suspended spam" \
	"$(jq -r 'select(.type == "user" and .handle == "zhangwei") |
	    "\(.status) \(.suspended_reason)"' "$T/a.jsonl")"
expect_code 0 "export is stable" gx export
test_cmp "two exports are identical" "$T/a.jsonl" "$T/out"

expect_code 0 "import into a new database" \
	gx import --db "$T/copy.db" <"$T/a.jsonl"
expect_eq "import prints nothing on stdout" "" "$(cat "$T/out")"
expect_eq "the imported database has mode 0600" 600 \
	"$(stat -c %a "$T/copy.db")"
gx export --db "$T/copy.db" >"$T/b.jsonl"
test_cmp "export, import, export: byte-identical" "$T/a.jsonl" "$T/b.jsonl"
gx-user list >"$T/list.a"
gx-user list --db "$T/copy.db" >"$T/list.b"
test_cmp "the copy lists the same members" "$T/list.a" "$T/list.b"
expect_code 0 "the copy's audit chain verifies" \
	gx audit verify --db "$T/copy.db"
expect_code 0 "the copy is usable: add a member" \
	gx-user add newbie --name New --phone 13900007777 --db "$T/copy.db"
expect_eq "the copy continues the ids" 6 "$(field "$T/out" id)"
expect_code 0 "the copy's chain still verifies after a change" \
	gx audit verify --db "$T/copy.db"

snapshot main
expect_code 65 "import into a database that is not empty" \
	gx import <"$T/a.jsonl"
expect_grep "non-empty: message" "^gx: error: .*not empty" "$T/err"
expect_unchanged "non-empty: the database is unchanged" main

# import_bad WHAT REGEX: import $T/bad into a new database: exit 65, the
# message, and the database left empty (its export is the header alone).
n=0
import_bad() {
	n=$((n + 1))
	expect_code 65 "import $1: exit 65" gx import --db "$T/bad$n.db" \
		<"$T/bad"
	expect_grep "import $1: message" "^gx: error: .*$2" "$T/err"
	gx export --db "$T/bad$n.db" >"$T/bad.export" 2>&1
	expect_eq "import $1: the database stays empty" \
		"$HEADER" \
		"$(cat "$T/bad.export")"
}
printf 'hello world\nthis is not an export\n' >"$T/bad"
import_bad "of garbage" "stdin:1:"
: >"$T/bad"
import_bad "of empty input" "empty|not a gx export"
sed 1d "$T/a.jsonl" >"$T/bad"
import_bad "without the header" "stdin:1: .*gx-export"
{ cat "$T/a.jsonl"; echo '{"type":"invoice","id":1,"amount":"100"}'; } \
	>"$T/bad"
import_bad "of an unknown record type (after good records)" \
	"stdin:$((rows + 7)): .*unknown record type 'invoice'"
sed "1s/\"schema_version\":$SCHEMA/\"schema_version\":99/" "$T/a.jsonl" >"$T/bad"
import_bad "of another schema version" "stdin:1: .*schema version"
sed '2s/"employed":1/"employed":true/' "$T/a.jsonl" >"$T/bad"
import_bad "with employed as a boolean" "stdin:2: .*employed"
sed '2s/"name":"王伟"/"name":12345/' "$T/a.jsonl" >"$T/bad"
import_bad "with a name as a number" "stdin:2: .*name"
sed '2s/"id":1,/"id":"one",/' "$T/a.jsonl" >"$T/bad"
import_bad "with an id as a string" "stdin:2: .*id"
sed '2s/"city":"Hangzhou"/"city":"Hangzhou","nickname":"W"/' "$T/a.jsonl" \
	>"$T/bad"
import_bad "with an unknown field" "stdin:2: .*nickname"
sed '2s/"name":"王伟",//' "$T/a.jsonl" >"$T/bad"
import_bad "with a user without a name" "stdin:2: "
sed '3s/"handle":"wanglei"/"handle":"wangwei"/' "$T/a.jsonl" >"$T/bad"
import_bad "with a duplicate handle" "stdin:3: "
sed '2s/}$/,/' "$T/a.jsonl" >"$T/bad"
import_bad "with a malformed line" "stdin:2: .*malformed JSON"

# --- the audit chain ------------------------------------------------------------

expect_code 0 "gx audit verify" gx audit verify
expect_eq "audit verify: ok with every row checked" \
	"{\"type\":\"audit-verify\",\"ok\":true,\"rows\":$rows}" "$(cat "$T/out")"
expect_eq "the first row follows 64 zeros" \
	0000000000000000000000000000000000000000000000000000000000000000 \
	"$(tail -n 1 "$T/audit.jsonl" | jq -r .prev_hash)"
expect_eq "every row's prev_hash is the hash of the row before" true \
	"$(jq -s 'reverse | . as $r | [range(1; length) |
	    $r[.].prev_hash == $r[. - 1].hash] | all' "$T/audit.jsonl")"
# gx(7): recompute the newest row's hash by hand.
gx audit list --limit 1 >"$T/newest"
expect_eq "the newest row's hash is SHA-256 of its fields joined by |" \
	"$(field "$T/newest" hash)" \
	"$(jq -j '[.prev_hash, .at, .actor, .command, .action, .entity,
	    .entity_id // "", .details // ""] | join("|")' "$T/newest" |
	    sha256sum | cut -d' ' -f1)"
expect_eq "audit rows carry the actor: operator or member" \
	"lina operator:tester" \
	"$(jq -r .actor "$T/audit.jsonl" | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect_eq "the set done --as lina is audited as lina" "set wanglei" \
	"$(jq -r 'select(.actor == "lina") | "\(.action) \(.entity_id)"' \
	"$T/audit.jsonl")"

expect_code 0 "gx audit list --entity user --limit 2" \
	gx audit list --entity user --limit 2
expect_eq "--limit 2: the two newest rows" \
	"$rows $((rows - 1))" \
	"$(jq -r .id "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "--entity user: audit rows about users" "audit user" \
	"$(jq -r '"\(.type) \(.entity)"' "$T/out" | sort -u)"
expect_eq "audit records have the documented fields" \
	'["action","actor","at","command","details","entity","entity_id","hash","id","prev_hash","type"]' \
	"$(jq -c 'keys' "$T/out" | sort -u)"
expect_code 1 "gx audit list --entity nosuch finds nothing" \
	gx audit list --entity nosuch
expect_code 64 "gx audit without verify or list" gx audit
expect_code 64 "gx audit frobnicate" gx audit frobnicate
expect_code 64 "gx audit list --limit 0" gx audit list --limit 0

gx import --db "$T/tamper.db" <"$T/a.jsonl"
sqlite3 "$T/tamper.db" \
	"UPDATE audit SET details='{\"name\":\"Tampered\"}' WHERE id=2"
expect_code 65 "verify after a row was edited" \
	gx audit verify --db "$T/tamper.db"
expect_grep "edited row: named" "^gx: error: .*row 2\b" "$T/err"
expect_eq "edited row: nothing on stdout" "" "$(cat "$T/out")"

gx import --db "$T/gap.db" <"$T/a.jsonl"
sqlite3 "$T/gap.db" "DELETE FROM audit WHERE id=3"
expect_code 65 "verify after a middle row was deleted" \
	gx audit verify --db "$T/gap.db"
expect_grep "deleted row: the row after the gap is named" \
	"^gx: error: .*row 4\b" "$T/err"

gx import --db "$T/actor.db" <"$T/a.jsonl"
sqlite3 "$T/actor.db" \
	"UPDATE audit SET actor='lina' WHERE id=$rows"
expect_code 65 "verify after the newest row's actor was changed" \
	gx audit verify --db "$T/actor.db"
expect_grep "changed actor: named" "row $rows\b" "$T/err"

# --- gx NAME, help, complete ---------------------------------------------------

expect_code 0 "gx user list runs gx-user list" gx user list --city shanghai
gx-user list --city shanghai >"$T/want"
test_cmp "gx user list = gx-user list" "$T/want" "$T/out"
expect_code 1 "gx user passes on the exit status" gx user show ghost
expect_grep "gx user: gx-user's message" "^gx-user: error: no member 'ghost'" \
	"$T/err"
expect_code 0 "gx help" gx help
expect_grep "gx help lists user" "^ +user\b" "$T/out"
expect_grep "gx help gives each command a one-line summary" \
	"^ +user +[^ ]" "$T/out"
expect_code 0 "gx help user" gx help user
gx-user --help >"$T/want"
test_cmp "gx help user prints gx-user --help" "$T/want" "$T/out"
expect_code 64 "gx nosuch" gx nosuch
expect_grep "gx nosuch: message" "^gx: error: .*'nosuch'" "$T/err"
expect_code 64 "gx help nosuch" gx help nosuch
expect_code 64 "gx with no command" gx
expect_code 77 "gx --as a member who does not exist" gx status --as ghost
expect_grep "gx --as ghost: message" "^gx: error: .*'ghost'" "$T/err"
expect_code 64 "gx --bogus" gx --bogus

expect_code 0 "gx complete handles wa" gx complete handles wa
printf 'wanglei\nwangwei\n' >"$T/want"
test_cmp "complete: only the handles starting with wa" "$T/want" "$T/out"
expect_code 0 "gx complete handles wangw" gx complete handles wangw
expect_eq "complete: a longer prefix" wangwei "$(cat "$T/out")"
expect_code 0 "gx complete handles" gx complete handles
printf 'lina\nswan\nwanglei\nwangwei\nzhangwei\n' >"$T/want"
test_cmp "complete: no prefix, every handle" "$T/want" "$T/out"
gx complete handles xyz >"$T/out" 2>"$T/err"
expect_eq "complete: no match prints nothing" "" "$(cat "$T/out")"
expect_code 64 "gx complete nonsense" gx complete nonsense

# --- --help and --version -------------------------------------------------------

for sub in init status export import audit help complete; do
	expect_code 0 "gx $sub --help" gx "$sub" --help
	expect_grep "gx $sub --help has an example" "Example" "$T/out"
done
for sub in add list show set suspend restore; do
	expect_code 0 "gx-user $sub --help" gx-user "$sub" --help
	expect_grep "gx-user $sub --help has an example" "Example" "$T/out"
done
expect_code 0 "gx --help" gx --help
expect_grep "gx --help has an example" "Example" "$T/out"
expect_code 0 "gx-user --help" gx-user --help
expect_grep "gx-user --help has an example" "Example" "$T/out"
expect_code 0 "gx --version" gx --version
expect_grep "gx --version prints a version" "^gx [0-9]" "$T/out"
expect_code 0 "gx-user --version" gx-user --version
expect_grep "gx-user --version prints a version" "[0-9]+\.[0-9]+" "$T/out"
expect_code 0 "gx-user list --version" gx-user list --version
expect_grep "subcommand --version" "[0-9]+\.[0-9]+" "$T/out"
expect_code 0 "gx --usage" gx --usage
expect_grep "gx --usage" "^Usage: gx" "$T/out"

expect_unchanged "help, list and complete changed nothing" main

done_testing
