# Sourced by the environment/ scripts: the project's paths and a project-local Jupyter.
# Nothing is written under HOME: Jupyter's data, config and runtime folders and DJL's cache live
# under target/ of this checkout.
CIDER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CIDER_ROOT
export JUPYTER_DATA_DIR="$CIDER_ROOT/target/jupyter/data"
export JUPYTER_PATH="$JUPYTER_DATA_DIR"
export JUPYTER_CONFIG_DIR="$CIDER_ROOT/target/jupyter/config"
export JUPYTER_RUNTIME_DIR="$CIDER_ROOT/target/jupyter/runtime"
export JUPYTER_PLATFORM_DIRS=0
export DJL_CACHE_DIR="$CIDER_ROOT/target/djl-cache"
# 1 thread unless told otherwise: 2 intra-op threads collapse on a busy 2-core machine.
export CIDER_THREADS="${CIDER_THREADS:-1}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$CIDER_THREADS}"
export MKL_NUM_THREADS="${MKL_NUM_THREADS:-$CIDER_THREADS}"
# Debian's interpreter: the python3 first on PATH may lack Jupyter's modules.
CIDER_PYTHON=/usr/bin/python3
CIDER_KERNEL_JAR="$CIDER_ROOT/environment/kernel/target/cider-java-kernel.jar"
CIDER_KERNEL_CLASSPATH_FILE="$CIDER_ROOT/target/kernel-classpath.txt"
CIDER_KERNELSPEC_DIR="$JUPYTER_DATA_DIR/kernels/cider-java"
# Extra Maven arguments, e.g. CIDER_MAVEN_ARGS=-Pgpu (word-split on purpose).
read -r -a CIDER_MAVEN_ARGV <<< "${CIDER_MAVEN_ARGS:-}"
mkdir -p "$JUPYTER_DATA_DIR" "$JUPYTER_CONFIG_DIR" "$JUPYTER_RUNTIME_DIR" "$DJL_CACHE_DIR"

cider_log() { printf '[cider] %s\n' "$*" >&2; }
export PYTHONDONTWRITEBYTECODE=1   # keep __pycache__ out of the checkout
