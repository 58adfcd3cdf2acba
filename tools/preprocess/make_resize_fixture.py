"""Expected outputs of tf.image.resize(..., "bilinear") (TF2: half-pixel centres, no antialias).

A numpy reimplementation written from TensorFlow's documented sampling rule, not from our Java:
source coordinate = (out + 0.5) * in_size / out_size - 0.5, neighbours clamped to the image,
weights from the unclamped fractional part, computed in float64.
Writes core/src/test/resources/resize/expected.json.
Run with: /usr/bin/python3 tools/preprocess/make_resize_fixture.py
"""

import json
import os

import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "core/src/test/resources/resize/expected.json")


def axis(in_size, out_size):
    src = (np.arange(out_size) + 0.5) * (in_size / out_size) - 0.5
    floor = np.floor(src)
    lo = np.clip(floor, 0, in_size - 1).astype(int)
    hi = np.clip(np.ceil(src), 0, in_size - 1).astype(int)
    return lo, hi, src - floor


def resize(image, out_h, out_w):
    img = image.astype(np.float64)
    ylo, yhi, ly = axis(img.shape[0], out_h)
    xlo, xhi, lx = axis(img.shape[1], out_w)
    ly = ly[:, None, None]
    lx = lx[None, :, None]
    tl = img[ylo][:, xlo]
    tr = img[ylo][:, xhi]
    bl = img[yhi][:, xlo]
    br = img[yhi][:, xhi]
    return (1 - ly) * ((1 - lx) * tl + lx * tr) + ly * ((1 - lx) * bl + lx * br)


def main():
    rng = np.random.default_rng(7)
    image = rng.integers(0, 256, size=(5, 7, 3), dtype=np.uint8)
    cases = []
    for out_h, out_w in [(3, 4), (8, 11), (5, 7), (2, 9)]:
        out = resize(image, out_h, out_w)
        cases.append({"height": out_h, "width": out_w, "rgb": [round(float(v), 6) for v in out.reshape(-1)]})
    fixture = {"height": 5, "width": 7, "rgb": [int(v) for v in image.reshape(-1)], "cases": cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f)
        f.write("\n")
    print("wrote", OUT, [(c["height"], c["width"]) for c in cases])


if __name__ == "__main__":
    main()
