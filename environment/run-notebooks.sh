#!/usr/bin/env bash
# Runs notebooks headless through the cider-java kernel and Debian's nbclient.
# Usage: bash environment/run-notebooks.sh [--scale smoke|quick|full] [--out DIR] [--timeout S] NB...
# Writes DIR/NAME.ipynb (executed, partial on failure) and DIR/NAME.html; ends with "N passed, N failed".
# Set-up (kernel jar, kernelspec) is done first when missing; run environment/setup.sh to refresh it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if [ ! -f "$CIDER_KERNELSPEC_DIR/kernel.json" ] || [ ! -f "$CIDER_KERNEL_JAR" ] || [ ! -f "$CIDER_KERNEL_CLASSPATH_FILE" ]; then
  bash "$CIDER_ROOT/environment/setup.sh"
fi
exec "$CIDER_PYTHON" "$CIDER_ROOT/environment/run_notebooks.py" "$@"
