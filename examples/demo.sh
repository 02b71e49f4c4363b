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
export GX_NOW="2016-03-20T09:00:00Z"	# before the campaign season
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

# ------------------------------------------------------------------------
step "Reciprocity: the 'spring outing on sunny days' campaign"
show 'gx-campaign create spring-outing --goal 3 --prize "sports shoes:5:399" --prize "cup:10:39" ...'
gx-campaign create spring-outing --title "Spring outing on sunny days" \
	--starts 2016-04-01 --ends 2016-04-30 --goal 3 \
	--organiser "Chitu Shanghai community team" \
	--prize "sports shoes:5:399" --prize "cup:10:39" -o table
show 'gx-campaign create luxury --prize "car:1:250000" ...   # over the legal cap'
gx-campaign create luxury --title "Win a car" --starts 2016-04-01 \
	--ends 2016-04-30 --goal 3 --organiser "nobody" --prize "car:1:250000" \
	|| echo "(exit $?)"
step "The rules every member is owed, frozen once the campaign opens"
show "gx-campaign rules spring-outing"
gx-campaign rules spring-outing -o table
show "gx-campaign commit spring-outing   # publish SHA-256 of the secret seed"
gx-campaign commit spring-outing
export GX_NOW="2016-04-02T09:00:00Z"
show 'gx-campaign set spring-outing --goal 2'
gx-campaign set spring-outing --goal 2 || echo "(exit $?)"

step "Members in Shanghai each get 5 WeChat invite codes, through a pipe"
show "gx-user list --city Shanghai | gx-invite create --campaign spring-outing --count 5 --channel wechat"
gx-user list --city Shanghai |
	gx-invite create --campaign spring-outing --count 5 --channel wechat \
	>"$work/invites.jsonl"
wc -l <"$work/invites.jsonl" | sed 's/$/ invites created/'
head -3 "$work/invites.jsonl" | jq -c '{code, inviter, channel, expires_at}'

step "Friends register with the codes over three weeks"
# Inviter number i (in order of appearance) has friends sign up on day
# 3 + 3 * (i % 8), with the first 2 to 4 of their codes: only those with
# three or more reach the goal.
n=0
for day in 03 06 09 12 15 18 21 24; do
	awk -v k="$n" -v day="$day" -F'"' '{
		for (i = 1; i < NF; i++) {
			if ($i == "code") code = $(i + 2)
			if ($i == "inviter") inv = $(i + 2)
		}
		if (!(inv in num)) num[inv] = nnum++
		if (num[inv] % 8 != k) next
		if (++used[inv] > 2 + num[inv] % 3) next
		f++
		printf "{\"handle\":\"f%s%03d\",\"name\":\"朋友%s%03d\",", day, f, day, f
		printf "\"phone\":\"1350%02d%05d\",\"city\":\"Shanghai\",", day, f
		printf "\"invite\":\"%s\"}\n", code
	}' "$work/invites.jsonl" >"$work/friends-$day.jsonl"
	n=$((n + 1))
	GX_NOW="2016-04-${day}T20:00:00Z" gx-user add <"$work/friends-$day.jsonl" |
	    wc -l | sed "s/^/2016-04-$day: /; s/$/ friends registered with codes/"
done

step "Abuse is refused or flagged, never counted"
self=$(GX_NOW="2016-04-25T09:00:00Z" gx-invite create wangwei \
	--campaign spring-outing | jq -r .code)
show "gx-invite accept $self --user wangwei        # a self-invite"
GX_NOW="2016-04-25T09:00:00Z" gx-invite accept "$self" --user wangwei ||
	echo "(exit $?)"
show "gx-invite create m0011 --count 8; 8 accounts register within the hour"
show "(GX_INVITE_BURST=2: a third acceptance within an hour is a burst)"
export GX_INVITE_BURST=2
GX_NOW="2016-04-25T10:00:00Z" gx-invite create m0011 \
	--campaign spring-outing --count 8 >"$work/burst.jsonl"
jq -r .code "$work/burst.jsonl" | awk '{
	printf "{\"handle\":\"bot%02d\",\"name\":\"机器人%02d\",", NR, NR
	printf "\"phone\":\"1340000%04d\",\"invite\":\"%s\"}\n", NR, $1
}' | GX_NOW="2016-04-25T10:20:00Z" gx-user add >/dev/null
unset GX_INVITE_BURST
show "gx-invite list --inviter m0011 --state flagged -o table"
GX_NOW="2016-04-26T09:00:00Z" gx-invite list --inviter m0011 --state flagged \
	-o table --fields code,invitee,state,reason

# ------------------------------------------------------------------------
step "Trust: the eligible members certify their real names"
# Tiny stand-ins for scanned documents: the store checks types by content.
printf '\377\330\377\340 an id card scan' >"$work/id.jpg"
printf '%%PDF-1.4 an employment letter' >"$work/job.pdf"
printf 'just text, named like a photo' >"$work/fake.jpg"
export GX_NOW="2016-04-26T09:00:00Z"
gx-campaign eligible spring-outing | jq -r .handle >"$work/eligible.txt"
show "gx-certify submit HANDLE --kind realname --doc id-card=id.jpg   # for each eligible member"
while read -r h; do
	gx-certify submit "$h" --kind realname --doc "id-card=$work/id.jpg"
done <"$work/eligible.txt" >"$work/cases.jsonl"
wc -l <"$work/cases.jsonl" | sed 's/$/ cases submitted/'
show "gx-certify submit wangwei --kind realname --doc id-card=fake.jpg   # checked by content"
gx-certify submit wangwei --kind realname --doc "id-card=$work/fake.jpg" ||
	echo "(exit $?)"
show "gx-certify submit wangwei --kind professional ...   # needs real-name first"
gx-certify submit wangwei --kind professional --doc "id-card=$work/id.jpg" \
	--doc "employment=$work/job.pdf" || echo "(exit $?)"

export GX_NOW="2016-04-28T09:00:00Z"
show "gx-certify queue -o table | head -4     # oldest first, due in 3 days"
gx-certify queue -o table --fields id,handle,kind,submitted_at,due_at | head -4
show "the secretary m0002 approves most, rejects two, leaves one waiting"
jq -r .id "$work/cases.jsonl" | sed -n '3,$p' | sed '$d' |
	gx-certify approve --as m0002 >/dev/null
jq -r .id "$work/cases.jsonl" | sed -n '1,2p' |
	gx-certify reject --as m0002 --reason unreadable --retry \
	--message "The photo is blurred; please scan it again" \
	--fields id,handle,state,reason,message
export GX_NOW="2016-05-01T09:00:00Z"
show "gx-certify queue --overdue          # the 3-day promise, broken once"
gx-certify queue --overdue -o table --fields id,handle,kind,due_at,overdue
show "gx-certify stats"
gx-certify stats | jq -c '{cases, median_turnaround_seconds, share_within_sla, overdue_now}'

step "Credit ratings from a bureau (a local stand-in the demo starts)"
python3 "$here/../tests/bureau.py" --port-file "$work/port" &
bureau=$!
trap 'kill $bureau 2>/dev/null; rm -rf "$work"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$work/port" ] && break; sleep 0.2; done
export GX_CREDIT_URL="http://127.0.0.1:$(cat "$work/port")/v1/scores"
export GX_CREDIT_TOKEN=test-token
show "head -5 eligible.txt | gx-certify credit -o table"
head -5 "$work/eligible.txt" | gx-certify credit -o table \
	--fields handle,score,band,as_of
h=$(head -1 "$work/eligible.txt")
show "gx-certify credit $h --show --as $h     # the member chooses to show it"
gx-certify credit "$h" --show --as "$h" --fields handle,score,band,visible
show "GX_CREDIT_TOKEN=wrong gx-certify credit $h --refresh"
GX_CREDIT_TOKEN=wrong gx-certify credit "$h" --refresh || echo "(exit $?)"

export GX_NOW="2016-05-01T10:00:00Z"
step "The leaderboard and the numbers"
show "gx-invite leaderboard --campaign spring-outing --min 3 --limit 8"
gx-invite leaderboard --campaign spring-outing --min 3 --limit 8 -o table
show "gx-invite stats --campaign spring-outing"
gx-invite stats --campaign spring-outing -o table

step "The draw: real-name members only, ranked by SHA-256(seed:campaign:handle)"
show "gx-campaign eligible spring-outing | wc -l"
gx-campaign eligible spring-outing | wc -l
show "gx-campaign eligible spring-outing | gx-certify badges | jq -c 'select(.realname)' | wc -l"
gx-campaign eligible spring-outing | gx-certify badges |
	jq -c 'select(.realname)' | wc -l
show "... | gx-campaign draw spring-outing"
gx-campaign eligible spring-outing | gx-certify badges |
	jq -c 'select(.realname)' | gx-campaign draw spring-outing \
	>"$work/awards.jsonl"
gx-campaign awards spring-outing -o table | head -6
echo "... $(wc -l <"$work/awards.jsonl") awards"

step "A winner declines: the shoes pass to the first on the reserve list"
first=$(head -1 "$work/awards.jsonl" | jq -r .id)
show "gx-campaign decline $first"
gx-campaign decline "$first" -o table
show "gx-campaign ship 2 --tracking SF1234567890; gx-campaign deliver 2"
gx-campaign ship 2 --tracking SF1234567890 --fields id,handle,status,tracking
gx-campaign deliver 2 --fields id,handle,status

step "Anyone can check the draw from its proof, without the database"
gx-campaign proof spring-outing >"$work/proof.json"
show "gx-campaign verify < proof.json"
gx-campaign verify <"$work/proof.json"
show "jq '.awards[0].handle = \"m0001\"' proof.json | gx-campaign verify   # tampered"
jq -c '.awards[0].handle = "m0001"' "$work/proof.json" | gx-campaign verify ||
	echo "(exit $?)"
gx audit verify

# ------------------------------------------------------------------------
step "Positive energy: a member founds a group, sales people join through a pipe"
export GX_NOW="2016-05-01T12:00:00Z"
show "gx-group create sales-elites-2 --name \"The Earth's Sales Elites 2\" --founder wangwei --policy approval"
gx-group create sales-elites-2 --name "The Earth's Sales Elites 2" \
	--founder wangwei --policy approval --as wangwei \
	--fields slug,name,founder,policy,tz,members
show "gx-user list --industry sales | gx-group add sales-elites-2 --as wangwei | wc -l"
gx-user list --industry sales --status active |
	gx-group add sales-elites-2 --as wangwei | wc -l
show "gx-group join sales-elites-2 --as m0003     # approval: pending"
gx-group join sales-elites-2 --as m0003 --fields handle,status,result
show "gx-group diversity sales-elites-2 | head -5"
gx-group diversity sales-elites-2 -o table | head -6
for k in daily-reflection daily-topic daily-star weekend-photos; do
	gx-group activity sales-elites-2 add "$k" --as wangwei >/dev/null
done

step "A week of rituals, one day at a time (GX_NOW steps through the days)"
gx-group members sales-elites-2 | jq -r .handle >"$work/group.txt"
printf '\211PNG\r\n\032\n a weekend photo' >"$work/hike.png"
topics="Your best deal this year|A customer who taught you something|How you plan your week|The worst meeting you ever had|A book that changed how you sell|Your weekend plan|What you learned this week"
d=0
for day in 02 03 04 05 06 07 08; do
	d=$((d + 1))
	export GX_NOW="2016-05-${day}T12:00:00Z"
	topic=$(echo "$topics" | cut -d'|' -f"$d")
	gx-group topic sales-elites-2 set "$topic" --as wangwei >/dev/null
	star=$(gx-group star sales-elites-2 --as wangwei | jq -r .handle)
	gx-post star sales-elites-2 "Hello from $star: my work and my life" \
		--as "$star" >/dev/null
	# Five members reflect, three answer the topic, everyone cheers the star.
	sed -n "1,3p;$((d + 3)),$((d + 4))p" "$work/group.txt" | while read -r h; do
		gx-post reflection sales-elites-2 --as "$h" \
		    --good "helped a colleague" --good "called a customer back" \
		    --good "walked 10000 steps" --habit "checking my phone at dinner" \
		    >/dev/null
	done
	sed -n "$((d + 5)),$((d + 7))p" "$work/group.txt" | while read -r h; do
		gx-post topic sales-elites-2 "my answer, day $d" --as "$h" >/dev/null
	done
	if [ "$day" = 07 ] || [ "$day" = 08 ]; then
		gx-post photo sales-elites-2 "$work/hike.png" --caption \
		    "weekend hike" --as "$star" >/dev/null
	fi
	gx-post feed sales-elites-2 --kind star --limit 1 --as wangwei |
		jq -r .id | head -3 >"$work/starpost"
	head -6 "$work/group.txt" | while read -r h; do
		[ "$h" = "$star" ] || gx-post cheer "$(cat "$work/starpost")" --as "$h" >/dev/null
	done
	gx-group today sales-elites-2 --as wangwei |
		jq -r '"\(.date) \(.weekday[0:3])  star \(.star)  reflections \(.reflections)  photos \(.photos)  \(.topic)"'
done

step "The feed, the streaks and the energy leaders"
show "gx-post feed sales-elites-2 --limit 5 -o table"
gx-post feed sales-elites-2 --limit 5 --as wangwei -o table
h=$(sed -n 2p "$work/group.txt")
show "gx-post streak $h --group sales-elites-2"
gx-post streak "$h" --group sales-elites-2 --fields handle,days,longest,last
show "gx-post energy --group sales-elites-2 --window 7d | head -5"
gx-post energy --group sales-elites-2 --window 7d -o table \
	--fields handle,name,energy,reflections,star_stories,topic_answers,cheers_received |
	head -6
gx audit verify
