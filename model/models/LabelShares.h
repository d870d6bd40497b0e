#pragma once
// The arithmetic of the label-share terms (song copies, artist songs; ModelTerms.h): a C x C
// weight block v times each row's class shares s (sparse rows over classes), offsets = v S with
// S the rows' shares as a dense classes x rows matrix. A row's shares fill most classes, so one
// small matrix product beats a short axpy per entry.
#include "data/SparseRows.h"

#include <Eigen/Core>

#include <vector>

namespace genrelab {

// The shares of the listed rows (all rows when rows is null) as a dense classes x count matrix.
void denseShares(const SparseRows& shares, const std::vector<Eigen::Index>* rows, Eigen::Index count, Eigen::Index classes,
                 Eigen::MatrixXd& out);

// out (classes x count) += v S. `dense`, when given, is S already (the training rows' in full).
void addShareOffsets(const Eigen::Ref<const Eigen::MatrixXd>& v, const SparseRows& shares, const Eigen::MatrixXd* dense,
                     const std::vector<Eigen::Index>* rows, Eigen::Index count, Eigen::Ref<Eigen::MatrixXd> out);

// gv (classes x classes) += G S^T, G the likelihood's d/d(offsets) (classes x count); work holds S
// when `dense` is not given.
void addShareGradient(const Eigen::MatrixXd& offsetGradient, const SparseRows& shares, const Eigen::MatrixXd* dense,
                      const std::vector<Eigen::Index>* rows, Eigen::MatrixXd& work, Eigen::Ref<Eigen::MatrixXd> gv);

} // namespace genrelab
