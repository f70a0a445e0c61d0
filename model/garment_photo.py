"""The `garment-photo` preprocessing profile, version 2 (spec: model/PREPROCESSING.md).

Camera photo (EXIF orientation applied) -> 28x28 float32 tensor (light item on black, like
Fashion-MNIST) + an optional "unsure" verdict. Written step by step, in plain NumPy, so the Java
server can reproduce it exactly; every step number below matches the spec.

Only numpy. Connected components are computed by our own two-pass-free flood fill (BFS) whose
result (a partition of the mask) is uniquely defined; nothing depends on label numbering.
"""
import math
from collections import deque

import numpy as np

PROFILE = "garment-photo"
VERSION = 2

# ---- parameters (written into the model card; the Java side reads them from there) ----
PARAMS = {
    "size": 28,                 # output canvas (size x size)
    "fit": 28,                  # longest side of the item after resizing
    "workingSide": 256,         # step 2: box factor k = ceil(longSide / workingSide)
    "bandFraction": 0.08,       # step 3: border band width = max(1, round(bandFraction * min(w, h)))
    "cellDivisions": 32,        # step 3: cell side cs = max(1, max(w, h) // cellDivisions)
    "surfaceDegree": 4,         # step 3: polynomial degree of the background surface
    "fitIterations": 6,         # step 3: robust surface fit iterations
    "inlierSigmas": 3.0,        # step 3: inlier if |residual| <= max(inlierSigmas * s, inlierFloor)
    "inlierFloor": 4.0,         #         (grey levels)
    "noiseFloor": 0.004,        # step 4: sigma >= noiseFloor (relative units)
    "thresholdSigmas": 4.0,     # step 5: T = max(thresholdSigmas * sigma, thresholdFraction * P)
    "thresholdFraction": 0.2, 
    "contrastQuantile": 0.995,  # step 5: P = that quantile of |r| over the whole working image
    "closingRadius": 1,         # step 6: closing with a (2r+1)x(2r+1) square
    "minAreaFraction": 0.0015,  # step 7: components smaller than this * w*h are ignored
    "edgeJunkFraction": 0.25,   # step 7: edge-touching components < this * largest area are ignored
    "mergeGapFraction": 0.03,   # step 8: gap g = max(1, round(mergeGapFraction * max(w, h)))
    "severalFraction": 0.2,     # step 9: another group with area >= this * group area and
    "severalSideFraction": 0.4, #         bbox long side >= this * group long side -> several-objects
    "tooSmallFraction": 0.15,   # step 9: group bbox long side < this * max(w, h) -> object-too-small
    "noiseSigmas": 2.0,         # step 10: tensor = clip((|r| - noiseSigmas*sigma) / (S - ...), 0, 1)
    "itemQuantile": 0.98,       # step 10: S = that quantile of |r| over the group's mask pixels
}


# --------------------------------------------------------------------------- helpers

def quantile_lower(values, q):
    """Sorted ascending, element at index floor(q * (n - 1)). (q = 0.5: the lower median.)"""
    v = np.sort(np.asarray(values, dtype=np.float64).ravel())
    return float(v[int(math.floor(q * (v.size - 1)))])


def box_reduce(L, k):
    """Step 2: integer box reduction by k (PIL Image.reduce semantics): output ceil(w/k) x ceil(h/k);
    each output pixel = sum of the input pixels in its k x k block / number of those pixels
    (the last row/column of blocks may be partial). float64, no rounding."""
    L = np.asarray(L, dtype=np.float64)
    if k == 1:
        return L.copy()
    h, w = L.shape
    oh, ow = -(-h // k), -(-w // k)
    pad = np.zeros((oh * k, ow * k), dtype=np.float64)
    pad[:h, :w] = L
    cnt = np.zeros((oh * k, ow * k), dtype=np.float64)
    cnt[:h, :w] = 1.0
    s = pad.reshape(oh, k, ow, k).sum(axis=(1, 3))
    c = cnt.reshape(oh, k, ow, k).sum(axis=(1, 3))
    return s / c


def poly_terms(u, v, deg):
    """Monomials u^i v^j, i + j <= deg, ordered by total degree, then by decreasing i:
    1, u, v, u^2, uv, v^2, u^3, u^2v, uv^2, v^3, ..."""
    up, vp = [np.ones_like(u)], [np.ones_like(v)]
    for _ in range(deg):                      # powers by repeated multiplication
        up.append(up[-1] * u)
        vp.append(vp[-1] * v)
    cols = []
    for d in range(deg + 1):
        for i in range(d, -1, -1):
            cols.append(up[i] * vp[d - i])
    return np.stack(cols, axis=1)


def cell_medians(A, cs, band):
    """Cells of cs x cs pixels from the top-left (the last row/column of cells may be partial),
    in raster order. Returns (lower median of each cell, u and v of the cell centre, cell has a
    band pixel). Vectorised: cells of equal shape are sorted together."""
    h, w = A.shape
    ny, nx = -(-h // cs), -(-w // cs)
    z = np.empty((ny, nx))
    inb = np.empty((ny, nx), dtype=bool)
    ys = [(i * cs, min(h, (i + 1) * cs)) for i in range(ny)]
    xs = [(j * cs, min(w, (j + 1) * cs)) for j in range(nx)]
    # row blocks / column blocks of equal height / width
    def runs(spans):
        out = []
        for idx, (a, b) in enumerate(spans):
            if out and out[-1][2] == b - a:
                out[-1][1] = idx + 1
            else:
                out.append([idx, idx + 1, b - a])
        return out
    for i0, i1, hh in runs(ys):
        for j0, j1, ww in runs(xs):
            y0, x0 = ys[i0][0], xs[j0][0]
            blk = A[y0:y0 + (i1 - i0) * hh, x0:x0 + (j1 - j0) * ww]
            blk = blk.reshape(i1 - i0, hh, j1 - j0, ww).transpose(0, 2, 1, 3).reshape(i1 - i0, j1 - j0, hh * ww)
            z[i0:i1, j0:j1] = np.sort(blk, axis=2)[:, :, (hh * ww - 1) // 2]
            bb = band[y0:y0 + (i1 - i0) * hh, x0:x0 + (j1 - j0) * ww]
            inb[i0:i1, j0:j1] = bb.reshape(i1 - i0, hh, j1 - j0, ww).any(axis=(1, 3))
    uc = np.array([(a + b) / w - 1.0 for a, b in xs])
    vc = np.array([(a + b) / h - 1.0 for a, b in ys])
    U, V = np.meshgrid(uc, vc)
    return z.ravel(), U.ravel(), V.ravel(), inb.ravel()


def solve(A, b):
    """Solve A x = b (LU with partial pivoting, LAPACK gesv = the spec's Gaussian elimination up to
    rounding). None if singular or a pivot is tiny (|pivot| < 1e-12, checked on the LU factors)."""
    try:
        import scipy.linalg as sl
        lu, piv = sl.lu_factor(A, check_finite=False)
        if np.min(np.abs(np.diag(lu))) < 1e-12:
            return None
        return sl.lu_solve((lu, piv), b, check_finite=False)
    except ImportError:
        try:
            return np.linalg.solve(A, b)
        except np.linalg.LinAlgError:
            return None


def dilate(M, r):
    """Square (2r+1)^2 dilation; pixels outside the image count as False."""
    out = M.copy()
    h, w = M.shape
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if dy == 0 and dx == 0:
                continue
            ys0, ys1 = max(0, dy), min(h, h + dy)
            xs0, xs1 = max(0, dx), min(w, w + dx)
            out[ys0 - dy:ys1 - dy, xs0 - dx:xs1 - dx] |= M[ys0:ys1, xs0:xs1]
    return out


def erode(M, r):
    """Square (2r+1)^2 erosion; pixels outside the image count as True (ignored)."""
    return ~dilate(~M, r)


def label8(M):
    """8-connected components of a boolean mask. Returns (labels int32 array, 0 = background,
    components numbered 1.. in raster order of their first pixel)."""
    h, w = M.shape
    lab = np.zeros((h, w), dtype=np.int32)
    try:
        from scipy import ndimage
        l2, n = ndimage.label(M, structure=np.ones((3, 3), dtype=int))
        if n == 0:
            return lab, 0
        # renumber in raster order of the first pixel (the partition itself is unique)
        flat = l2.ravel()
        first = np.full(n + 1, flat.size, dtype=np.int64)
        nz = np.nonzero(flat)[0]
        np.minimum.at(first, flat[nz], nz)
        order = np.argsort(first[1:], kind="stable")
        remap = np.zeros(n + 1, dtype=np.int32)
        remap[order + 1] = np.arange(1, n + 1, dtype=np.int32)
        return remap[l2], n
    except ImportError:
        pass
    n = 0
    for y in range(h):
        for x in range(w):
            if M[y, x] and lab[y, x] == 0:
                n += 1
                lab[y, x] = n
                q = deque([(y, x)])
                while q:
                    cy, cx = q.popleft()
                    for ny in range(max(0, cy - 1), min(h, cy + 2)):
                        for nx in range(max(0, cx - 1), min(w, cx + 2)):
                            if M[ny, nx] and lab[ny, nx] == 0:
                                lab[ny, nx] = n
                                q.append((ny, nx))
    return lab, n


_W_CACHE = {}


def area_weights(n_in, n_out):
    key = (n_in, n_out)
    if key in _W_CACHE:
        return _W_CACHE[key]
    W = np.zeros((n_out, n_in), dtype=np.float64)
    for j in range(n_out):
        lo = j * n_in / n_out
        hi = (j + 1) * n_in / n_out
        for x in range(int(math.floor(lo)), min(n_in, int(math.ceil(hi)))):
            ov = min(x + 1.0, hi) - max(float(x), lo)
            if ov > 0:
                W[j, x] = ov
    W /= W.sum(axis=1, keepdims=True)
    _W_CACHE[key] = W
    return W


# --------------------------------------------------------------------------- the profile

class Result:
    __slots__ = ("tensor", "unsure", "info")

    def __init__(self, tensor, unsure, info):
        self.tensor, self.unsure, self.info = tensor, unsure, info


def preprocess_luma(L, p=PARAMS, debug=False):
    """Steps 2-11 on the full-resolution luma (2-D ints 0..255, EXIF orientation applied).
    Returns Result(tensor float32 [28,28], unsure None | reason code, info dict)."""
    L = np.asarray(L)
    H0, W0 = L.shape
    # 2. box reduction to the working size
    k = working_factor(W0, H0, p)
    return preprocess_working(box_reduce(L, k), k, p, debug)


def working_factor(w, h, p=PARAMS):
    return max(1, -(-max(w, h) // p["workingSide"]))


def preprocess_working(A, k=1, p=PARAMS, debug=False):
    """Steps 3-11 on the box-reduced working image A (float64)."""
    size, fit = p["size"], p["fit"]
    A = np.asarray(A, dtype=np.float64)
    h, w = A.shape
    # 3a. polarity: mean of the 1-px border ring > 127.5 -> light background
    ring = np.concatenate([A[0, :], A[-1, :], A[1:-1, 0], A[1:-1, -1]]) if h > 1 and w > 1 else A.ravel()
    if ring.sum() <= 127.5 * ring.size:
        A = 255.0 - A          # dark background (e.g. a dataset image): work on the negative
    # 3b. border band; robust polynomial background surface fitted to cell medians of the whole image
    b = max(1, int(math.floor(p["bandFraction"] * min(w, h) + 0.5)))
    band = np.zeros((h, w), dtype=bool)
    band[:b, :] = band[h - b:, :] = True
    band[:, :b] = band[:, w - b:] = True
    cs = max(1, max(w, h) // p["cellDivisions"])
    zc, uc, vc, bc = cell_medians(A, cs, band)
    deg = p["surfaceDegree"]
    X = poly_terms(uc, vc, deg)
    coef = np.zeros(X.shape[1])
    coef[0] = quantile_lower(A[band], 0.5)
    for _ in range(p["fitIterations"]):
        res = zc - X @ coef
        rb = res[bc]
        s = 1.4826 * quantile_lower(np.abs(rb - quantile_lower(rb, 0.5)), 0.5)
        keep = np.abs(res) <= max(p["inlierSigmas"] * s, p["inlierFloor"])
        if keep.sum() < 3 * X.shape[1]:
            break
        Xi = X[keep]
        sol = solve(Xi.T @ Xi, Xi.T @ zc[keep])
        if sol is None:
            break
        coef = sol
    yy, xx = np.mgrid[0:h, 0:w]
    B = (poly_terms((2.0 * xx.ravel() + 1.0) / w - 1.0, (2.0 * yy.ravel() + 1.0) / h - 1.0, deg) @ coef).reshape(h, w)
    # 4. flatten: relative difference to the background, noise estimate on the band
    r = (B - A) / np.maximum(B, 1.0)
    absr = np.abs(r)
    # noise: robust spread of horizontal neighbour differences of r over the whole image
    dr = np.abs(r[:, 1:] - r[:, :-1]) if w > 1 else np.zeros(1)
    sigma = max(p["noiseFloor"], 1.4826 * quantile_lower(dr, 0.5) / math.sqrt(2.0))
    # 5. threshold
    P = quantile_lower(absr, p["contrastQuantile"])
    T = max(p["thresholdSigmas"] * sigma, p["thresholdFraction"] * P)
    M = absr > T
    # 6. closing, 8-connected components
    rc = p["closingRadius"]
    C = erode(dilate(M, rc), rc) if rc > 0 else M
    lab, n = label8(C)
    info = {"k": k, "working": (w, h), "sigma": sigma, "P": P, "T": T, "components": n}
    if debug:
        info.update(A=A, B=B, r=r, M=M, C=C, lab=lab)
    if n == 0:
        return Result(np.zeros((size, size), np.float32), "blank-frame", info)
    # 7. component properties (on the closed mask C)
    flat = lab.ravel()
    area = np.bincount(flat, minlength=n + 1).astype(np.int64)
    x0 = np.full(n + 1, w, np.int64); x1 = np.full(n + 1, -1, np.int64)
    y0 = np.full(n + 1, h, np.int64); y1 = np.full(n + 1, -1, np.int64)
    ys, xs = np.nonzero(lab)
    ls = lab[ys, xs]
    np.minimum.at(x0, ls, xs); np.maximum.at(x1, ls, xs)
    np.minimum.at(y0, ls, ys); np.maximum.at(y1, ls, ys)
    sx = np.bincount(ls, weights=xs + 0.5, minlength=n + 1)
    sy = np.bincount(ls, weights=ys + 0.5, minlength=n + 1)
    touches = (x0 == 0) | (y0 == 0) | (x1 == w - 1) | (y1 == h - 1)
    amax = int(area[1:].max())
    min_area = p["minAreaFraction"] * w * h
    cand = [i for i in range(1, n + 1)
            if area[i] >= min_area and not (touches[i] and area[i] < p["edgeJunkFraction"] * amax)]
    if not cand:
        return Result(np.zeros((size, size), np.float32), "blank-frame", info)
    # chosen component: max score = area * (1 - 0.5 * d2), d2 = squared centroid distance to the
    # image centre / squared half diagonal; ties: larger area, then lower component number
    cx, cy = w / 2.0, h / 2.0

    def score(i):
        mx, my = sx[i] / area[i], sy[i] / area[i]
        d2 = ((mx - cx) * (mx - cx) + (my - cy) * (my - cy)) / (cx * cx + cy * cy)
        return float(area[i]) * (1.0 - 0.5 * d2)
    best = cand[0]
    for i in cand[1:]:
        si, sb = score(i), score(best)
        if si > sb or (si == sb and area[i] > area[best]):
            best = i
    # 8. group: add candidates whose bbox, grown by g, intersects the group bbox (until no change)
    g = max(1, int(math.floor(p["mergeGapFraction"] * max(w, h) + 0.5)))
    group = {best}
    gx0, gy0, gx1, gy1 = x0[best], y0[best], x1[best], y1[best]
    changed = True
    while changed:
        changed = False
        for i in cand:
            if i in group:
                continue
            if x0[i] - g <= gx1 and x1[i] + g >= gx0 and y0[i] - g <= gy1 and y1[i] + g >= gy0:
                group.add(i)
                gx0, gy0 = min(gx0, x0[i]), min(gy0, y0[i])
                gx1, gy1 = max(gx1, x1[i]), max(gy1, y1[i])
                changed = True
    garea = int(sum(area[i] for i in group))
    # 9. verdicts
    unsure = None
    others = [i for i in cand if i not in group]
    # several-objects: some other candidate component, with the candidates near it merged the
    # same way, reaching severalFraction of the chosen group's area
    bw, bh = gx1 - gx0 + 1, gy1 - gy0 + 1
    glong = max(bw, bh)
    big_other = 0
    several = False
    rest = list(others)               # ascending component numbers
    while rest:
        seed = rest[0]
        grp = {seed}
        bx0, by0, bx1, by1 = x0[seed], y0[seed], x1[seed], y1[seed]
        ch = True
        while ch:
            ch = False
            for i in rest:
                if i in grp:
                    continue
                if x0[i] - g <= bx1 and x1[i] + g >= bx0 and y0[i] - g <= by1 and y1[i] + g >= by0:
                    grp.add(i)
                    bx0, by0 = min(bx0, x0[i]), min(by0, y0[i])
                    bx1, by1 = max(bx1, x1[i]), max(by1, y1[i])
                    ch = True
        rest = [i for i in rest if i not in grp]
        oarea = int(sum(area[i] for i in grp))
        olong = int(max(bx1 - bx0 + 1, by1 - by0 + 1))
        big_other = max(big_other, oarea)
        if oarea >= p["severalFraction"] * garea and olong >= p["severalSideFraction"] * glong:
            several = True
    if several:
        unsure = "several-objects"
    elif glong < p["tooSmallFraction"] * max(w, h):
        unsure = "object-too-small"
    info.update(group=sorted(group), bbox=(int(gx0), int(gy0), int(gx1), int(gy1)), groupArea=garea,
                otherArea=big_other)
    # 10. tensor values: pixels of the group's components keep |r|; every other mask component -> 0
    ingroup = np.isin(lab, list(group))
    item_vals = absr[ingroup & M]
    S = quantile_lower(item_vals, p["itemQuantile"]) if item_vals.size else T
    n0 = p["noiseSigmas"] * sigma
    den = S - n0
    v = np.where((lab > 0) & ~ingroup, 0.0, absr)
    if den <= 1e-9:
        v = np.zeros_like(v)
    else:
        v = np.clip((v - n0) / den, 0.0, 1.0)
    info.update(S=S)
    # 11. crop the group bbox, fit longest side to `fit`, centre on the canvas
    crop = v[gy0:gy1 + 1, gx0:gx1 + 1]
    ch, cw = crop.shape
    sc = fit / max(cw, ch)
    ow = min(size, max(1, int(math.floor(cw * sc + 0.5))))
    oh = min(size, max(1, int(math.floor(ch * sc + 0.5))))
    out = area_weights(ch, oh) @ crop @ area_weights(cw, ow).T
    canvas = np.zeros((size, size), dtype=np.float64)
    px, py = (size - ow) // 2, (size - oh) // 2
    canvas[py:py + oh, px:px + ow] = out
    return Result(canvas.astype(np.float32), unsure, info)


def luma_full(img):
    """Step 1: PIL image (EXIF orientation already applied) -> full-resolution integer luma,
    with the fashion-mnist profile's rules (alpha over white, L = (299R+587G+114B+500)//1000)."""
    from fmcommon import luma_from_pil
    return luma_from_pil(img, subsample=False)


def preprocess_pil(img, p=PARAMS, debug=False):
    return preprocess_luma(luma_full(img), p, debug)


def preprocess_file(path, p=PARAMS, debug=False):
    from fmcommon import load_photo
    return preprocess_pil(load_photo(path), p, debug)


def preprocess_dataset(x, p=PARAMS):
    """Raw uint8 [N,28,28] dataset images -> float32 [N,28,28] (verdicts ignored)."""
    out = np.empty(x.shape, dtype=np.float32)
    for i in range(len(x)):
        out[i] = preprocess_luma(x[i], p).tensor
    return out


VERDICT_ONLY = ("severalFraction", "severalSideFraction", "tooSmallFraction")


def params_key(p=PARAMS):
    """Short hash of the parameters that change tensors (verdict-only thresholds excluded)."""
    import hashlib
    import json
    q = {k: v for k, v in p.items() if k not in VERDICT_ONLY}
    return hashlib.sha256(json.dumps(q, sort_keys=True).encode()).hexdigest()[:10]


def _dataset_chunk(x):
    return preprocess_dataset(x)


def preprocess_dataset_parallel(x, workers=2, chunk=1000):
    """preprocess_dataset over `workers` processes (results identical to the serial version)."""
    import multiprocessing as mp
    import os
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    parts = [x[i:i + chunk] for i in range(0, len(x), chunk)]
    with mp.get_context("spawn").Pool(workers) as pool:
        out = pool.map(_dataset_chunk, parts)
    return np.concatenate(out) if out else np.zeros((0, 28, 28), np.float32)
