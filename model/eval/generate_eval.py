#!/usr/bin/python3
"""Independent camera-like evaluation set for the Return Sorter (issue 13 §1).

Renders held-out Fashion-MNIST garments (model/heldout/*.gz, never trained on) as photos a photo
station or a phone would take: 12 MP JPEGs, portraits stored landscape with EXIF orientation 6,
vignetting and side light, soft shadows, off-white textured and tinted backgrounds, dark /
mid / coloured / light garments with fabric texture, labels, stickers and tape beside the item,
blur, sensor noise, over- and under-exposure, JPEG quality 70-95 with 4:2:0 chroma.

Written from the text of issue 13 only, independently of the training augmentation. See
PROTOCOL.md (rules, distributions) and README.md (usage, manifest columns).

    /usr/bin/python3 model/eval/generate_eval.py            # manifest.csv + committed subset
    /usr/bin/python3 model/eval/generate_eval.py --full     # + all 500 photos in model/build/eval-full/
    /usr/bin/python3 model/eval/generate_eval.py --check DIR  # decode every photo of DIR, check labels

Only NumPy and Pillow. Photo i depends only on SEED and i (default_rng([SEED, 1, i]) draws the
conditions, default_rng([SEED, 2, i]) the rendering noise), so the output is the same whatever
the number of worker processes.
"""
import argparse
import colorsys
import csv
import gzip
import hashlib
import io
import json
import math
import os
import sys
import time
from multiprocessing import Pool

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageOps

SEED = 20261207
PER_CLASS = 50
N_CLASSES = 10
N_PHOTOS = PER_CLASS * N_CLASSES
WORK_LONG = 1344          # the scene is composed with this long side, then upscaled to the camera size
SUBSET_PER_CLASS = 5
SUBSET_MAX_BYTES = 60 * 1000 * 1000
# Subset quota per storage kind (the rest of the 50 are 1600x1200 / 1200x1600 web-size photos).
SUBSET_QUOTA = {
    "phone-12mp/landscape": 4,
    "phone-12mp/portrait-exif6": 5,
    "phone-12mp/portrait-upright": 2,
    "station-12mp/landscape": 2,
    "phone-8mp/landscape": 3,
    "phone-8mp/portrait-exif6": 2,
    "phone-8mp/portrait-upright": 1,
}

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.dirname(HERE)
HELDOUT = os.path.join(MODEL, "heldout")
CARD = os.path.join(MODEL, "fashion-mnist-cnn.card.json")
FULL_DIR = os.path.join(MODEL, "build", "eval-full")
SUBSET_DIR = os.path.join(HERE, "subset")

COLUMNS = [
    "file", "label", "label_index", "heldout_subset_index", "heldout_index", "seed", "photo_index",
    "camera", "orientation", "exif_orientation", "stored_width", "stored_height",
    "display_width", "display_height",
    "fill", "rotation_deg", "near_edge", "edge_side", "edge_gap", "center_x", "center_y",
    "background", "bg_luma", "colour_cast", "cast_strength", "bg_rgb",
    "garment_tone", "garment_rgb", "fabric_texture", "texture_amp",
    "vignetting", "vignetting_strength", "light_gradient", "light_angle_deg",
    "shadow", "shadow_offset", "shadow_blur", "shadow_darkness",
    "marks", "blur", "blur_sigma_px", "noise_sigma", "chroma_noise_sigma",
    "exposure", "exposure_ev", "jpeg_quality", "chroma_subsampling",
]


# ----------------------------------------------------------------------------- sources

def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    if magic == 2051:
        n, rows, cols = (int.from_bytes(data[4 + 4 * k:8 + 4 * k], "big") for k in range(3))
        return np.frombuffer(data, np.uint8, n * rows * cols, 16).reshape(n, rows, cols)
    if magic == 2049:
        n = int.from_bytes(data[4:8], "big")
        return np.frombuffer(data, np.uint8, n, 8)
    raise ValueError(f"{path}: not an IDX image/label file (magic {magic})")


def load_sources():
    images = read_idx(os.path.join(HELDOUT, "heldout-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(HELDOUT, "heldout-labels-idx1-ubyte.gz"))
    original = {}
    with open(os.path.join(HELDOUT, "heldout-subset-index.csv"), newline="") as f:
        for row in csv.DictReader(f):
            original[int(row["subset_index"])] = int(row["heldout_index"])
    with open(CARD) as f:
        names = json.load(f)["labels"]
    return images, labels, original, names


def choose_sources(labels):
    """Photo i -> held-out subset index: 50 distinct images per class, class = i mod 10."""
    picks = {}
    for c in range(N_CLASSES):
        pool = np.flatnonzero(labels == c)
        perm = np.random.default_rng([SEED, 0, c]).permutation(pool)
        picks[c] = [int(x) for x in perm[:PER_CLASS]]
    return [picks[i % N_CLASSES][i // N_CLASSES] for i in range(N_PHOTOS)]


# ----------------------------------------------------------------------------- conditions

DARK = {"black": (0.09, 0.09, 0.10), "charcoal": (0.20, 0.20, 0.21), "navy": (0.09, 0.11, 0.24),
        "brown": (0.25, 0.16, 0.10), "bottle-green": (0.08, 0.20, 0.13)}
MID = {"grey": (0.47, 0.47, 0.48), "denim": (0.27, 0.37, 0.55), "olive": (0.42, 0.43, 0.25),
       "tan": (0.62, 0.49, 0.34), "slate": (0.40, 0.45, 0.50)}
LIGHT = {"beige": (0.86, 0.80, 0.70), "cream": (0.93, 0.90, 0.79), "light-grey": (0.84, 0.84, 0.84),
         "pastel-pink": (0.93, 0.81, 0.83), "pastel-blue": (0.79, 0.86, 0.94), "mint": (0.81, 0.91, 0.85)}
CASTS = {"neutral": (0.0, 0.0, 0.0), "warm": (1.0, 0.25, -1.1), "cool": (-0.9, 0.05, 1.0),
         "green": (-0.5, 1.0, -0.5), "magenta": (0.7, -1.0, 0.7)}
STICKER_COLOURS = [(0.95, 0.55, 0.10), (0.97, 0.85, 0.15), (0.85, 0.15, 0.15), (0.20, 0.65, 0.30),
                   (0.20, 0.45, 0.85), (0.97, 0.97, 0.95)]


def pick(rng, options, weights):
    return options[int(rng.choice(len(options), p=np.asarray(weights) / np.sum(weights)))]


def luma(rgb):
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def hexrgb(rgb):
    return "#" + "".join(f"{int(round(min(max(v, 0.0), 1.0) * 255)):02x}" for v in rgb)


def sample_conditions(i, src, original, names, labels):
    rng = np.random.default_rng([SEED, 1, i])
    c = {"photo_index": i, "seed": SEED, "file": f"eval-{i:04d}.jpg",
         "label_index": int(labels[src]), "label": names[int(labels[src])],
         "heldout_subset_index": src, "heldout_index": original[src]}
    # camera, orientation, storage
    u = rng.random()
    if u < 0.60:
        cam, base, p_portrait = "phone-12mp", (4032, 3024), 0.55
    elif u < 0.72:
        cam, base, p_portrait = "station-12mp", (4000, 3000), 0.0
    elif u < 0.86:
        cam, base, p_portrait = "phone-8mp", (3264, 2448), 0.40
    else:
        cam, base, p_portrait = "web-2mp", (1600, 1200), 0.25
    portrait = rng.random() < p_portrait
    dw, dh = (base[1], base[0]) if portrait else base
    if cam.startswith("phone"):
        exif = (6 if rng.random() < 0.65 else 1) if portrait else 1
    else:
        exif = 0
    sw, sh = (dh, dw) if exif == 6 else (dw, dh)
    c.update(camera=cam, orientation="portrait" if portrait else "landscape",
             exif_orientation=exif if exif else "none", stored_width=sw, stored_height=sh,
             display_width=dw, display_height=dh)
    # item size, rotation, position
    c["fill"] = round(float(rng.uniform(0.35, 0.80)), 3)
    c["rotation_deg"] = round(float(rng.uniform(-7, 7)), 2)
    near = rng.random() < 0.15
    c["near_edge"] = "yes" if near else "no"
    c["edge_side"] = pick(rng, ["left", "right", "top", "bottom"], [1, 1, 1, 1]) if near else ""
    c["edge_gap"] = round(float(rng.uniform(0.005, 0.03)), 4) if near else ""
    c["_pos"] = [float(v) for v in rng.random(2)]
    # background
    c["background"] = pick(rng, ["paper", "fabric", "board"], [40, 35, 25])
    c["bg_luma"] = round(float(rng.uniform(0.80, 0.95)), 3)
    cast = pick(rng, list(CASTS), [30, 30, 20, 10, 10])
    c["colour_cast"] = cast
    c["cast_strength"] = round(float(rng.uniform(0.02, 0.06)) if cast != "neutral" else float(rng.uniform(0.0, 0.006)), 4)
    cv = np.asarray(CASTS[cast]) if cast != "neutral" else rng.uniform(-1, 1, 3)
    bg = c["bg_luma"] * (1 + c["cast_strength"] * cv)
    bg = bg * c["bg_luma"] / luma(bg)
    c["bg_rgb"] = hexrgb(bg)
    c["_bg"] = [float(v) for v in bg]
    # garment tone
    tone = pick(rng, ["dark", "mid", "coloured", "light"], [30, 25, 25, 20])
    c["garment_tone"] = tone
    if tone == "dark":
        name = pick(rng, list(DARK), [1] * len(DARK)); g = np.asarray(DARK[name]) + rng.uniform(-0.03, 0.03, 3)
    elif tone == "mid":
        name = pick(rng, list(MID), [1] * len(MID)); g = np.asarray(MID[name]) + rng.uniform(-0.04, 0.04, 3)
    elif tone == "coloured":
        name = "hue"
        g = np.asarray(colorsys.hsv_to_rgb(rng.random(), rng.uniform(0.55, 0.90), rng.uniform(0.45, 0.85)))
    else:  # light-coloured, low contrast: 0.07-0.16 below the background luma
        name = pick(rng, list(LIGHT), [1] * len(LIGHT)); g = np.asarray(LIGHT[name])
        g = g * (c["bg_luma"] - rng.uniform(0.07, 0.16)) / luma(g)
    g = np.clip(g, 0.02, 0.98)
    c["garment_rgb"] = f"{name}:{hexrgb(g)}"
    c["_garment"] = [float(v) for v in g]
    c["fabric_texture"] = pick(rng, ["weave", "knit", "smooth", "plain"], [35, 25, 20, 20])
    c["texture_amp"] = round(float(rng.uniform(0.02, 0.07)), 3)
    c["_shade_k"] = float(rng.uniform(0.35, 0.65))
    # light
    vig = pick(rng, ["none", "mild", "strong"], [20, 45, 35])
    c["vignetting"] = vig
    c["vignetting_strength"] = round({"none": 0.0, "mild": float(rng.uniform(0.08, 0.22)),
                                      "strong": float(rng.uniform(0.22, 0.45))}[vig], 3)
    c["light_gradient"] = round(float(rng.uniform(0.0, 0.35)), 3)
    c["light_angle_deg"] = round(float(rng.uniform(0, 360)), 1)
    # shadow
    has_shadow = rng.random() < 0.85
    c["shadow"] = "soft" if has_shadow else "none"
    c["shadow_offset"] = round(float(rng.uniform(0.01, 0.05)), 4) if has_shadow else ""
    c["shadow_blur"] = round(float(rng.uniform(0.01, 0.04)), 4) if has_shadow else ""
    c["shadow_darkness"] = round(float(rng.uniform(0.12, 0.40)), 3) if has_shadow else ""
    c["_shadow_turn"] = float(rng.uniform(-30, 30))
    # marks
    if rng.random() < 0.40:
        marks = []
    else:
        marks = [pick(rng, ["label", "sticker", "tape"], [1, 1, 1]) for _ in range(1 if rng.random() < 0.65 else 2)]
    c["_marks"] = marks
    # blur, noise, exposure, jpeg
    blur = pick(rng, ["none", "slight", "moderate"], [50, 35, 15])
    c["blur"] = blur
    c["blur_sigma_px"] = round({"none": 0.0, "slight": float(rng.uniform(1.5, 3.0)),
                                "moderate": float(rng.uniform(3.0, 5.0))}[blur], 2)
    exposure = pick(rng, ["normal", "over", "under"], [60, 20, 20])
    c["exposure"] = exposure
    c["exposure_ev"] = round({"normal": float(rng.uniform(-0.3, 0.3)), "over": float(rng.uniform(0.5, 1.0)),
                              "under": float(rng.uniform(-1.4, -0.6))}[exposure], 2)
    noise = float(rng.uniform(1.0, 4.0)) * (float(rng.uniform(1.5, 2.0)) if exposure == "under" else 1.0)
    c["noise_sigma"] = round(noise, 2)
    c["chroma_noise_sigma"] = round(float(rng.uniform(0.5, 2.0)), 2)
    c["jpeg_quality"] = int(rng.integers(70, 96))
    c["chroma_subsampling"] = "4:2:0"
    return c


# ----------------------------------------------------------------------------- image helpers

def blur(a, sigma):
    """Gaussian blur of a float32 2-D array (separable; large sigmas on a reduced copy)."""
    if sigma < 0.3:
        return a
    h, w = a.shape
    d = max(1, int(sigma / 2.0))
    small = a
    if d > 1:
        small = np.asarray(Image.fromarray(a, "F").resize((max(1, w // d), max(1, h // d)), Image.BOX))
    s = sigma / d
    r = max(1, int(math.ceil(3 * s)))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / s) ** 2).astype(np.float32)
    k /= k.sum()
    for axis in (0, 1):
        p = np.pad(small, [(r, r) if ax == axis else (0, 0) for ax in (0, 1)], mode="edge")
        n = small.shape[axis]
        acc = np.zeros_like(small)
        for j, kv in enumerate(k):
            acc += kv * (p[j:j + n, :] if axis == 0 else p[:, j:j + n])
        small = acc
    if d > 1:
        small = np.asarray(Image.fromarray(small, "F").resize((w, h), Image.BICUBIC))
    return small


def value_noise(rng, h, w, cell):
    """Smooth random field, unit-ish amplitude, features about `cell` pixels wide."""
    gh, gw = max(2, int(h / cell) + 2), max(2, int(w / cell) + 2)
    g = rng.standard_normal((gh, gw)).astype(np.float32)
    return np.asarray(Image.fromarray(g, "F").resize((w, h), Image.BICUBIC))


def srgb_to_lin(x):
    return np.power(np.clip(x, 0, 1), 2.2)


def lin_to_srgb(x):
    return np.power(np.clip(x, 0, 1), 1 / 2.2)


def shoulder(lin):
    """Camera-like highlight roll-off: linear up to 0.6, then compresses towards 1."""
    out = lin.copy()
    m = lin > 0.6
    out[m] = 0.6 + 0.4 * (1 - np.exp(-(lin[m] - 0.6) / 0.4))
    return out


# ----------------------------------------------------------------------------- garment

def garment_layer(img28, c, scale_px, rng):
    """Returns (alpha, rgb) of the rotated garment, alpha/rgb float32 (h, w[, 3])."""
    v = img28.astype(np.float32) / 255.0
    top = float(np.percentile(v[v > 0.05], 99)) if np.any(v > 0.05) else 1.0
    vn = np.clip(v / max(top, 0.2), 0, 1)
    ys, xs = np.nonzero(vn > 0.08)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    long28 = max(y1 - y0, x1 - x0)
    f = scale_px / long28
    pad = 1
    crop = np.pad(vn, pad)[y0:y1 + 2 * pad, x0:x1 + 2 * pad]
    ch, cw = crop.shape
    tw, th = max(4, int(round(cw * f))), max(4, int(round(ch * f)))
    up = np.asarray(Image.fromarray(np.ascontiguousarray(crop), "F").resize((tw, th), Image.BICUBIC))
    up = np.clip(blur(up, f * 0.12), 0, 1)
    # rotate (a photo is never perfectly square to the item)
    up = np.asarray(Image.fromarray(up, "F").rotate(c["rotation_deg"], Image.BICUBIC, expand=True))
    up = np.clip(up, 0, 1)
    alpha = np.clip((up - 0.08) / 0.08, 0, 1)
    alpha = alpha * alpha * (3 - 2 * alpha)
    h, w = up.shape
    # the dataset's darkness map becomes the garment's own shading (darker where the original was
    # darker), smoothed so the 28-pixel grid does not show; within about one source pixel of the
    # outline it fades to the interior mean, so the dataset's anti-aliased rim gives no light rim
    inner = np.clip((blur((up > 0.16).astype(np.float32), f * 0.6) - 0.5) / 0.35, 0, 1)
    soft = blur(up, f * 0.3)
    core = inner > 0.99
    mean = float(soft[core].mean()) if np.any(core) else float(soft[alpha > 0.5].mean())
    val = mean + (soft - mean) * inner
    shade = 1 + c["_shade_k"] * (mean - val)
    shade *= 1 + 0.05 * value_noise(rng, h, w, max(8, scale_px / 10))        # folds
    amp = c["texture_amp"]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    th_ = rng.uniform(0, math.pi)
    period = rng.uniform(2.2, 4.0)
    a_ = xx * math.cos(th_) + yy * math.sin(th_)
    b_ = -xx * math.sin(th_) + yy * math.cos(th_)
    kind = c["fabric_texture"]
    if kind == "weave":
        tex = np.sin(2 * math.pi * a_ / period) * np.sin(2 * math.pi * b_ / period)
        tex += 0.5 * rng.standard_normal((h, w)).astype(np.float32)
    elif kind == "knit":
        tex = np.sin(2 * math.pi * xx / period) * 0.8 + 0.4 * np.abs(np.sin(math.pi * yy / (period * 1.3)))
        tex += 0.4 * rng.standard_normal((h, w)).astype(np.float32)
    elif kind == "smooth":
        tex = value_noise(rng, h, w, 3.0) + 0.3 * value_noise(rng, h, w, 12.0)
    else:
        tex = 0.7 * rng.standard_normal((h, w)).astype(np.float32)
    shade *= 1 + amp * tex
    rgb = np.clip(np.asarray(c["_garment"], np.float32)[None, None, :] * shade[..., None], 0, 1)
    return alpha.astype(np.float32), rgb.astype(np.float32)


# ----------------------------------------------------------------------------- marks

def mark_patch(kind, S, rng):
    """RGBA patch (float32 0..1) of a barcode label, a sticker or a strip of tape."""
    if kind == "label":
        w = int(S * rng.uniform(0.10, 0.16)); h = int(w * rng.uniform(0.45, 0.65))
        im = Image.new("RGBA", (w, h), (245, 245, 240, 255))
        d = ImageDraw.Draw(im)
        unit = max(1.0, w / 95.0)
        x = w * 0.08
        while x < w * 0.92:
            bw = unit * int(rng.integers(1, 4))
            if rng.random() < 0.55:
                d.rectangle([x, h * 0.12, x + bw - 0.5, h * 0.62], fill=(25, 25, 25, 255))
            x += bw
        for k in range(2):
            yy = h * (0.70 + 0.12 * k)
            d.rectangle([w * 0.08, yy, w * rng.uniform(0.4, 0.9), yy + max(1, h * 0.05)], fill=(80, 80, 80, 255))
        angle = rng.uniform(-20, 20)
    elif kind == "sticker":
        dmt = int(S * rng.uniform(0.03, 0.07))
        col = STICKER_COLOURS[int(rng.integers(len(STICKER_COLOURS)))]
        im = Image.new("RGBA", (dmt + 2, dmt + 2), (0, 0, 0, 0))
        d = ImageDraw.Draw(im)
        d.ellipse([1, 1, dmt, dmt], fill=tuple(int(v * 255) for v in col) + (255,))
        if rng.random() < 0.5:
            d.rectangle([dmt * 0.3, dmt * 0.45, dmt * 0.7, dmt * 0.55], fill=(40, 40, 40, 255))
        angle = rng.uniform(0, 360)
    else:  # tape
        L = int(S * rng.uniform(0.15, 0.35)); wd = int(S * rng.uniform(0.03, 0.05))
        if rng.random() < 0.6:      # masking tape
            im = Image.new("RGBA", (L, wd), (232, 218, 180, 215))
        else:                       # clear tape: faint sheen with visible edges
            im = Image.new("RGBA", (L, wd), (255, 255, 255, 60))
            d = ImageDraw.Draw(im)
            d.line([0, 0, L, 0], fill=(150, 150, 150, 150), width=1)
            d.line([0, wd - 1, L, wd - 1], fill=(150, 150, 150, 150), width=1)
        angle = rng.uniform(0, 180)
    im = im.rotate(angle, Image.BICUBIC, expand=True)
    return np.asarray(im, np.float32) / 255.0


# ----------------------------------------------------------------------------- one photo

def render(args):
    c, img28 = args
    i = c["photo_index"]
    rng = np.random.default_rng([SEED, 2, i])
    W, H = c["display_width"], c["display_height"]
    s = min(1.0, WORK_LONG / max(W, H))
    w, h = int(round(W * s)), int(round(H * s))
    S = min(w, h)

    # background: off-white with texture and colour cast
    bgc = np.asarray(c["_bg"], np.float32)
    kind = c["background"]
    if kind == "paper":
        t = 0.012 * blur(rng.standard_normal((h, w)).astype(np.float32), 0.7) * 2.5 + 0.015 * value_noise(rng, h, w, S / 12)
    elif kind == "fabric":
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        p = rng.uniform(2.5, 4.0)
        t = 0.012 * np.sin(2 * math.pi * xx / p) * np.sin(2 * math.pi * yy / p)
        # wrinkles: long soft folds in one direction
        folds = value_noise(rng, max(2, h // 6), w, S / 20) if rng.random() < 0.5 else value_noise(rng, h, max(2, w // 6), S / 20)
        t += 0.012 * np.asarray(Image.fromarray(folds, "F").resize((w, h), Image.BICUBIC)) + 0.012 * value_noise(rng, h, w, S / 5)
    else:
        t = 0.006 * value_noise(rng, h, w, S / 8)
    scene = bgc[None, None, :] * (1 + t)[..., None]

    # garment and where it goes
    alpha, grgb = garment_layer(img28, c, c["fill"] * S, rng)
    gh, gw = alpha.shape
    ys, xs = np.nonzero(alpha > 0.5)
    by0, by1, bx0, bx1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    bw, bh = bx1 - bx0, by1 - by0
    margin = 0.04 * S
    u, v = c["_pos"]
    free_x, free_y = max(0.0, w - bw - 2 * margin), max(0.0, h - bh - 2 * margin)
    px = (w - bw) / 2 + (u - 0.5) * 0.6 * free_x
    py = (h - bh) / 2 + (v - 0.5) * 0.6 * free_y
    if c["near_edge"] == "yes":
        gap = c["edge_gap"] * S
        side = c["edge_side"]
        if side == "left":
            px = gap
        elif side == "right":
            px = w - bw - gap
        elif side == "top":
            py = gap
        else:
            py = h - bh - gap
    px, py = int(round(min(max(px, 1), w - bw - 1))), int(round(min(max(py, 1), h - bh - 1)))
    ox, oy = px - bx0, py - by0          # top-left of the garment layer in the frame (may be < 0)
    full_alpha = np.zeros((h, w), np.float32)
    full_rgb = np.zeros((h, w, 3), np.float32)
    fx0, fy0 = max(0, ox), max(0, oy)
    fx1, fy1 = min(w, ox + gw), min(h, oy + gh)
    full_alpha[fy0:fy1, fx0:fx1] = alpha[fy0 - oy:fy1 - oy, fx0 - ox:fx1 - ox]
    full_rgb[fy0:fy1, fx0:fx1] = grgb[fy0 - oy:fy1 - oy, fx0 - ox:fx1 - ox]
    c["center_x"] = round((px + bw / 2) / w, 3)
    c["center_y"] = round((py + bh / 2) / h, 3)

    # marks beside the item (never on it)
    placed = []
    keep_out = (px - 0.03 * S, py - 0.03 * S, px + bw + 0.03 * S, py + bh + 0.03 * S)
    boxes = [keep_out]
    for kind_m in c["_marks"]:
        patch = mark_patch(kind_m, S, rng)
        ph, pw = patch.shape[:2]
        for _ in range(40):
            mx, my = int(rng.integers(2, max(3, w - pw - 2))), int(rng.integers(2, max(3, h - ph - 2)))
            box = (mx, my, mx + pw, my + ph)
            if mx + pw >= w or my + ph >= h:
                continue
            if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in boxes):
                a = patch[..., 3:4]
                scene[my:my + ph, mx:mx + pw] = scene[my:my + ph, mx:mx + pw] * (1 - a) + patch[..., :3] * a
                boxes.append(box)
                placed.append(kind_m)
                break
    c["marks"] = "+".join(placed) if placed else "none"

    # light direction (towards the bright side) for gradient and shadow
    ang = math.radians(c["light_angle_deg"])
    dx, dy = math.cos(ang), math.sin(ang)

    # soft shadow beside the item, away from the light
    if c["shadow"] == "soft":
        sa = math.radians(c["light_angle_deg"] + 180 + c["_shadow_turn"])
        off = c["shadow_offset"] * S
        sx, sy = int(round(math.cos(sa) * off)), int(round(math.sin(sa) * off))
        sh = np.zeros_like(full_alpha)
        src = full_alpha[max(0, -sy):h - max(0, sy), max(0, -sx):w - max(0, sx)]
        sh[max(0, sy):max(0, sy) + src.shape[0], max(0, sx):max(0, sx) + src.shape[1]] = src
        sh = blur(sh, c["shadow_blur"] * S)
        scene *= (1 - c["shadow_darkness"] * np.clip(sh, 0, 1))[..., None]

    scene = scene * (1 - full_alpha[..., None]) + full_rgb * full_alpha[..., None]

    # illumination (linear light): side-light gradient and vignetting, then exposure
    lin = srgb_to_lin(scene)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    nx, ny = (xx - w / 2) / (w / 2), (yy - h / 2) / (h / 2)
    proj = (nx * dx + ny * dy) / (abs(dx) + abs(dy))                       # -1..1 across the frame
    illum = 1 + 0.5 * c["light_gradient"] * proj
    r2 = (nx ** 2 * (w / 2) ** 2 + ny ** 2 * (h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)  # 1 at corners
    illum *= 1 - c["vignetting_strength"] * r2 ** 1.25
    lin = lin * illum[..., None] * (2.0 ** c["exposure_ev"])
    out = lin_to_srgb(shoulder(lin))
    # chroma noise is blotchy: add it at the working size
    cn = c["chroma_noise_sigma"] / 255.0
    out += np.stack([value_noise(rng, h, w, 2.0) * cn for _ in range(3)], axis=-1)
    work = Image.fromarray(np.clip(out * 255 + 0.5, 0, 255).astype(np.uint8), "RGB")
    if c["blur_sigma_px"] > 0:
        sig = c["blur_sigma_px"] * s
        arr = np.asarray(work, np.float32)
        work = Image.fromarray(np.clip(np.stack([blur(arr[..., k], sig) for k in range(3)], -1) + 0.5, 0, 255).astype(np.uint8))

    # camera size, then sensor (luma) noise at full resolution
    img = work.resize((W, H), Image.BICUBIC) if (w, h) != (W, H) else work
    n = rng.standard_normal((H, W), dtype=np.float32)
    n *= c["noise_sigma"]
    n += 128.5
    nimg = Image.fromarray(np.clip(n, 0, 255).astype(np.uint8), "L")
    img = ImageChops.add(img, Image.merge("RGB", (nimg, nimg, nimg)), scale=1.0, offset=-128)

    # storage: portraits from a phone are often stored landscape with EXIF orientation 6
    exif = Image.Exif()
    if c["exif_orientation"] == 6:
        img = img.transpose(Image.Transpose.ROTATE_90)     # shown after rotating 90 degrees clockwise
        exif[0x0112] = 6
    elif c["exif_orientation"] == 1:
        exif[0x0112] = 1
    if c["exif_orientation"] != "none":
        exif[0x010F] = "ReturnSorterEval"
        exif[0x0110] = c["camera"]
    assert img.size == (c["stored_width"], c["stored_height"]), (img.size, c)
    buf = io.BytesIO()
    kw = {"exif": exif.tobytes()} if len(exif) else {}
    img.save(buf, "JPEG", quality=c["jpeg_quality"], subsampling=2, optimize=False, **kw)
    data = buf.getvalue()
    row = {k: c[k] for k in COLUMNS}
    return row, data


# ----------------------------------------------------------------------------- subset choice

def bins(c):
    """Condition values used to make sure the subset represents every condition."""
    b = {
        f"storage={c['camera']}/{c['orientation']}" + ("-exif6" if c["exif_orientation"] == 6 else ""),
        f"camera={c['camera']}", f"orientation={c['orientation']}",
        f"fill={'35-50' if c['fill'] < 0.5 else '50-65' if c['fill'] < 0.65 else '65-80'}",
        f"near_edge={c['near_edge']}", f"background={c['background']}", f"cast={c['colour_cast']}",
        f"tone={c['garment_tone']}", f"texture={c['fabric_texture']}", f"vignetting={c['vignetting']}",
        f"gradient={'0-12' if c['light_gradient'] < 0.12 else '12-24' if c['light_gradient'] < 0.24 else '24-35'}",
        f"shadow={c['shadow']}", f"blur={c['blur']}", f"exposure={c['exposure']}",
        f"noise={'low' if c['noise_sigma'] < 2.5 else 'high'}",
        f"jpeg={'70-79' if c['jpeg_quality'] < 80 else '80-87' if c['jpeg_quality'] < 88 else '88-95'}",
    }
    b.update(f"mark={m}" for m in (c["_marks"] or ["none"]))
    return b


def storage_kind(c):
    if c["orientation"] == "landscape":
        return f"{c['camera']}/landscape"
    return f"{c['camera']}/portrait-" + ("exif6" if c["exif_orientation"] == 6 else "upright")


def choose_subset(conds):
    """Deterministic greedy cover: 5 per class, fixed quota of 12 MP / 8 MP kinds, rest web-size."""
    quota = dict(SUBSET_QUOTA)
    web = N_CLASSES * SUBSET_PER_CLASS - sum(quota.values())
    quota["web-2mp/landscape"] = web - web // 4
    quota["web-2mp/portrait-upright"] = web // 4
    per_class = [0] * N_CLASSES
    chosen, covered = [], set()
    all_bins = set().union(*(bins(c) for c in conds))
    while len(chosen) < N_CLASSES * SUBSET_PER_CLASS:
        best, best_gain = None, -1
        for c in conds:
            i = c["photo_index"]
            k = storage_kind(c)
            if i in chosen or per_class[c["label_index"]] >= SUBSET_PER_CLASS or quota.get(k, 0) <= 0:
                continue
            gain = len(bins(c) - covered)
            if gain > best_gain:
                best, best_gain = c, gain
        if best is None:
            raise SystemExit("subset: quotas cannot be met")
        chosen.append(best["photo_index"])
        covered |= bins(best)
        per_class[best["label_index"]] += 1
        quota[storage_kind(best)] -= 1
    missing = all_bins - covered
    if missing:
        raise SystemExit(f"subset misses condition values: {sorted(missing)}")
    return sorted(chosen)


# ----------------------------------------------------------------------------- main

def write_csv(path, rows, extra=()):
    with open(path, "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=COLUMNS + list(extra), lineterminator="\n")
        wr.writeheader()
        for r in rows:
            wr.writerow(r)


def generate(indices, conds, images, out_dir, jobs):
    os.makedirs(out_dir, exist_ok=True)
    work = [(conds[i], images[conds[i]["heldout_subset_index"]]) for i in indices]
    rows = []
    with Pool(jobs) as pool:
        for row, data in pool.imap(render, work, chunksize=1):
            with open(os.path.join(out_dir, row["file"]), "wb") as f:
                f.write(data)
            row["bytes"] = len(data)
            row["sha256"] = hashlib.sha256(data).hexdigest()
            rows.append(row)
    return rows


def check(directory, manifest):
    images, labels, original, names = load_sources()
    with open(manifest, newline="") as f:
        rows = list(csv.DictReader(f))
    bad = 0
    seen = 0
    for r in rows:
        p = os.path.join(directory, r["file"])
        if not os.path.exists(p):
            continue
        seen += 1
        src = int(r["heldout_subset_index"])
        problems = []
        if names[int(labels[src])] != r["label"] or int(r["label_index"]) != int(labels[src]):
            problems.append("label does not match the held-out labels file")
        if original[src] != int(r["heldout_index"]):
            problems.append("heldout_index does not match heldout-subset-index.csv")
        with Image.open(p) as im:
            stored = im.size
            orient = im.getexif().get(0x0112)
            im.load()
            shown = ImageOps.exif_transpose(im).size
        if stored != (int(r["stored_width"]), int(r["stored_height"])):
            problems.append(f"stored size {stored}")
        if shown != (int(r["display_width"]), int(r["display_height"])):
            problems.append(f"display size {shown}")
        want = None if r["exif_orientation"] == "none" else int(r["exif_orientation"])
        if orient != want:
            problems.append(f"EXIF orientation {orient}")
        if "sha256" in r and r["sha256"]:
            with open(p, "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != r["sha256"]:
                    problems.append("sha256 differs")
        if problems:
            bad += 1
            print(r["file"], "; ".join(problems))
    print(f"checked {seen} photos in {directory}: {bad} with problems")
    return bad == 0 and seen > 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="also render all 500 photos into --out")
    ap.add_argument("--out", default=FULL_DIR, help="directory of the full set (default model/build/eval-full)")
    ap.add_argument("--subset-out", default=SUBSET_DIR, help="directory of the subset (default model/eval/subset)")
    ap.add_argument("--no-subset", action="store_true", help="do not (re)write the committed subset")
    ap.add_argument("--only", type=int, nargs="*", help="render only these photo indices into --out (for looking)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--check", metavar="DIR", help="decode every photo in DIR and check it against the manifest")
    ap.add_argument("--manifest", help="manifest for --check (default DIR/manifest.csv, else model/eval/manifest.csv)")
    a = ap.parse_args()

    if a.check:
        m = a.manifest or next(p for p in (os.path.join(a.check, "manifest.csv"),
                                           os.path.join(HERE, "subset-manifest.csv") if os.path.abspath(a.check) == SUBSET_DIR else "",
                                           os.path.join(HERE, "manifest.csv")) if p and os.path.exists(p))
        sys.exit(0 if check(a.check, m) else 1)

    t0 = time.time()
    images, labels, original, names = load_sources()
    sources = choose_sources(labels)
    conds = [sample_conditions(i, sources[i], original, names, labels) for i in range(N_PHOTOS)]

    if a.only:
        rows = generate(a.only, conds, images, a.out, a.jobs)
        write_csv(os.path.join(a.out, "manifest.csv"), rows, ("bytes", "sha256"))
        print(f"rendered {len(rows)} photos into {a.out} in {time.time() - t0:.1f} s")
        return

    # model/eval/manifest.csv (all 500 photos) is written only with --full: some columns
    # (center_x/center_y, marks as placed) come from rendering. Without --full only the subset
    # is rendered (the same bytes as in the full set, since photo i depends only on SEED and i).
    full_rows = None
    if a.full:
        full_rows = generate(range(N_PHOTOS), conds, images, a.out, a.jobs)
        write_csv(os.path.join(a.out, "manifest.csv"), full_rows, ("bytes", "sha256"))
        with open(os.path.join(a.out, "SHA256SUMS"), "w") as f:
            for r in full_rows:
                f.write(f"{r['sha256']}  {r['file']}\n")
        print(f"full set: {len(full_rows)} photos, {sum(r['bytes'] for r in full_rows) / 1e6:.1f} MB in {a.out}")

    if not a.no_subset:
        chosen = choose_subset(conds)
        if full_rows is not None:
            by = {r["photo_index"]: r for r in full_rows}
            os.makedirs(a.subset_out, exist_ok=True)
            for old in os.listdir(a.subset_out):
                if old.endswith(".jpg"):
                    os.remove(os.path.join(a.subset_out, old))
            sub_rows = []
            for i in chosen:
                with open(os.path.join(a.out, by[i]["file"]), "rb") as src, \
                        open(os.path.join(a.subset_out, by[i]["file"]), "wb") as dst:
                    dst.write(src.read())
                sub_rows.append(by[i])
        else:
            if os.path.isdir(a.subset_out):
                for old in os.listdir(a.subset_out):
                    if old.endswith(".jpg"):
                        os.remove(os.path.join(a.subset_out, old))
            sub_rows = generate(chosen, conds, images, a.subset_out, a.jobs)
        total = sum(r["bytes"] for r in sub_rows)
        sub_manifest = os.path.join(HERE, "subset-manifest.csv") if a.subset_out == SUBSET_DIR \
            else os.path.join(a.subset_out, "subset-manifest.csv")
        write_csv(sub_manifest, sub_rows, ("bytes", "sha256"))
        print(f"subset: {len(sub_rows)} photos, {total / 1e6:.1f} MB in {a.subset_out}")
        if total > SUBSET_MAX_BYTES:
            raise SystemExit(f"subset is {total} bytes, over the {SUBSET_MAX_BYTES} cap")

    if full_rows is not None:
        write_csv(os.path.join(HERE, "manifest.csv"), [{k: r[k] for k in COLUMNS} for r in full_rows])
    print(f"done in {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
