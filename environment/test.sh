#!/usr/bin/env bash
# The tests, end to end, from a fresh clone (Debian 12 + JDK 17 + Maven, as root for apt):
#   1. set-up: Debian's Jupyter when missing, the kernel jar, the project classes, the kernelspec;
#   2. the unit tests: mvn test (1 thread, smoke scale; reports in target/surefire-reports);
#   3. the kernel tests: the kernel's JUnit tests, then its protocol tests and the runner tests
#      (environment/tests, including 50 kernel starts in a row);
#   4. the project's commands at their smallest setting: the benchmark (exec:java@bench, numbers not
#      asserted: it must run and end with one JSON object) and the oracle checker on each public fixture
#      (exec:java@verify-oracle, must print PASS) when ../shared/oracle is present;
#   5. every notebooks/*.ipynb at smoke scale through the runner; executed copies and HTML in target/notebooks/.
# Ends with one line "N passed, N failed" summing all of them; exits non-zero when anything failed.
# CIDER_MAVEN_ARGS passes extra Maven arguments (e.g. -Pgpu).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$CIDER_ROOT"
export CIDER_SCALE=smoke

if ! bash environment/setup.sh; then
  cider_log "set-up failed (see above)"
  echo "0 passed, 1 failed"
  exit 1
fi

rm -rf target/surefire-reports environment/kernel/target/surefire-reports target/notebooks target/test-summary
mkdir -p target/test-summary
build_failures=0

cider_log "unit tests (mvn test)"
mvn -B -q "${CIDER_MAVEN_ARGV[@]}" test || cider_log "mvn test reported failures"
ls target/surefire-reports/TEST-*.xml >/dev/null 2>&1 || { cider_log "no unit test reports: the build failed"; build_failures=$((build_failures + 1)); }

# --- the project's commands, each counted as one test -------------------------------------
cmd_passed=0
cmd_failed=0
run_command_check() {  # name, expected-last-line regex, mvn args...
  local name=$1 pattern=$2; shift 2
  local log="target/test-summary/$name.log"
  cider_log "command check: $name"
  local last
  if mvn -B -q "${CIDER_MAVEN_ARGV[@]}" "$@" > "$log" 2>&1 \
      && last=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v '^[[:space:]]*$' | tail -n 1) \
      && printf '%s\n' "$last" | grep -Eq "$pattern"; then
    cmd_passed=$((cmd_passed + 1)); cider_log "  ok: $(printf '%s' "$last" | cut -c1-300)"
  else
    cmd_failed=$((cmd_failed + 1)); cider_log "  FAILED: $name (last lines of $log:)"; tail -n 20 "$log" >&2
  fi
}
run_command_check bench '^\{.*\}$' exec:java@bench -Dbench.batch=2 -Dbench.steps=1 -Dbench.warmup=0
shopt -s nullglob
for fixture in ../shared/oracle/cider_*.npz; do
  case "$fixture" in *_student.npz) continue;; esac
  run_command_check "verify-oracle-$(basename "$fixture" .npz)" 'PASS$' exec:java@verify-oracle -Doracle.fixture="$(readlink -f "$fixture")"
done
shopt -u nullglob

cider_log "kernel unit tests (environment/kernel)"
mvn -B -q -f environment/kernel/pom.xml test || cider_log "kernel unit tests reported failures"
ls environment/kernel/target/surefire-reports/TEST-*.xml >/dev/null 2>&1 || { cider_log "no kernel test reports: the kernel build failed"; build_failures=$((build_failures + 1)); }

cider_log "kernel protocol and runner tests (environment/tests)"
"$CIDER_PYTHON" environment/tests/run_tests.py --summary target/test-summary/kernel.json || cider_log "kernel tests reported failures"

shopt -s nullglob
notebooks=(notebooks/*.ipynb)
if [ ${#notebooks[@]} -gt 0 ]; then
  cider_log "notebooks at smoke scale: ${notebooks[*]}"
  bash environment/run-notebooks.sh --scale smoke --out target/notebooks "${notebooks[@]}" \
    | tee target/test-summary/notebooks.log || cider_log "notebooks reported failures"
fi

"$CIDER_PYTHON" - "$build_failures" "$cmd_passed" "$cmd_failed" <<'PY'
import glob, json, os, re, sys
import xml.etree.ElementTree as ET
passed, failed = int(sys.argv[2]), int(sys.argv[1]) + int(sys.argv[3])
parts = ["commands %s passed/%s failed" % (sys.argv[2], sys.argv[3])]
for label, pattern in (("unit", "target/surefire-reports/TEST-*.xml"),
                       ("kernel unit", "environment/kernel/target/surefire-reports/TEST-*.xml")):
    p = f = s = 0
    for path in glob.glob(pattern):
        try:
            suite = ET.parse(path).getroot()
        except ET.ParseError:
            f += 1
            continue
        t = int(suite.get("tests", 0)); bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        sk = int(suite.get("skipped", 0))
        p += t - bad - sk; f += bad; s += sk
    parts.append("%s %d passed/%d failed/%d skipped" % (label, p, f, s)); passed += p; failed += f
try:
    with open("target/test-summary/kernel.json") as fh:
        k = json.load(fh)
    parts.append("kernel %d passed/%d failed" % (k["passed"], k["failed"])); passed += k["passed"]; failed += k["failed"]
except (OSError, ValueError, KeyError):
    parts.append("kernel tests did not report"); failed += 1
if os.path.exists("target/test-summary/notebooks.log"):
    with open("target/test-summary/notebooks.log") as fh:
        lines = [l for l in fh.read().splitlines() if re.fullmatch(r"\d+ passed, \d+ failed", l)]
    if lines:
        np_, nf = map(int, re.findall(r"\d+", lines[-1]))
        parts.append("notebooks %d passed/%d failed" % (np_, nf)); passed += np_; failed += nf
    else:
        parts.append("notebook runner did not report"); failed += 1
print("[cider] " + "; ".join(parts), file=sys.stderr)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
