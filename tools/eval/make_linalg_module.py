#!/usr/bin/env python3
"""Writes the TorchScript module that computes Tr(sqrt(sigma1 @ sigma2)) for the Frechet distance.

evaluator-image loads it through DJL's PyTorch engine (io.xmcgan.evaluation.metrics.ProductSquareRootTrace)
so that the Cholesky factorisation, the two d x d products and the symmetric eigenvalue problem run
in libtorch's LAPACK/BLAS instead of a pure-Java solver. The math is the one documented there: with
any B such that sigma1 = B B^T, sigma1 sigma2 has the eigenvalues of the symmetric positive
semi-definite M = B^T sigma2 B, so the trace is sum(sqrt(max(lambda_i(M), 0))). B is the lower
Cholesky factor when sigma1 is positive definite, V sqrt(max(Lambda, 0)) from the eigendecomposition
of the symmetrised sigma1 otherwise. The symmetric solvers read one triangle of sigma1 and of M,
which are symmetric up to rounding. A solver that fails to converge raises (TorchScript has no
try/except); the Java side treats that like a non-finite trace.

Usage: /usr/bin/python3 tools/eval/make_linalg_module.py [output_file]
The module is written by torch 1.13 and loads in DJL's libtorch 2.7.1. Running this script twice
gives a module that computes the same thing (the archive bytes may differ).
"""
import pathlib
import sys

import torch

DEFAULT_OUTPUT = (
    pathlib.Path(__file__).resolve().parents[2]
    / "evaluation/src/main/resources/linalg/product_sqrt_trace.pt"
)


class ProductSquareRootTrace(torch.nn.Module):
    def forward(self, first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
        # LAPACK works on column-major matrices and reads one triangle of a symmetric one. The
        # transpose of a row-major symmetric matrix is that matrix, already column-major, so
        # handing LAPACK the transposed views spares a transposing copy of each input (the
        # factorisations then read what row-major order calls the upper triangle).
        factor, info = torch.linalg.cholesky_ex(first.transpose(0, 1))
        if bool(info != 0):
            symmetric = 0.5 * (first + first.transpose(0, 1))
            values, vectors = torch.linalg.eigh(symmetric)
            factor = vectors * values.clamp(min=0.0).sqrt().unsqueeze(0)
        similar = factor.transpose(0, 1).matmul(second.matmul(factor))
        return torch.linalg.eigvalsh(similar.transpose(0, 1)).clamp(min=0.0).sqrt().sum()


def self_check(module):
    """The module against scipy's sqrtm on a full-rank and a rank-deficient pair."""
    import numpy as np
    from scipy import linalg

    generator = np.random.default_rng(7)
    for rank in (40, 12):
        a = generator.standard_normal((32, rank))
        b = generator.standard_normal((32, 32))
        first, second = a @ a.T, b @ b.T + 0.1 * np.eye(32)
        expected = np.trace(linalg.sqrtm(first @ second)).real
        actual = module(torch.from_numpy(first), torch.from_numpy(second)).item()
        if abs(actual - expected) > 1e-8 * abs(expected):
            raise SystemExit("self-check failed for rank %d: %r != %r" % (rank, actual, expected))


def main():
    output = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    module = torch.jit.script(ProductSquareRootTrace().eval())
    self_check(module)
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_suffix(".tmp")
    module.save(str(temporary))
    temporary.replace(output)
    print("wrote %s (%d bytes), torch %s" % (output, output.stat().st_size, torch.__version__))


if __name__ == "__main__":
    main()
