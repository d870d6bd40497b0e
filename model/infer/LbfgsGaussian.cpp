#include "infer/LbfgsGaussian.h"

#include <Eigen/Cholesky>
#include <Eigen/QR>

#include <cmath>
#include <stdexcept>

namespace genrelab {

LbfgsGaussian::LbfgsGaussian(const Eigen::VectorXd& x, const Eigen::VectorXd& gradLogP, const Eigen::VectorXd& alpha,
                             const Eigen::MatrixXd& S, const Eigen::MatrixXd& Y)
    : alpha_(alpha) {
    const Eigen::Index n = x.size(), m = S.cols();
    if (gradLogP.size() != n || alpha.size() != n || S.rows() != n || Y.rows() != n || Y.cols() != m)
        throw std::invalid_argument("LbfgsGaussian: sizes do not match");
    if (!(alpha.array() > 0.0).all() || !alpha.allFinite()) throw std::invalid_argument("LbfgsGaussian: alpha must be positive");

    // Compact inverse BFGS: R the upper triangle of S^T Y, D its diagonal.
    const Eigen::MatrixXd sTy = S.transpose() * Y;
    const Eigen::MatrixXd r = sTy.triangularView<Eigen::Upper>();
    if (m > 0 && !(sTy.diagonal().array() > 0.0).all()) throw std::invalid_argument("LbfgsGaussian: a pair without positive curvature");
    const Eigen::MatrixXd rInv = r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(m, m));
    const Eigen::MatrixXd alphaY = alpha.asDiagonal() * Y;
    beta_.resize(n, 2 * m);
    beta_ << alphaY, S;
    gamma_.setZero(2 * m, 2 * m);
    gamma_.topRightCorner(m, m) = -rInv;
    gamma_.bottomLeftCorner(m, m) = -rInv.transpose();
    Eigen::MatrixXd middle = Y.transpose() * alphaY;
    middle.diagonal() += sTy.diagonal();
    gamma_.bottomRightCorner(m, m) = rInv.transpose() * middle * rInv;

    // Sigma = diag(alpha)^(1/2) (I + Q R gamma R^T Q^T) diag(alpha)^(1/2) with Q R = diag(alpha)^(-1/2) beta.
    const Eigen::VectorXd rootAlpha = alpha.array().sqrt();
    const Eigen::MatrixXd scaled = rootAlpha.cwiseInverse().asDiagonal() * beta_;
    const Eigen::Index k = std::min(n, 2 * m);
    if (k == 0) {  // no pairs yet: the diagonal alone
        q_.resize(n, 0);
        cholMinusI_.resize(0, 0);
        logDetCovariance_ = alpha.array().log().sum();
        mean_ = x + covarianceTimes(gradLogP);
        return;
    }
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(scaled);
    q_ = qr.householderQ() * Eigen::MatrixXd::Identity(n, k);
    const Eigen::MatrixXd rq = qr.matrixQR().topRows(k).triangularView<Eigen::Upper>();
    Eigen::MatrixXd inner = rq * gamma_ * rq.transpose();
    inner.diagonal().array() += 1.0;
    const Eigen::LLT<Eigen::MatrixXd> chol(inner);
    if (chol.info() != Eigen::Success) throw std::invalid_argument("LbfgsGaussian: the covariance is not positive definite");
    cholMinusI_ = chol.matrixL();
    const double logDetInner = 2.0 * cholMinusI_.diagonal().array().log().sum();
    cholMinusI_.diagonal().array() -= 1.0;
    logDetCovariance_ = alpha.array().log().sum() + logDetInner;
    if (!std::isfinite(logDetCovariance_)) throw std::invalid_argument("LbfgsGaussian: the covariance is singular");

    mean_ = x + covarianceTimes(gradLogP);
}

Eigen::VectorXd LbfgsGaussian::covarianceTimes(const Eigen::VectorXd& v) const {
    Eigen::VectorXd out = alpha_.cwiseProduct(v);
    if (beta_.cols() > 0) out.noalias() += beta_ * (gamma_ * (beta_.transpose() * v));
    return out;
}

Eigen::MatrixXd LbfgsGaussian::covariance() const {
    Eigen::MatrixXd sigma = beta_ * gamma_ * beta_.transpose();
    sigma.diagonal() += alpha_;
    return sigma;
}

Eigen::VectorXd LbfgsGaussian::variances() const {
    return alpha_ + (beta_ * gamma_).cwiseProduct(beta_).rowwise().sum();
}

double LbfgsGaussian::draw(Rng& rng, Eigen::VectorXd& theta) const {
    const Eigen::Index n = dim();
    Eigen::VectorXd u(n);
    for (Eigen::Index i = 0; i < n; ++i) u[i] = rng.normal();
    // theta - mean = diag(alpha)^(1/2) (Q L Q^T u + (I - Q Q^T) u) = diag(alpha)^(1/2) (u + Q (L - I) Q^T u),
    // whose covariance is Sigma and whose Jacobian determinant is exp(logDet / 2).
    Eigen::VectorXd z = u;
    if (q_.cols() > 0) z.noalias() += q_ * (cholMinusI_ * (q_.transpose() * u));
    theta = mean_ + alpha_.cwiseSqrt().cwiseProduct(z);
    return -0.5 * (u.squaredNorm() + logDetCovariance_ + static_cast<double>(n) * 1.8378770664093454836);
}

} // namespace genrelab
