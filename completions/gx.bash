# bash completion for gx and every gx-NAME command.
#
# Nothing here is a hand-typed list: commands come from PATH, subcommands
# and options from each binary's --help, and member handles from the
# database (`gx complete handles PREFIX`), so the completion cannot go stale.

# The --db given on the command line so far, as arguments to pass on.
_gx_dbopt()
{
	local i
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		case ${COMP_WORDS[i]} in
		--db) echo "--db ${COMP_WORDS[i + 1]}"; return ;;
		--db=*) echo "${COMP_WORDS[i]}"; return ;;
		esac
	done
}

# Subcommands listed under "Commands:" in PROG --help.
_gx_subcommands()
{
	"$1" --help 2>/dev/null | awk '/^Commands:/ { on = 1; next }
	    on && /^  [a-z]/ { print $1; next } on && !/^  / { on = 0 }'
}

# Long options in PROG [SUB] --help.
_gx_options()
{
	"$@" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

# _gx_db KIND PREFIX: handles, slugs or codes from the database.
_gx_db()
{
	# shellcheck disable=SC2046
	gx $(_gx_dbopt) complete "$1" "$2" 2>/dev/null
}

_gx_handles()
{
	_gx_db handles "$1"
}

# Complete the words of a gx-NAME command; $1 is the binary, words start
# at index $2 of COMP_WORDS.
_gx_command()
{
	local prog=$1 first=$2 cur prev sub i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}

	case $prev in
	--as) COMPREPLY=($(compgen -W "$(_gx_handles "$cur")" -- "$cur"))
		return ;;
	--db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	-o|--output) COMPREPLY=($(compgen -W "jsonl table tsv" -- "$cur"))
		return ;;
	--user|--inviter)
		COMPREPLY=($(compgen -W "$(_gx_handles "$cur")" -- "$cur"))
		return ;;
	--campaign)
		COMPREPLY=($(compgen -W "$(_gx_db slugs "$cur")" -- "$cur"))
		return ;;
	--group)
		COMPREPLY=($(compgen -W "$(_gx_db groups "$cur")" -- "$cur"))
		return ;;
	--policy) COMPREPLY=($(compgen -W "open approval invite" -- "$cur"))
		return ;;
	--invite)
		COMPREPLY=($(compgen -W "$(_gx_db codes "$cur")" -- "$cur"))
		return ;;
	--role)
		if [[ $prog == gx-group ]]; then
			COMPREPLY=($(compgen -W "founder admin member" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "member staff" -- "$cur"))
		fi
		return ;;
	--kind)
		if [[ $prog == gx-post ]]; then
			COMPREPLY=($(compgen -W "reflection topic star photo note
			    reply" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "realname professional" -- "$cur"))
		fi
		return ;;
	--reason)
		if [[ $prog == gx-certify ]]; then
			COMPREPLY=($(compgen -W "unreadable name-mismatch
			    expired-document not-employed suspected-forgery other" \
			    -- "$cur"))
		fi
		return ;;
	--doc)
		if [[ $cur == *=* ]]; then
			COMPREPLY=($(compgen -f -- "${cur#*=}"))
			COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
		else
			compopt -o nospace 2>/dev/null
			COMPREPLY=($(compgen -W "id-card= business-card=
			    employment= other=" -- "$cur"))
		fi
		return ;;
	--channel) COMPREPLY=($(compgen -W "wechat sms link qr" -- "$cur"))
		return ;;
	--by) COMPREPLY=($(compgen -W "inviter channel day" -- "$cur"))
		return ;;
	--state) COMPREPLY=($(compgen -W "created accepted expired revoked
	    flagged" -- "$cur")); return ;;
	--status)
		if [[ $prog == gx-campaign ]]; then
			COMPREPLY=($(compgen -W "won declined shipped delivered" \
			    -- "$cur"))
		elif [[ $prog == gx-group ]]; then
			COMPREPLY=($(compgen -W "active pending banned left
			    removed" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "active suspended" -- "$cur"))
		fi
		return ;;
	--name|--phone|--email|--city|--industry|--company|--title|--since|\
	--search|--limit|--fields|--entity|--to|--count|--expires|\
	--message|--due-within|--since|--good|--habit|--caption|--before|\
	--window|--inactive|--date|--about|--tz|\
	--note|--min|--starts|--ends|--draw-at|--goal|--prize|--organiser|\
	--tracking)
		return ;;
	esac

	# The subcommand is the first word after the program that is not an
	# option or an option's argument.
	sub=
	for ((i = first; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db|--as|-o|--output|--fields) ((i++)) ;;
		--*=*|-*) ;;
		*) sub=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $sub ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_gx_options "$prog")" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_gx_subcommands "$prog")" \
			    -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_gx_options "$prog" "$sub")" -- "$cur"))
		return
	fi
	# Positional arguments: member handles for the commands that take them.
	case $prog:$sub in
	gx-user:show|gx-user:set|gx-user:suspend|gx-user:restore|\
	gx-invite:create)
		COMPREPLY=($(compgen -W "$(_gx_handles "$cur")" -- "$cur")) ;;
	gx-invite:accept|gx-invite:show|gx-invite:revoke|gx-invite:flag|\
	gx-invite:unflag)
		COMPREPLY=($(compgen -W "$(_gx_db codes "$cur")" -- "$cur")) ;;
	gx-group:*)
		# SLUG first, then members for the commands that take them.
		if ((COMP_CWORD - i == 1)); then
			COMPREPLY=($(compgen -W "$(_gx_db groups "$cur")" -- "$cur"))
		elif [[ $sub == activity ]] && ((COMP_CWORD - i == 2)); then
			COMPREPLY=($(compgen -W "add list remove" -- "$cur"))
		elif [[ $sub == activity ]]; then
			COMPREPLY=($(compgen -W "daily-reflection daily-topic
			    daily-star weekend-photos" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_gx_handles "$cur")" -- "$cur"))
		fi ;;
	gx-post:reflection|gx-post:topic|gx-post:star|gx-post:photo|\
	gx-post:note|gx-post:feed)
		if ((COMP_CWORD - i == 1)); then
			COMPREPLY=($(compgen -W "$(_gx_db groups "$cur")" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	gx-post:streak|gx-post:energy)
		COMPREPLY=($(compgen -W "$(_gx_handles "$cur")" -- "$cur")) ;;
	gx-certify:submit|gx-certify:status|gx-certify:credit)
		COMPREPLY=($(compgen -W "$(_gx_handles "$cur")" -- "$cur")) ;;
	gx-certify:show|gx-certify:approve|gx-certify:reject|\
	gx-certify:revoke)
		COMPREPLY=($(compgen -W "$(_gx_db cases "$cur")" -- "$cur")) ;;
	gx-campaign:list|gx-campaign:verify|gx-campaign:create|\
	gx-campaign:decline|gx-campaign:ship|gx-campaign:deliver)
		;;
	gx-campaign:*)
		COMPREPLY=($(compgen -W "$(_gx_db slugs "$cur")" -- "$cur")) ;;
	gx:help)
		COMPREPLY=($(compgen -W "$(compgen -c gx- | sed 's/^gx-//' |
		    sort -u)" -- "$cur")) ;;
	gx:audit)
		COMPREPLY=($(compgen -W "verify list" -- "$cur")) ;;
	gx:complete)
		COMPREPLY=($(compgen -W "handles slugs groups codes cases" \
		    -- "$cur"))
		;;
	esac
}

_gx()
{
	local prog=${COMP_WORDS[0]##*/} cur=${COMP_WORDS[COMP_CWORD]} i name
	COMPREPLY=()
	if [[ $prog == gx ]]; then
		# `gx NAME ...` completes as gx-NAME.
		for ((i = 1; i < COMP_CWORD; i++)); do
			case ${COMP_WORDS[i]} in
			--db|--as|-o|--output|--fields) ((i++)) ;;
			-*) ;;
			*) name=${COMP_WORDS[i]}; break ;;
			esac
		done
		if [[ -z $name ]]; then
			if [[ $cur == -* ]]; then
				COMPREPLY=($(compgen -W "$(_gx_options gx)" -- "$cur"))
			else
				COMPREPLY=($(compgen -W "$(_gx_subcommands gx)
				    $(compgen -c gx- | sed 's/^gx-//' | sort -u)" \
				    -- "$cur"))
			fi
			return
		fi
		if type -P "gx-$name" >/dev/null; then
			_gx_command "gx-$name" $((i + 1))
			return
		fi
		_gx_command gx 1
		return
	fi
	_gx_command "$prog" 1
}

complete -F _gx gx
for _gx_c in $(compgen -c gx- | sort -u); do
	complete -F _gx "$_gx_c"
done
unset _gx_c
