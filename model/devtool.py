#!/usr/bin/python3
"""Measure the fashion-mnist (v1) and garment-photo (v2) profiles with a model on the dev set
(model/build/dev, made by devset.py). Caches the decoded working images in model/build/dev-cache.npz.

  /usr/bin/python3 model/devtool.py [--onnx model/fashion-mnist-cnn.onnx] [--set key=value ...]
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmcommon as F  # noqa: E402
import garment_photo as G  # noqa: E402
from onnx_numpy import NumpyOnnx  # noqa: E402

DEV = os.path.join(F.BUILD_DIR, "dev")


def load_cache():
    path = os.path.join(F.BUILD_DIR, "dev-cache.npz")
    rows = json.load(open(os.path.join(DEV, "manifest.json")))
    if os.path.exists(path):
        z = np.load(path, allow_pickle=True)
        return rows, list(z["work"]), z["k"], z["old"]
    work, ks, old = [], [], []
    t = time.time()
    for r in rows:
        im = F.load_photo(os.path.join(DEV, r["file"]))
        old.append(F.preprocess_pil(im))
        L = G.luma_full(im)
        k = G.working_factor(L.shape[1], L.shape[0])
        ks.append(k)
        work.append(G.box_reduce(L, k))
    arr = np.empty(len(work), dtype=object)
    arr[:] = work
    np.savez(path, work=arr, k=np.array(ks), old=np.stack(old))
    print(f"cached {len(rows)} dev photos in {time.time() - t:.0f}s")
    return rows, work, np.array(ks), np.stack(old)


def conditions(r):
    if "labelMark" not in r:      # older manifests stored the class in "label": redraw the conditions
        import camera_render as R
        n = int(r["file"][4:8])
        c = R.draw_conditions(np.random.RandomState([20261207, n]), camera_p=0.1)
        r = dict(r, labelMark=c["label"])
    out = []
    out.append("camera" if r["camera"] else "moderate")
    if r["exif6"]:
        out.append("exif6")
    out.append("vignetting" if r["vignetting"] >= 0.3 else ("vign-mild" if r["vignetting"] > 0 else "no-vign"))
    if r["sidelight"] > 0:
        out.append("sidelight")
    out.append("under" if r["exposure"] < 1 else ("over" if r["exposure"] > 1 else "normal-exp"))
    if r["texture"] > 0:
        out.append("texture")
    out.append("tone-" + r["tone"])
    if r["shadow"] > 0:
        out.append("shadow")
    if r["labelMark"] or r["tape"]:
        out.append("marks")
    if r["blur"] > 0:
        out.append("blur")
    if r["nearEdge"]:
        out.append("near-edge")
    out.append(r["format"] if r["format"] != "jpg" else ("jpg-q70-82" if r["quality"] < 83 else "jpg-q83-95"))
    return out


def report(rows, pred, unsure, title):
    single = [i for i, r in enumerate(rows) if r["kind"] == "single"]
    y = np.array([rows[i]["label"] for i in single])
    ok = pred[single] == y
    un = np.array([unsure[i] is not None for i in single])
    print(f"== {title}: single-item accuracy {ok.mean():.4f} ({ok.sum()}/{len(single)}), "
          f"unsure on single items {un.sum()}, right & not unsure {(ok & ~un).mean():.4f}")
    cond = {}
    for j, i in enumerate(single):
        for c in conditions(rows[i]):
            cond.setdefault(c, []).append(ok[j])
    print("   " + "  ".join(f"{c}:{np.mean(v):.3f}({len(v)})" for c, v in sorted(cond.items())))
    for kind in ("blank", "two"):
        ids = [i for i, r in enumerate(rows) if r["kind"] == kind]
        vs = [unsure[i] for i in ids]
        print(f"   {kind}: " + ", ".join(f"{v}:{vs.count(v)}" for v in sorted(set(vs), key=str)))
    return {c: (round(float(np.mean(v)), 4), len(v)) for c, v in cond.items()}, float(ok.mean())


def ref_tensors(rows, p):
    z = np.load(os.path.join(F.BUILD_DIR, "raw-npm-1.1.0.npz"))
    px = z["pool_x"]
    return {i: G.preprocess_luma(px[r["poolIndex"][0]], p).tensor for i, r in enumerate(rows) if r["kind"] == "single"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", default=os.path.join(F.MODEL_DIR, "fashion-mnist-cnn.onnx"))
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--old", action="store_true")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--extra-reduce", type=int, default=1)
    a = ap.parse_args()
    rows, work, ks, old = load_cache()
    runner = NumpyOnnx(a.onnx)
    if a.old:
        pred = runner.run({"input": old[:, None].astype(np.float32)})[0].argmax(1)
        report(rows, pred, [None] * len(rows), "fashion-mnist v1 profile")
    p = dict(G.PARAMS)
    for kv in a.set:
        k, v = kv.split("=")
        p[k] = type(p[k])(float(v)) if not isinstance(p[k], int) else int(float(v))
    t = time.time()
    if a.extra_reduce > 1:
        work = [G.box_reduce(A, a.extra_reduce) if max(A.shape) > 128 else A for A in work]
    res = [G.preprocess_working(A, int(k), p) for A, k in zip(work, ks)]
    dt = time.time() - t
    x = np.stack([r.tensor for r in res])
    ref = ref_tensors(rows, p)
    single = [i for i, r in enumerate(rows) if r["kind"] == "single"]
    l1 = np.array([np.abs(x[i] - ref[i]).mean() for i in single])
    print(f"   mean |photo tensor - raw-image tensor| {l1.mean():.4f}, share > 0.1: {(l1 > 0.1).mean():.3f}")
    for i, r in enumerate(rows):
        if r["kind"] == "blank" and res[i].unsure is None:
            print("   blank not unsure:", r["file"], res[i].info.get("bbox"), res[i].info.get("working"))
    pred = runner.run({"input": x[:, None].astype(np.float32)})[0].argmax(1)
    report(rows, pred, [r.unsure for r in res], f"garment-photo v2 {a.set} ({dt:.1f}s)")
    if a.misses:
        for i, r in enumerate(rows):
            if r["kind"] == "single" and (pred[i] != r["label"] or res[i].unsure):
                print(r["file"], F.LABELS[r["label"]], "->", F.LABELS[pred[i]], res[i].unsure, conditions(r),
                      {k: v for k, v in res[i].info.items() if k in ("T", "sigma", "P", "bbox", "components", "otherArea", "groupArea")})
    np.save(os.path.join(F.BUILD_DIR, "dev-last.npy"), x)


if __name__ == "__main__":
    main()
