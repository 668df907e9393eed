#!/usr/bin/env bash
# pip-audit of the locked environment (uv.lock, every group): fails on any known vulnerability.
#
# pip-audit asks a vulnerability database (PyPI's per-release JSON, or OSV) about each pinned package.
# Where neither can be reached (an offline machine: PyPI's index answers but not its per-release
# vulnerability records), pip-audit would print "No known vulnerabilities found" having audited nothing;
# this script says plainly how many packages were audited and, when none or only some were, that the
# result proves nothing — and fails too if WAIBAN_REQUIRE_AUDIT=1 (set it where the database is reachable).
set -euo pipefail
cd "$(dirname "$0")/.."
UV="$(scripts/bootstrap.sh)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$UV" export --frozen --format requirements-txt --no-emit-project --quiet > "$work/requirements.txt"
status=0
"$UV" run pip-audit -r "$work/requirements.txt" --disable-pip --progress-spinner off \
  --format json -o "$work/audit.json" ${PIP_AUDIT_ARGS:-} 2> "$work/stderr" || status=$?
if [ ! -s "$work/audit.json" ]; then
  echo "pip-audit did not run (exit $status):"
  tail -5 "$work/stderr"
  [ "${WAIBAN_REQUIRE_AUDIT:-0}" = 1 ] && exit 1
  echo "NOT AUDITED: no vulnerability database could be reached from this machine."
  exit 0
fi
"$UV" run python - "$work/audit.json" "$status" <<'PY'
import json
import os
import sys

report = json.load(open(sys.argv[1]))
deps = report.get("dependencies", [])
audited = [d for d in deps if "skip_reason" not in d]
vulnerable = [d for d in audited if d.get("vulns")]
for d in vulnerable:
    for v in d["vulns"]:
        fixed = ", ".join(v.get("fix_versions") or []) or "no fixed release yet"
        print(f"VULNERABLE {d['name']} {d['version']}: {v['id']} (fixed in {fixed})")
print(f"pip-audit: {len(audited)} of {len(deps)} locked packages audited, {len(vulnerable)} with a known vulnerability")
if vulnerable:
    sys.exit(1)
if len(audited) < len(deps):
    reasons = {d.get("skip_reason", "").split(":")[0] for d in deps if "skip_reason" in d}
    print(f"NOT AUDITED: {len(deps) - len(audited)} packages ({'; '.join(sorted(reasons))[:200]}).")
    print("The vulnerability database could not be reached from this machine: this run proves nothing "
          "about them. Run with WAIBAN_REQUIRE_AUDIT=1 where it can be reached.")
    sys.exit(1 if os.environ.get("WAIBAN_REQUIRE_AUDIT") == "1" else 0)
PY
