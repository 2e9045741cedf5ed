#!/usr/bin/python3
"""Makes the tiny MMSA-layout test fixtures in this folder. Run ONCE, by hand:

    apt-get install -y python3-numpy python3-joblib
    cd src/test/resources/mmsa && /usr/bin/python3 make_fixtures.py

The files are committed; the project never runs this script. Every value is SYNTHETIC (seeded
random numbers, made-up ids and texts); only the layout is MMSA's (reference spec section 2.2):
a top-level dict train/valid/test, each a dict with text_bert (N,3,T_l), audio (N,T_a,d_a),
vision (N,T_v,d_v), raw_text, id, regression_labels (N,), classification_labels (N,) and, for
unaligned data only, audio_lengths / vision_lengths.

Files:
  unaligned_tiny.pkl        pickle protocol 4 (numpy _reconstruct + BINBYTES), 4/2/2 samples,
                            T_l=12, T_a=6 (d_a=5), T_v=7 (d_v=20), float32 features, float64
                            text_bert, raw_text as a numpy unicode array, id as an object array,
                            lengths as int64 arrays, one audio -inf (must become 0).
  aligned_tiny.pkl          pickle protocol 2 (latin-1 _codecs.encode payloads), 4/2/2 samples,
                            T=10 for all, d_a=5, d_v=20, float64 features, int64 text_bert,
                            raw_text and id as Python lists, int32 classification labels.
  unaligned_tiny_p5.pkl     the unaligned dict with pickle protocol 5 (numpy _frombuffer + bytearray).
  ood_tiny.joblib           the unaligned dict written by joblib.dump (uncompressed: NumpyArrayWrapper
                            objects followed by raw array bytes), like the paper's OOD pickles.
  ood_tiny_zlib.joblib      the same with joblib.dump(compress=3) (zlib stream).
  expected.json             the values a reader must return (labels, lengths, ids, a few features).
"""
import json
import pickle

import joblib
import numpy as np

SEED = 1111
rng = np.random.default_rng(SEED)
SIZES = {"train": 4, "valid": 2, "test": 2}
WORDS = ["good", "bad", "movie", "really", "the", "not", "was", "it", "funny", "boring"]


def text_rows(n, t_l):
    """(n, 3, t_l): ids [CLS] w.. [SEP] 0.., attention mask, segment ids (zeros)."""
    out = np.zeros((n, 3, t_l), dtype=np.int64)
    lengths = []
    for i in range(n):
        valid = int(rng.integers(3, t_l + 1))  # [CLS] + >=1 word + [SEP], up to full length
        ids = [101] + [int(x) for x in rng.integers(1000, 30522, size=valid - 2)] + [102]
        out[i, 0, :valid] = ids
        out[i, 1, :valid] = 1
        lengths.append(valid)
    return out, lengths


def split(n, t_l, t_a, t_v, d_a, d_v, prefix):
    text, text_len = text_rows(n, t_l)
    audio = rng.normal(size=(n, t_a, d_a)).astype(np.float32)
    vision = rng.normal(size=(n, t_v, d_v)).astype(np.float32)
    a_len = rng.integers(1, t_a + 1, size=n).astype(np.int64)
    v_len = rng.integers(1, t_v + 1, size=n).astype(np.int64)
    for i in range(n):  # zero padding after the valid frames, as MMSA does
        audio[i, a_len[i]:] = 0
        vision[i, v_len[i]:] = 0
    reg = np.round(rng.uniform(-3, 3, size=n), 1).astype(np.float32)
    reg[0] = 0.0  # one neutral
    cls = np.where(reg < 0, 0, np.where(reg == 0, 1, 2)).astype(np.float64)
    raw = [" ".join(rng.choice(WORDS, size=int(rng.integers(1, 6)))) for _ in range(n)]
    ids = [f"{prefix}vid{i // 2}$_${i % 2 + 1}" for i in range(n)]
    return dict(text_bert=text.astype(np.float64), audio=audio, vision=vision, raw_text=np.array(raw),
                id=np.array(ids, dtype=object), regression_labels=reg, classification_labels=cls,
                audio_lengths=a_len, vision_lengths=v_len), text_len


def expected_of(data, aligned_len=None):
    out = {}
    for name, s in data.items():
        n = len(s["regression_labels"])
        out[name] = dict(
            n=n,
            ids=[str(x) for x in s["id"]],
            raw_text=[str(x) for x in s["raw_text"]],
            regression=[float(x) for x in s["regression_labels"]],
            label3=[int(x) for x in s["classification_labels"]],
            input_ids0=[int(x) for x in np.asarray(s["text_bert"])[0, 0]],
            mask0=[int(x) for x in np.asarray(s["text_bert"])[0, 1]],
            audio_lengths=[int(x) for x in s["audio_lengths"]] if "audio_lengths" in s else aligned_len[name],
            vision_lengths=[int(x) for x in s["vision_lengths"]] if "vision_lengths" in s else aligned_len[name],
            audio_sum=float(np.where(np.isneginf(s["audio"]), 0, s["audio"]).astype(np.float64).sum()),
            vision_sum=float(np.asarray(s["vision"], dtype=np.float64).sum()),
            audio_first=[float(x) for x in np.asarray(s["audio"])[0].reshape(-1)[:8]],
            vision_last=[float(x) for x in np.asarray(s["vision"])[-1].reshape(-1)[-8:]],
            shape_audio=list(np.asarray(s["audio"]).shape),
            shape_vision=list(np.asarray(s["vision"]).shape),
            shape_text=list(np.asarray(s["text_bert"]).shape),
        )
    return out


# ---- unaligned ----
unaligned = {}
for name, n in SIZES.items():
    unaligned[name], _ = split(n, 12, 6, 7, 5, 20, name[:2])
unaligned["train"]["audio"][1, 0, 2] = -np.inf  # the reference sets audio -inf to 0
with open("unaligned_tiny.pkl", "wb") as f:
    pickle.dump(unaligned, f, protocol=4)
with open("unaligned_tiny_p5.pkl", "wb") as f:
    pickle.dump(unaligned, f, protocol=5)
joblib.dump(unaligned, "ood_tiny.joblib")
joblib.dump(unaligned, "ood_tiny_zlib.joblib", compress=3)

# ---- aligned ----
aligned = {}
aligned_len = {}
for name, n in SIZES.items():
    s, text_len = split(n, 10, 10, 10, 5, 20, "al" + name[:2])
    del s["audio_lengths"], s["vision_lengths"]
    s["text_bert"] = s["text_bert"].astype(np.int64)
    s["audio"] = s["audio"].astype(np.float64)
    s["vision"] = s["vision"].astype(np.float64)
    s["classification_labels"] = s["classification_labels"].astype(np.int32)
    s["raw_text"] = [str(x) for x in s["raw_text"]]
    s["id"] = [str(x) for x in s["id"]]
    aligned[name] = s
    aligned_len[name] = text_len
with open("aligned_tiny.pkl", "wb") as f:
    pickle.dump(aligned, f, protocol=2)

with open("expected.json", "w") as f:
    json.dump({"seed": SEED, "synthetic": True,
               "unaligned": expected_of(unaligned),
               "aligned": expected_of(aligned, aligned_len)}, f, indent=1)
print("wrote fixtures")
