#include "models/ShiftCoordinates.h"

#include <cmath>
#include <stdexcept>

namespace genrelab {

ShiftCoordinates::ShiftCoordinates(Eigen::Index classes)
    : basis_(Eigen::MatrixXd::Zero(classes, classes > 1 ? classes - 1 : 0)) {
    if (classes < 2) throw std::invalid_argument("shift coordinates need at least two classes");
    // Helmert contrasts: column i sets the first i+1 classes against class i+1.
    for (Eigen::Index i = 0; i + 1 < classes; ++i) {
        const double n = static_cast<double>(i + 1), norm = std::sqrt(n * (n + 1.0));
        basis_.col(i).head(i + 1).setConstant(1.0 / norm);
        basis_(i + 1, i) = -n / norm;
    }
}

Eigen::VectorXd ShiftCoordinates::shiftMean(const Eigen::MatrixXd& contrasts, const Eigen::MatrixXd& means,
                                            const Eigen::MatrixXd& precisions) {
    return (precisions.array() * (means - contrasts).array()).rowwise().sum().matrix().cwiseQuotient(
        precisions.rowwise().sum());
}

double ShiftCoordinates::logJacobian(const Eigen::MatrixXd& precisions) {
    return -0.5 * precisions.rowwise().sum().array().log().sum();
}

void ShiftCoordinates::forward(const Eigen::Ref<const Eigen::MatrixXd>& coords, const Eigen::MatrixXd& means,
                               const Eigen::MatrixXd& precisions, Eigen::MatrixXd& coefficients) const {
    const Eigen::Index k = classes();
    coefficients.noalias() = coords.leftCols(k - 1) * basis_.transpose();
    const Eigen::VectorXd shift = shiftMean(coefficients, means, precisions) +
                                  coords.col(k - 1).cwiseQuotient(precisions.rowwise().sum().cwiseSqrt());
    coefficients.colwise() += shift;
}

void ShiftCoordinates::backward(const Eigen::Ref<const Eigen::MatrixXd>& coords, const Eigen::MatrixXd& means,
                                const Eigen::MatrixXd& precisions, const Eigen::MatrixXd& gradCoefficients,
                                Eigen::Ref<Eigen::MatrixXd> gradCoords, Eigen::MatrixXd& gradMeans,
                                Eigen::MatrixXd& gradPrecisions) const {
    const Eigen::Index k = classes();
    const Eigen::MatrixXd contrasts = coords.leftCols(k - 1) * basis_.transpose();
    const Eigen::VectorXd total = precisions.rowwise().sum();
    const Eigen::VectorXd m = shiftMean(contrasts, means, precisions);
    const Eigen::VectorXd sum = gradCoefficients.rowwise().sum();  // dL/dshift
    const Eigen::VectorXd perTotal = sum.cwiseQuotient(total);
    // The shift's mean m falls as a contrast rises, by that class's share of the precision.
    const Eigen::MatrixXd viaMean = (precisions.array().colwise() * perTotal.array()).matrix();
    gradCoords.leftCols(k - 1).noalias() = (gradCoefficients - viaMean) * basis_;
    gradCoords.col(k - 1) = sum.cwiseQuotient(total.cwiseSqrt());
    gradMeans += viaMean;
    for (Eigen::Index r = 0; r < gradCoefficients.rows(); ++r) {
        const double p = total[r], viaZ = -0.5 * coords(r, k - 1) / (p * std::sqrt(p));
        for (Eigen::Index c = 0; c < k; ++c)
            gradPrecisions(r, c) += sum[r] * ((means(r, c) - contrasts(r, c) - m[r]) / p + viaZ) - 0.5 / p;
    }
}

void ShiftCoordinates::inverse(const Eigen::MatrixXd& coefficients, const Eigen::MatrixXd& means,
                               const Eigen::MatrixXd& precisions, Eigen::Ref<Eigen::MatrixXd> coords) const {
    const Eigen::Index k = classes();
    coords.leftCols(k - 1).noalias() = coefficients * basis_;  // Q'1 = 0 removes the shift
    const Eigen::MatrixXd contrasts = coords.leftCols(k - 1) * basis_.transpose();
    coords.col(k - 1) = (coefficients.rowwise().mean() - shiftMean(contrasts, means, precisions))
                            .cwiseProduct(precisions.rowwise().sum().cwiseSqrt());
}

} // namespace genrelab
