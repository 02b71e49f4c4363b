#!/bin/sh
# gx-user: add, list, show, set, suspend and restore, from options and from
# JSON lines on stdin; --fields, -o tsv|table, the CJK-aware table, --as
# and --reveal rights, and the audit trail the changes leave.
. "$(dirname "$0")/lib.sh"
USER=tester
export USER

# handles FILE: the handles of the records in FILE, space-separated.
handles() {
	jq -r .handle "$1" | tr '\n' ' ' | sed 's/ $//'
}

# lines FILE: how many lines FILE has.
lines() {
	grep -c '' "$1"
}

# --- add from options -----------------------------------------------------

expect_code 0 "add from options" gx-user add WangWei --name 王伟 \
	--phone 13812345678 --city Shanghai --industry sales \
	--company "Ping An" --title "Sales Director" --employed
expect_eq "add prints one record" 1 "$(lines "$T/out")"
expect_eq "add: type user" user "$(field "$T/out" type)"
expect_eq "add: result added" added "$(field "$T/out" result)"
expect_eq "add: the first member gets id 1" 1 "$(field "$T/out" id)"
expect_eq "add: upper-case handle folded to lower case" wangwei \
	"$(field "$T/out" handle)"
expect_eq "add: Chinese name kept as given" 王伟 "$(field "$T/out" name)"
expect_eq "add: phone masked by default" "+86 138****5678" \
	"$(field "$T/out" phone)"
expect_eq "add: profile fields stored" "Shanghai|sales|Ping An|Sales Director" \
	"$(jq -r '[.city, .industry, .company, .title] | join("|")' "$T/out")"
expect_eq "add: --employed gives employed true" true \
	"$(field "$T/out" employed)"
expect_eq "add: a new member is an active member" "member active null" \
	"$(jq -r '"\(.role) \(.status) \(.suspended_reason)"' "$T/out")"
expect_eq "add: times come from GX_NOW" \
	"2016-04-01T09:00:00Z 2016-04-01T09:00:00Z" \
	"$(jq -r '"\(.created_at) \(.updated_at)"' "$T/out")"
expect_eq "add: email and invited_by are null" "null null" \
	"$(jq -r '"\(.email) \(.invited_by)"' "$T/out")"
expect_eq "add: nothing on stderr" "" "$(cat "$T/err")"

expect_code 0 "--reveal by the operator" gx-user show wangwei --reveal
expect_eq "13812345678 is normalised to +8613812345678" "+8613812345678" \
	"$(field "$T/out" phone)"

expect_code 0 "re-add the same handle and phone (written differently)" \
	env GX_NOW=2016-04-01T10:00:00Z gx-user add wangwei --name 王伟 \
	--phone "0086-138-1234-5678"
expect_eq "re-add: result unchanged" unchanged "$(field "$T/out" result)"
expect_eq "re-add: same member, updated_at untouched" \
	"1 2016-04-01T09:00:00Z" \
	"$(jq -r '"\(.id) \(.updated_at)"' "$T/out")"

expect_code 0 "add with no profile beyond name and phone" \
	gx-user add solo --name "Solo" --phone "+86 (139) 0000.9999"
expect_eq "solo: employed defaults to false" false "$(field "$T/out" employed)"
expect_eq "solo: unset profile fields are null" "null null null null" \
	"$(jq -r '"\(.city) \(.industry) \(.company) \(.title)"' "$T/out")"
expect_code 0 "solo: phone with spaces, dots, parentheses" \
	gx-user show solo --reveal --fields phone
expect_eq "solo: phone normalised" '{"phone":"+8613900009999"}' \
	"$(cat "$T/out")"

# --- add from stdin ---------------------------------------------------------

expect_code 0 "add several members from stdin" \
	env GX_NOW=2016-04-02T10:00:00Z gx-user add <<'EOF'
{"handle":"lina","name":"李娜","phone":"139 0011 2233","city":"Beijing","industry":"internet","company":"Tencent","title":"Product Manager","employed":true}

{"type":"user","id":99,"handle":"zhangwei","name":"张伟","phone":"0086-137-0000-1111","city":"shanghai","industry":"Sales","company":"Ping An","title":"Sales Manager"}
{"handle":"Chen.Jing","name":"  陈静  ","phone":"8613600002222","city":"Shenzhen","industry":"finance","company":"Huawei","title":"Analyst","role":"staff"}
{"handle":"mike_w","name":"Mike Wang","phone":"+1 650 253 0000","city":"Shanghai","industry":"internet","company":"Google","title":"Engineer","email":"mike@example.com"}
EOF
expect_eq "stdin add: one record per member, in input order" \
	"lina zhangwei chen.jing mike_w" "$(handles "$T/out")"
expect_eq "stdin add: every record says added" "added added added added" \
	"$(jq -r .result "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "stdin add: type and id in the input are ignored" 4 \
	"$(jq -r 'select(.handle == "zhangwei") | .id' "$T/out")"
expect_eq "stdin add: name trimmed" 陈静 \
	"$(jq -r 'select(.handle == "chen.jing") | .name' "$T/out")"
expect_eq "stdin add: role staff taken from the JSON" staff \
	"$(jq -r 'select(.handle == "chen.jing") | .role' "$T/out")"
expect_eq "stdin add: employed true taken from the JSON" "true false" \
	"$(jq -r 'select(.handle == "lina" or .handle == "zhangwei") |
	    .employed' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "stdin add: email kept" mike@example.com \
	"$(jq -r 'select(.handle == "mike_w") | .email' "$T/out")"
expect_eq "stdin add: created_at from GX_NOW" 2016-04-02T10:00:00Z \
	"$(field "$T/out" created_at)"
expect_code 0 "stdin add: phones stored in E.164" \
	gx-user show lina zhangwei chen.jing mike_w --reveal --fields phone
expect_eq "stdin add: phone forms normalised" \
	"+8613900112233 +8613700001111 +8613600002222 +16502530000" \
	"$(jq -r .phone "$T/out" | tr '\n' ' ' | sed 's/ $//')"

gx status >"$T/before"
expect_code 0 "stdin add again: nothing changes" gx-user add <<'EOF'
{"handle":"lina","name":"李娜","phone":"+8613900112233"}
{"handle":"mike_w","name":"Mike Wang","phone":"+16502530000"}
EOF
expect_eq "stdin re-add: both unchanged" "unchanged unchanged" \
	"$(jq -r .result "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_code 0 "status after adds" gx status
expect_eq "6 members; an unchanged re-add writes no audit row" \
	"6 $(field "$T/before" audit_rows)" \
	"$(jq -r '"\(.users) \(.audit_rows)"' "$T/out")"

# The records a bulk add prints are the records show prints, escapes and all
# (in a database of their own).
cat >"$T/esc.jsonl" <<'EOF'
{"handle":"obrien","name":"Pat \"Paddy\" O'Brien \\ 王","phone":"13900000001","city":"Montréal","company":"A/B <c>","title":"x\u2028y"}
{"handle":"joy","name":"😀 Joy","phone":"+44 20 7946 0958","email":"joy@example.com","role":"staff","employed":false}
EOF
expect_code 0 "stdin add of text that needs JSON escapes" \
	gx-user add --db "$T/esc.db" <"$T/esc.jsonl"
jq -c 'del(.result)' "$T/out" >"$T/esc.added"
gx-user show obrien joy --db "$T/esc.db" | jq -c . >"$T/esc.shown"
test_cmp "stdin add prints exactly what show prints" \
	"$T/esc.added" "$T/esc.shown"
expect_eq "quotes and backslashes survive" "Pat \"Paddy\" O'Brien \\ 王" \
	"$(field "$T/esc.shown" name)"
expect_code 0 "stdin add --reveal --fields" gx-user add --db "$T/esc2.db" \
	--reveal --fields handle,phone,result <"$T/esc.jsonl"
printf '%s\n' '{"handle":"obrien","phone":"+8613900000001","result":"added"}' \
	'{"handle":"joy","phone":"+442079460958","result":"added"}' >"$T/want"
test_cmp "stdin add: --reveal and --fields apply" "$T/want" "$T/out"
expect_code 0 "the same member twice in one batch" \
	gx-user add --db "$T/esc3.db" --fields handle,id,result <<'EOF'
{"handle":"twice","name":"T","phone":"13900000001"}
{"handle":"TWICE","name":"T","phone":"139 0000 0001"}
EOF
printf '%s\n' '{"handle":"twice","id":1,"result":"added"}' \
	'{"handle":"twice","id":1,"result":"unchanged"}' >"$T/want"
test_cmp "twice in one batch: added, then unchanged" "$T/want" "$T/out"

# --- list -------------------------------------------------------------------

expect_code 0 "list without filters" gx-user list
expect_eq "list: everyone, oldest first" \
	"wangwei solo lina zhangwei chen.jing mike_w" "$(handles "$T/out")"
expect_eq "list: created_at never decreases" true \
	"$(jq -s '[.[].created_at] | . == sort' "$T/out")"
expect_eq "list: no result field" null "$(field "$T/out" result)"
expect_eq "list: phones masked" "+86 139****2233" \
	"$(jq -r 'select(.handle == "lina") | .phone' "$T/out")"

expect_code 0 "list --city shanghai" gx-user list --city shanghai
expect_eq "--city is case-insensitive" "wangwei zhangwei mike_w" \
	"$(handles "$T/out")"
expect_code 0 "list --city SHANGHAI" gx-user list --city SHANGHAI
expect_eq "--city in upper case matches too" "wangwei zhangwei mike_w" \
	"$(handles "$T/out")"
expect_code 0 "list --industry SALES" gx-user list --industry SALES
expect_eq "--industry matches exactly, any case" "wangwei zhangwei" \
	"$(handles "$T/out")"
expect_code 0 "list --company 'ping an'" gx-user list --company "ping an"
expect_eq "--company" "wangwei zhangwei" "$(handles "$T/out")"
expect_code 1 "list --company Ping (not a whole company name)" \
	gx-user list --company Ping
expect_code 0 "list --since 2016-04-02" gx-user list --since 2016-04-02
expect_eq "--since keeps members registered then or later" \
	"lina zhangwei chen.jing mike_w" "$(handles "$T/out")"
expect_code 0 "list --since=-12h" env GX_NOW=2016-04-02T12:00:00Z \
	gx-user list --since=-12h
expect_eq "--since with a relative time from GX_NOW" \
	"lina zhangwei chen.jing mike_w" "$(handles "$T/out")"
expect_code 1 "list --since tomorrow finds nobody" \
	gx-user list --since 2016-04-03
expect_code 0 "list --search 伟" gx-user list --search 伟
expect_eq "--search in names" "wangwei zhangwei" "$(handles "$T/out")"
expect_code 0 "list --search MANAGER" gx-user list --search MANAGER
expect_eq "--search in titles, case-insensitive" "lina zhangwei" \
	"$(handles "$T/out")"
expect_code 0 "list --search wang" gx-user list --search wang
expect_eq "--search in handles and names" "wangwei mike_w" \
	"$(handles "$T/out")"
expect_code 0 "list --search tencent" gx-user list --search tencent
expect_eq "--search in companies" "lina" "$(handles "$T/out")"
expect_code 1 "list --search % matches no one (the text, not a pattern)" \
	gx-user list --search %
expect_eq "--search %: nobody printed" "" "$(handles "$T/out")"
expect_code 0 "list --role staff" gx-user list --role staff
expect_eq "--role staff" "chen.jing" "$(handles "$T/out")"
expect_code 0 "list --role member --city shanghai --industry internet" \
	gx-user list --role member --city shanghai --industry internet
expect_eq "filters combine" "mike_w" "$(handles "$T/out")"
expect_code 0 "list --status active" gx-user list --status active
expect_eq "--status active: everyone so far" 6 "$(lines "$T/out")"
expect_code 1 "list --status suspended: nobody yet" \
	gx-user list --status suspended
expect_eq "no match: stdout empty" "" "$(cat "$T/out")"
expect_code 0 "list --limit 2" gx-user list --limit 2
expect_eq "--limit keeps the oldest" "wangwei solo" "$(handles "$T/out")"
expect_code 1 "list --city Chengdu: exit 1" gx-user list --city Chengdu
expect_eq "list with no match prints nothing" "" "$(cat "$T/out")"
expect_eq "list with no match says nothing on stderr" "" "$(cat "$T/err")"

# --- show -------------------------------------------------------------------

expect_code 0 "show two handles" gx-user show lina WANGWEI
expect_eq "show: in argument order, handles folded" "lina wangwei" \
	"$(handles "$T/out")"
gx-user list --city shanghai >"$T/sh.jsonl"
expect_code 0 "show JSON records from list on stdin" \
	gx-user show <"$T/sh.jsonl"
test_cmp "show of list output is the list output" "$T/sh.jsonl" "$T/out"
expect_code 0 "show bare handles on stdin" gx-user show <<'EOF'
mike_w
  chen.jing  
EOF
expect_eq "show: bare handles, trimmed" "mike_w chen.jing" \
	"$(handles "$T/out")"
expect_code 0 "show - reads stdin" gx-user show - <<'EOF'
{"user":"solo"}
{"handle":"lina","city":"ignored"}
EOF
expect_eq "show -: handle or user field" "solo lina" "$(handles "$T/out")"
expect_code 1 "show an unknown member" gx-user show wangwei ghost lina
expect_grep "show: unknown member named" "^gx-user: error: no member 'ghost'$" \
	"$T/err"
expect_eq "show: the others are still printed" "wangwei lina" \
	"$(handles "$T/out")"
expect_code 1 "show an unknown member from stdin" gx-user show <<'EOF'
lina
ghost
EOF
expect_grep "show: stdin line named" "stdin:2: no member 'ghost'" "$T/err"
expect_eq "show: stdin, the known one printed" "lina" "$(handles "$T/out")"

# --- set --------------------------------------------------------------------

expect_code 0 "set from options" env GX_NOW=2016-04-03T08:00:00Z \
	gx-user set wangwei --title "Regional Director" --city Hangzhou
expect_eq "set: result updated" updated "$(field "$T/out" result)"
expect_eq "set: fields changed" "Regional Director|Hangzhou" \
	"$(jq -r '[.title, .city] | join("|")' "$T/out")"
expect_eq "set: others kept" "sales|Ping An|true" \
	"$(jq -r '[.industry, .company, (.employed | tostring)] | join("|")' \
	"$T/out")"
expect_eq "set: updated_at moves, created_at stays" \
	"2016-04-01T09:00:00Z 2016-04-03T08:00:00Z" \
	"$(jq -r '"\(.created_at) \(.updated_at)"' "$T/out")"
expect_code 0 "set the same values again" env GX_NOW=2016-04-04T08:00:00Z \
	gx-user set wangwei --title "Regional Director" --city Hangzhou
expect_eq "set again: unchanged" unchanged "$(field "$T/out" result)"
expect_eq "set again: updated_at untouched" 2016-04-03T08:00:00Z \
	"$(field "$T/out" updated_at)"
expect_code 0 "set --unemployed" gx-user set wangwei --unemployed
expect_eq "set --unemployed: employed false" "updated false" \
	"$(jq -r '"\(.result) \(.employed)"' "$T/out")"

expect_code 0 "set from stdin JSON" gx-user set <<'EOF'
{"handle":"lina","company":"Alibaba","city":"Hangzhou"}
{"handle":"zhangwei","employed":true}
{"handle":"solo","name":"Solo"}
EOF
expect_eq "set stdin: a record per line" "lina zhangwei solo" \
	"$(handles "$T/out")"
expect_eq "set stdin: updated, updated, unchanged" \
	"updated updated unchanged" \
	"$(jq -r .result "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "set stdin: values applied" "Alibaba Hangzhou true" \
	"$(jq -rs '"\(.[0].company) \(.[0].city) \(.[1].employed)"' "$T/out")"

# The man page's example: follow a company's change of name.
gx-user list --company "Ping An" | jq -c '{handle, company: "Ping An Insurance"}' \
	>"$T/rename.jsonl"
expect_code 0 "list | jq | set pipeline" gx-user set <"$T/rename.jsonl"
expect_eq "pipeline: both Ping An members renamed" \
	"wangwei zhangwei" "$(handles "$T/out")"
expect_eq "pipeline: new company" "Ping An Insurance" \
	"$(field "$T/out" company 2)"

expect_code 0 "a member sets their own title with --as" \
	gx-user set lina --title "Senior PM" --as lina
expect_eq "--as self: updated" "updated Senior PM" \
	"$(jq -r '"\(.result) \(.title)"' "$T/out")"
expect_code 0 "a member sets their own city with GX_ACTOR" \
	env GX_ACTOR=lina gx-user set lina --city Suzhou
expect_eq "GX_ACTOR self: updated" "updated Suzhou" \
	"$(jq -r '"\(.result) \(.city)"' "$T/out")"
expect_code 77 "a member may not change another member" \
	gx-user set wangwei --title Intern --as lina
expect_grep "--as another: message" "^gx-user: error: .*only their own" \
	"$T/err"
expect_eq "--as another: nothing printed" "" "$(cat "$T/out")"
expect_code 0 "the other member is untouched" gx-user show wangwei \
	--fields title
expect_eq "--as another: title kept" '{"title":"Regional Director"}' \
	"$(cat "$T/out")"
expect_code 77 "a member may not change their own role" \
	gx-user set lina --role staff --as lina
expect_grep "role as member: message" "^gx-user: error: .*role" "$T/err"
expect_code 77 "a member's own role via stdin" \
	gx-user set --as lina <<'EOF'
{"handle":"lina","role":"staff"}
EOF
expect_code 0 "lina is still a member" gx-user show lina --fields role
expect_eq "role unchanged" '{"role":"member"}' "$(cat "$T/out")"
expect_code 0 "staff may change another member" \
	gx-user set mike_w --title "Staff Engineer" --as chen.jing
expect_eq "staff --as: updated" "updated Staff Engineer" \
	"$(jq -r '"\(.result) \(.title)"' "$T/out")"
expect_code 65 "set a phone that belongs to another member" \
	gx-user set lina --phone 13812345678
expect_grep "taken phone: names the owner" \
	"^gx-user: error: .*already registered to member 'wangwei'" "$T/err"
expect_eq "taken phone: nothing printed" "" "$(cat "$T/out")"
expect_code 0 "set a member's phone to their own number" \
	gx-user set lina --phone "+86 139 0011 2233"
expect_eq "own phone: unchanged" unchanged "$(field "$T/out" result)"
expect_code 0 "set a new phone" gx-user set solo --phone 13900008888 --reveal
expect_eq "new phone: normalised" "updated +8613900008888" \
	"$(jq -r '"\(.result) \(.phone)"' "$T/out")"

# --- suspend and restore ---------------------------------------------------

expect_code 64 "suspend without --reason" gx-user suspend zhangwei
expect_grep "suspend without --reason: message" "reason" "$T/err"
expect_code 77 "a member may not suspend" \
	gx-user suspend zhangwei --reason spam --as lina
expect_grep "suspend as member: message" "^gx-user: error: .*staff" "$T/err"
expect_code 0 "suspend two members" env GX_NOW=2016-04-05T08:00:00Z \
	gx-user suspend zhangwei mike_w --reason "spam in profile"
expect_eq "suspend: a record each" "zhangwei mike_w" "$(handles "$T/out")"
expect_eq "suspend: result suspended" "suspended suspended" \
	"$(jq -r .result "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "suspend: status and reason" "suspended|spam in profile" \
	"$(jq -r '[.status, .suspended_reason] | join("|")' "$T/out" | sort -u)"
expect_eq "suspend: updated_at" 2016-04-05T08:00:00Z \
	"$(field "$T/out" updated_at)"
expect_code 0 "suspend again" gx-user suspend zhangwei --reason again
expect_eq "suspend again: unchanged, first reason kept" \
	"unchanged spam in profile" \
	"$(jq -r '"\(.result) \(.suspended_reason)"' "$T/out")"
expect_code 77 "a suspended member cannot act" gx-user list --as zhangwei
expect_grep "suspended actor: message" "^gx-user: error: .*suspended" \
	"$T/err"
expect_code 77 "a suspended member cannot change their profile" \
	gx-user set zhangwei --title Boss --as zhangwei
expect_code 0 "list --status suspended" gx-user list --status suspended
expect_eq "--status suspended" "zhangwei mike_w" "$(handles "$T/out")"
expect_code 0 "list --status active" gx-user list --status active
expect_eq "--status active" "wangwei solo lina chen.jing" \
	"$(handles "$T/out")"
expect_code 77 "staff may not suspend themself" \
	gx-user suspend chen.jing --reason test --as chen.jing
expect_grep "self-suspension: message" "^gx-user: error: .*themself" "$T/err"
expect_code 0 "staff may suspend another member" \
	gx-user suspend solo --reason "fake name" --as chen.jing
expect_eq "staff suspends: suspended" suspended "$(field "$T/out" result)"
expect_code 65 "suspend a member who does not exist (with a real one)" \
	gx-user suspend wangwei ghost --reason x
expect_grep "suspend unknown: named" "no member 'ghost'" "$T/err"
expect_eq "suspend unknown: nothing printed" "" "$(cat "$T/out")"
expect_code 0 "suspend unknown: the batch was rolled back" \
	gx-user show wangwei --fields status
expect_eq "wangwei still active" '{"status":"active"}' "$(cat "$T/out")"

gx-user list --status suspended >"$T/susp.jsonl"
expect_code 77 "a member may not restore" gx-user restore solo --as lina
expect_code 77 "staff may not restore themself" \
	gx-user restore chen.jing --as chen.jing
expect_grep "self-restore: message" "themself" "$T/err"
expect_code 0 "restore the suspended members from list output" \
	env GX_NOW=2016-04-06T08:00:00Z gx-user restore <"$T/susp.jsonl"
expect_eq "restore: a record each, in input order" "solo zhangwei mike_w" \
	"$(handles "$T/out")"
expect_eq "restore: all restored" "restored restored restored" \
	"$(jq -r .result "$T/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "restore: active, reason cleared" "active null" \
	"$(jq -r '"\(.status) \(.suspended_reason)"' "$T/out" | sort -u)"
expect_code 0 "restore again" gx-user restore zhangwei
expect_eq "restore again: unchanged" unchanged "$(field "$T/out" result)"
expect_code 1 "nobody suspended now" gx-user list --status suspended

# --- --fields, tsv, tables ---------------------------------------------------

expect_code 0 "--fields selects and orders" \
	gx-user show lina --fields city,handle
printf '%s\n' '{"city":"Suzhou","handle":"lina"}' >"$T/want"
test_cmp "--fields output" "$T/want" "$T/out"
expect_code 64 "--fields with an unknown field" \
	gx-user list --fields handle,bogus
expect_grep "unknown field named" "unknown field 'bogus'" "$T/err"
expect_grep "valid fields listed" "valid fields:.* handle .*phone.*status" \
	"$T/err"
expect_eq "unknown field: nothing printed" "" "$(cat "$T/out")"

expect_code 0 "-o tsv with --fields" \
	gx-user show wangwei lina -o tsv --fields handle,name,employed
printf 'wangwei\t王伟\tno\nlina\t李娜\tyes\n' >"$T/want"
test_cmp "-o tsv: tab-separated values" "$T/want" "$T/out"
expect_code 0 "-o tsv default columns" gx-user show lina -o tsv
printf 'lina\t李娜\t+86 139****2233\tSuzhou\tinternet\tAlibaba\tSenior PM\tactive\n' \
	>"$T/want"
test_cmp "-o tsv: the table's columns, no type" "$T/want" "$T/out"

expect_code 0 "-o table" gx-user list -o table
expect_eq "-o table: header then a row per member" 7 "$(lines "$T/out")"
expect_grep "-o table: header" "^HANDLE +NAME +PHONE +CITY +INDUSTRY +COMPANY +TITLE +STATUS$" \
	"$T/out"
expect_grep "-o table: masked phone" "^lina +李娜 +\+86 139\*\*\*\*2233 +Suzhou" \
	"$T/out"

expect_code 0 "GX_FORCE_TTY=1 prints a table into a pipe" \
	env GX_FORCE_TTY=1 gx-user list
expect_grep "tty: header" "^HANDLE +NAME +PHONE" "$T/out"
expect_eq "tty: header and 6 rows" 7 "$(lines "$T/out")"
# Display columns (wc -L counts CJK characters as two) before PHONE in the
# header, and before the phone in every row, must be the same.
hdr=$(sed -n 1p "$T/out" | sed 's/PHONE.*//' | wc -L)
rows=$(sed 1d "$T/out" | while IFS= read -r l; do
	printf '%s' "${l%%+*}" | wc -L; done | sort -u | tr '\n' ' ')
expect_eq "tty: the phone column lines up after CJK names" "$hdr " "$rows"
hdr=$(sed -n 1p "$T/out" | sed 's/STATUS$//' | wc -L)
rows=$(sed 1d "$T/out" | sed -E 's/(active|suspended)$//' |
	while IFS= read -r l; do printf '%s\n' "$l" | wc -L; done | sort -u |
	tr '\n' ' ')
expect_eq "tty: the last column lines up too" "$hdr " "$rows"
expect_code 0 "GX_FORCE_TTY=1 with --fields" \
	env GX_FORCE_TTY=1 gx-user show wangwei --fields name,city
printf 'NAME  CITY\n王伟  Hangzhou\n' >"$T/want"
test_cmp "tty --fields: exact table" "$T/want" "$T/out"

# --- rights ------------------------------------------------------------------

expect_code 77 "--reveal as a member" gx-user list --reveal --as lina
expect_grep "--reveal as member: message" "^gx-user: error: .*reveal" \
	"$T/err"
expect_eq "--reveal as member: nothing printed" "" "$(cat "$T/out")"
expect_code 0 "--reveal as staff" gx-user show lina --reveal --as chen.jing
expect_eq "--reveal as staff: full phone" "+8613900112233" \
	"$(field "$T/out" phone)"
expect_code 0 "a member may list (masked)" gx-user show wangwei --as lina
expect_eq "member sees masked phones" "+86 138****5678" \
	"$(field "$T/out" phone)"
expect_code 77 "--as a member who does not exist" gx-user list --as ghost
expect_grep "--as unknown: message" "^gx-user: error: .*'ghost'" "$T/err"
expect_code 77 "GX_ACTOR a member who does not exist" \
	env GX_ACTOR=ghost gx-user list
expect_code 77 "a member may not add members" \
	gx-user add newbie --name New --phone 13900007777 --as lina
expect_grep "add as member: message" "^gx-user: error: .*staff" "$T/err"
expect_code 1 "the refused member was not added" gx-user show newbie

# --- audit trail -------------------------------------------------------------

expect_code 0 "gx audit verify" gx audit verify
expect_eq "audit verify: ok" "audit-verify true" \
	"$(jq -r '"\(.type) \(.ok)"' "$T/out")"
expect_code 0 "gx audit list" gx audit list --limit 1000
# One line per change, oldest first: a row names its member in entity_id, or (a bulk
# load grouping its rows) lists them in details.ids.  details is JSON text.
jq -rs 'reverse[] |
	(.details | if type == "string" then fromjson else . end) as $d |
	(if .entity_id != null then .entity_id else ($d.ids // [] | .[]) end)
	as $who | "\(.action) \(.entity) \($who) \(.actor) \(.command)"' \
	"$T/out" >"$T/trail"
cat >"$T/want" <<'EOF'
add user wangwei operator:tester gx-user
add user solo operator:tester gx-user
add user lina operator:tester gx-user
add user zhangwei operator:tester gx-user
add user chen.jing operator:tester gx-user
add user mike_w operator:tester gx-user
set user wangwei operator:tester gx-user
set user wangwei operator:tester gx-user
set user lina operator:tester gx-user
set user zhangwei operator:tester gx-user
set user wangwei operator:tester gx-user
set user zhangwei operator:tester gx-user
set user lina lina gx-user
set user lina lina gx-user
set user mike_w chen.jing gx-user
set user solo operator:tester gx-user
suspend user zhangwei operator:tester gx-user
suspend user mike_w operator:tester gx-user
suspend user solo chen.jing gx-user
restore user solo operator:tester gx-user
restore user zhangwei operator:tester gx-user
restore user mike_w operator:tester gx-user
EOF
test_cmp "audit list: every change, its actor, nothing for unchanged" \
	"$T/want" "$T/trail"
expect_eq "audit list: newest first" true \
	"$(jq -s '[.[].id] | . == (sort | reverse)' "$T/out")"
expect_eq "audit: the suspension's reason is in the details" \
	'{"reason":"spam in profile"}' \
	"$(jq -c 'select(.action == "suspend" and .entity_id == "zhangwei") |
	    .details | if type == "string" then fromjson else . end' "$T/out")"
expect_eq "audit: a set records only what changed" \
	'{"title":"Senior PM"}' \
	"$(jq -c 'select(.action == "set" and .actor == "lina") | .details |
	    if type == "string" then fromjson else . end' "$T/out" | tail -n 1)"

done_testing
