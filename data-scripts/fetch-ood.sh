#!/usr/bin/env bash
# Downloads the paper's OOD pickles (the CLUE-style repartitions CIDer ships as finished files,
# reference spec 2.1 / 2.6) from the Hugging Face dataset GWZhong/MSA_OOD_Dataset_in_CIDer into
# $CIDER_DATA_DIR/ood (default ../shared/data/ood), keeping the dataset's own paths, e.g.
#   ood/OOD_MOSI/binary/MOSI_unaligned_50.pkl   (what the reference loads with joblib.load)
#
# No checksums are published for these files. This script records the sha256 of each file the
# first time it downloads it, in data-scripts/checksums-ood.sha256 (trust on first use), and
# verifies every later download or re-run against that record. Commit that file to pin them.
#
# Usage: data-scripts/fetch-ood.sh [mosi|mosei|all] [--force]
#   HF_TOKEN=...  is sent as a bearer token if the dataset needs a login.
# The MOSEI files are several GB each; "mosi" fetches only the MOSI ones.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WHICH="all"
FORCE=0
for arg in "$@"; do
  case "$arg" in
    mosi|mosei|all) WHICH="$arg" ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument '$arg' (expected mosi, mosei, all or --force)" ;;
  esac
done

REPO="GWZhong/MSA_OOD_Dataset_in_CIDer"
BASE="https://huggingface.co/datasets/$REPO/resolve/main"
API="https://huggingface.co/api/datasets/$REPO/tree/main?recursive=1"
RECORD="$SCRIPTS_DIR/checksums-ood.sha256"
OUT_DIR="$DATA_DIR/ood"
[[ -n "${HF_TOKEN:-}" ]] && export DOWNLOAD_HEADER="Authorization: Bearer $HF_TOKEN"

# The layout the reference code expects (spec 2.1); used when the file listing is unavailable.
DEFAULT_PATHS=()
for ds in MOSI MOSEI; do
  for task in binary seven; do
    for al in aligned unaligned; do
      DEFAULT_PATHS+=("OOD_${ds}/${task}/${ds}_${al}_50.pkl")
    done
  done
done

listing="$(mktemp)"
paths=()
if download "$API" "$listing"; then
  # the listing is JSON: [{"type":"file","path":"OOD_MOSI/binary/MOSI_aligned_50.pkl",...},...]
  while IFS= read -r p; do
    paths+=("$p")
  done < <(grep -o '"path": *"[^"]*\.pkl"' "$listing" | sed 's/^"path": *"//; s/"$//')
fi
rm -f "$listing"
if [[ ${#paths[@]} -eq 0 ]]; then
  warn "could not list $REPO; trying the reference layout (${#DEFAULT_PATHS[@]} files)"
  paths=("${DEFAULT_PATHS[@]}")
fi

fetched=0
for p in "${paths[@]}"; do
  upper="$(printf '%s' "$p" | tr '[:lower:]' '[:upper:]')"
  case "$WHICH" in
    mosi) [[ "$upper" == *MOSEI* ]] && continue ;;
    mosei) [[ "$upper" != *MOSEI* ]] && continue ;;
  esac
  out="$OUT_DIR/$p"
  if [[ -f "$out" && $FORCE -eq 0 ]]; then
    info "$p exists; verifying"
  elif ! download "$BASE/$p" "$out"; then
    die "could not download $BASE/$p (a login may be needed: set HF_TOKEN)"
  fi
  is_pickle "$out" || die "$out is not a pickle/joblib file (an HTML error page?)"
  verify_or_record "$out" "ood/$p" "$RECORD"
  fetched=$((fetched + 1))
done
[[ $fetched -gt 0 ]] || die "no OOD file matched '$WHICH'"
info "done: $fetched file(s) under $OUT_DIR"
info "read them with dev.cider.data.MmsaPickleReader.read(path) (joblib format is supported)."
