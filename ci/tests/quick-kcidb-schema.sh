#!/bin/bash
# kcidb.json against the KCIDB I/O schema kept in the repo
# (ci/vmshadow/kcidb/schema-v5.3.json, origin and licence in LICENSE beside
# it): every fixture log of ci/vmshadow/tests/fixtures/ is parsed with
# `vmshadow parse --kcidb` (with a run.json like ci/run.sh's) and validated
# by python3-jsonschema (draft-07, with format checks). A failure names the
# file, the JSON path and the validator's message.
# With arguments, quick-kcidb-schema.sh KCIDB_JSON... validates those files
# instead (ci/tests/kernel-flaky.sh: a run folder's and its retry/'s).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
self="bash ci/tests/quick-kcidb-schema.sh${*:+ $*}"
schema=$top/ci/vmshadow/kcidb/schema-v5.3.json
py=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import jsonschema' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || { echo "python3-jsonschema is not installed (apt-get install python3-jsonschema; make deps)"; exit 4; }
files=("$@")
if [ $# -eq 0 ]; then
	# The fixtures, each without and with a run.json like ci/run.sh's.
	make -s -C "$top/ci/vmshadow" OUT="$top/out/bin" >/dev/null
	vms=$top/out/bin/vmshadow
	out=$top/out/tests/quick-kcidb-schema
	rm -rf "$out"
	run=$out/20260101T000000Z-x86_64-kasan-vmalloc-series
	mkdir -p "$run"
	cat >"$run/run.json" <<'JSON'
{"arch": "x86_64", "variant": "kasan-vmalloc", "tree": "series", "plan": "smoke",
 "base_version": "6.12.117", "tree_commit": "0123456789ab",
 "tree_commit_hash": "0123456789abcdef0123456789abcdef01234567",
 "patchset_hash": "903638c087335b10293663c682b9aa0076f9f7be478a8e7828bc22e12d301b42",
 "compiler": "gcc (Debian 12.2.0-14) 12.2.0", "config_sha256": "aabbccddeeff",
 "project_commit": "abcdef012345", "build_seconds": 12.5, "verdict": "pass"}
JSON
	for log in "$top"/ci/vmshadow/tests/fixtures/*.log; do
		name=$(basename "$log" .log)
		for mode in plain run; do
			f=$out/$name.$mode.kcidb.json
			if [ "$mode" = run ]; then
				"$vms" parse "$log" -o /dev/null --kcidb "$f" --run-json "$run/run.json" ||
					{ echo "FAIL: $name: vmshadow parse failed (reproduce: $vms parse $log -o /dev/null --kcidb $f --run-json $run/run.json)"; exit 1; }
			else
				"$vms" parse "$log" -o /dev/null --kcidb "$f" ||
					{ echo "FAIL: $name: vmshadow parse failed (reproduce: $vms parse $log -o /dev/null --kcidb $f)"; exit 1; }
			fi
			files+=("$f")
		done
	done
fi
rc=0
"$py" - "$schema" "${files[@]}" <<'PY' || rc=$?
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
cls = jsonschema.Draft7Validator
cls.check_schema(schema)
v = cls(schema, format_checker=cls.FORMAT_CHECKER)
bad = 0
for f in sys.argv[2:]:
    data = json.load(open(f))
    errors = sorted(v.iter_errors(data), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        path = "$" + "".join("[%d]" % p if isinstance(p, int) else "." + p for p in e.absolute_path)
        print("FAIL: %s: %s: %s" % (f, path, e.message[:300]))
    bad += bool(errors)
    if not errors:
        print("valid  %s (%d tests)" % (f.rsplit("/", 1)[-1], len(data.get("tests", []))))
sys.exit(1 if bad else 0)
PY
[ "$rc" = 0 ] || { echo "FAIL: kcidb.json does not match $schema; reproduce: $self"; exit 1; }
echo "${#files[@]} kcidb.json files valid against KCIDB I/O schema v5.3"
