#!/bin/sh
# gx-group: create (the founder, policies, time zones, who may found),
# list and show, membership under each policy (join, approve, add from a
# pipe, leave, remove, ban) with the founder protected, roles and passing
# founding on, members and their filters, diversity, activities, the daily
# topic, the fair rotation of the daily star, and the day's agenda in the
# group's time zone.  Every refused command leaves the database as it was.
. "$(dirname "$0")/lib.sh"

# member HANDLE PHONE [OPTION...]: register a member for the fixture.
member() {
	h=$1 p=$2
	shift 2
	gx-user add "$h" --name "$h" --phone "$p" "$@" >/dev/null ||
		echo "# fixture: could not add member '$h'"
}

# lines FILE: how many lines FILE has.
lines() {
	grep -c '' "$1"
}

# jqf FILTER FILE: jq -r -c FILTER over FILE, lines joined by spaces.
jqf() {
	jq -r -c "$1" "$2" | tr '\n' ' ' | sed 's/ $//'
}

# star SLUG [OPTION...]: the handle of the star gx-group star prints.
star() {
	gx-group star "$@" 2>/dev/null | jq -r .handle
}

# --- fixture --------------------------------------------------------------

GX_NOW=2016-03-01T09:00:00Z
member wangwei 13812345678 --city Shanghai --industry sales
member lina 13900112233 --city Beijing --industry sales
member zhaolei 13700001111 --city Shanghai --industry finance
member chen 13600001111 --city Hangzhou --industry sales
member sun 13500002222 --city Shanghai --industry tech
member qian 13300001111 --city Shanghai --industry sales
member spammer 13400001111 --city Guangzhou --industry sales
member nocity 13200001111
member outsider 13100001111 --city Beijing --industry law
member staffer 13000001111 --role staff

# --- help -------------------------------------------------------------------

for sub in create list show join approve add leave remove ban role members \
    diversity activity topic star today; do
	expect_code 0 "$sub --help" gx-group $sub --help
	expect_grep "$sub --help has an example" "^ +gx-" "$T/out"
done

# --- create -----------------------------------------------------------------

GX_NOW=2016-04-01T09:00:00Z
expect_code 0 "create: a member founds a group as themself" \
	gx-group create elites --name "The Earth's Sales Elites 2" \
	--founder wangwei --city Shanghai --industry sales \
	--about "Sales people who lift each other up" --as wangwei
expect_eq "create: type, slug, founder, policy, tz, result" \
	"group elites wangwei open Asia/Shanghai added" \
	"$(jq -r '"\(.type) \(.slug) \(.founder) \(.policy) \(.tz) \(.result)"' "$T/out")"
expect_eq "create: name, city, industry, about" \
	"The Earth's Sales Elites 2|Shanghai|sales|Sales people who lift each other up" \
	"$(jq -r '"\(.name)|\(.city)|\(.industry)|\(.about)"' "$T/out")"
expect_eq "create: one member, no activities, an id" "1 [] true" \
	"$(jq -r -c '"\(.members) \(.activities) \(.id | type == "number")"' "$T/out")"
expect_eq "create: created and updated now" \
	"2016-04-01T09:00:00Z 2016-04-01T09:00:00Z" \
	"$(jq -r '"\(.created_at) \(.updated_at)"' "$T/out")"
expect_code 0 "create: the members" gx-group members elites
expect_eq "create: the founder is the first member, role founder" \
	"member elites wangwei founder active 2016-04-01T09:00:00Z null" \
	"$(jq -r '"\(.type) \(.group) \(.handle) \(.role) \(.status) \(.joined_at) \(.last_post_at)"' "$T/out")"

expect_code 0 "create --policy approval (the operator, for a member)" \
	gx-group create appr --name "Approval club" --founder wangwei \
	--policy approval
expect_eq "approval: policy" "approval wangwei" \
	"$(jq -r '"\(.policy) \(.founder)"' "$T/out")"
expect_code 0 "create --policy invite" gx-group create inner \
	--name "Inner circle" --founder wangwei --policy invite
expect_eq "invite: policy" invite "$(jq -r .policy "$T/out")"
expect_code 0 "staff (with --as) found a group for a member, --tz" \
	gx-group create ny-club --name "New York" --founder lina \
	--tz America/New_York --as staffer
expect_eq "--tz: kept" "America/New_York lina" \
	"$(jq -r '"\(.tz) \(.founder)"' "$T/out")"

snapshot create
expect_code 64 "create: an unknown time zone" gx-group create mars \
	--name Mars --founder wangwei --tz Mars/Olympus_Mons
expect_grep "unknown time zone: named" "unknown time zone 'Mars/Olympus_Mons'" \
	"$T/err"
expect_unchanged "unknown time zone: nothing created" create
expect_code 64 "create: a time zone that is a path" gx-group create mars \
	--name Mars --founder wangwei --tz ../../etc/passwd
expect_unchanged "time zone path: nothing created" create
expect_code 64 "create: a time zone that is a directory of zones" \
	gx-group create mars --name Mars --founder wangwei --tz Asia
expect_grep "zone directory: named" "unknown time zone 'Asia'" "$T/err"
expect_unchanged "zone directory: nothing created" create
expect_code 77 "create: a member founds for another" gx-group create linas \
	--name "Lina's" --founder wangwei --as lina
expect_grep "for another: the rule" "lina.*only as themself" "$T/err"
expect_unchanged "for another: nothing created" create
expect_code 64 "create: an unknown policy" gx-group create closed \
	--name C --founder wangwei --policy closed
expect_unchanged "unknown policy: nothing created" create
expect_code 64 "create: a slug in upper case" gx-group create Elites3 \
	--name E --founder wangwei
expect_code 64 "create: a one-character slug" gx-group create e \
	--name E --founder wangwei
expect_code 64 "create without --name" gx-group create nameless \
	--founder wangwei
expect_code 64 "create without --founder" gx-group create nameless --name N
expect_code 64 "create without a slug" gx-group create --name N \
	--founder wangwei
expect_code 65 "create: an unknown founder" gx-group create nobodys \
	--name N --founder nobody
expect_grep "unknown founder: named" "no member 'nobody'" "$T/err"
expect_unchanged "bad create: nothing created" create
expect_code 0 "create again" gx-group create elites --name "Another name" \
	--founder wangwei
expect_eq "create again: unchanged, the group as it was" \
	"unchanged The Earth's Sales Elites 2" \
	"$(jq -r '"\(.result) \(.name)"' "$T/out")"
expect_unchanged "create again: nothing changed" create

# --- list and show ------------------------------------------------------------

expect_code 0 "list" gx-group list
expect_eq "list: every group, in creation order" "elites appr inner ny-club" \
	"$(jqf .slug "$T/out")"
expect_eq "list: type group" group "$(jq -r .type "$T/out" | sort -u)"
expect_code 0 "list --city in another case" gx-group list --city shanghai
expect_eq "list --city" elites "$(jqf .slug "$T/out")"
expect_code 0 "list --industry" gx-group list --industry SALES
expect_eq "list --industry" elites "$(jqf .slug "$T/out")"
expect_code 1 "list: none matching" gx-group list --city Lhasa
expect_eq "list none: no output" "" "$(cat "$T/out")"
expect_code 0 "show two groups" gx-group show elites ny-club
expect_eq "show: both, in order" "elites ny-club" "$(jqf .slug "$T/out")"
expect_code 1 "show an unknown group" gx-group show elites nope
expect_grep "show unknown: named" "no group 'nope'" "$T/err"
expect_eq "show unknown: the known one still shown" elites \
	"$(jqf .slug "$T/out")"
expect_code 0 "show reads the output of list" \
	sh -c 'gx-group list | gx-group show'
expect_eq "show from stdin: four" 4 "$(lines "$T/out")"

# --- join, approve, add ---------------------------------------------------------

GX_NOW=2016-04-01T10:00:00Z
expect_code 0 "join an open group" gx-group join elites --as lina
expect_eq "join open: active at once" \
	"member elites lina active member joined 2016-04-01T10:00:00Z" \
	"$(jq -r '"\(.type) \(.group) \(.handle) \(.status) \(.role) \(.result) \(.joined_at)"' "$T/out")"
expect_eq "join: the member's name, city and industry" "lina Beijing sales" \
	"$(jq -r '"\(.name) \(.city) \(.industry)"' "$T/out")"
snapshot joined
expect_code 0 "join again" gx-group join elites --as lina
expect_eq "join again: unchanged" "active unchanged" \
	"$(jq -r '"\(.status) \(.result)"' "$T/out")"
expect_unchanged "join again: nothing changed" joined
expect_code 77 "join for another member" gx-group join elites --user zhaolei \
	--as lina
expect_grep "join for another: the rule" "lina.*only as themself" "$T/err"
expect_unchanged "join for another: nothing changed" joined
expect_code 64 "join as the operator without --user" gx-group join elites
expect_grep "join without a member: the hint" "--as.*--user" "$T/err"
expect_code 64 "join with a HANDLE argument" gx-group join elites zhaolei
expect_code 65 "join an unknown group" gx-group join nope --as lina
expect_code 77 "join as an unknown member" gx-group join elites --as nobody
expect_unchanged "bad joins: nothing changed" joined
expect_code 0 "the operator joins a member with --user" \
	gx-group join elites --user zhaolei
expect_eq "--user: zhaolei joined" "zhaolei active joined" \
	"$(jq -r '"\(.handle) \(.status) \(.result)"' "$T/out")"
expect_code 0 "staff (with --as) join a member with --user" \
	gx-group join elites --user sun --as staffer
expect_eq "staff --user: sun joined" "sun active" \
	"$(jq -r '"\(.handle) \(.status)"' "$T/out")"

expect_code 0 "join a group that needs approval" gx-group join appr --as lina
expect_eq "join approval: pending, not yet joined" "pending joined_at=null pending" \
	"$(jq -r '"\(.status) joined_at=\(.joined_at) \(.result)"' "$T/out")"
expect_code 0 "show: a pending member does not count" gx-group show appr
expect_eq "pending: members 1" 1 "$(jq -r .members "$T/out")"
expect_code 0 "join again while pending" gx-group join appr --as lina
expect_eq "pending again: unchanged" "pending unchanged" \
	"$(jq -r '"\(.status) \(.result)"' "$T/out")"
expect_code 0 "members --status pending" gx-group members appr --status pending
expect_eq "members --status pending: lina" "lina pending" \
	"$(jqf '"\(.handle) \(.status)"' "$T/out")"
snapshot pending
expect_code 77 "approve by a member who is not an admin" \
	gx-group approve appr lina --as lina
expect_grep "approve by a member: the rule" "only the admins of group 'appr'" \
	"$T/err"
expect_unchanged "approve by a member: nothing changed" pending
expect_code 65 "approve a member who did not ask" \
	gx-group approve appr zhaolei --as wangwei
expect_grep "approve unasked: the reason" "zhaolei.*not asked" "$T/err"
expect_unchanged "approve unasked: nothing changed" pending
expect_code 0 "the founder approves the pending members from members" \
	sh -c 'gx-group members appr --status pending |
	gx-group approve appr --as wangwei'
expect_eq "approved: active, joined now" \
	"lina active approved 2016-04-01T10:00:00Z" \
	"$(jq -r '"\(.handle) \(.status) \(.result) \(.joined_at)"' "$T/out")"
expect_code 0 "staff join a member to an approval group: no approval needed" \
	gx-group join appr --user chen
expect_eq "staff --user, approval: active" "chen active joined" \
	"$(jq -r '"\(.handle) \(.status) \(.result)"' "$T/out")"

snapshot invite
expect_code 77 "join a group by invitation" gx-group join inner --as lina
expect_grep "join invite: the reason" "by invitation" "$T/err"
expect_unchanged "join invite: nothing changed" invite
expect_code 77 "add by a member who is not an admin" \
	gx-group add inner lina --as lina
expect_grep "add by a member: the rule" "only the admins of group 'inner'" \
	"$T/err"
expect_unchanged "add by a member: nothing changed" invite
expect_code 0 "the founder adds a member to the invite-only group" \
	gx-group add inner lina --as wangwei
expect_eq "add: active" "lina active member added" \
	"$(jq -r '"\(.handle) \(.status) \(.role) \(.result)"' "$T/out")"
expect_code 0 "add again" gx-group add inner lina --as wangwei
expect_eq "add again: unchanged" unchanged "$(jq -r .result "$T/out")"

expect_code 0 "create a club for the pipe" gx-group create sales-club \
	--name "Sales club" --founder wangwei --policy invite
expect_code 0 "add members from gx-user list on stdin" \
	sh -c 'gx-user list --industry sales | gx-group add sales-club --as wangwei'
expect_eq "add from stdin: every sales member, the founder unchanged" \
	"wangwei:unchanged lina:added chen:added qian:added spammer:added" \
	"$(jqf '"\(.handle):\(.result)"' "$T/out")"
expect_eq "add from stdin: nothing on stderr" "" "$(cat "$T/err")"
expect_code 0 "show sales-club" gx-group show sales-club
expect_eq "sales-club: five members" 5 "$(jq -r .members "$T/out")"
snapshot batch
expect_code 65 "add a batch with an unknown member" \
	sh -c 'printf "zhaolei\nnobody\n" | gx-group add sales-club'
expect_grep "batch: the bad line named" "stdin:2:.*no member 'nobody'" "$T/err"
expect_eq "batch: nothing printed" "" "$(cat "$T/out")"
expect_unchanged "batch: nothing added (one transaction)" batch

# --- leave, remove, ban ------------------------------------------------------------

GX_NOW=2016-04-01T11:00:00Z
gx-group join elites --as chen >/dev/null
gx-group join elites --as spammer >/dev/null
gx-group join elites --as nocity >/dev/null
gx-group join elites --as qian >/dev/null
snapshot founder
expect_code 77 "the founder cannot leave" gx-group leave elites --as wangwei
expect_grep "founder leave: the reason" "founder of group 'elites' cannot leave" \
	"$T/err"
expect_unchanged "founder leave: nothing changed" founder
expect_code 77 "the founder cannot be removed, even by the operator" \
	gx-group remove elites wangwei
expect_grep "founder remove: the reason" "founder.*cannot be removed" "$T/err"
expect_unchanged "founder remove: nothing changed" founder
expect_code 77 "the founder cannot be banned" gx-group ban elites wangwei
expect_grep "founder ban: the reason" "founder of group 'elites' cannot" \
	"$T/err"
expect_unchanged "founder ban: nothing changed" founder

expect_code 0 "a member leaves" gx-group leave elites --as chen
expect_eq "leave: left" "chen left left" \
	"$(jq -r '"\(.handle) \(.status) \(.result)"' "$T/out")"
snapshot left
expect_code 65 "leave again" gx-group leave elites --as chen
expect_grep "leave again: the reason" "'chen' is not a member of group 'elites'" \
	"$T/err"
expect_unchanged "leave again: nothing changed" left
expect_code 77 "leave for another member" gx-group leave elites --user sun \
	--as zhaolei
expect_unchanged "leave for another: nothing changed" left
expect_code 0 "members --status left" gx-group members elites --status left
expect_eq "members --status left: chen" chen "$(jqf .handle "$T/out")"
expect_code 0 "a member who left joins again" gx-group join elites --as chen
expect_eq "join after leaving: active, joined anew" \
	"active joined 2016-04-01T11:00:00Z" \
	"$(jq -r '"\(.status) \(.result) \(.joined_at)"' "$T/out")"

snapshot remove
expect_code 77 "remove by a member who is not an admin" \
	gx-group remove elites nocity --as zhaolei
expect_unchanged "remove by a member: nothing changed" remove
expect_code 0 "the founder removes a member" \
	gx-group remove elites nocity --as wangwei
expect_eq "remove: removed" "nocity removed removed" \
	"$(jq -r '"\(.handle) \(.status) \(.result)"' "$T/out")"
expect_code 65 "remove someone who is not a member" \
	gx-group remove elites outsider
expect_code 0 "a removed member may join an open group again" \
	gx-group join elites --as nocity
expect_eq "rejoin after removal: active" active "$(jq -r .status "$T/out")"

expect_code 0 "role: the founder makes a member admin" \
	gx-group role elites lina --role admin --as wangwei
expect_eq "role admin: updated" "lina admin updated" \
	"$(jq -r '"\(.handle) \(.role) \(.result)"' "$T/out")"
expect_code 0 "an admin bans a member" gx-group ban elites spammer --as lina
expect_eq "ban: banned" "spammer banned banned" \
	"$(jq -r '"\(.handle) \(.status) \(.result)"' "$T/out")"
snapshot banned
expect_code 0 "ban again" gx-group ban elites spammer
expect_eq "ban again: unchanged" "banned unchanged" \
	"$(jq -r '"\(.status) \(.result)"' "$T/out")"
expect_unchanged "ban again: nothing changed" banned
expect_code 77 "a banned member cannot rejoin an open group" \
	gx-group join elites --as spammer
expect_grep "banned join: the reason" "spammer.*banned from group 'elites'" \
	"$T/err"
expect_unchanged "banned join: nothing changed" banned
expect_code 77 "an admin cannot add a banned member back" \
	gx-group add elites spammer --as wangwei
expect_unchanged "banned add: nothing changed" banned
expect_code 77 "staff cannot join a banned member with --user" \
	gx-group join elites --user spammer
expect_unchanged "banned --user: nothing changed" banned
expect_code 77 "a banned member cannot leave" gx-group leave elites --as spammer
expect_unchanged "banned leave: nothing changed" banned
expect_code 77 "ban by a member who is not an admin" \
	gx-group ban elites qian --as zhaolei
expect_unchanged "ban by a member: nothing changed" banned
expect_code 0 "members --status banned" gx-group members elites --status banned
expect_eq "members --status banned: spammer" "spammer banned" \
	"$(jqf '"\(.handle) \(.status)"' "$T/out")"

# --- role ----------------------------------------------------------------------

snapshot role
expect_code 77 "role: an admin who is not the founder" \
	gx-group role elites zhaolei --role admin --as lina
expect_grep "role by an admin: the rule" "only the founder.*or staff" "$T/err"
expect_unchanged "role by an admin: nothing changed" role
expect_code 77 "role: a member" gx-group role elites zhaolei --role admin \
	--as sun
expect_unchanged "role by a member: nothing changed" role
expect_code 77 "role: the founder's own role" \
	gx-group role elites wangwei --role member --as wangwei
expect_grep "founder's role: the reason" "founder's role changes only" "$T/err"
expect_unchanged "founder's role: nothing changed" role
expect_code 65 "role: someone who is not an active member" \
	gx-group role elites outsider --role admin
expect_unchanged "role of a non-member: nothing changed" role
expect_code 65 "role: a banned member" gx-group role elites spammer --role admin
expect_unchanged "role of a banned member: nothing changed" role
expect_code 64 "role --role boss" gx-group role elites zhaolei --role boss
expect_code 64 "role without --role" gx-group role elites zhaolei
expect_unchanged "bad roles: nothing changed" role
expect_code 0 "role again" gx-group role elites lina --role admin --as wangwei
expect_eq "role again: unchanged" "admin unchanged" \
	"$(jq -r '"\(.role) \(.result)"' "$T/out")"
expect_unchanged "role again: nothing changed" role
expect_code 0 "staff (with --as) set a role" \
	gx-group role elites zhaolei --role admin --as staffer
expect_eq "staff role: zhaolei admin" "zhaolei admin" \
	"$(jq -r '"\(.handle) \(.role)"' "$T/out")"
expect_code 0 "an admin is made a member again" \
	gx-group role elites zhaolei --role member
expect_eq "role member: zhaolei member" "zhaolei member updated" \
	"$(jq -r '"\(.handle) \(.role) \(.result)"' "$T/out")"
expect_code 0 "an admin (not the founder) adds members" \
	gx-group add elites outsider --as lina
expect_eq "admin add: added" "outsider added" \
	"$(jq -r '"\(.handle) \(.result)"' "$T/out")"
gx-group remove elites outsider >/dev/null

# founding passes on explicitly; the old founder stays as an admin
GX_NOW=2016-04-01T12:00:00Z
gx-group create passon --name "Pass on" --founder chen >/dev/null
gx-group add passon sun >/dev/null
GX_NOW=2016-04-01T12:30:00Z
expect_code 0 "the founder passes founding on" \
	gx-group role passon sun --role founder --as chen
expect_eq "pass on: the new founder" "sun founder updated" \
	"$(jq -r '"\(.handle) \(.role) \(.result)"' "$T/out")"
expect_code 0 "pass on: the group" gx-group show passon
expect_eq "pass on: the group's founder" sun "$(jq -r .founder "$T/out")"
expect_eq "pass on: the group's updated_at is the change" \
	"2016-04-01T12:30:00Z" "$(jq -r .updated_at "$T/out")"
expect_code 0 "pass on: the members" gx-group members passon
expect_eq "pass on: the old founder is an admin" "chen:admin sun:founder" \
	"$(jqf '"\(.handle):\(.role)"' "$T/out")"
expect_code 0 "members --role founder" gx-group members passon --role founder
expect_eq "members --role founder: sun" sun "$(jqf .handle "$T/out")"
snapshot passon
expect_code 77 "the old founder no longer sets roles" \
	gx-group role passon sun --role member --as chen
expect_unchanged "old founder role: nothing changed" passon
expect_code 77 "the new founder cannot leave" gx-group leave passon --as sun
expect_unchanged "new founder leave: nothing changed" passon
expect_code 0 "the old founder may leave now" gx-group leave passon --as chen
expect_eq "old founder leaves: left" "chen left" \
	"$(jq -r '"\(.handle) \(.status)"' "$T/out")"

# --- members ---------------------------------------------------------------------

GX_NOW=2016-04-01T13:00:00Z
expect_code 0 "members" gx-group members elites
expect_eq "members: the active ones, in the order they first joined" \
	"wangwei lina zhaolei sun chen nocity qian" "$(jqf .handle "$T/out")"
expect_code 0 "members --role admin" gx-group members elites --role admin
expect_eq "members --role admin: lina" lina "$(jqf .handle "$T/out")"
expect_code 0 "members --city in another case" gx-group members elites \
	--city SHANGHAI
expect_eq "members --city: the Shanghai members" "wangwei zhaolei sun qian" \
	"$(jqf .handle "$T/out")"
expect_code 0 "members --status removed" gx-group members elites \
	--status removed
expect_eq "members --status removed: outsider" outsider "$(jqf .handle "$T/out")"
expect_code 1 "members: none matching" gx-group members elites --city Lhasa
expect_eq "members none: no output, no error" "|" \
	"$(cat "$T/out")|$(cat "$T/err")"
expect_code 1 "members of an unknown group" gx-group members nope
expect_grep "members unknown group: named" "no group 'nope'" "$T/err"
expect_code 64 "members --status gone" gx-group members elites --status gone
expect_code 64 "members --inactive soon" gx-group members elites \
	--inactive soon

# --inactive: chen posted 9 days before, sun 4 days before, qian never
GX_NOW=2016-03-31T09:00:00Z gx-group create quiet --name Quiet \
	--founder chen >/dev/null
GX_NOW=2016-03-31T09:00:00Z gx-group add quiet sun qian >/dev/null
GX_NOW=2016-04-01T09:00:00Z gx-post note quiet "Hello all" --as chen >/dev/null
GX_NOW=2016-04-06T09:00:00Z gx-post note quiet "Good morning" --as sun >/dev/null
GX_NOW=2016-04-10T09:00:00Z
expect_code 0 "members --inactive 7d" gx-group members quiet --inactive 7d
expect_eq "--inactive 7d: no post for 7 days, or never" \
	"chen:2016-04-01T09:00:00Z qian:null" \
	"$(jqf '"\(.handle):\(.last_post_at)"' "$T/out")"
expect_code 0 "members --inactive 7d, exactly 7 days after a post" \
	env GX_NOW=2016-04-08T09:00:00Z gx-group members quiet --inactive 7d
expect_eq "--inactive 7d: a post exactly 7 days ago still counts" qian \
	"$(jqf .handle "$T/out")"
expect_code 0 "members --inactive 1w, later" \
	env GX_NOW=2016-04-14T09:00:00Z gx-group members quiet --inactive 1w
expect_eq "--inactive 1w: everyone, later" "chen sun qian" \
	"$(jqf .handle "$T/out")"
expect_code 0 "members: last_post_at" gx-group members quiet
expect_eq "members: last_post_at of each" \
	"chen:2016-04-01T09:00:00Z sun:2016-04-06T09:00:00Z qian:null" \
	"$(jqf '"\(.handle):\(.last_post_at)"' "$T/out")"

# --- diversity -----------------------------------------------------------------------

GX_NOW=2016-04-01T13:00:00Z
expect_code 0 "diversity" gx-group diversity elites
expect_eq "diversity: active members by city and industry, most first" \
	"Shanghai|sales|2 |null|1 Beijing|sales|1 Hangzhou|sales|1 Shanghai|finance|1 Shanghai|tech|1" \
	"$(jqf '"\(.city)|\(.industry | if . == "" then "null" else . end)|\(.members)"' "$T/out")"
expect_eq "diversity: type and group" "diversity elites" \
	"$(jq -r '"\(.type) \(.group)"' "$T/out" | sort -u)"
expect_eq "diversity: the counts add up to the members" 7 \
	"$(jq -s 'map(.members) | add' "$T/out")"
expect_code 1 "diversity of an unknown group" gx-group diversity nope

# --- activities -------------------------------------------------------------------------

expect_code 1 "activity list: none yet" gx-group activity elites list
snapshot activity
expect_code 77 "activity add by a member who is not an admin" \
	gx-group activity elites add daily-reflection --as sun
expect_grep "activity by a member: the rule" "only the admins" "$T/err"
expect_unchanged "activity by a member: nothing changed" activity
expect_code 64 "activity add an unknown kind" \
	gx-group activity elites add karaoke --as wangwei
expect_grep "unknown kind: named with the known ones" \
	"unknown activity 'karaoke'.*daily-reflection" "$T/err"
expect_unchanged "unknown kind: nothing changed" activity
expect_code 64 "activity frobnicate" gx-group activity elites frobnicate x
expect_code 64 "activity add without a kind" gx-group activity elites add
expect_code 65 "activity add to an unknown group" \
	gx-group activity nope add daily-topic
expect_unchanged "bad activities: nothing changed" activity
for k in daily-reflection daily-topic daily-star weekend-photos; do
	expect_code 0 "activity add $k" gx-group activity elites add $k \
		--as lina
	expect_eq "activity add $k: added" "activity elites $k added" \
		"$(jq -r '"\(.type) \(.group) \(.kind) \(.result)"' "$T/out")"
done
snapshot activities
expect_code 0 "activity add again" gx-group activity elites add daily-topic
expect_eq "activity add again: unchanged" unchanged "$(jq -r .result "$T/out")"
expect_unchanged "activity add again: nothing changed" activities
expect_code 0 "activity list" gx-group activity elites list --as outsider
expect_eq "activity list: the four, by name" \
	"daily-reflection daily-star daily-topic weekend-photos" \
	"$(jqf .kind "$T/out")"
expect_code 0 "show: the activities" gx-group show elites
expect_eq "show: activities" \
	'["daily-reflection","daily-star","daily-topic","weekend-photos"]' \
	"$(jq -c .activities "$T/out")"
expect_code 0 "activity remove" gx-group activity elites remove weekend-photos
expect_eq "activity remove: removed" "weekend-photos removed" \
	"$(jq -r '"\(.kind) \(.result)"' "$T/out")"
expect_code 0 "activity remove again" \
	gx-group activity elites remove weekend-photos
expect_eq "activity remove again: unchanged" unchanged \
	"$(jq -r .result "$T/out")"
gx-group activity elites add weekend-photos >/dev/null
expect_code 1 "activity list of an unknown group" gx-group activity nope list

# --- topic ---------------------------------------------------------------------------

GX_NOW=2016-04-02T01:00:00Z	# Saturday, 09:00 in Shanghai
snapshot topic
expect_code 77 "topic set by a member who is not an admin" \
	gx-group topic elites set "My topic" --as sun
expect_grep "topic by a member: the rule" "only the admins.*topic" "$T/err"
expect_unchanged "topic by a member: nothing changed" topic
expect_code 65 "topic set: empty text" gx-group topic elites set ""
expect_code 65 "topic set: a control character" \
	gx-group topic elites set "$(printf 'a\033b')"
expect_code 65 "topic set: over 500 characters" gx-group topic elites set \
	"$(head -c 501 /dev/zero | tr '\0' x)"
expect_code 64 "topic set --date not a date" gx-group topic elites set x \
	--date 2016-02-30
expect_code 64 "topic set --date today" gx-group topic elites set x \
	--date today
expect_code 64 "topic without set" gx-group topic elites "A topic"
expect_code 65 "topic set in an unknown group" gx-group topic nope set x
expect_unchanged "bad topics: nothing changed" topic
expect_code 0 "topic set by an admin" gx-group topic elites set \
	"Your best deal this year" --as lina
expect_eq "topic: today in Shanghai" \
	"topic elites 2016-04-02 Your best deal this year set" \
	"$(jq -r '"\(.type) \(.group) \(.date) \(.text) \(.result)"' "$T/out")"
snapshot topicset
expect_code 0 "topic set again, the same text" gx-group topic elites set \
	"Your best deal this year" --as lina
expect_eq "topic again: unchanged" unchanged "$(jq -r .result "$T/out")"
expect_unchanged "topic again: nothing changed" topicset
expect_code 0 "topic set --date for tomorrow" gx-group topic elites set \
	"A habit you broke" --date 2016-04-03
expect_eq "topic --date: that day" "2016-04-03 A habit you broke" \
	"$(jq -r '"\(.date) \(.text)"' "$T/out")"

# --- star -------------------------------------------------------------------------------

GX_NOW=2016-03-31T09:00:00Z
for i in 1 2 3 4 5; do
	member "u$i" "1880000000$i"
done
gx-group create stars --name Stars --founder u1 >/dev/null
for i in 2 3 4 5; do
	GX_NOW=2016-03-31T09:0$i:00Z gx-group join stars --as "u$i" >/dev/null
done
gx-group join stars --as sun >/dev/null
gx-group ban stars sun >/dev/null		# never a star
GX_NOW=2016-04-01T01:00:00Z
snapshot star
expect_code 77 "star: a non-member may not see it" gx-group star stars \
	--as outsider
expect_grep "star non-member: the rule" "only members of group 'stars'" \
	"$T/err"
expect_code 77 "star: a banned member may not see it" gx-group star stars \
	--as sun
expect_unchanged "star refused: nothing chosen" star
expect_code 0 "star: a member asks" gx-group star stars --as u3
expect_eq "star: the record" "star stars 2016-04-01 u1 founder active" \
	"$(jq -r '"\(.type) \(.group) \(.date) \(.handle) \(.role) \(.status)"' "$T/out")"
expect_eq "star: no result field" false "$(jq 'has("result")' "$T/out")"
seq10=u1
for d in 02 03 04 05 06 07 08 09 10; do
	seq10="$seq10 $(GX_NOW=2016-04-${d}T01:00:00Z star stars --as u2)"
done
expect_eq "star: ten days of a group of five, in fair rotation" \
	"u1 u2 u3 u4 u5 u1 u2 u3 u4 u5" "$seq10"
expect_eq "star: every member once in the first five days" 5 \
	"$(echo "$seq10" | tr ' ' '\n' | head -5 | sort -u | grep -c '')"
expect_eq "star: every member exactly twice in ten days" "2" \
	"$(echo "$seq10" | tr ' ' '\n' | sort | uniq -c | awk '{print $1}' | sort -u)"
expect_eq "star: the same answer all day (09:00 and 23:59 in Shanghai)" \
	"u3 u3 u3" "$(GX_NOW=2016-04-03T01:00:00Z star stars) $(GX_NOW=2016-04-03T15:59:59Z star stars --as u5) $(GX_NOW=2016-04-02T16:00:00Z star stars)"
expect_eq "star: the next day is another member" u4 \
	"$(GX_NOW=2016-04-03T16:00:00Z star stars)"
expect_code 0 "star --date reads a day already chosen" gx-group star stars \
	--date 2016-04-07 --as u4
expect_eq "star --date: that day's star" "2016-04-07 u2" \
	"$(jq -r '"\(.date) \(.handle)"' "$T/out")"
expect_code 64 "star --date not a date" gx-group star stars --date 20160407
expect_code 65 "star: an unknown group" gx-group star nope

GX_NOW=2016-04-11T01:00:00Z
expect_eq "star: 2016-04-11 is u1's turn" u1 "$(star stars --as u3)"
snapshot skip
expect_code 77 "star --skip by a member who is not an admin" \
	gx-group star stars --skip --as u3
expect_grep "skip by a member: the rule" "only the admins.*skip" "$T/err"
expect_unchanged "skip by a member: nothing changed" skip
expect_code 0 "star --skip by the founder" gx-group star stars --skip --as u1
expect_eq "--skip: the next in rotation" "2016-04-11 u2" \
	"$(jq -r '"\(.date) \(.handle)"' "$T/out")"
expect_eq "--skip: then the same answer" u2 "$(star stars --as u4)"
expect_eq "--skip again: the skipped are not picked again that day" u3 \
	"$(star stars --skip)"
expect_eq "--skip: the skipped star's turn comes the next day" u1 \
	"$(GX_NOW=2016-04-12T01:00:00Z star stars)"
expect_eq "--skip: then the other skipped one" u2 \
	"$(GX_NOW=2016-04-13T01:00:00Z star stars)"

GX_NOW=2016-04-14T01:00:00Z
gx-group leave stars --as u4 >/dev/null
expect_eq "star: a member who left is skipped by the rotation" u5 \
	"$(star stars)"
GX_NOW=2016-04-15T01:00:00Z
expect_eq "star: 2016-04-15 is u3's turn" u3 "$(star stars)"
expect_eq "star: 2016-04-16 is u1's turn" u1 \
	"$(GX_NOW=2016-04-16T01:00:00Z star stars)"
GX_NOW=2016-04-17T01:00:00Z
expect_eq "star: 2016-04-17 is u2's turn" u2 "$(star stars)"
gx-group leave stars --as u2 >/dev/null
expect_eq "star: the day's star left, the next in rotation" u5 \
	"$(star stars --as u3)"
expect_code 0 "today after the star left" gx-group today stars
expect_eq "today: the star who stands, not the one who left" u5 \
	"$(jq -r .star "$T/out")"
gx-group join stars --as u2 >/dev/null
expect_eq "star: the same all day, even when the one who left rejoins" u5 \
	"$(star stars --as u3)"

GX_NOW=2016-04-18T01:00:00Z
seq="$(star stars) $(star stars --skip) $(star stars --skip) $(star stars --skip)"
expect_eq "star --skip until nobody is left: each active member once" \
	"u1 u2 u3 u5" "$(echo "$seq" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"
expect_code 1 "star --skip with nobody left" gx-group star stars --skip
expect_grep "nobody left: the reason" "no member left to be the star" "$T/err"

# --- today --------------------------------------------------------------------------------

GX_NOW=2016-04-02T01:00:00Z	# Saturday
gx-group star elites >/dev/null
gx-post reflection elites --good a --good b --good c --habit h \
	--as wangwei >/dev/null
gx-post reflection elites --good a --good b --good c --habit h \
	--as lina >/dev/null
expect_code 0 "today on a Saturday" gx-group today elites --as sun
expect_eq "today: type, group, date, weekday, tz" \
	"today elites 2016-04-02 Saturday Asia/Shanghai" \
	"$(jq -r '"\(.type) \(.group) \(.date) \(.weekday) \(.tz)"' "$T/out")"
expect_eq "today: topic and star" "Your best deal this year|wangwei" \
	"$(jq -r '"\(.topic)|\(.star)"' "$T/out")"
expect_eq "today: reflections, photos, weekend photos" "2 0 true" \
	"$(jq -r '"\(.reflections) \(.photos) \(.weekend_photos)"' "$T/out")"
expect_eq "today: activities" \
	'["daily-reflection","daily-star","daily-topic","weekend-photos"]' \
	"$(jq -c .activities "$T/out")"
expect_code 0 "today on Sunday" env GX_NOW=2016-04-03T01:00:00Z \
	gx-group today elites
expect_eq "Sunday: the topic set ahead, no star chosen yet, no reflections" \
	"2016-04-03 Sunday true|A habit you broke|null|0" \
	"$(jq -r '"\(.date) \(.weekday) \(.weekend_photos)|\(.topic)|\(.star)|\(.reflections)"' "$T/out")"
expect_code 0 "today on Monday" env GX_NOW=2016-04-04T01:00:00Z \
	gx-group today elites
expect_eq "Monday: no weekend photos" "2016-04-04 Monday false null" \
	"$(jq -r '"\(.date) \(.weekday) \(.weekend_photos) \(.topic)"' "$T/out")"
expect_code 0 "today at 2016-04-03T15:59:59Z" \
	env GX_NOW=2016-04-03T15:59:59Z gx-group today elites
expect_eq "23:59:59 in Shanghai: still Sunday" "2016-04-03 Sunday true" \
	"$(jq -r '"\(.date) \(.weekday) \(.weekend_photos)"' "$T/out")"
expect_code 0 "today at 2016-04-03T17:00:00Z" \
	env GX_NOW=2016-04-03T17:00:00Z gx-group today elites
expect_eq "17:00 UTC Sunday is already Monday in Shanghai" \
	"2016-04-04 Monday false" \
	"$(jq -r '"\(.date) \(.weekday) \(.weekend_photos)"' "$T/out")"
expect_code 0 "today in New York at 2016-04-03T17:00:00Z" \
	env GX_NOW=2016-04-03T17:00:00Z gx-group today ny-club
expect_eq "New York: still Sunday" "2016-04-03 Sunday true America/New_York" \
	"$(jq -r '"\(.date) \(.weekday) \(.weekend_photos) \(.tz)"' "$T/out")"
expect_code 0 "today in New York at 2016-04-02T03:00:00Z" \
	env GX_NOW=2016-04-02T03:00:00Z gx-group today ny-club
expect_eq "New York: still Friday" "2016-04-01 Friday false" \
	"$(jq -r '"\(.date) \(.weekday) \(.weekend_photos)"' "$T/out")"
expect_code 0 "a reflection at 2016-04-01T16:30:00Z counts on the 2nd" \
	env GX_NOW=2016-04-01T16:30:00Z gx-post reflection elites --good a \
	--good b --good c --habit h --as zhaolei
expect_eq "the reflection's date in Shanghai" 2016-04-02 \
	"$(jq -r .date "$T/out")"
expect_code 0 "today: three reflections on the 2nd" gx-group today elites
expect_eq "today: reflections 3" 3 "$(jq -r .reflections "$T/out")"
expect_code 1 "today of an unknown group" gx-group today nope
expect_grep "today unknown: named" "no group 'nope'" "$T/err"

# --- bad usage -------------------------------------------------------------------------------

snapshot bad
expect_code 64 "an unknown subcommand" gx-group frobnicate
expect_code 64 "an unknown option" gx-group list --bogus
expect_code 64 "members without a slug" gx-group members
expect_code 64 "today without a slug" gx-group today
expect_code 64 "approve with no member at all" gx-group approve elites \
	</dev/null
expect_code 64 "--as a malformed handle" gx-group join elites --as 'x y!'
expect_unchanged "bad usage: nothing changed" bad

done_testing
