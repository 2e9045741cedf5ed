#!/usr/bin/env bash
# Downloads the real MOSI text track and label files the study reads, and the MOSEI label index,
# into $CIDER_DATA_DIR (default ../shared/data beside the checkout), then verifies their sha256.
#
#   mosi/transcripts.csv            MMSA MOSI label.csv export (id,text,label,mode), from the public
#                                   repository jiangbing22/MMCPanda at a fixed commit
#   mosi/OpinionLevelSentiment.csv  official CMU-MOSI opinion-level labels (ASA-MOSI/Audio-Sentiment-Analysis)
#   mosi/standard_folds.csv         video_id,fold built from the CMU Multimodal SDK's standard folds (MIT)
#   mosei/labels.csv                CMU-MOSEI label index (s3prl/s3prl, Apache-2.0)
#
# Usage: data-scripts/fetch-mosi-transcripts.sh [--force]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

TRANSCRIPTS_URL="https://raw.githubusercontent.com/jiangbing22/MMCPanda/3e568e4da552a9d0c61bf61761c73a06acd0eda4/data/mosi/label.csv"
OPINION_URL="https://raw.githubusercontent.com/ASA-MOSI/Audio-Sentiment-Analysis/c482dd2d939b1a7835d90e4a88ef7cbc4e73f76d/OpinionLevelSentiment.csv"
SDK_FOLDS_URLS=(
  "https://raw.githubusercontent.com/CMU-MultiComp-Lab/CMU-MultimodalSDK/master/mmsdk/mmdatasdk/dataset/standard_datasets/CMU_MOSI/cmu_mosi_std_folds.py"
  "https://raw.githubusercontent.com/A2Zadeh/CMU-MultimodalSDK/master/mmsdk/mmdatasdk/dataset/standard_datasets/CMU_MOSI/cmu_mosi_std_folds.py"
)
MOSEI_LABELS_URLS=(
  "https://raw.githubusercontent.com/s3prl/s3prl/main/s3prl/downstream/mosei/utility/CMU_MOSEI_Labels.csv"
  "https://raw.githubusercontent.com/s3prl/s3prl/master/s3prl/downstream/mosei/utility/CMU_MOSEI_Labels.csv"
)
# sha256 of standard_folds.csv's body (header dropped) after `LC_ALL=C sort`: the SDK lists the
# videos in its own order, so the folds are compared as a set.
FOLDS_SORTED_SHA="3b1febad355eb1f01d9ffb2b5102f61a74630f318e1425ffd30f04e23500e447"

# fetch_first KEY URL...: downloads the first URL that works into $DATA_DIR/KEY and verifies it.
fetch_first() {
  local key="$1"; shift
  local out="$DATA_DIR/$key" url
  if [[ -f "$out" && $FORCE -eq 0 ]]; then
    info "$key exists; verifying (use --force to download again)"
    verify_known "$out" "$key"
    return 0
  fi
  for url in "$@"; do
    if download "$url" "$out"; then
      verify_known "$out" "$key"
      return 0
    fi
    warn "failed: $url"
  done
  die "could not download $key from any source"
}

# sorted_body_sha CSV SCRATCH: sha256 of the CSV without its header line, lines sorted bytewise.
sorted_body_sha() {
  tail -n +2 "$1" | LC_ALL=C sort >"$2"
  sha256_of "$2"
}

build_folds() {
  local out="$DATA_DIR/mosi/standard_folds.csv" py tmp url ok=0 got
  py="$(mktemp)"
  tmp="$(mktemp)"
  if [[ -f "$out" && $FORCE -eq 0 ]]; then
    info "mosi/standard_folds.csv exists; verifying the set of videos and folds"
    got="$(sorted_body_sha "$out" "$tmp")"
    rm -f "$py" "$tmp"
    [[ "$got" == "$FOLDS_SORTED_SHA" ]] || die "$out: folds differ from the standard 52/10/31 videos (sorted sha256 $got)"
    info "ok  mosi/standard_folds.csv"
    return 0
  fi
  for url in "${SDK_FOLDS_URLS[@]}"; do
    if download "$url" "$py"; then ok=1; break; fi
    warn "failed: $url"
  done
  if [[ $ok -ne 1 ]]; then
    rm -f "$py" "$tmp"
    die "could not download the CMU Multimodal SDK MOSI folds"
  fi
  # The SDK file holds python lists standard_train_fold / standard_valid_fold / standard_test_fold.
  {
    echo "video_id,fold"
    for fold in train valid test; do
      awk -v f="standard_${fold}_fold" -v name="$fold" -v q="'" '
        BEGIN {re = "[\"" q "][^\"" q "]+[\"" q "]"}
        $0 ~ f"[ \t]*=" {on=1}
        on {
          line=$0
          while (match(line, re)) {
            id=substr(line, RSTART+1, RLENGTH-2); print id "," name
            line=substr(line, RSTART+RLENGTH)
          }
          if ($0 ~ /\]/) {exit}
        }' "$py"
    done
  } >"$tmp"
  got="$(sorted_body_sha "$tmp" "$py.sorted")"
  rm -f "$py.sorted" "$py"
  if [[ "$got" != "$FOLDS_SORTED_SHA" ]]; then
    rm -f "$tmp"
    die "the SDK folds parsed from $url differ from the expected 52/10/31 videos (sorted sha256 $got)"
  fi
  mkdir -p "$(dirname "$out")"
  mv -f "$tmp" "$out"
  info "ok  mosi/standard_folds.csv (same 93 videos and folds; order is the SDK's)"
}

mkdir -p "$DATA_DIR/mosi" "$DATA_DIR/mosei"
info "data folder: $DATA_DIR"
fetch_first "mosi/transcripts.csv" "$TRANSCRIPTS_URL"
fetch_first "mosi/OpinionLevelSentiment.csv" "$OPINION_URL"
build_folds
fetch_first "mosei/labels.csv" "${MOSEI_LABELS_URLS[@]}"
info "done. Tests and notebooks find these files through ProjectPaths.shared() (or CIDER_SHARED)."
