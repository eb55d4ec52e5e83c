#!/bin/bash
# Every error vmshadow prints is in docs/troubleshooting.md: the results
# tool's messages (fprintf to stderr, fputs of a "vmshadow: " line, its
# usage errors, the err strings its readers hand up, the JSON reader's
# syntax errors) and the pipeline's
# `die` messages. A message counts as documented when the longest piece of
# its constant text (the parts between printf conversions or shell
# expansions) is in the document; pieces under 6 characters say too
# little to look for and are not checked.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
doc=$top/docs/troubleshooting.md
cd "$top"

# FILE:LINE:LITERAL for every error call's first string literal.
calls() {
	grep -HnoE '(fprintf\(stderr, ?|usage_fail\([a-z_]+, |snprintf\((r->)?err, (r->)?errlen, |jr_fail\((&?r), )"([^"\\]|\\.)*"' \
		ci/vmshadow/*.c
	grep -HnoE 'fputs\("vmshadow: ([^"\\]|\\.)*"' ci/vmshadow/*.c
	grep -HnoE '(^|[[:space:]])die "([^"\\]|\\.)*"' ci/*.sh ci/tests/*.sh
}

# The longest constant piece of one message.
piece() {
	# shellcheck disable=SC2016 # the $ in these patterns are shell text to remove
	printf '%s\n' "$1" |
	sed -E 's/\\n$//; s/\\\\/\\/g; s/\\(["$])/\1/g; s/^vmshadow: //
		s/%[-0-9.*]*(l|ll|z|h)?[sdiuxgfc%]/\n/g
		s/\$\{[^}]*\}/\n/g; s/\$\([^)]*\)?/\n/g; s/\$([A-Za-z_][A-Za-z_0-9]*|[0-9@*#?])/\n/g' |
	sed -E 's/^[][ :,()'"'"']+//; s/[][ :,()'"'"']+$//' |
	awk '{ if (length($0) > length(best)) best = $0 } END { print best }'
}

n=0 missing=0
while IFS= read -r hit; do
	file=${hit%%:*}
	rest=${hit#*:}
	where=$file:${rest%%:*}
	msg=${rest#*\"}
	msg=${msg%\"}
	p=$(piece "$msg")
	[ ${#p} -ge 6 ] || continue
	n=$((n + 1))
	grep -qF -- "$p" "$doc" && continue
	echo "MISSING: $where: \"$msg\" (looked for '$p')"
	missing=$((missing + 1))
done < <(calls)

echo "$n messages checked, $missing not in docs/troubleshooting.md"
# The scan must see the tool's messages at all: a pattern that stopped
# matching would pass every time.
[ "$n" -ge 80 ] || { echo "FAIL: only $n error messages found; the scan no longer matches the code"; exit 1; }
[ "$missing" = 0 ] || { echo "FAIL: add each MISSING message to docs/troubleshooting.md (message, meaning, what to do)"; exit 1; }
