#pragma once
// The hot loop of every softmax regression: the categorical log likelihood of
// softmax(alpha + beta^T x_n) and its gradient in beta and alpha, fused into one blocked,
// SIMD pass over the rows. Rows are the SIMD lanes (each feature is a contiguous column over
// rows), so the max, exp, sum and log of the softmax run on whole packets instead of on the
// handful of classes of one row; logits and residuals live only in an L1-sized block.
//
// In double or in float. Float runs twice the lanes; it adds up only one block (128 rows)
// in float and carries every sum across blocks in double, so the log likelihood keeps about
// 1e-7 relative accuracy however many rows there are (tests/tst_kernel.cpp holds it to that).
#include <Eigen/Core>

#include <string_view>
#include <vector>

namespace genrelab {

enum class KernelPrecision { Double, Float };
std::string_view kernelPrecisionName(KernelPrecision precision);  // "double", "float"

// Rows laid out for the kernel: features as columns over rows, the rows padded with zeros to
// a multiple of kKernelRowTile; labels as numbers, -1 on the padding. Both precisions.
struct KernelRows {
    Eigen::MatrixXd x;      // paddedRows x features, column-major
    Eigen::VectorXd label;  // paddedRows
    Eigen::MatrixXf xf;     // the same in float
    Eigen::VectorXf labelf;
    Eigen::Index rows = 0;  // real rows (the rest is padding)
};

inline constexpr Eigen::Index kKernelRowTile = 16;

// From rows x features and class indices (0..classes-1).
KernelRows makeKernelRows(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXi>& y);
// Rows as contiguous memory (features x rows, so each row is one column) with their labels:
// what a minibatch is gathered from. A row's features then share one or two cache lines, so
// the cost of a gather depends on the batch, not on how many rows it is drawn from (gathering
// from the kernel's feature columns touched one cache line per feature and row).
struct RowMajorRows {
    const Eigen::MatrixXd& xt;   // features x rows
    const Eigen::MatrixXf& xtf;  // the same in float
    const Eigen::VectorXi& y;    // class index per row
};

// The listed rows of `from` into `into` (which keeps its capacity between calls), in the
// arithmetic the kernel will run in (the other precision's arrays are left as they were).
void gatherKernelRows(const RowMajorRows& from, const std::vector<Eigen::Index>& rows, KernelRows& into,
                      KernelPrecision precision);

template <typename Scalar>
struct KernelWorkspace {
    Eigen::Matrix<Scalar, -1, -1> beta;  // paddedClasses x features, zero beyond the real classes
    Eigen::Matrix<Scalar, -1, 1> alpha;  // paddedClasses
    std::vector<Scalar> logits;          // paddedClasses x block rows: logits, then residuals
    std::vector<double> gradBeta;        // features x paddedClasses x lanes partial sums
    std::vector<double> gradAlpha;       // paddedClasses x lanes partial sums
};

class LinearSoftmaxKernel {
public:
    // Returns sum_n log softmax(alpha + beta^T x_n + o_n)[y_n]; writes its gradient with respect to
    // beta (features x classes) and alpha (classes). Allocates only when the shapes grow.
    // logitOffsets (classes x rows.rows), if given, are the per-row offsets o_n (zero otherwise);
    // residuals, if given, receives onehot(y_n) - softmax(...), the gradient with respect to o_n
    // (classes x rows.rows).
    double evaluate(const KernelRows& rows, const Eigen::Ref<const Eigen::MatrixXd>& beta,
                    const Eigen::Ref<const Eigen::VectorXd>& alpha, Eigen::Ref<Eigen::MatrixXd> gradBeta,
                    Eigen::Ref<Eigen::VectorXd> gradAlpha, KernelPrecision precision = KernelPrecision::Double,
                    const Eigen::MatrixXd* logitOffsets = nullptr, Eigen::MatrixXd* residuals = nullptr);

    // The log likelihood alone of several coefficient sets, in one pass over the rows:
    // out[j] = sum_n log softmax(alphas.col(j) + beta_j^T x_n)[y_n], beta_j the features x classes
    // block of betas at columns j * classes .. (j + 1) * classes - 1. Without the gradient and the
    // residuals it costs about half of evaluate per set, and each block of rows stays in cache
    // while every set runs over it. Same blocks, lanes and sums as evaluate: equal to its value up
    // to rounding.
    void logLikelihoods(const KernelRows& rows, const Eigen::Ref<const Eigen::MatrixXd>& betas,
                        const Eigen::Ref<const Eigen::MatrixXd>& alphas, Eigen::Ref<Eigen::VectorXd> out,
                        KernelPrecision precision = KernelPrecision::Double);

private:
    KernelWorkspace<double> double_;
    KernelWorkspace<float> float_;
};

} // namespace genrelab
