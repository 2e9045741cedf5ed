#!/usr/bin/env bash
# The MMSA feature pickles (CMU-MOSI / CMU-MOSEI, BERT versions: aligned_50.pkl, unaligned_50.pkl)
# are shared by THUIAR (thuiar/MMSA) on Google Drive and BaiduYun only, which need a browser.
# This script prints the manual steps, then verifies what you placed:
#
#   $CIDER_DATA_DIR/mmsa/CMU-MOSI/Processed/aligned_50.pkl     (default ../shared/data/mmsa/...)
#   $CIDER_DATA_DIR/mmsa/CMU-MOSI/Processed/unaligned_50.pkl
#   $CIDER_DATA_DIR/mmsa/CMU-MOSEI/Processed/aligned_50.pkl
#   $CIDER_DATA_DIR/mmsa/CMU-MOSEI/Processed/unaligned_50.pkl
#
# THUIAR publishes no checksums: the first verification records each file's sha256 in
# data-scripts/checksums-mmsa.sha256 (trust on first use); later runs must match it. Commit
# that file so every machine of the study uses byte-identical pickles.
#
# Usage: data-scripts/fetch-mmsa.sh [--gdown]
#   --gdown  try `gdown --folder` (pip install gdown) on the Google Drive folder first.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GDRIVE="https://drive.google.com/drive/folders/1A2S4pqCHryGmiqnNSPLv7rEg63WvjCSk"
BAIDU="https://pan.baidu.com/s/1XmobKHUqnXciAm7hfnj2gg (extraction code: mfet)"
DEST="$DATA_DIR/mmsa"
RECORD="$SCRIPTS_DIR/checksums-mmsa.sha256"
FILES=(
  "CMU-MOSI/Processed/aligned_50.pkl"
  "CMU-MOSI/Processed/unaligned_50.pkl"
  "CMU-MOSEI/Processed/aligned_50.pkl"
  "CMU-MOSEI/Processed/unaligned_50.pkl"
)

case "${1:-}" in
  "") ;;
  --gdown)
    command -v gdown >/dev/null 2>&1 || die "--gdown needs gdown on PATH (pip install gdown)"
    mkdir -p "$DEST/_gdrive"
    info "trying gdown on $GDRIVE (large folder; Google may rate-limit it)"
    gdown --folder "$GDRIVE" -O "$DEST/_gdrive" || warn "gdown failed; use the manual steps below"
    # move the known files from wherever gdown put them into place
    for f in "${FILES[@]}"; do
      ds="${f%%/*}"
      name="$(basename "$f")"
      found="$(find "$DEST/_gdrive" -path "*${ds}*" -name "$name" -print -quit 2>/dev/null || true)"
      if [[ -n "$found" && ! -f "$DEST/$f" ]]; then
        mkdir -p "$(dirname "$DEST/$f")"
        mv "$found" "$DEST/$f"
      fi
    done
    ;;
  -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
  *) die "unknown argument '$1' (expected --gdown)" ;;
esac

missing=0
for f in "${FILES[@]}"; do
  [[ -f "$DEST/$f" ]] || missing=$((missing + 1))
done
if [[ $missing -gt 0 ]]; then
  cat <<MSG
[data] $missing of ${#FILES[@]} MMSA pickles are not in $DEST yet. Manual steps:
  1. Open one of (a browser is needed):
       Google Drive: $GDRIVE
       BaiduYun:     $BAIDU
  2. Download MOSI/Processed/{aligned_50.pkl,unaligned_50.pkl} and
     MOSEI/Processed/{aligned_50.pkl,unaligned_50.pkl} (the folders may be named MOSI/MOSEI or CMU-MOSI/CMU-MOSEI).
  3. Place them as:
$(for f in "${FILES[@]}"; do printf '       %s\n' "$DEST/$f"; done)
  4. Run this script again to verify them (sha256 recorded on first use in $RECORD).
MSG
fi

verified=0
for f in "${FILES[@]}"; do
  path="$DEST/$f"
  [[ -f "$path" ]] || continue
  is_pickle "$path" || die "$path is not a pickle (protocol 2+) file"
  verify_or_record "$path" "mmsa/$f" "$RECORD"
  verified=$((verified + 1))
done
info "$verified of ${#FILES[@]} MMSA pickles verified."
info "read them with dev.cider.data.MmsaPickleReader.read(path, DatasetDims.MOSI_UNALIGNED) etc."
[[ $missing -eq 0 ]] || exit 2
