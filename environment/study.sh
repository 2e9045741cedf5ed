#!/usr/bin/env bash
# The study: runs every notebooks/*.ipynb in order through the cider-java kernel.
# Scale: CIDER_SCALE (default quick; full is the paper's setting, meant for a GPU with CIDER_MAVEN_ARGS=-Pgpu).
# Writes executed notebooks, their HTML and summary.json to results/notebooks/, the environment to
# results/environment.txt; the notebooks write their own results under results/.
# Two notebooks run at once (CIDER_NOTEBOOK_JOBS, default 2: one kernel per core, 1 thread each), the ones
# that train first; notebooks that need the same trained model share it (target/checkpoints/runs/).
# Ends with "N passed, N failed" and exits non-zero when a notebook failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$CIDER_ROOT"
scale="${CIDER_SCALE:-quick}"
bash environment/setup.sh
mkdir -p results/notebooks
if CIDER_SCALE="$scale" java -Dai.djl.offline=true -DDJL_CACHE_DIR="$DJL_CACHE_DIR" -Djava.awt.headless=true \
     -cp "$(cat "$CIDER_KERNEL_CLASSPATH_FILE")" dev.cider.Environment > results/environment.txt.tmp 2>/dev/null; then
  mv results/environment.txt.tmp results/environment.txt
else
  rm -f results/environment.txt.tmp
  cider_log "warning: could not describe the environment (dev.cider.Environment failed); the notebooks will say why"
fi
shopt -s nullglob
all=(notebooks/*.ipynb)
if [ ${#all[@]} -eq 0 ]; then
  cider_log "no notebooks in notebooks/"
  echo "0 passed, 0 failed"
  exit 0
fi
# Longest first (the notebooks that train the shared runs), then the ones that reuse them, then the light ones.
first=(04-training 06-ablations 05-main-results 09-cross-dataset 12-mosi-text-track 08-missing-patterns
       10-qualitative 11-protocol 07-complexity)
notebooks=()
for n in "${first[@]}"; do
  [ -f "notebooks/$n.ipynb" ] && notebooks+=("notebooks/$n.ipynb")
done
for nb in "${all[@]}"; do
  case " ${notebooks[*]} " in *" $nb "*) ;; *) notebooks+=("$nb") ;; esac
done
bash environment/run-notebooks.sh --scale "$scale" --out results/notebooks --jobs "${CIDER_NOTEBOOK_JOBS:-2}" \
  "${notebooks[@]}"
