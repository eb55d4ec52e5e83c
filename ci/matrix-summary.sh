#!/bin/bash
# ci/matrix-summary.sh DIR: summary.json and summary.md of every run folder
# in DIR (one per target). A run that did not finish shows as incomplete.
# test_vmalloc counts every Summary line (smoke step and upstream's
# test_vmalloc.sh); align_shift_alloc_test fails by design: xfail.
set -eu
. "$(dirname "$0")/lib.sh"
dir=$1

rows=()
for r in "$dir"/*/; do
	r=${r%/}
	[ -L "$r" ] && continue	# "latest"
	[ -f "$r/run.json" ] || [ -f "$r/INCOMPLETE" ] || continue
	if [ ! -f "$r/run.json" ] || [ ! -f "$r/results.json" ]; then
		rows+=("$(jq -n --arg run "$(basename "$r")" --arg why "$(tail -n1 "$r/INCOMPLETE" 2>/dev/null)" \
			'{run: $run, target: ($run | split("-")[1]), verdict: "incomplete", reason: $why}')")
		continue
	fi
	vmap=$(grep -q '^CONFIG_VMAP_STACK=y' "$r/config" && echo y || echo n)
	rows+=("$(jq -n --slurpfile run "$r/run.json" --slurpfile res "$r/results.json" \
		--arg name "$(basename "$r")" --arg vmap "$vmap" '
		$run[0] as $m | $res[0] as $x |
		($x.tests | map(select(.suite != "runner" and .suite != "test_vmalloc"
			and (.suite | startswith("kselftest") | not)
			and (.suite | startswith("test_vmalloc") | not)))) as $k |
		($x.tests | map(select(.suite == "runner" and (.name | startswith("lkdtm_STACK_GUARD"))))) as $g |
		{run: $name, target: $m.arch, variant: $m.variant, tree: $m.tree,
		 base_version: $m.base_version, build_seconds: $m.build_seconds,
		 boot_seconds: $m.boot_seconds, init_seconds: $x.boot.init_seconds,
		 kunit: {pass: ($k | map(select(.status == "PASS")) | length),
			 fail: ($k | map(select(.status == "FAIL" or .status == "ERROR")) | length),
			 skip: ($k | map(select(.status == "SKIP")) | length)},
		 test_vmalloc: {pass: ($x.test_vmalloc | map(select(.failed == 0)) | length),
				fail: ($x.test_vmalloc | map(select(.failed > 0 and (.test | startswith("align_shift_alloc_test") | not))) | length),
				xfail: ($x.test_vmalloc | map(select(.failed > 0 and (.test | startswith("align_shift_alloc_test")))) | length)},
		 guard: (if ($g | length) == 0 then "missing"
			 elif ($g | all(.status == "PASS")) then "detected"
			 elif ($g | all(.status == "SKIP")) then "n/a"
			 else "FAILED" end),
		 vmap_stack: $vmap, verdict: $x.verdict, reason: $x.verdict_reason}')")
done
printf '%s\n' "${rows[@]}" | jq -s 'sort_by(.target)' | atomic_write "$dir/summary.json"
jq -r '
	"| target | base | build s | boot s | KUnit pass/fail/skip | test_vmalloc pass/fail | guard pages | VMAP_STACK | verdict |",
	"|---|---|---|---|---|---|---|---|---|",
	(.[] | if .verdict == "incomplete" then
		"| \(.target) | | | | | | | | incomplete: \(.reason) |"
	else
		"| \(.target) | \(.base_version) | \(.build_seconds) | \(.boot_seconds) | \(.kunit.pass)/\(.kunit.fail)/\(.kunit.skip) | \(.test_vmalloc.pass)/\(.test_vmalloc.fail) (+\(.test_vmalloc.xfail) xfail) | \(.guard) | \(if .vmap_stack == "y" then "y" else "n/a" end) | \(.verdict) |"
	end)' "$dir/summary.json" | atomic_write "$dir/summary.md"
