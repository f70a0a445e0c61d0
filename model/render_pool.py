#!/usr/bin/python3
"""Camera-render more training-split images for the garment-photo training (model 2.1.0), in
chunks saved as they finish, so training can start with whatever is done.

  nice -n 5 /usr/bin/python3 model/render_pool.py --stream 2 --count 20000

Images: the training split (never validation, never held-out) in a fixed class-interleaved random
order (seed CAMERA_SEED + stream); each photo drawn with RandomState([CAMERA_SEED, stream, pool index])
by camera_render.draw_conditions / render_encoded (the same renderer and conditions as train.py's
camera renders), then the garment-photo v2 profile. Output: model/build/camchunks/s<stream>-<lo>-<hi>-<n>.npz
"""
import argparse
import multiprocessing as mp
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import camera_render as CR  # noqa: E402
import fmcommon as F  # noqa: E402
import train as T  # noqa: E402

OUT = os.path.join(F.BUILD_DIR, "camchunks")


def order(pool_y, stream):
    tr, _ = F.split_pool(pool_y)
    rng = np.random.RandomState(T.CAMERA_SEED + stream)
    per = [rng.permutation(tr[pool_y[tr] == c]) for c in range(10)]
    n = min(len(p) for p in per)
    return np.stack([p[:n] for p in per], axis=1).reshape(-1)   # class-interleaved


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stream", type=int, default=2)
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--chunk", type=int, default=100)
    ap.add_argument("--size-min", type=int, default=T.CAMERA_SIZE_RANGE[0])
    ap.add_argument("--size-max", type=int, default=T.CAMERA_SIZE_RANGE[1])
    ap.add_argument("--camera-p", type=float, default=T.CAMERA_P)
    a = ap.parse_args()
    z = np.load(os.path.join(F.BUILD_DIR, "raw-npm-1.1.0.npz"))
    px, py = z["pool_x"], z["pool_y"]
    idx = order(py, a.stream)[:a.count]
    os.makedirs(OUT, exist_ok=True)
    jobs, names = [], []
    for j in range(0, len(idx), a.chunk):
        name = os.path.join(OUT, f"s{a.stream}-{a.size_min}-{a.size_max}-{j // a.chunk:04d}.npz")
        if os.path.exists(name):
            continue
        ii = [int(i) for i in idx[j:j + a.chunk]]
        jobs.append((T.CAMERA_SEED, a.stream, ii, px[ii], a.camera_p, (a.size_min, a.size_max)))
        names.append((name, np.array(ii)))
    os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    t = time.time()
    with mp.get_context("spawn").Pool(2) as pool:
        for (name, ii), x in zip(names, pool.imap(CR.train_batch, jobs)):
            np.savez(name, x=x, indices=ii, y=py[ii])
            print(f"{time.strftime('%H:%M:%S')} {os.path.basename(name)} ({time.time() - t:.0f}s)", flush=True)


if __name__ == "__main__":
    main()
