#pragma once
// Coordinates for softmax coefficients in which the one direction the data cannot see is
// standardized.
//
// Adding the same c to every class's coefficient of one feature (or to every intercept) changes
// no probability, so along that shift only the prior holds the posterior. In the centered form
// this is a funnel (the shift's width follows sigma_beta) and a long, thin valley for any metric
// (its width is the prior's, the other directions' the data's): NUTS needs hundreds of leapfrog
// steps per draw on all rows. These coordinates split each row of coefficients b (one feature,
// K classes, prior b_k ~ Normal(mean_k, 1/sqrt(w_k)), independent given the hyperparameters) into
//   h = Q' b       K-1 orthonormal contrasts (Q: Helmert basis, Q'1 = 0), which the data fix;
//   c = mean(b)    the shift, replaced by its standardized residual
//   z = (c - m) sqrt(P),  P = sum_k w_k,  m = sum_k w_k (mean_k - (Q h)_k) / P.
// Given h and the hyperparameters the likelihood is flat in c, so c | rest ~ Normal(m, 1/P)
// exactly and z is a standard normal independent of everything else: the model is unchanged
// (log-Jacobian of b -> (h, z) is -1/2 sum log P + const), only its coordinates are. With
// equal weights this is the sum-to-zero split; with a hierarchical prior the shift also
// follows mu_beta and sigma_beta, so no funnel is left along it.
#include <Eigen/Core>

namespace genrelab {

class ShiftCoordinates {
public:
    explicit ShiftCoordinates(Eigen::Index classes);

    Eigen::Index classes() const { return basis_.rows(); }

    // coords (rows x K): columns 0..K-2 the contrasts h of each row, column K-1 its z.
    // means, precisions (rows x K): the prior of each coefficient. Writes the coefficients
    // (rows x K).
    void forward(const Eigen::Ref<const Eigen::MatrixXd>& coords, const Eigen::MatrixXd& means,
                 const Eigen::MatrixXd& precisions, Eigen::MatrixXd& coefficients) const;

    // The log-Jacobian of coefficients -> coords, without its constant: -1/2 sum log P.
    static double logJacobian(const Eigen::MatrixXd& precisions);

    // Chain rule: from dL/dcoefficients (means and precisions held fixed) writes dL/dcoords,
    // the log-Jacobian's derivative included, and adds the paths through m and P to gradMeans
    // and gradPrecisions (rows x K, not cleared).
    void backward(const Eigen::Ref<const Eigen::MatrixXd>& coords, const Eigen::MatrixXd& means,
                  const Eigen::MatrixXd& precisions, const Eigen::MatrixXd& gradCoefficients,
                  Eigen::Ref<Eigen::MatrixXd> gradCoords, Eigen::MatrixXd& gradMeans,
                  Eigen::MatrixXd& gradPrecisions) const;

    // The coordinates of given coefficients (the inverse of forward()).
    void inverse(const Eigen::MatrixXd& coefficients, const Eigen::MatrixXd& means, const Eigen::MatrixXd& precisions,
                 Eigen::Ref<Eigen::MatrixXd> coords) const;

private:
    // m of every row, for the contrasts Q h.
    static Eigen::VectorXd shiftMean(const Eigen::MatrixXd& contrasts, const Eigen::MatrixXd& means,
                                     const Eigen::MatrixXd& precisions);

    Eigen::MatrixXd basis_;  // K x (K-1), orthonormal columns orthogonal to the ones vector
};

} // namespace genrelab
