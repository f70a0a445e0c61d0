#!/usr/bin/python3
"""Development set for the garment-photo profile (issue 13): camera-like photos rendered by
camera_render.py from the training pool's VALIDATION split only (never held-out, never
model/eval/). Used to choose the profile's steps and parameters and to compare old vs new.

  /usr/bin/python3 model/devset.py            # writes model/build/dev/*.{jpg,png,webp} + manifest.json

Per class 60 photos (600), 10 % at full camera size (4032x3024, portraits mostly with EXIF 6),
plus 30 blank frames and 30 two-item frames. Seed 20261207.
"""
import json
import multiprocessing as mp
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import camera_render as R  # noqa: E402
import fmcommon as F  # noqa: E402

SEED = 20261207
PER_CLASS = 60
N_BLANK = 30
N_TWO = 30
OUT = os.path.join(F.BUILD_DIR, "dev")


def job(args):
    n, kind, idx, imgs, label = args
    rng = np.random.RandomState([SEED, n])
    c = R.draw_conditions(rng, camera_p=0.1, blank=(kind == "blank"), items=len(imgs))
    data = R.render_encoded(imgs, rng, c)
    name = f"dev_{n:04d}.{c['format']}"
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    c.update(file=name, kind=kind, poolIndex=idx, labelMark=c["label"], label=label)
    return c


def main():
    z = np.load(os.path.join(F.BUILD_DIR, "raw-npm-1.1.0.npz"))
    px, py = z["pool_x"], z["pool_y"]
    _, va = F.split_pool(py)
    rng = np.random.RandomState(SEED)
    jobs = []
    n = 0
    for c in range(10):
        for i in rng.choice(va[py[va] == c], PER_CLASS, replace=False):
            jobs.append((n, "single", [int(i)], [px[i]], int(c)))
            n += 1
    for _ in range(N_BLANK):
        jobs.append((n, "blank", [], [], -1))
        n += 1
    for _ in range(N_TWO):
        a, b = rng.choice(va, 2, replace=False)
        jobs.append((n, "two", [int(a), int(b)], [px[a], px[b]], -1))
        n += 1
    os.makedirs(OUT, exist_ok=True)
    t = time.time()
    with mp.get_context("spawn").Pool(2) as pool:
        rows = pool.map(job, jobs, chunksize=4)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(rows, f)
    print(f"{len(rows)} dev photos in {time.time() - t:.0f}s")


if __name__ == "__main__":
    main()
