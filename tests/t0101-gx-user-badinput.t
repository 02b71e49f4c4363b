#!/bin/sh
# gx-user on bad input: every rejected record gives the right exit code, a
# message naming its line, no output, and leaves the database as it was
# (a batch is one transaction); --keep-going keeps the good records and
# reports the bad ones as error records; unusable databases; usage errors.
. "$(dirname "$0")/lib.sh"

gx-user add >/dev/null <<'EOF'
{"handle":"wangwei","name":"王伟","phone":"13812345678","city":"Shanghai"}
{"handle":"lina","name":"李娜","phone":"13900112233","city":"Beijing"}
EOF
snapshot base

# The two good records every bad batch starts with.
good() {
	cat <<'EOF'
{"handle":"good1","name":"好一","phone":"13900000001"}
{"handle":"good2","name":"好二","phone":"13900000002"}
EOF
}

# bad3 WHAT REGEX [CMD...]: the third line, from $T/bad3 (raw bytes), after
# the two good ones, fed to CMD (default gx-user add): exit 65, an error
# naming stdin:3, nothing on stdout, and the good records rolled back.
bad3() {
	_what=$1 _re=$2
	shift 2
	[ $# -gt 0 ] || set -- gx-user add
	{ good; cat "$T/bad3"; } >"$T/in"
	expect_code 65 "$_what: exit 65" "$@" <"$T/in"
	expect_grep "$_what: the error names line 3" \
		"^gx-user: error: stdin:3: .*$_re" "$T/err"
	expect_eq "$_what: nothing on stdout" "" "$(head -c 300 "$T/out")"
	expect_unchanged "$_what: database unchanged" base
}

# line3 TEXT: write TEXT as the third line.
line3() {
	printf '%s\n' "$1" >"$T/bad3"
}

# pad N: N bytes of 'x'.
pad() {
	head -c "$1" /dev/zero | tr '\0' x
}

line3 '{"handle":"bad","name":"Bad","phone":"13900000003"'
bad3 "malformed JSON" "malformed JSON"

{ printf '{"handle":"long","name":"'; pad 151
  printf '","phone":"13900000003"}\n'; } >"$T/bad3"
expect_eq "fixture: a 200-byte line" 201 "$(wc -c <"$T/bad3" | tr -d ' ')"
bad3 "a 200-byte line over GX_MAX_LINE=100" "longer than 100 bytes" \
	env GX_MAX_LINE=100 gx-user add

{ printf '{"handle":"huge","name":"'; pad 2097152
  printf '","phone":"13900000003"}\n'; } >"$T/bad3"
bad3 "a 2 MiB line over the default 1 MiB limit" "longer than 1048576 bytes"

printf '{"handle":"bad","name":"\377","phone":"13900000003"}\n' >"$T/bad3"
bad3 "invalid UTF-8" "invalid UTF-8"

printf '{"handle":"bad","name":"a\000b","phone":"13900000003"}\n' >"$T/bad3"
bad3 "a NUL byte in a line" "NUL"

line3 '{"handle":"bad","name":42,"phone":"13900000003"}'
bad3 "name as a number" "'name' must be a string"

line3 '{"handle":"bad","name":"Bad","phone":"13900000003","employed":"yes"}'
bad3 "employed as a string" "'employed' must be true or false"

line3 '{"handle":"bad","name":"Bad","phone":"13900000003","role":"admin"}'
bad3 "role admin" "'role' must be"

line3 '["bad","Bad","13900000003"]'
bad3 "a JSON array" "JSON object"

line3 'justahandle'
bad3 "a bare handle where add needs an object" "JSON object"

line3 '{"handle":"bad","phone":"13900000003"}'
bad3 "missing name" "'bad' needs a real name"

line3 '{"handle":"bad","name":"Bad"}'
bad3 "missing phone" "'bad' needs a phone"

line3 '{"name":"Bad","phone":"13900000003"}'
bad3 "missing handle" "handle"

line3 '{"handle":"b","name":"Bad","phone":"13900000003"}'
bad3 "a one-character handle" "invalid handle 'b'"

line3 '{"handle":"bad handle","name":"Bad","phone":"13900000003"}'
bad3 "a handle with a space" "invalid handle 'bad handle'"

line3 "{\"handle\":\"$(pad 33)\",\"name\":\"Bad\",\"phone\":\"13900000003\"}"
bad3 "a 33-character handle" "invalid handle"

line3 '{"handle":"bad","name":"Bad","phone":"12345"}'
bad3 "phone 12345" "invalid phone number '12345'"

n65=$(awk 'BEGIN { for (i = 0; i < 65; i++) printf "王" }')
line3 "{\"handle\":\"bad\",\"name\":\"$n65\",\"phone\":\"13900000003\"}"
bad3 "a name of 65 Chinese characters" "'name' .*64 characters"

line3 '{"handle":"bad","name":"Bad\u0007Name","phone":"13900000003"}'
bad3 "a control character in a name" "'name' .*control characters"

line3 '{"handle":"bad","name":"Bad","phone":"13900000003","email":"nowhere"}'
bad3 "an e-mail address without @" "email"

line3 '{"handle":"copycat","name":"Copy","phone":"+86 138 1234 5678"}'
bad3 "a phone registered to another member" \
	"already registered to member 'wangwei'"

line3 '{"handle":"lina","name":"李娜","phone":"13900000003"}'
bad3 "a handle taken with another phone" "'lina'"

# The same for set and suspend: the whole batch is rolled back.
line3 '{"handle":"ghost","city":"Wuhan"}'
good() {
	printf '%s\n' '{"handle":"wangwei","city":"Wuhan"}' \
	    '{"handle":"lina","city":"Wuhan"}'
}
bad3 "set: a member who does not exist" "no member 'ghost'" gx-user set
line3 '{"handle":"lina","phone":"13812345678"}'
bad3 "set: a phone that belongs to another member" \
	"already registered to member 'wangwei'" gx-user set
line3 '{"handle":"lina","employed":1}'
bad3 "set: employed as a number" "'employed'" gx-user set
line3 '{"handle":"lina",'
bad3 "set: malformed JSON" "malformed JSON" gx-user set
line3 'ghost'
good() {
	printf '%s\n' wangwei '{"handle":"lina"}'
}
bad3 "suspend: a member who does not exist" "no member 'ghost'" \
	gx-user suspend --reason spam
line3 '{"handle":'
bad3 "suspend: malformed JSON" "malformed JSON" gx-user suspend --reason spam

expect_code 65 "show: a malformed line" gx-user show <<'EOF'
lina
{"handle":
EOF
expect_grep "show: the bad line named" "^gx-user: error: stdin:2: " "$T/err"
expect_eq "show: the good line still printed" lina "$(field "$T/out" handle)"

# Limits are inclusive: exactly 64 characters, exactly GX_MAX_LINE bytes.
n64=$(awk 'BEGIN { for (i = 0; i < 64; i++) printf "王" }')
{ printf '{"handle":"edge100","name":"'
  pad 48
  printf '","phone":"13900000100"}\n'
  printf '{"handle":"cjk64","name":"%s","phone":"13900000064"}\n' "$n64"; } \
	>"$T/in"
expect_eq "fixture: a 100-byte line" 101 "$(sed -n 1p "$T/in" | wc -c | tr -d ' ')"
expect_code 0 "a line of exactly GX_MAX_LINE bytes; 64 Chinese characters" \
	env GX_MAX_LINE=300 gx-user add <"$T/in"
expect_code 0 "the 100-byte line under GX_MAX_LINE=100" \
	env GX_MAX_LINE=100 gx-user add <<EOF
$(sed -n 1p "$T/in")
EOF
expect_eq "a 100-byte line is accepted at GX_MAX_LINE=100" unchanged \
	"$(field "$T/out" result)"
expect_code 0 "the 64-character name was kept" gx-user show cjk64
expect_eq "64 Chinese characters kept whole" "$n64" "$(field "$T/out" name)"
snapshot base

# --- --keep-going -------------------------------------------------------------

{ cat <<'EOF'
{"handle":"kg1","name":"K1","phone":"13900000011"}
{"handle":"kg2","name":"K2","phone":"12345"}
{"handle":"kg3","name":"K3","phone":"13900000013"}
{"handle":"lina","name":"K4","phone":"13900000014"}
{"handle":"kg5",
EOF
  printf '{"handle":"kg6","name":"'; pad 151; printf '","phone":"13900000016"}\n'
  cat <<'EOF'
{"handle":"kg7","name":"K7","phone":"13900000017"}
EOF
} >"$T/in"
expect_code 65 "--keep-going: exit 65 when any record was bad" \
	env GX_MAX_LINE=100 gx-user add --keep-going <"$T/in"
expect_eq "--keep-going: the good records printed" "kg1 kg3 kg7" \
	"$(jq -r .handle "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "--keep-going: as added" "added added added" \
	"$(jq -r .result "$T/out" | tr '\n' ' ' | sed 's/ $//')"
grep '^{' "$T/err" >"$T/errs"
expect_eq "--keep-going: an error record per bad line" \
	'["error",2] ["error",4] ["error",5] ["error",6]' \
	"$(jq -c '[.type, .line]' "$T/errs" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "--keep-going: error records have exactly type, line, error" \
	'["error","line","type"]' \
	"$(jq -c 'keys' "$T/errs" | sort -u)"
expect_grep "--keep-going: line 2's error" '"line":2,.*invalid phone' "$T/errs"
expect_grep "--keep-going: line 4's error" "\"line\":4,.*'lina'" "$T/errs"
expect_grep "--keep-going: line 5's error" '"line":5,.*malformed JSON' \
	"$T/errs"
expect_grep "--keep-going: line 6's error" '"line":6,.*longer than 100' \
	"$T/errs"
expect_eq "--keep-going: error texts do not repeat the line prefix" "" \
	"$(jq -r 'select(.error | startswith("stdin")) | .line' "$T/errs")"
expect_code 0 "--keep-going: the good records were kept" \
	gx-user show kg1 kg3 kg7
expect_eq "--keep-going: kg1 kg3 kg7 exist" 3 "$(grep -c '' "$T/out")"
expect_code 1 "--keep-going: the bad ones were not" gx-user show kg2 kg5 kg6
expect_code 0 "--keep-going: lina kept her own phone" \
	gx-user show lina --reveal --fields name,phone
expect_eq "--keep-going: lina unchanged" '{"name":"李娜","phone":"+8613900112233"}' \
	"$(cat "$T/out")"
gx audit list --limit 1000 |
	jq -r '(.details | if type == "string" then fromjson else . end) as $d |
	    if .entity_id != null then .entity_id else ($d.ids // [] | .[]) end' |
	grep '^kg' | sort >"$T/audited"
expect_eq "--keep-going: only the good records are audited" "kg1 kg3 kg7" \
	"$(tr '\n' ' ' <"$T/audited" | sed 's/ $//')"
expect_code 0 "--keep-going: the audit chain verifies" gx audit verify
snapshot base

expect_code 65 "set --keep-going" gx-user set --keep-going <<'EOF'
{"handle":"kg1","city":"Xi'an"}
{"handle":"ghost","city":"Xi'an"}
{"handle":"kg3","city":"Xi'an"}
EOF
expect_eq "set --keep-going: the good changes printed" "kg1 kg3" \
	"$(jq -r .handle "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_grep "set --keep-going: error record" \
	'^\{"type":"error","line":2,"error":".*ghost' "$T/err"
snapshot base

expect_code 77 "--keep-going does not skip a refusal (not staff)" \
	gx-user add --keep-going --as lina <<'EOF'
{"handle":"kg8","name":"K8","phone":"13900000018"}
EOF
expect_eq "refused batch: nothing printed" "" "$(cat "$T/out")"
expect_unchanged "refused batch: database unchanged" base

# --- databases that cannot be used ----------------------------------------

if [ "$(id -u)" = 0 ]; then
	test_count=$((test_count + 1))
	echo "ok $test_count # skip root ignores file modes"
else
	gx export >"$T/ro.jsonl"
	gx import --db "$T/ro.db" <"$T/ro.jsonl" 2>/dev/null
	chmod 0400 "$T/ro.db"
	expect_code 77 "a write to a read-only database" \
		gx-user add ro --name RO --phone 13900000099 --db "$T/ro.db"
	expect_grep "read-only database: message" \
		"^gx-user: error: .*(read-?only|permission)" "$T/err"
	chmod 0600 "$T/ro.db"
	gx export --db "$T/ro.db" >"$T/ro.now"
	test_cmp "read-only database unchanged" "$T/ro.jsonl" "$T/ro.now"
fi
gx-user add cant --name Cant --phone 13900000098 \
	--db /proc/nonexistent/gx.db >"$T/out" 2>"$T/err"
rc=$?
case $rc in 66|77) rc=66or77 ;; esac
expect_eq "a database that cannot be created: exit 66 or 77" 66or77 "$rc"
expect_grep "cannot be created: message names the path" \
	"^gx-user: error: .*/proc/nonexistent" "$T/err"
expect_code 66 "a database path that is a directory" \
	gx-user list --db "$T"
expect_grep "directory: message" "^gx-user: error: " "$T/err"

printf 'name,phone\nwangwei,13812345678\n' >"$T/text.db"
cp "$T/text.db" "$T/text.orig"
expect_code 65 "a database that is a text file (read)" \
	gx-user list --db "$T/text.db"
expect_grep "text file: message" "^gx-user: error: .*not a database" "$T/err"
expect_code 65 "a database that is a text file (write)" \
	gx-user add tx --name TX --phone 13900000097 --db "$T/text.db"
expect_grep "text file, write: message" "not a database" "$T/err"
test_cmp "the text file was left alone" "$T/text.orig" "$T/text.db"

# --- usage errors -------------------------------------------------------------

expect_code 64 "an unknown option of a subcommand" gx-user add --bogus
expect_grep "unknown option: message" "unrecognized option '--bogus'" \
	"$T/err"
expect_code 64 "an unknown global option" gx-user --bogus list
expect_code 64 "an unknown subcommand" gx-user frobnicate
expect_grep "unknown subcommand: message" "unknown command 'frobnicate'" \
	"$T/err"
expect_code 64 "no subcommand" gx-user
expect_code 64 "an option missing its argument" gx-user list --city
expect_code 64 "--limit 0" gx-user list --limit 0
expect_code 64 "--limit not a number" gx-user list --limit ten
expect_code 64 "--since not a time" gx-user list --since "next tuesday"
expect_grep "--since: message" "not a time" "$T/err"
expect_code 64 "--status not a status" gx-user list --status gone
expect_code 64 "-o not a format" gx-user list -o xml
expect_code 64 "--as not a handle" gx-user list --as "not a handle"
for sub in add set show restore "suspend --reason x"; do
	# shellcheck disable=SC2086
	expect_code 64 "$sub without a HANDLE and no stdin data" \
		gx-user $sub </dev/null
	expect_grep "$sub: missing HANDLE" "missing HANDLE" "$T/err"
done
expect_code 64 "add with two handles" \
	gx-user add a1 a2 --name A --phone 13900000096
expect_code 64 "add with profile options and stdin" \
	gx-user add --city Wuhan <<'EOF'
{"handle":"opt","name":"Opt","phone":"13900000095"}
EOF
expect_grep "profile options with stdin: message" "HANDLE" "$T/err"
expect_code 64 "set with nothing to change" gx-user set lina
expect_grep "nothing to change: message" "nothing to change" "$T/err"
expect_code 64 "suspend with an empty --reason" gx-user suspend lina --reason ""
expect_unchanged "usage errors changed nothing" base

done_testing
