#!/bin/sh
# gx-campaign: create and set (frozen once open or committed), prizes and
# the 50000-yuan limit, states that follow the clock, the rules and their
# SHA-256, who is eligible, the committed seed, the draw recomputed here
# with sha256sum, declines passing prizes down the reserve list, shipping,
# closing, and a proof that verifies and fails when tampered with.  Every
# refused command leaves the database as it was.
. "$(dirname "$0")/lib.sh"

ORG="Chitu Shanghai <events@chitu.example>"

# member HANDLE PHONE [OPTION...]: register a member for the fixture.
member() {
	h=$1 p=$2
	shift 2
	gx-user add "$h" --name "$h" --phone "$p" "$@" >/dev/null ||
		echo "# fixture: could not add member '$h'"
}

n=0
# accepted INVITER TIME [OPTION...]: at TIME a new member registers with
# INVITER's invite (of spring unless options say otherwise); LAST is its
# code.
accepted() {
	who=$1 at=$2
	shift 2
	[ $# -gt 0 ] || set -- --campaign spring
	n=$((n + 1))
	LAST=$(GX_NOW=$at gx-invite create "$who" "$@" </dev/null | jq -r .code)
	GX_NOW=$at gx-user add "f$n" --name "friend $n" \
		--phone "1390000$((1000 + n))" --invite "$LAST" >/dev/null ||
		echo "# fixture: $who's invite $LAST"
}

# lines FILE: how many lines FILE has.
lines() {
	grep -c '' "$1"
}

# jqf FILTER FILE: jq -r -c FILTER over FILE, lines joined by spaces.
jqf() {
	jq -r -c "$1" "$2" | tr '\n' ' ' | sed 's/ $//'
}

# sha TEXT: hex SHA-256 of TEXT (no newline added).
sha() {
	printf '%s' "$1" | sha256sum | cut -c1-64
}

# --- help ---------------------------------------------------------------------

for sub in create set list show rules eligible commit draw proof verify \
    awards decline ship deliver close; do
	expect_code 0 "$sub --help" gx-campaign $sub --help
	expect_grep "$sub --help has an example" "^ +gx-" "$T/out"
done

# --- create -----------------------------------------------------------------------

GX_NOW=2016-03-20T09:00:00Z
member staffer 13500000001 --role staff
member zoe 13500000002
for h in alice bob hank ivy jack kate carol dave erin frank; do
	n=$((n + 1))
	member "$h" "1370000$((1000 + n))"
done

expect_code 1 "list with no campaigns" gx-campaign list
expect_eq "list none: no output" "" "$(cat "$T/out")"

snapshot empty
for opt in title starts ends goal organiser prize; do
	set -- --title "Spring outing" --starts 2016-04-01 --ends 2016-04-30 \
		--goal 3 --organiser "$ORG" --prize "sports shoes:1:399"
	args=
	while [ $# -gt 0 ]; do
		[ "$1" = "--$opt" ] || args="$args '$1' '$2'"
		shift 2
	done
	eval "set -- $args"
	expect_code 64 "create without --$opt" gx-campaign create spring "$@"
	expect_grep "without --$opt: the required options named" \
		"needs --title, --starts, --ends, --goal, --organiser" "$T/err"
done
expect_unchanged "create without an option: nothing created" empty
expect_code 64 "create without a slug" gx-campaign create --title T \
	--starts 2016-04-01 --ends 2016-04-30 --goal 3 --organiser O --prize a:1
expect_code 64 "create with an invalid slug" gx-campaign create Spring \
	--title T --starts 2016-04-01 --ends 2016-04-30 --goal 3 \
	--organiser O --prize a:1
expect_grep "invalid slug: named" "invalid campaign slug 'Spring'" "$T/err"
expect_code 64 "create with a one-letter slug" gx-campaign create s \
	--title T --starts 2016-04-01 --ends 2016-04-30 --goal 3 \
	--organiser O --prize a:1
expect_code 64 "create with an underscore in the slug" gx-campaign create \
	spring_1 --title T --starts 2016-04-01 --ends 2016-04-30 --goal 3 \
	--organiser O --prize a:1
expect_code 64 "create --goal 0" gx-campaign create spring --title T \
	--starts 2016-04-01 --ends 2016-04-30 --goal 0 --organiser O --prize a:1
expect_code 64 "create --starts not a time" gx-campaign create spring \
	--title T --starts someday --ends 2016-04-30 --goal 3 --organiser O \
	--prize a:1
expect_code 65 "create: starts after ends" gx-campaign create spring \
	--title T --starts 2016-05-01 --ends 2016-04-30 --goal 3 --organiser O \
	--prize a:1
expect_grep "starts after ends: the reason" "must start before it ends" \
	"$T/err"
expect_code 65 "create: the draw before the end" gx-campaign create spring \
	--title T --starts 2016-04-01 --ends 2016-04-30 --draw-at 2016-04-15 \
	--goal 3 --organiser O --prize a:1
expect_grep "draw before the end: the reason" "draw cannot be before" \
	"$T/err"
expect_code 77 "create by a member" gx-campaign create spring --title T \
	--starts 2016-04-01 --ends 2016-04-30 --goal 3 --organiser O \
	--prize a:1 --as zoe
expect_grep "create by a member: the rule" "only staff" "$T/err"
expect_unchanged "refused creates: nothing created" empty

expect_code 0 "create spring" gx-campaign create spring \
	--title "Spring outing" --starts 2016-04-01 --ends 2016-04-30 \
	--goal 3 --organiser "$ORG" --prize "sports shoes:1:399" \
	--prize "cup: ceramic:2:39.5"
expect_eq "create: type, slug, result, state" "campaign spring added draft" \
	"$(jq -r '"\(.type) \(.slug) \(.result) \(.state)"' "$T/out")"
expect_eq "create: --starts a date is its first second" \
	"2016-04-01T00:00:00Z" "$(field "$T/out" starts_at)"
expect_eq "create: --ends a date is its last second" \
	"2016-04-30T23:59:59Z" "$(field "$T/out" ends_at)"
expect_eq "create: the draw defaults to the end" "2016-04-30T23:59:59Z" \
	"$(field "$T/out" draw_at)"
expect_eq "create: title, organiser, goal" "Spring outing|$ORG|3" \
	"$(jq -r '"\(.title)|\(.organiser)|\(.goal)"' "$T/out")"
expect_eq "create: prizes in order, a name with a colon, values in yuan" \
	'[{"position":1,"name":"sports shoes","quantity":1,"value":"399.00"},{"position":2,"name":"cup: ceramic","quantity":2,"value":"39.50"}]' \
	"$(jq -c .prizes "$T/out")"
expect_eq "create: nothing committed or drawn" "null null null null null" \
	"$(jq -r '"\(.seed_sha256) \(.seed) \(.committed_at) \(.drawn_at) \(.closed_at)"' "$T/out")"
expect_eq "create: created now" "2016-03-20T09:00:00Z" \
	"$(field "$T/out" created_at)"

snapshot created
expect_code 0 "create the same again" gx-campaign create spring \
	--title "Spring outing" --starts 2016-04-01 --ends 2016-04-30 \
	--goal 3 --organiser "$ORG" --prize "sports shoes:1:399" \
	--prize "cup: ceramic:2:39.5"
expect_eq "create again: unchanged" "unchanged spring" \
	"$(jq -r '"\(.result) \(.slug)"' "$T/out")"
expect_unchanged "create again: nothing changed" created
expect_code 65 "same slug, another goal" gx-campaign create spring \
	--title "Spring outing" --starts 2016-04-01 --ends 2016-04-30 \
	--goal 5 --organiser "$ORG" --prize "sports shoes:1:399" \
	--prize "cup: ceramic:2:39.5"
expect_grep "another goal: the reason" "exists with other rules" "$T/err"
expect_unchanged "another goal: nothing changed" created
expect_code 65 "same slug, another end" gx-campaign create spring \
	--title "Spring outing" --starts 2016-04-01 --ends 2016-05-31 \
	--goal 3 --organiser "$ORG" --prize "sports shoes:1:399" \
	--prize "cup: ceramic:2:39.5"
expect_unchanged "another end: nothing changed" created
expect_code 65 "same slug, other prizes" gx-campaign create spring \
	--title "Spring outing" --starts 2016-04-01 --ends 2016-04-30 \
	--goal 3 --organiser "$ORG" --prize "gold bar:1:49999"
expect_grep "other prizes: the reason" "exists with other rules" "$T/err"
expect_unchanged "other prizes: nothing changed" created
expect_code 65 "same slug, another organiser" gx-campaign create spring \
	--title "Spring outing" --starts 2016-04-01 --ends 2016-04-30 \
	--goal 3 --organiser "Someone else" --prize "sports shoes:1:399" \
	--prize "cup: ceramic:2:39.5"
expect_unchanged "another organiser: nothing changed" created
expect_code 65 "same slug, another draw time" gx-campaign create spring \
	--title "Spring outing" --starts 2016-04-01 --ends 2016-04-30 \
	--draw-at 2016-05-10 --goal 3 --organiser "$ORG" \
	--prize "sports shoes:1:399" --prize "cup: ceramic:2:39.5"
expect_unchanged "another draw time: nothing changed" created

# --- prizes (a database of their own) -----------------------------------------------

GX_DB=$T/prizes.db
# prize SPEC...: create campaign p-N with these prizes.
p=0
prize() {
	p=$((p + 1))
	for spec; do set -- "$@" --prize "$spec"; shift; done
	gx-campaign create "p-$p" --title T --starts 2016-04-01 \
		--ends "2016-04-30 12:00" --goal 3 --organiser O "$@"
}
expect_code 0 "prizes: plain, names with colons and digits, values" \
	prize "sports shoes:20" "cup: ceramic:100:39.5" "Model 3:1:299" \
	"a:b:c:2" "gold bar:1:50000" "tea:3:12.05"
expect_eq "prizes: parsed from the right" \
	"sports shoes/20/null|cup: ceramic/100/39.50|Model 3/1/299.00|a:b:c/2/null|gold bar/1/50000.00|tea/3/12.05" \
	"$(jq -r '[.prizes[] | "\(.name)/\(.quantity)/\(.value)"] | join("|")' "$T/out")"
expect_eq "prizes: positions 1..6" "1 2 3 4 5 6" \
	"$(jq -r '[.prizes[].position] | map(tostring) | join(" ")' "$T/out")"
expect_eq "a time for --ends is taken as given" "2016-04-30T12:00:00Z" \
	"$(field "$T/out" ends_at)"
snapshot prizes
expect_code 65 "a prize worth more than 50000 yuan" prize "gold bar:1:50000.01"
expect_grep "over 50000: the law cited" \
	"50000 yuan.*Anti-Unfair Competition Law" "$T/err"
expect_unchanged "over 50000: nothing created" prizes
expect_code 65 "a prize worth 300000 yuan, with a colon in its name" \
	prize "car: red:1:300000"
expect_grep "300000: the law cited" "Anti-Unfair Competition Law" "$T/err"
expect_unchanged "300000: nothing created" prizes
for bad in "cup" "cup:0" "cup:-1" "cup:two" "cup:" ":5" "cup:2:1.234" \
    "cup:2:abc" "cup:2:1." "cup:1000001"; do
	expect_code 65 "a malformed prize '$bad'" prize "$bad"
	expect_grep "malformed prize '$bad': named" "prize '$bad'" "$T/err"
done
expect_unchanged "malformed prizes: nothing created" prizes
GX_DB=$T/gx.db

# --- set ---------------------------------------------------------------------------------

GX_NOW=2016-03-21T09:00:00Z
expect_code 0 "set while draft" gx-campaign set spring --goal 4 \
	--title "Spring outing on sunny days"
expect_eq "set: the changes and the result" \
	"updated 4 Spring outing on sunny days 2016-03-21T09:00:00Z" \
	"$(jq -r '"\(.result) \(.goal) \(.title) \(.updated_at)"' "$T/out")"
expect_eq "set: the rest kept" "2016-04-30T23:59:59Z 2" \
	"$(jq -r '"\(.ends_at) \(.prizes | length)"' "$T/out")"
expect_code 0 "set the goal back" gx-campaign set spring --goal 3
expect_eq "set: goal 3" 3 "$(field "$T/out" goal)"
snapshot set
expect_code 64 "set with nothing to change" gx-campaign set spring
expect_code 65 "set: starts after ends" gx-campaign set spring \
	--starts 2016-05-05
expect_unchanged "set starts after ends: nothing changed" set
expect_code 65 "set an unknown campaign" gx-campaign set nope --goal 3
expect_grep "set unknown: named" "no campaign 'nope'" "$T/err"
expect_code 77 "set by a member" gx-campaign set spring --goal 2 --as zoe
expect_unchanged "set refused: nothing changed" set

gx-campaign create autumn --title Autumn --starts 2016-09-01 \
	--ends 2016-09-30 --goal 3 --organiser "$ORG" --prize "cup:5" \
	>/dev/null || echo "# fixture: autumn"
gx-campaign create quiet --title Quiet --starts 2016-04-01 \
	--ends 2016-04-10 --goal 2 --organiser "$ORG" --prize "cup:5" \
	>/dev/null || echo "# fixture: quiet"
gx-campaign commit autumn >/dev/null || echo "# fixture: commit autumn"
snapshot frozen
expect_code 77 "set once the seed is committed (still draft)" \
	gx-campaign set autumn --goal 2
expect_grep "set committed: the reason" "frozen.*committed" "$T/err"
expect_eq "set committed: does not claim it opened" "" \
	"$(grep opened "$T/err")"
expect_unchanged "set committed: nothing changed" frozen
expect_code 77 "set once open" env GX_NOW=2016-04-01T00:00:00Z \
	gx-campaign set spring --goal 2
expect_grep "set open: the reason" "frozen" "$T/err"
expect_unchanged "set open: nothing changed" frozen

# --- rules --------------------------------------------------------------------------------

expect_code 0 "rules" gx-campaign rules spring
expect_eq "rules: type and campaign" "rules spring" \
	"$(jq -r '"\(.type) \(.campaign)"' "$T/out")"
jq -j .text "$T/out" >"$T/rules.txt"
RULES_SHA=$(field "$T/out" sha256)
expect_eq "rules: sha256 is SHA-256 of the text" \
	"$(sha256sum <"$T/rules.txt" | cut -c1-64)" "$RULES_SHA"
expect_grep "rules: the title" "Spring outing on sunny days" "$T/rules.txt"
expect_grep "rules: the organiser" "Chitu Shanghai <events@chitu.example>" \
	"$T/rules.txt"
expect_grep "rules: the window" \
	"2016-04-01T00:00:00Z.*2016-04-30T23:59:59Z" "$T/rules.txt"
expect_grep "rules: the goal" "at least 3 friends" "$T/rules.txt"
expect_grep "rules: the first prize, its quantity and value" \
	"sports shoes x 1, worth 399.00 yuan" "$T/rules.txt"
expect_grep "rules: the second prize" "cup: ceramic x 2, worth 39.50 yuan" \
	"$T/rules.txt"
expect_grep "rules: prizes in order" "1\. sports shoes" "$T/rules.txt"
expect_grep "rules: the draw" "SHA-256" "$T/rules.txt"
expect_grep "rules: the law" "50000 yuan.*Anti-Unfair Competition Law" \
	"$T/rules.txt"
expect_code 0 "rules again, later" env GX_NOW=2016-04-15T09:00:00Z \
	gx-campaign rules spring
expect_eq "rules: unchanged between calls" "$RULES_SHA" \
	"$(field "$T/out" sha256)"
expect_code 0 "rules on a terminal" env GX_FORCE_TTY=1 \
	gx-campaign rules spring
expect_grep "rules on a terminal: the text" "^Prizes, given in this order" \
	"$T/out"
expect_grep "rules on a terminal: the SHA-256" "SHA-256: $RULES_SHA" "$T/out"

# --- states follow the clock ------------------------------------------------------------

# state_at TIME: the state of spring at TIME.
state_at() {
	GX_NOW=$1 gx-campaign show spring | jq -r .state
}
expect_eq "draft before it starts" draft "$(state_at 2016-03-31T23:59:59Z)"
expect_eq "open from its first second" open "$(state_at 2016-04-01T00:00:00Z)"
expect_eq "open on its last second" open "$(state_at 2016-04-30T23:59:59Z)"
expect_eq "ended after it" ended "$(state_at 2016-05-01T00:00:00Z)"
expect_code 0 "list" env GX_NOW=2016-04-12T00:00:00Z gx-campaign list
expect_eq "list: every campaign with its state, oldest first" \
	"spring:open autumn:draft quiet:ended" \
	"$(jqf '"\(.slug):\(.state)"' "$T/out")"

# --- eligible -----------------------------------------------------------------------------

expect_code 1 "eligible: nobody yet" gx-campaign eligible spring
expect_eq "eligible none: no output" "" "$(cat "$T/out")"
# bob reaches 3 first, then alice (who goes on to 4), then hank ... kate.
accepted bob 2016-04-02T10:00:00Z
accepted alice 2016-04-02T11:00:00Z
accepted bob 2016-04-02T12:00:00Z
accepted alice 2016-04-03T10:00:00Z
accepted bob 2016-04-03T12:00:00Z
accepted alice 2016-04-04T10:00:00Z
accepted alice 2016-04-05T10:00:00Z
d=5
for h in hank ivy jack kate; do
	accepted $h 2016-04-0${d}T12:00:00Z
	accepted $h 2016-04-0${d}T14:00:00Z
	d=$((d + 1))
	accepted $h 2016-04-0${d}T09:00:00Z
done
# carol: 2 in the window; a third accepted after it (flagged, then
# unflagged by staff) still does not count for the campaign.
accepted carol 2016-04-10T10:00:00Z
accepted carol 2016-04-10T12:00:00Z
CAROL3=$(GX_NOW=2016-04-20T10:00:00Z gx-invite create carol \
	--campaign spring | jq -r .code)
GX_NOW=2016-05-02T10:00:00Z gx-user add carolfriend --name C \
	--phone 13911110000 --invite "$CAROL3" >/dev/null
GX_NOW=2016-05-02T11:00:00Z gx-invite unflag "$CAROL3" >/dev/null
# dave: 3, one flagged by staff.
accepted dave 2016-04-11T10:00:00Z
accepted dave 2016-04-11T12:00:00Z
gx-invite flag "$LAST" --reason fake-account >/dev/null
accepted dave 2016-04-11T14:00:00Z
# erin: 3, then suspended.
accepted erin 2016-04-12T10:00:00Z
accepted erin 2016-04-12T12:00:00Z
accepted erin 2016-04-12T14:00:00Z
gx-user suspend erin --reason "fake accounts" >/dev/null 2>&1 ||
	echo "# fixture: could not suspend erin"
# frank: 2 for the campaign, 1 without one.
accepted frank 2016-04-13T10:00:00Z
accepted frank 2016-04-13T12:00:00Z
accepted frank 2016-04-13T14:00:00Z --channel wechat

GX_NOW=2016-04-15T09:00:00Z
expect_code 0 "eligible" gx-campaign eligible spring
expect_eq "eligible: who reached the goal, by when" \
	"bob alice hank ivy jack kate" "$(jqf .handle "$T/out")"
expect_eq "eligible: reached_at is the goal-th acceptance" \
	"2016-04-03T12:00:00Z 2016-04-04T10:00:00Z 2016-04-06T09:00:00Z 2016-04-07T09:00:00Z 2016-04-08T09:00:00Z 2016-04-09T09:00:00Z" \
	"$(jqf .reached_at "$T/out")"
expect_eq "eligible: invites counted in the window" "3 4 3 3 3 3" \
	"$(jqf .invites "$T/out")"
expect_eq "eligible: type, campaign, name" "eligible spring alice" \
	"$(jq -r 'select(.handle == "alice") | "\(.type) \(.campaign) \(.name)"' "$T/out")"
expect_code 1 "eligible for a campaign nobody reached" \
	gx-campaign eligible quiet
expect_code 0 "eligible is what gx-user show reads" \
	sh -c 'gx-campaign eligible spring | gx-user show'
expect_eq "eligible | gx-user show: six members" 6 "$(lines "$T/out")"

# --- commit ------------------------------------------------------------------------------

snapshot commit
expect_code 77 "commit by a member" gx-campaign commit spring --as bob
expect_grep "commit by a member: the rule" "only staff" "$T/err"
expect_unchanged "commit by a member: nothing changed" commit
expect_code 65 "draw before the commit" env GX_NOW=2016-05-01T09:00:00Z \
	gx-campaign draw spring </dev/null
expect_grep "draw before commit: the reason" "no committed seed" "$T/err"
expect_unchanged "draw before commit: nothing changed" commit
expect_code 0 "commit" gx-campaign commit spring
expect_eq "commit: type, campaign, result, time" \
	"commitment spring committed 2016-04-15T09:00:00Z" \
	"$(jq -r '"\(.type) \(.campaign) \(.result) \(.committed_at)"' "$T/out")"
COMMIT=$(field "$T/out" seed_sha256)
expect_eq "commit: seed_sha256 is 64 hex digits" 1 \
	"$(echo "$COMMIT" | grep -Ec '^[0-9a-f]{64}$')"
expect_eq "commit: no seed in its output" false "$(jq 'has("seed")' "$T/out")"
snapshot committed
expect_code 0 "commit again" env GX_NOW=2016-04-16T09:00:00Z \
	gx-campaign commit spring
expect_eq "commit again: unchanged, the same commitment and time" \
	"unchanged $COMMIT 2016-04-15T09:00:00Z" \
	"$(jq -r '"\(.result) \(.seed_sha256) \(.committed_at)"' "$T/out")"
expect_unchanged "commit again: nothing changed" committed
expect_code 0 "show after the commit" gx-campaign show spring
expect_eq "show before the draw: the commitment, not the seed" \
	"$COMMIT null 2016-04-15T09:00:00Z" \
	"$(jq -r '"\(.seed_sha256) \(.seed) \(.committed_at)"' "$T/out")"
expect_code 0 "list after the commit" gx-campaign list
expect_eq "list before the draw: no seed" "null" \
	"$(jq -r 'select(.slug == "spring") | .seed' "$T/out")"
expect_code 65 "commit an unknown campaign" gx-campaign commit nope
expect_unchanged "commit unknown: nothing changed" committed

# --- draw -----------------------------------------------------------------------------------

expect_code 65 "draw before draw_at" env GX_NOW=2016-04-30T23:59:58Z \
	gx-campaign draw spring </dev/null
expect_grep "draw early: the reason" "draws at 2016-04-30T23:59:59Z" \
	"$T/err"
expect_unchanged "draw early: nothing changed" committed
GX_NOW=2016-05-01T09:00:00Z
expect_code 77 "draw by a member" gx-campaign draw spring --as bob </dev/null
expect_unchanged "draw by a member: nothing changed" committed
expect_code 65 "draw with a candidate who is not eligible" sh -c \
	'printf "{\"handle\":\"bob\"}\n{\"handle\":\"carol\"}\n" | gx-campaign draw spring'
expect_grep "not eligible: named" "'carol' is not eligible" "$T/err"
expect_eq "not eligible: nothing printed" "" "$(cat "$T/out")"
expect_unchanged "not eligible: nothing changed" committed
expect_code 65 "draw with a suspended member as candidate" \
	sh -c 'echo erin | gx-campaign draw spring'
expect_grep "suspended candidate: a bare handle, named" \
	"'erin' is not eligible" "$T/err"
expect_unchanged "suspended candidate: nothing changed" committed
expect_code 65 "draw with an unknown member as candidate" \
	sh -c 'echo nobody | gx-campaign draw spring'
expect_grep "unknown candidate: named" "'nobody' is not eligible" "$T/err"
expect_unchanged "unknown candidate: nothing changed" committed
expect_code 65 "draw with malformed JSON on stdin" \
	sh -c 'printf "{\"handle\":\"bob\"}\n{\"handle\"\n" | gx-campaign draw spring'
expect_unchanged "malformed candidates: nothing changed" committed
gx-campaign commit quiet >/dev/null || echo "# fixture: commit quiet"
snapshot quiet
expect_code 65 "draw a campaign with no eligible members" \
	gx-campaign draw quiet </dev/null
expect_grep "no candidates: the reason" "no eligible candidates" "$T/err"
expect_unchanged "no candidates: nothing changed" quiet
expect_code 65 "draw with an empty candidate list" \
	sh -c 'printf "" | gx-campaign draw spring'
expect_unchanged "empty candidate list: nothing changed" quiet

# kate is left out on stdin: five candidates, three prizes, two in reserve.
CANDS="alice bob hank ivy jack"
expect_code 0 "draw with candidates from stdin" sh -c \
	'gx-campaign eligible spring | jq -c "select(.handle != \"kate\")" | gx-campaign draw spring'
cp "$T/out" "$T/draw.out"
expect_eq "draw: three awards, by rank" "1 2 3" "$(jqf .rank "$T/draw.out")"
expect_eq "draw: type award, status won, campaign spring" "award won spring" \
	"$(jq -r '"\(.type) \(.status) \(.campaign)"' "$T/draw.out" | sort -u)"
expect_code 0 "show after the draw" gx-campaign show spring
SEED=$(field "$T/out" seed)
expect_eq "show after the draw: state drawn, drawn_at" \
	"drawn 2016-05-01T09:00:00Z" \
	"$(jq -r '"\(.state) \(.drawn_at)"' "$T/out")"
expect_eq "the revealed seed: 64 hex digits" 1 \
	"$(echo "$SEED" | grep -Ec '^[0-9a-f]{64}$')"
expect_eq "the revealed seed matches the commitment" "$COMMIT" "$(sha "$SEED")"
for h in $CANDS; do
	echo "$(sha "$SEED:spring:$h") $h"
done | sort >"$T/ranked"
awk '{ print NR, $2, (NR == 1 ? "sports shoes" : "cup: ceramic"), $1 }' \
	"$T/ranked" | head -3 >"$T/expect"
jq -r '"\(.rank) \(.handle) \(.prize) \(.ticket)"' "$T/draw.out" >"$T/actual"
test_cmp "winners: the lowest SHA-256(seed:slug:handle), prizes in order" \
	"$T/expect" "$T/actual"
expect_eq "kate, left out on stdin, won nothing" "" \
	"$(jq -r 'select(.handle == "kate") | .handle' "$T/draw.out")"
R() { sed -n "${1}p" "$T/ranked" | cut -d' ' -f2; }
W1=$(R 1) W2=$(R 2) W3=$(R 3) W4=$(R 4) W5=$(R 5)
expect_code 0 "awards" gx-campaign awards spring
test_cmp "awards: the same as the draw printed" "$T/draw.out" "$T/out"
expect_code 0 "the audit log" gx audit list --limit 100000
expect_eq "the seed was never written to the audit log" 0 \
	"$(grep -c "$SEED" "$T/out")"
expect_grep "the commitment was" "$COMMIT" "$T/out"

snapshot drawn
expect_code 65 "draw twice" gx-campaign draw spring </dev/null
expect_grep "draw twice: the reason" "a draw happens once" "$T/err"
expect_unchanged "draw twice: nothing changed" drawn
expect_code 0 "commit after the draw" gx-campaign commit spring
expect_eq "commit after the draw: unchanged" "unchanged $COMMIT" \
	"$(jq -r '"\(.result) \(.seed_sha256)"' "$T/out")"
expect_unchanged "commit after the draw: nothing changed" drawn
expect_code 77 "set after the draw" gx-campaign set spring --goal 2
expect_unchanged "set after the draw: nothing changed" drawn
expect_code 65 "a drawn campaign takes no invites" \
	gx-invite create bob --campaign spring
expect_grep "no invites after the draw: the reason" "drawn" "$T/err"
expect_unchanged "no invites after the draw: nothing changed" drawn

# --- decline, ship, deliver ------------------------------------------------------------------

# award RANK: the id of the award at RANK.
award() {
	gx-campaign awards spring | jq -r "select(.rank == $1) | .id"
}
A1=$(award 1)
A2=$(award 2)
A3=$(award 3)
expect_code 77 "decline another member's award" \
	gx-campaign decline "$A1" --as "$W2"
expect_grep "decline another's: the rule" "only the winner or staff" \
	"$T/err"
expect_unchanged "decline another's: nothing changed" drawn
expect_code 77 "decline by a member who won nothing" \
	gx-campaign decline "$A1" --as zoe
expect_unchanged "decline by zoe: nothing changed" drawn
expect_code 0 "the winner declines their own award" \
	gx-campaign decline "$A1" --as "$W1"
expect_eq "decline: the declined award and its replacement" \
	"1:$W1:sports shoes:declined:null:declined 4:$W4:sports shoes:won:1:awarded" \
	"$(jqf '"\(.rank):\(.handle):\(.prize):\(.status):\(.replaces_rank):\(.result)"' "$T/out")"
expect_eq "decline: the declined award is the one named" "$A1" \
	"$(jq -r 'select(.result == "declined") | .id' "$T/out")"
expect_eq "decline: nothing on stderr" "" "$(cat "$T/err")"
A4=$(award 4)
snapshot declined
expect_code 65 "decline a declined award" gx-campaign decline "$A1"
expect_grep "decline twice: the reason" "declined; only a won" "$T/err"
expect_unchanged "decline twice: nothing changed" declined
expect_code 0 "staff decline the second award" gx-campaign decline "$A2"
expect_eq "second decline: the next reserve gets the cup" \
	"2:$W2:declined 5:$W5:cup: ceramic:2:awarded" \
	"$(jq -r 'if .result == "declined" then "\(.rank):\(.handle):\(.status)" else "\(.rank):\(.handle):\(.prize):\(.replaces_rank):\(.result)" end' "$T/out" | tr '\n' ' ' | sed 's/ $//')"
A5=$(award 5)
expect_code 0 "decline with the reserve list used up" \
	gx-campaign decline "$A4" --as "$W4"
expect_eq "no reserve: only the declined award" "4 declined" \
	"$(jqf '"\(.rank) \(.result)"' "$T/out")"
expect_grep "no reserve: a warning" "reserve list is empty" "$T/err"

snapshot ship
expect_code 64 "ship without --tracking" gx-campaign ship "$A3"
expect_grep "ship without tracking: the reason" "tracking" "$T/err"
expect_unchanged "ship without tracking: nothing changed" ship
expect_code 77 "ship by a member" gx-campaign ship "$A3" --tracking SF1 \
	--as "$W3"
expect_unchanged "ship by a member: nothing changed" ship
expect_code 65 "ship a declined award" gx-campaign ship "$A1" --tracking SF1
expect_unchanged "ship declined: nothing changed" ship
expect_code 65 "deliver an award not shipped" gx-campaign deliver "$A3"
expect_grep "deliver unshipped: the reason" "only a shipped" "$T/err"
expect_unchanged "deliver unshipped: nothing changed" ship
expect_code 0 "ship" gx-campaign ship "$A3" --tracking SF1234567890
expect_eq "ship: shipped with its tracking number" \
	"3 $W3 shipped SF1234567890 shipped" \
	"$(jq -r '"\(.rank) \(.handle) \(.status) \(.tracking) \(.result)"' "$T/out")"
snapshot shipped
expect_code 0 "ship again" gx-campaign ship "$A3" --tracking SF1234567890
expect_eq "ship again: unchanged" unchanged "$(field "$T/out" result)"
expect_unchanged "ship again: nothing changed" shipped
expect_code 0 "deliver" gx-campaign deliver "$A3"
expect_eq "deliver: delivered, tracking kept" \
	"delivered SF1234567890 delivered" \
	"$(jq -r '"\(.status) \(.tracking) \(.result)"' "$T/out")"
expect_code 0 "awards --status delivered" \
	gx-campaign awards spring --status delivered
expect_eq "--status delivered" "3" "$(jqf .rank "$T/out")"
expect_code 0 "awards --status declined" \
	gx-campaign awards spring --status declined
expect_eq "--status declined" "1 2 4" "$(jqf .rank "$T/out")"
expect_code 0 "awards --status won" gx-campaign awards spring --status won
expect_eq "--status won" "5" "$(jqf .rank "$T/out")"
expect_code 1 "awards --status shipped: none" \
	gx-campaign awards spring --status shipped

# --- close -------------------------------------------------------------------------------

snapshot close
expect_code 65 "close a campaign not drawn" gx-campaign close quiet
expect_grep "close undrawn: the reason" "only a drawn campaign" "$T/err"
expect_unchanged "close undrawn: nothing changed" close
expect_code 77 "close by a member" gx-campaign close spring --as "$W3"
expect_unchanged "close by a member: nothing changed" close
expect_code 0 "close" env GX_NOW=2016-06-01T09:00:00Z gx-campaign close spring
expect_eq "close: closed" "closed closed 2016-06-01T09:00:00Z" \
	"$(jq -r '"\(.result) \(.state) \(.closed_at)"' "$T/out")"
snapshot closed
expect_code 0 "close again" gx-campaign close spring
expect_eq "close again: unchanged" "unchanged closed" \
	"$(jq -r '"\(.result) \(.state)"' "$T/out")"
expect_unchanged "close again: nothing changed" closed
expect_code 0 "show after close" gx-campaign show spring
expect_eq "show after close: closed, seed still shown" "closed $SEED" \
	"$(jq -r '"\(.state) \(.seed)"' "$T/out")"
expect_code 65 "decline after close" gx-campaign decline "$A5" --as "$W5"
expect_grep "decline after close: the reason" "closed" "$T/err"
expect_unchanged "decline after close: nothing changed" closed
expect_code 0 "ship from stdin, after close" sh -c \
	'gx-campaign awards spring --status won | gx-campaign ship --tracking SF9'
expect_eq "ship from stdin: the won award" "5 shipped" \
	"$(jqf '"\(.rank) \(.status)"' "$T/out")"

# --- proof and verify ------------------------------------------------------------------------

expect_code 65 "proof before the draw" gx-campaign proof autumn
expect_grep "proof before the draw: the reason" "has not been drawn" "$T/err"
expect_code 0 "proof" gx-campaign proof spring
cp "$T/out" "$T/proof.json"
expect_eq "proof: one JSON line" 1 "$(lines "$T/proof.json")"
expect_eq "proof: type, campaign, seed, commitment" \
	"proof spring $SEED $COMMIT" \
	"$(jq -r '"\(.type) \(.campaign) \(.seed) \(.seed_sha256)"' "$T/proof.json")"
expect_eq "proof: the rules published before the window opened" \
	"$RULES_SHA" "$(jq -r .rules_sha256 "$T/proof.json")"
expect_eq "proof: the candidates" "$(echo $CANDS | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
	"$(jq -r '.candidates[]' "$T/proof.json" | sort | tr '\n' ' ' | sed 's/ $//')"
expect_eq "proof: the awards" \
	"1:$W1:declined:null 2:$W2:declined:null 3:$W3:delivered:null 4:$W4:declined:1 5:$W5:shipped:2" \
	"$(jq -r -c '.awards[] | "\(.rank):\(.handle):\(.status):\(.replaces_rank)"' "$T/proof.json" | tr '\n' ' ' | sed 's/ $//')"
snapshot verify
expect_code 0 "verify" gx-campaign verify <"$T/proof.json"
expect_eq "verify: ok, with the counts" \
	"verify true spring $COMMIT 5 3 2" \
	"$(jq -r '"\(.type) \(.ok) \(.campaign) \(.seed_sha256) \(.candidates) \(.winners) \(.replacements)"' "$T/out")"
expect_code 0 "verify a pretty-printed proof" \
	sh -c 'jq . "$1" | gx-campaign verify' sh "$T/proof.json"
expect_code 0 "verify needs no database" env GX_DB="$T/none/gx.db" \
	gx-campaign verify <"$T/proof.json"
expect_unchanged "verify: nothing changed" verify

# tampered FILTER DESC REGEX: the proof changed by jq FILTER fails (65)
# with a message matching REGEX.
tampered() {
	jq -c "$1" "$T/proof.json" >"$T/bad.json"
	expect_code 65 "tampered: $2" gx-campaign verify <"$T/bad.json"
	expect_grep "tampered: $2: the reason" "$3" "$T/err"
	expect_eq "tampered: $2: nothing on stdout" "" "$(cat "$T/out")"
}
tampered ".seed = \"$(sha other)\"" "changed seed" \
	"does not match its commitment"
tampered ".seed_sha256 = \"$(sha other)\"" "changed seed_sha256" \
	"does not match its commitment"
OTHER=$(sha another-seed)
tampered ".seed = \"$OTHER\" | .seed_sha256 = \"$(sha "$OTHER")\"" \
	"another seed with its own commitment" "award at rank|should win"
tampered "(.awards[] | select(.rank == 1) | .handle) = \"$W3\" |
	(.awards[] | select(.rank == 3) | .handle) = \"$W1\"" \
	"swapped winners" "award at rank 1 went to '$W3'"
tampered '(.awards[] | select(.rank == 3) | .prize) = "sports shoes"' \
	"a changed prize of an award" "rank 3 should win 'cup: ceramic'"
tampered '.prizes[0].name = "gold bar"' "a changed prize in the list" \
	"should win 'gold bar'"
tampered '.prizes[0].quantity = 2' "a changed prize quantity" \
	"should win|replaces no declined|is a first-draw award"
# an added candidate whose ticket ranks among the awards
LAST5=$(sed -n 5p "$T/ranked" | cut -c1-64)
i=0
while [ $i -lt 500 ]; do
	i=$((i + 1))
	t=$(sha "$SEED:spring:extra$i")
	[ "$(printf '%s\n%s\n' "$t" "$LAST5" | sort | head -1)" = "$t" ] && break
done
tampered ".candidates += [\"extra$i\"]" "an added candidate" "award at rank"
tampered ".candidates += [.candidates[0]]" "a candidate twice" "appears twice"
tampered ".candidates -= [\"$W3\"]" "a removed candidate" \
	"award at rank|no valid rank"
tampered '(.awards[] | select(.rank == 5) | .prize) = "sports shoes"' \
	"a replacement with a wrong prize" "replaces no declined award"
tampered '(.awards[] | select(.rank == 5) | .replaces_rank) = 3' \
	"a replacement of an award that was not declined" \
	"replaces no declined award"
tampered '(.awards[] | select(.rank == 5) | .replaces_rank) = 1' \
	"a prize replaced twice" "replaces no declined award|replaced 2 times"
tampered 'del(.awards[] | select(.rank == 3))' "a missing award" \
	"rank 3 should have an award"
tampered '.awards += [.awards[2]]' "an award listed twice" "award"
tampered '.rules = .rules + " Terms may change."' "a changed rules text" \
	"rules text does not match"
tampered 'del(.seed)' "no seed" "not a draw proof"
printf '{"type":"proof",' >"$T/bad.json"
expect_code 65 "verify malformed JSON" gx-campaign verify <"$T/bad.json"
expect_grep "malformed JSON: the reason" "not a JSON proof" "$T/err"
echo '[]' >"$T/bad.json"
expect_code 65 "verify a JSON array" gx-campaign verify <"$T/bad.json"
expect_unchanged "tampered proofs: nothing changed" verify

# --- unknown campaigns, awards and other bad input ----------------------------------------------

snapshot bad
# Looking up an unknown campaign finds nothing (1); acting on one is bad
# input (65); either way the message names it.
for sub in show rules eligible awards proof; do
	expect_code 1 "$sub an unknown campaign" gx-campaign $sub nope
	expect_grep "$sub unknown: named" "no campaign 'nope'" "$T/err"
done
for sub in commit draw close; do
	expect_code 65 "$sub an unknown campaign" gx-campaign $sub nope </dev/null
	expect_grep "$sub unknown: named" "no campaign 'nope'" "$T/err"
done
expect_code 65 "set an unknown campaign" gx-campaign set nope --goal 2
expect_code 1 "show a known and an unknown campaign" \
	gx-campaign show spring nope
expect_eq "show known and unknown: the known one shown" spring \
	"$(jqf .slug "$T/out")"
for sub in rules eligible commit draw proof awards close; do
	expect_code 64 "$sub an invalid slug" gx-campaign $sub Bad_Slug </dev/null
	expect_grep "$sub invalid slug: named" "invalid campaign slug" "$T/err"
done
expect_code 64 "rules with two slugs" gx-campaign rules spring autumn
expect_code 64 "rules with no slug" gx-campaign rules
for sub in decline deliver; do
	expect_code 65 "$sub an unknown award" gx-campaign $sub 999
	expect_grep "$sub unknown award: named" "no award 999" "$T/err"
	expect_code 65 "$sub a non-numeric award id" gx-campaign $sub abc
	expect_grep "$sub abc: named" "'abc' is not an award id" "$T/err"
done
expect_code 65 "ship an unknown award" gx-campaign ship 999 --tracking SF1
expect_code 64 "decline with no award" gx-campaign decline </dev/null
expect_code 64 "awards --status bad" gx-campaign awards spring --status lost
expect_code 64 "an unknown subcommand" gx-campaign frobnicate
expect_unchanged "bad input: nothing changed" bad

done_testing
