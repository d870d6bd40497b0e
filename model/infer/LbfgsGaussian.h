#pragma once
// The Gaussian Pathfinder places at one L-BFGS iterate (Zhang, Carpenter, Gelman & Vehtari 2022,
// "Pathfinder: parallel quasi-Newton variational inference", JMLR, algorithms 3 and 4): its
// covariance is the L-BFGS inverse Hessian in compact form (Byrd, Nocedal & Schnabel 1994),
//   Sigma = diag(alpha) + beta gamma beta^T,   beta = [diag(alpha) Y, S]   (dim x 2m),
// a diagonal plus a rank-2m term from the last m position and gradient differences, and its mean
// is the quasi-Newton step from the iterate, x + Sigma grad log p(x). Draws and their log density
// cost O(dim m) each through a thin QR of diag(alpha)^(-1/2) beta, never a dim x dim matrix.
#include "util/Rng.h"

#include <Eigen/Core>

namespace genrelab {

class LbfgsGaussian {
public:
    // x and gradLogP: the iterate and the gradient of log p there; alpha: the diagonal of the
    // initial inverse Hessian (positive); S and Y: dim x m columns of position differences and of
    // differences of the gradient of -log p, each pair with s^T y > 0. Throws
    // std::invalid_argument when the pieces do not make a positive definite covariance.
    LbfgsGaussian(const Eigen::VectorXd& x, const Eigen::VectorXd& gradLogP, const Eigen::VectorXd& alpha,
                  const Eigen::MatrixXd& S, const Eigen::MatrixXd& Y);

    Eigen::Index dim() const { return mean_.size(); }
    const Eigen::VectorXd& mean() const { return mean_; }
    // Sigma v, without forming Sigma.
    Eigen::VectorXd covarianceTimes(const Eigen::VectorXd& v) const;
    Eigen::MatrixXd covariance() const;   // dim x dim, for tests and small models
    Eigen::VectorXd variances() const;    // the diagonal of Sigma
    double logDeterminant() const { return logDetCovariance_; }

    // Fills theta with a draw and returns log q(theta).
    double draw(Rng& rng, Eigen::VectorXd& theta) const;

private:
    Eigen::VectorXd mean_, alpha_;
    Eigen::MatrixXd beta_, gamma_;   // Sigma = diag(alpha) + beta gamma beta^T
    Eigen::MatrixXd q_, cholMinusI_; // thin Q of diag(alpha)^(-1/2) beta; chol(I + R gamma R^T) - I
    double logDetCovariance_ = 0.0;
};

} // namespace genrelab
