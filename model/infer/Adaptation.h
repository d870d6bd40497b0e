#pragma once
// Stan's warmup machinery as small pure pieces: dual averaging of the step size, Welford
// variance estimates, and the windowed schedule (fast / doubling slow windows / fast).
#include <Eigen/Core>

#include <utility>
#include <vector>

namespace genrelab {

// Nesterov dual averaging of log(step size) toward a target acceptance (Hoffman & Gelman
// 2014, with Stan's constants gamma 0.05, kappa 0.75, t0 10).
class DualAveraging {
public:
    explicit DualAveraging(double target = 0.8, double gamma = 0.05, double kappa = 0.75, double t0 = 10.0)
        : delta_(target), gamma_(gamma), kappa_(kappa), t0_(t0) {}
    void setMu(double mu) { mu_ = mu; }
    void restart() { counter_ = 0; sBar_ = 0; xBar_ = 0; }
    // Returns the next step size given the last transition's acceptance statistic.
    double learn(double acceptStat);
    // The averaged step size used after warmup.
    double finalStepSize() const;

private:
    double delta_, gamma_, kappa_, t0_;
    double mu_ = 0, counter_ = 0, sBar_ = 0, xBar_ = 0;
};

// Running mean and variance (Welford), sample variance with n - 1.
class WelfordVariance {
public:
    explicit WelfordVariance(Eigen::Index dim = 0) { reset(dim); }
    void reset(Eigen::Index dim) { n_ = 0; mean_ = Eigen::VectorXd::Zero(dim); m2_ = Eigen::VectorXd::Zero(dim); }
    void add(const Eigen::VectorXd& x);
    long count() const { return n_; }
    Eigen::VectorXd variance() const { return n_ > 1 ? Eigen::VectorXd(m2_ / static_cast<double>(n_ - 1)) : Eigen::VectorXd(m2_); }

private:
    long n_ = 0;
    Eigen::VectorXd mean_, m2_;
};

// The same for the full covariance (Stan's dense_e metric).
class WelfordCovariance {
public:
    explicit WelfordCovariance(Eigen::Index dim = 0) { reset(dim); }
    void reset(Eigen::Index dim) { n_ = 0; mean_ = Eigen::VectorXd::Zero(dim); m2_ = Eigen::MatrixXd::Zero(dim, dim); }
    void add(const Eigen::VectorXd& x);
    long count() const { return n_; }
    Eigen::MatrixXd covariance() const { return n_ > 1 ? Eigen::MatrixXd(m2_ / static_cast<double>(n_ - 1)) : m2_; }

private:
    long n_ = 0;
    Eigen::VectorXd mean_;
    Eigen::MatrixXd m2_;
};

// A slow window's estimate turned into an inverse metric, regularized toward 1e-3 as Stan
// does so that a short window cannot collapse it: (n/(n+5)) S + 1e-3 (5/(n+5)).
Eigen::VectorXd regularizedDiagMetric(const Eigen::VectorXd& variance, long draws);
// The same for a covariance. With towardDiagonal, S is first shrunk toward its own diagonal by
// d/(n+d) (d dimensions, n draws): an early window has fewer draws than dimensions, its S is
// rank-deficient, and Stan's form would leave every direction the draws did not explore at
// ~1e-3, so the next window runs at a tiny step size (trees of hundreds of steps on the
// regression's 187 parameters). The last window, whose metric the sampler keeps, uses Stan's form.
Eigen::MatrixXd regularizedDenseMetric(const Eigen::MatrixXd& covariance, long draws, bool towardDiagonal);

// Stan's check of an adapted inverse metric, before the sampler takes it: every variance finite
// and positive; a dense one finite and positive definite (its Cholesky factor exists).
bool usableDiagMetric(const Eigen::VectorXd& invMetric);
bool usableDenseMetric(const Eigen::MatrixXd& invMetric);

struct WindowParams {
    int initBuffer = 75, termBuffer = 50, baseWindow = 25;
};

// Stan's windowed adaptation schedule for numWarmup iterations. Metric adaptation happens in
// the slow windows; each ends with a metric update. numWarmup < 20 adapts no metric.
class WarmupSchedule {
public:
    WarmupSchedule(int numWarmup, WindowParams params = {});
    bool inSlowWindow(int iteration) const;       // collect draws for the metric here
    // True at each slow window's last iteration, and then moves on to the next window: call it
    // once per iteration, in order.
    bool advanceAndCheckWindowEnd(int iteration);
    bool isLastSlowWindowEnd(int iteration) const {  // the window whose metric sampling keeps
        return adaptMetric_ && iteration == numWarmup_ - params_.termBuffer - 1;
    }
    const WindowParams& params() const { return params_; }
    bool adaptsMetric() const { return adaptMetric_; }

private:
    void computeNextWindow();
    int numWarmup_;
    WindowParams params_;
    bool adaptMetric_ = true;
    int windowSize_ = 0, nextWindowEnd_ = 0;
};

// The schedule as (first, last) iteration ranges: the initial fast buffer, each slow window,
// the final fast buffer. 50 warmup iterations: (0,6), (7,44), (45,49).
std::vector<std::pair<int, int>> warmupWindows(int numWarmup, WindowParams params = {});

} // namespace genrelab
