#include "models/LabelShares.h"

namespace genrelab {

void denseShares(const SparseRows& shares, const std::vector<Eigen::Index>* rows, Eigen::Index count, Eigen::Index classes,
                 Eigen::MatrixXd& out) {
    out.setZero(classes, count);
    for (Eigen::Index i = 0; i < count; ++i) {
        const auto r = static_cast<std::size_t>(rows ? (*rows)[static_cast<std::size_t>(i)] : i);
        const auto ids = shares.idsOf(r);
        const auto values = shares.valuesOf(r);
        for (std::size_t k = 0; k < ids.size(); ++k) out(ids[k], i) += values[k];
    }
}

void addShareOffsets(const Eigen::Ref<const Eigen::MatrixXd>& v, const SparseRows& shares, const Eigen::MatrixXd* dense,
                     const std::vector<Eigen::Index>* rows, Eigen::Index count, Eigen::Ref<Eigen::MatrixXd> out) {
    if (dense) {
        out.noalias() += v * *dense;
        return;
    }
    Eigen::MatrixXd local;  // predictions add offsets from several threads at once
    denseShares(shares, rows, count, v.rows(), local);
    out.noalias() += v * local;
}

void addShareGradient(const Eigen::MatrixXd& offsetGradient, const SparseRows& shares, const Eigen::MatrixXd* dense,
                      const std::vector<Eigen::Index>* rows, Eigen::MatrixXd& work, Eigen::Ref<Eigen::MatrixXd> gv) {
    if (!dense) {
        denseShares(shares, rows, offsetGradient.cols(), gv.rows(), work);
        dense = &work;
    }
    gv.noalias() += offsetGradient * dense->transpose();
}

} // namespace genrelab
