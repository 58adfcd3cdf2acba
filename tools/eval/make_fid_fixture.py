#!/usr/bin/env python3
"""Regenerates the FID/NPZ test fixtures in evaluation/src/test/resources/eval/.

Feature sets are drawn from a fixed seed; the expected Frechet distances are computed exactly as
pytorch-fid's calculate_frechet_distance does (scipy.linalg.sqrtm of sigma1 @ sigma2, with the
eps=1e-6 diagonal fallback when the result is not finite, real part taken), independently of the
Java implementation. Features are cast to float64 before np.mean/np.cov so that both sides summarise
the same numbers (pytorch-fid takes the mean of the float32 activations in float32).

Usage: python3 tools/eval/make_fid_fixture.py [output_dir]
"""
import json
import pathlib
import sys

import numpy as np
from scipy import linalg

SEED = 20240611


def statistics(features):
    features = features.astype(np.float64)
    return np.mean(features, axis=0), np.cov(features, rowvar=False)


def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    safeguard = False
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
        safeguard = True
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError("imaginary component %s" % np.max(np.abs(covmean.imag)))
        covmean = covmean.real
    value = diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean)
    return float(value), safeguard


def correlated(rng, samples, dim, rank, offset):
    mixing = rng.normal(size=(rank, dim)) / np.sqrt(rank)
    return (rng.normal(size=(samples, rank)) @ mixing + offset).astype(np.float32)


def main():
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                       pathlib.Path(__file__).resolve().parents[2]
                       / "evaluation/src/test/resources/eval")
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    cases = {
        # Full-rank 64-d covariances, 500 samples each, different means and correlations.
        "full_rank": (correlated(rng, 500, 64, 64, 0.0), correlated(rng, 500, 64, 64, 0.3)),
        # Both sets live in 16-d subspaces of the 64-d space: covariances of rank 16.
        "rank_deficient": (correlated(rng, 200, 64, 16, 1.0), correlated(rng, 200, 64, 16, 0.8)),
    }
    expected = {}
    for name, (first, second) in cases.items():
        np.save(out / f"fid_{name}_a.npy", first)
        np.save(out / f"fid_{name}_b.npy", second)
        mu1, sigma1 = statistics(first)
        mu2, sigma2 = statistics(second)
        value, safeguard = frechet_distance(mu1, sigma1, mu2, sigma2)
        expected[name] = {"fid": value, "scipy_safeguard_applied": safeguard,
                          "rank_a": int(np.linalg.matrix_rank(sigma1)),
                          "rank_b": int(np.linalg.matrix_rank(sigma2))}
        if name == "full_rank":
            # What numpy/pytorch-fid write: np.savez (stored) float64, and a compressed float32 one.
            np.savez(out / "stats_numpy_savez.npz", mu=mu1, sigma=sigma1)
            np.savez_compressed(out / "stats_numpy_compressed_f4.npz",
                                mu=mu1.astype(np.float32), sigma=sigma1.astype(np.float32))
            np.savez(out / "stats_big_endian.npz", mu=mu1.astype(">f8"), sigma=sigma1)
    (out / "fid_expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")
    print(json.dumps(expected, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
