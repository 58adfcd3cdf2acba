#!/usr/bin/env python3
"""Times pytorch-fid's scipy.linalg.sqrtm Frechet distance on two .npz statistics files.

Usage: python3 tools/eval/bench_fid_scipy.py first.npz second.npz
Prints one JSON line: {"seconds": <wall time of the distance>, "fid": <value>}.
Called by io.xmcgan.evaluation.metrics.FidBenchmark (evaluator-image test sources).
"""
import json
import sys
import time
import warnings

import numpy as np
from scipy import linalg


def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    diff = mu1 - mu2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))


def main():
    first, second = np.load(sys.argv[1]), np.load(sys.argv[2])
    start = time.perf_counter()
    value = frechet_distance(first["mu"], first["sigma"], second["mu"], second["sigma"])
    print(json.dumps({"seconds": time.perf_counter() - start, "fid": value}))


if __name__ == "__main__":
    main()
