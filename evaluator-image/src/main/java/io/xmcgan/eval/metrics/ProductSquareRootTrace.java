package io.xmcgan.eval.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_MT_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Tr(√(Σ₁Σ₂)) for symmetric positive semi-definite Σ₁, Σ₂.
 *
 * <p>With any factor B such that Σ₁ = BBᵀ, Σ₁Σ₂ = BBᵀΣ₂ has the same eigenvalues as the symmetric
 * positive semi-definite M = BᵀΣ₂B, so the trace is Σ √max(λᵢ(M), 0): one symmetric eigenvalue
 * problem instead of a general matrix square root. B is the Cholesky factor when Σ₁ is positive
 * definite, and V·√Λ from Σ₁'s eigendecomposition otherwise (a rank-deficient Σ₁, where Cholesky
 * meets a zero pivot).
 */
final class ProductSquareRootTrace {

  private ProductSquareRootTrace() {}

  /** Tr(√(Σ₁Σ₂)) of the row-major {@code d × d} matrices; NaN if an eigen solver fails. */
  static double compute(double[] first, double[] second, int d) {
    DMatrixRMaj factor = factorOf(DMatrixRMaj.wrap(d, d, first.clone()));
    if (factor == null) {
      return Double.NaN;
    }
    DMatrixRMaj secondMatrix = DMatrixRMaj.wrap(d, d, second);
    DMatrixRMaj secondTimesFactor = new DMatrixRMaj(d, factor.numCols);
    CommonOps_MT_DDRM.mult(secondMatrix, factor, secondTimesFactor);
    DMatrixRMaj similar = new DMatrixRMaj(factor.numCols, factor.numCols);
    CommonOps_MT_DDRM.multTransA(factor, secondTimesFactor, similar);
    symmetrize(similar);
    EigenDecomposition_F64<DMatrixRMaj> eigen =
        DecompositionFactory_DDRM.eig(similar.numRows, false, true);
    if (!eigen.decompose(similar)) {
      return Double.NaN;
    }
    double sum = 0;
    for (int k = 0; k < eigen.getNumberOfEigenvalues(); k++) {
      sum += Math.sqrt(Math.max(eigen.getEigenvalue(k).real, 0.0));
    }
    return sum;
  }

  /** B with BBᵀ = Σ, or null if no decomposition succeeded. */
  private static DMatrixRMaj factorOf(DMatrixRMaj covariance) {
    CholeskyDecomposition_F64<DMatrixRMaj> cholesky =
        DecompositionFactory_MT_DDRM.chol(covariance.numRows, true);
    DMatrixRMaj copy = covariance.copy();
    if (cholesky.decompose(copy)) {
      return cholesky.getT(null);
    }
    return eigenFactorOf(covariance);
  }

  private static DMatrixRMaj eigenFactorOf(DMatrixRMaj covariance) {
    int d = covariance.numRows;
    symmetrize(covariance);
    EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(d, true, true);
    if (!eigen.decompose(covariance)) {
      return null;
    }
    DMatrixRMaj factor = new DMatrixRMaj(d, d);
    for (int k = 0; k < d; k++) {
      double scale = Math.sqrt(Math.max(eigen.getEigenvalue(k).real, 0.0));
      DMatrixRMaj vector = eigen.getEigenVector(k);
      for (int row = 0; row < d; row++) {
        factor.unsafe_set(row, k, vector.data[row] * scale);
      }
    }
    return factor;
  }

  private static void symmetrize(DMatrixRMaj matrix) {
    int d = matrix.numRows;
    for (int i = 0; i < d; i++) {
      for (int j = i + 1; j < d; j++) {
        double average = 0.5 * (matrix.unsafe_get(i, j) + matrix.unsafe_get(j, i));
        matrix.unsafe_set(i, j, average);
        matrix.unsafe_set(j, i, average);
      }
    }
  }
}
