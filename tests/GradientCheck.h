#pragma once
// The gradient check every model test uses: central differences against logProbGrad.
#include "models/LogDensity.h"

#include <algorithm>
#include <cmath>

namespace genrelab::testing {

// Largest elementwise error of the gradient against central differences, relative to
// max(1, |gradient|) so that near-zero components are judged absolutely.
inline double gradientError(const LogDensity& model, const Eigen::VectorXd& theta, const Minibatch* batch) {
    Eigen::VectorXd grad, scratch;
    model.logProbGrad(theta, grad, batch);
    double worst = 0.0;
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        const double h = 1e-5 * std::max(1.0, std::fabs(theta[i]));
        Eigen::VectorXd up = theta, down = theta;
        up[i] += h;
        down[i] -= h;
        const double fd = (model.logProbGrad(up, scratch, batch) - model.logProbGrad(down, scratch, batch)) / (2 * h);
        worst = std::max(worst, std::fabs(fd - grad[i]) / std::max(1.0, std::fabs(grad[i])));
    }
    return worst;
}

} // namespace genrelab::testing
