#!/usr/bin/python3
"""Makes the tiny cross-dataset test fixtures in this folder. Run ONCE, by hand:

    apt-get install -y python3-numpy
    cd src/test/resources/cross && /usr/bin/python3 make_fixtures.py

The files are committed; the project never runs this script. Every value is SYNTHETIC (seeded random
numbers, made-up ids); only the layout is the cross-dataset one the reference reads from
MSA_cross_datasets/{mosi,mosei}.pkl (reference spec 2.1-2.3): MMSA keys, ALIGNED (no audio_lengths /
vision_lengths), shared feature sizes d_a = 25, d_v = 171, and a different text length per file
(here 8 for mosi.pkl and 12 for mosei.pkl, standing in for CASP's 44 and 75).

classification_labels are deliberately all 1 (neutral): in cross mode the reference ignores them and
derives the 3-class label from the score's sign, so a reader that used them would fail the test.
In mosei.pkl's test split, sample 0 uses all 12 tokens (longer than mosi's 8: it must be cut to 8
with [SEP] last when training on mosi) and sample 1 uses 5 tokens (kept as is).

Files: mosi.pkl, mosei.pkl (pickle protocol 4), expected.json (what a reader must return).
"""
import json
import pickle

import numpy as np

SEED = 2024
rng = np.random.default_rng(SEED)
SIZES = {"train": 4, "valid": 2, "test": 2}
D_A, D_V = 25, 171


def split(n, t, prefix, lengths=None):
    text = np.zeros((n, 3, t), dtype=np.int64)
    valid = []
    for i in range(n):
        v = int(lengths[i]) if lengths is not None else int(rng.integers(3, t + 1))
        text[i, 0, :v] = [101] + [int(x) for x in rng.integers(1000, 30522, size=v - 2)] + [102]
        text[i, 1, :v] = 1
        valid.append(v)
    audio = rng.normal(size=(n, t, D_A)).astype(np.float32)
    vision = rng.normal(size=(n, t, D_V)).astype(np.float32)
    for i in range(n):
        audio[i, valid[i]:] = 0
        vision[i, valid[i]:] = 0
    reg = np.round(rng.uniform(-3, 3, size=n), 1).astype(np.float32)
    reg[0] = -1.2
    if n > 1:
        reg[1] = 0.0
    return dict(text_bert=text.astype(np.float64), audio=audio, vision=vision,
                raw_text=np.array([f"{prefix} utterance {i}" for i in range(n)]),
                id=np.array([f"{prefix}{i}" for i in range(n)], dtype=object),
                regression_labels=reg, classification_labels=np.ones(n, dtype=np.float64)), valid


def dataset(t, prefix, test_lengths=None):
    out, lens = {}, {}
    for name, n in SIZES.items():
        out[name], lens[name] = split(n, t, prefix + name[:2], test_lengths if name == "test" else None)
    return out, lens


mosi, mosi_len = dataset(8, "mosi-")
mosei, mosei_len = dataset(12, "mosei-", test_lengths=[12, 5])
for fname, d in (("mosi.pkl", mosi), ("mosei.pkl", mosei)):
    with open(fname, "wb") as f:
        pickle.dump(d, f, protocol=4)


def expected(d, lens):
    out = {}
    for name, s in d.items():
        reg = [float(x) for x in s["regression_labels"]]
        out[name] = dict(ids=[str(x) for x in s["id"]], regression=reg,
                         label3=[0 if y < 0 else 1 if y == 0 else 2 for y in reg],
                         text_lengths=lens[name],
                         input_ids0=[int(x) for x in s["text_bert"][0, 0]],
                         audio_sum=float(s["audio"].astype(np.float64).sum()),
                         vision_sum=float(s["vision"].astype(np.float64).sum()))
    return out


with open("expected.json", "w") as f:
    json.dump({"seed": SEED, "synthetic": True, "mosi": expected(mosi, mosi_len),
               "mosei": expected(mosei, mosei_len)}, f, indent=1)
print("wrote fixtures")
