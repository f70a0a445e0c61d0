"""Camera-like photo renderer (issue 13): the training augmentation for the garment-photo profile,
the development set (from the training pool's VALIDATION split only) and the camera-sized parity
inputs. Extends the photo-station renderer of fmcommon.render_photo with the conditions a phone or
photo-station camera really produces:

  * sizes: moderate (long side 360-1024 px) or full camera size 4032x3024 / 3024x4032, portraits
    optionally stored landscape with EXIF orientation 6 (JPEG);
  * light: vignetting (corner fall-off up to 55 %), side light (linear fall-off up to 40 %),
    over-/under-exposure (x0.55 .. x1.35, clipped);
  * background: off-white to light grey, colour cast, low-frequency mottling + fine grain texture;
  * garment tone: dark, coloured, light (beige on off-white, 15-50 grey levels below the
    background) or lighter than the background;
  * a soft shadow beside the item; barcode labels and tape strips beside the item;
  * slight blur, sensor noise, JPEG quality 70-95 (or PNG / lossy WebP);
  * items near the frame edge;
  * blank frames and frames with two items (for the "not sure" verdicts).

numpy + PIL only. Every photo draws from its own RandomState, so results do not depend on how
the work is split across processes.
"""
import io
import math

import numpy as np
from PIL import Image, ImageFilter

EXIF_ORIENTATION = 0x0112
CAMERA = (4032, 3024)


def _lowfreq(rng, h, w, cells, amp):
    """Smooth random field (bicubic upsampling of a cells x cells grid), values ~ +-amp."""
    g = rng.uniform(-1, 1, size=(cells, cells)).astype(np.float32)
    im = Image.fromarray(g, "F").resize((w, h), Image.BICUBIC)
    return np.asarray(im, dtype=np.float32) * amp


def _item_cov(img28, rng, iw, ih):
    ys, xs = np.nonzero(img28)
    crop = img28[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    resample = Image.LANCZOS if rng.rand() < 0.5 else Image.BICUBIC
    item = Image.fromarray(crop, "L").resize((iw, ih), resample)
    return np.asarray(item, dtype=np.float32) / 255.0


def _fit_item(img28, fill_w, fill_h):
    ys, xs = np.nonzero(img28)
    ch, cw = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    s = min(fill_w / cw, fill_h / ch)
    return max(1, int(round(cw * s))), max(1, int(round(ch * s)))


def _luma(rgb):
    return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]


def draw_conditions(rng, camera_p=0.0, size_range=(360, 1024), blank=False, items=1):
    """Draw the conditions of one photo (dict, also the manifest row of the dev set)."""
    c = {}
    c["camera"] = bool(rng.rand() < camera_p)
    c["portrait"] = bool(rng.rand() < 0.35)
    if c["camera"]:
        W, H = CAMERA
    else:
        L = int(rng.randint(size_range[0], size_range[1] + 1))
        W, H = L, int(round(L * rng.choice([0.75, 0.667, 0.8, 1.0])))
    if c["portrait"]:
        W, H = H, W
    c["W"], c["H"] = W, H
    c["exif6"] = bool(c["camera"] and c["portrait"] and rng.rand() < 0.7) or \
        bool(not c["camera"] and c["portrait"] and rng.rand() < 0.2)
    c["vignetting"] = float(rng.choice([0.0, rng.uniform(0.1, 0.3), rng.uniform(0.3, 0.55)], p=[0.3, 0.4, 0.3]))
    c["sidelight"] = float(rng.choice([0.0, rng.uniform(0.1, 0.4)], p=[0.5, 0.5]))
    c["exposure"] = float(rng.choice([1.0, rng.uniform(0.55, 0.85), rng.uniform(1.1, 1.35)], p=[0.5, 0.25, 0.25]))
    c["texture"] = float(rng.choice([0.0, rng.uniform(1.0, 5.0)], p=[0.35, 0.65]))
    c["bgLuma"] = float(rng.uniform(175, 248))
    c["cast"] = [float(v) for v in rng.uniform(-14, 14, size=3)]
    c["tone"] = str(rng.choice(["dark", "coloured", "light", "lighter"], p=[0.35, 0.3, 0.28, 0.07]))
    c["shadow"] = float(rng.choice([0.0, rng.uniform(0.08, 0.3)], p=[0.5, 0.5]))
    c["label"] = bool(rng.rand() < 0.3)
    c["tape"] = bool(rng.rand() < 0.25)
    c["blur"] = float(rng.choice([0.0, rng.uniform(0.4, 1.6)], p=[0.5, 0.5]))
    c["noise"] = float(rng.uniform(0.8, 4.0))
    c["fill"] = float(rng.uniform(0.35, 0.85))
    c["nearEdge"] = bool(rng.rand() < 0.15)
    fmt = str(rng.choice(["jpg", "png", "webp"], p=[0.8, 0.1, 0.1]))
    if c["exif6"]:
        fmt = "jpg"
    c["format"] = fmt
    c["quality"] = int(rng.randint(70, 96))
    c["blank"] = bool(blank)
    c["items"] = int(items)
    return c


def _ink_rgb(rng, tone, bg_rgb):
    bgl = _luma(bg_rgb)
    if tone == "dark":
        return np.array([rng.uniform(8, 60)] * 3) + rng.uniform(-8, 8, size=3)
    if tone == "coloured":
        hue = rng.uniform(0, 1, size=3)
        col = 30 + 170 * hue
        target = rng.uniform(60, 150)
        return np.clip(col * target / max(_luma(col), 1), 0, 255)
    if tone == "light":
        d = rng.uniform(15, 50)
        return np.clip(bg_rgb * (bgl - d) / bgl + rng.uniform(-6, 6, size=3), 0, 255)
    # lighter than the background
    return np.clip(np.array([rng.uniform(max(bgl + 12, 200), 255)] * 3) + rng.uniform(-4, 4, size=3), 0, 255)


def render(imgs28, rng, c):
    """Render one photo with conditions c (from draw_conditions) of the items in imgs28 (list of
    raw 28x28 uint8 dataset images, light item on black; 0 items for a blank frame).
    Returns an RGB PIL image of size c['W'] x c['H'] (upright)."""
    W, H = c["W"], c["H"]
    cam = c["camera"]
    # render resolution: camera photos are rendered at 1/4 and upscaled (plus full-res noise)
    f = 4 if cam else 1
    w, h = W // f, H // f
    bg_rgb = np.clip(c["bgLuma"] + np.array(c["cast"]), 40, 255)
    img = np.empty((h, w, 3), dtype=np.float32)
    img[:] = bg_rgb.astype(np.float32)
    if c["texture"] > 0:
        mott = _lowfreq(rng, h, w, int(rng.randint(4, 12)), c["texture"] / 100.0 * 0.6)
        img *= (1.0 + mott)[..., None]
        img += rng.normal(0, c["texture"] * 0.6, size=(h, w)).astype(np.float32)[..., None]
    # item placement
    n = len(imgs28)
    covs, places, inks = [], [], []
    for j, im28 in enumerate(imgs28):
        fill = c["fill"] if n == 1 else c["fill"] * 0.6
        fw = fill * (w / 2 if n == 2 and w >= h else w)
        fh = fill * (h / 2 if n == 2 and h > w else h)
        iw, ih = _fit_item(im28, fw, fh)
        cov = _item_cov(im28, rng, iw, ih)
        if n == 2:
            # side by side along the long side, each in its own half
            if w >= h:
                x0 = int(rng.randint(max(0, j * w // 2 + 4), max(1, (j + 1) * w // 2 - iw - 4) + 1)) \
                    if (j + 1) * w // 2 - iw - 4 > j * w // 2 + 4 else j * w // 2
                y0 = int(rng.randint(0, max(1, h - ih)))
            else:
                y0 = int(rng.randint(max(0, j * h // 2 + 4), max(1, (j + 1) * h // 2 - ih - 4) + 1)) \
                    if (j + 1) * h // 2 - ih - 4 > j * h // 2 + 4 else j * h // 2
                x0 = int(rng.randint(0, max(1, w - iw)))
        elif c["nearEdge"]:
            side = int(rng.randint(4))
            m = int(rng.uniform(0, 0.02) * min(w, h))
            x0 = int(rng.randint(0, max(1, w - iw)))
            y0 = int(rng.randint(0, max(1, h - ih)))
            if side == 0:
                x0 = m
            elif side == 1:
                x0 = max(0, w - iw - m)
            elif side == 2:
                y0 = m
            else:
                y0 = max(0, h - ih - m)
        else:
            cx = w / 2 + rng.uniform(-0.5, 0.5) * max(0, w - iw - 8)
            cy = h / 2 + rng.uniform(-0.5, 0.5) * max(0, h - ih - 8)
            x0, y0 = int(round(cx - iw / 2)), int(round(cy - ih / 2))
        x0 = min(max(0, x0), max(0, w - iw))
        y0 = min(max(0, y0), max(0, h - ih))
        iw, ih = min(iw, w - x0), min(ih, h - y0)
        covs.append(cov[:ih, :iw] * float(rng.uniform(0.9, 1.0)))
        places.append((x0, y0, iw, ih))
        inks.append(_ink_rgb(rng, c["tone"], bg_rgb))
    # soft shadow: blurred, offset silhouette darkening the background
    if c["shadow"] > 0 and n:
        sh = np.zeros((h, w), dtype=np.float32)
        for cov, (x0, y0, iw, ih) in zip(covs, places):
            sil = (cov > 0.08).astype(np.float32)
            dx = int(rng.uniform(-0.08, 0.08) * iw)
            dy = int(rng.uniform(0.0, 0.08) * ih)
            xa, ya = max(0, x0 + dx), max(0, y0 + dy)
            xb, yb = min(w, x0 + dx + iw), min(h, y0 + dy + ih)
            if xb > xa and yb > ya:
                sh[ya:yb, xa:xb] = np.maximum(sh[ya:yb, xa:xb],
                                              sil[ya - (y0 + dy):yb - (y0 + dy), xa - (x0 + dx):xb - (x0 + dx)])
        rad = max(2.0, 0.05 * max(max(p[2], p[3]) for p in places))
        shi = Image.fromarray(np.clip(sh * 255, 0, 255).astype(np.uint8), "L").filter(ImageFilter.GaussianBlur(rad))
        sh = np.asarray(shi, dtype=np.float32) / 255.0
        img *= (1.0 - c["shadow"] * sh)[..., None]
    # marks beside the item (in the free area, if any)
    occ = np.zeros((h, w), dtype=bool)
    for (x0, y0, iw, ih) in places:
        occ[max(0, y0 - 6):y0 + ih + 6, max(0, x0 - 6):x0 + iw + 6] = True

    def free_spot(mw, mh):
        for _ in range(30):
            if w - mw <= 0 or h - mh <= 0:
                return None
            x, y = int(rng.randint(0, w - mw)), int(rng.randint(0, h - mh))
            if not occ[y:y + mh, x:x + mw].any():
                return x, y
        return None
    if c["label"]:
        mw = max(8, int(rng.uniform(0.06, 0.12) * max(w, h)))
        mh = max(5, int(mw * rng.uniform(0.45, 0.7)))
        if rng.rand() < 0.5:
            mw, mh = mh, mw
        pos = free_spot(mw, mh)
        if pos:
            x, y = pos
            lab = np.full((mh, mw), 250.0, dtype=np.float32)
            bars = rng.rand(max(mw, mh)) < 0.45
            m = max(1, min(mw, mh) // 6)
            if mw >= mh:
                lab[m:mh - 2 * m, m:mw - m][:, bars[m:mw - m]] = 25
            else:
                lab[m:mh - m, m:mw - 2 * m][bars[m:mh - m], :] = 25
            img[y:y + mh, x:x + mw] = lab[..., None]
            occ[y:y + mh, x:x + mw] = True
    if c["tape"]:
        tl = max(10, int(rng.uniform(0.1, 0.25) * max(w, h)))
        tw = max(3, int(rng.uniform(0.025, 0.05) * max(w, h)))
        if rng.rand() < 0.5:
            tl, tw = tw, tl
        pos = free_spot(tl, tw)
        if pos:
            x, y = pos
            tint = np.array([rng.uniform(0.85, 1.0), rng.uniform(0.82, 0.97), rng.uniform(0.6, 0.9)], np.float32)
            img[y:y + tw, x:x + tl] *= tint
            img[y:y + tw, x:x + tl] += rng.uniform(-10, 15)
    # the items (over the shadow and the background)
    for cov, (x0, y0, iw, ih), ink in zip(covs, places, inks):
        reg = img[y0:y0 + ih, x0:x0 + iw]
        reg *= (1 - cov)[..., None]
        reg += ink.astype(np.float32)[None, None, :] * cov[..., None]
    # light: side light, vignetting, exposure (multiplicative, over everything)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = np.ones((h, w), dtype=np.float32)
    if c["sidelight"] > 0:
        th = rng.uniform(0, 2 * np.pi)
        t = ((xx / w - 0.5) * np.cos(th) + (yy / h - 0.5) * np.sin(th)) / (0.5 * (abs(np.cos(th)) + abs(np.sin(th))))
        light *= 1.0 - c["sidelight"] * (t + 1) / 2
    if c["vignetting"] > 0:
        rn2 = ((xx + 0.5 - w / 2) ** 2 + (yy + 0.5 - h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)
        pw = rng.uniform(1.0, 2.0)
        light *= 1.0 - c["vignetting"] * rn2 ** pw
    img *= (light * c["exposure"])[..., None]
    if c["blur"] > 0:
        ims = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB").filter(ImageFilter.GaussianBlur(c["blur"]))
        img = np.asarray(ims, dtype=np.float32)
    if cam:
        up = Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8), "RGB").resize((W, H), Image.BICUBIC)
        out = np.asarray(up, dtype=np.int16)
        noise = (rng.standard_normal(size=(H, W)).astype(np.float32) * (c["noise"] * 1.5)).astype(np.int16)
        out = out + noise[..., None]
        return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "RGB")
    img += rng.normal(0, c["noise"], size=(h, w)).astype(np.float32)[..., None]
    return Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8), "RGB")


def encode(im, c):
    """Encode as c['format'] (JPEG quality c['quality'], EXIF orientation 6 if c['exif6'])."""
    buf = io.BytesIO()
    fmt = c["format"]
    if fmt == "jpg":
        kw = {"quality": c["quality"]}
        if c["exif6"]:
            im = im.transpose(Image.ROTATE_90)   # stored landscape; EXIF 6 shows it upright
            exif = Image.Exif()
            exif[EXIF_ORIENTATION] = 6
            kw["exif"] = exif.tobytes()
        im.save(buf, "JPEG", **kw)
    elif fmt == "png":
        im.save(buf, "PNG", compress_level=1)
    else:
        im.save(buf, "WEBP", quality=c["quality"], method=4)
    return buf.getvalue()


def decode(data):
    from PIL import ImageOps
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        return ImageOps.exif_transpose(im)


def render_encoded(imgs28, rng, c):
    return encode(render(imgs28, rng, c), c)


def train_batch(job):
    """Worker entry point for the training augmentation: job = (seed, stream, indices, images,
    camera_p, size_range). Returns float32 [n,28,28] preprocessed with the garment-photo profile."""
    import garment_photo as G
    seed, stream, indices, images, camera_p, size_range = job
    out = np.empty((len(indices), 28, 28), dtype=np.float32)
    for j, (i, img) in enumerate(zip(indices, images)):
        rng = np.random.RandomState([seed, stream, int(i)])
        c = draw_conditions(rng, camera_p=camera_p, size_range=size_range)
        out[j] = G.preprocess_pil(decode(render_encoded([img], rng, c))).tensor
    return out
