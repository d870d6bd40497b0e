#include "models/Softmax.h"

#include <cmath>

namespace genrelab {

double softmaxLogLikelihoodResidual(Eigen::Ref<Eigen::MatrixXd> logits, const Eigen::Ref<const Eigen::VectorXi>& labels) {
    const Eigen::Index classes = logits.rows();
    double total = 0.0;
    for (Eigen::Index n = 0; n < logits.cols(); ++n) {
        double* l = logits.col(n).data();
        double max = l[0];
        for (Eigen::Index c = 1; c < classes; ++c) max = std::max(max, l[c]);
        const Eigen::Index y = labels[n];
        const double shiftedLabelLogit = l[y] - max;  // kept before exp: exact even when exp underflows
        double sum = 0.0;
        for (Eigen::Index c = 0; c < classes; ++c) {
            l[c] = std::exp(l[c] - max);
            sum += l[c];
        }
        const double inv = 1.0 / sum;
        total += shiftedLabelLogit - std::log(sum);
        for (Eigen::Index c = 0; c < classes; ++c) l[c] = -l[c] * inv;
        l[y] += 1.0;
    }
    return total;
}

void softmaxRowsInPlace(Eigen::Ref<Eigen::MatrixXd> logits) {
    for (Eigen::Index n = 0; n < logits.rows(); ++n) {
        const double max = logits.row(n).maxCoeff();
        logits.row(n) = (logits.row(n).array() - max).exp();
        logits.row(n) /= logits.row(n).sum();
    }
}

} // namespace genrelab
