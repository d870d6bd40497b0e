#include "infer/Adaptation.h"

#include <Eigen/Cholesky>

#include <cmath>

namespace genrelab {

double DualAveraging::learn(double acceptStat) {
    counter_ += 1.0;
    acceptStat = acceptStat > 1.0 ? 1.0 : acceptStat;
    const double eta = 1.0 / (counter_ + t0_);
    sBar_ = (1.0 - eta) * sBar_ + eta * (delta_ - acceptStat);
    const double x = mu_ - sBar_ * std::sqrt(counter_) / gamma_;
    const double xEta = std::pow(counter_, -kappa_);
    xBar_ = (1.0 - xEta) * xBar_ + xEta * x;
    return std::exp(x);
}

double DualAveraging::finalStepSize() const { return std::exp(xBar_); }

void WelfordVariance::add(const Eigen::VectorXd& x) {
    ++n_;
    const Eigen::VectorXd delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta.cwiseProduct(x - mean_);
}

void WelfordCovariance::add(const Eigen::VectorXd& x) {
    ++n_;
    const Eigen::VectorXd delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_.noalias() += delta * (x - mean_).transpose();
}

Eigen::VectorXd regularizedDiagMetric(const Eigen::VectorXd& variance, long draws) {
    const double n = static_cast<double>(draws);
    return ((n / (n + 5.0)) * variance.array() + 1e-3 * (5.0 / (n + 5.0))).matrix();
}

Eigen::MatrixXd regularizedDenseMetric(const Eigen::MatrixXd& covariance, long draws, bool towardDiagonal) {
    const double n = static_cast<double>(draws);
    Eigen::MatrixXd metric = covariance;
    if (towardDiagonal) {
        const double d = static_cast<double>(covariance.rows()), keep = n / (n + d);
        metric *= keep;
        metric.diagonal() = covariance.diagonal();
    }
    metric *= n / (n + 5.0);
    metric.diagonal().array() += 1e-3 * (5.0 / (n + 5.0));
    return metric;
}

bool usableDiagMetric(const Eigen::VectorXd& invMetric) {
    return invMetric.allFinite() && (invMetric.array() > 0.0).all();
}

bool usableDenseMetric(const Eigen::MatrixXd& invMetric) {
    return invMetric.allFinite() && Eigen::LLT<Eigen::MatrixXd>(invMetric).info() == Eigen::Success;
}

WarmupSchedule::WarmupSchedule(int numWarmup, WindowParams params) : numWarmup_(numWarmup), params_(params) {
    if (numWarmup < 20) {
        adaptMetric_ = false;
        return;
    }
    if (params_.initBuffer + params_.baseWindow + params_.termBuffer > numWarmup) {
        // Stan's fallback: 15% / 75% / 10%, truncated to whole iterations.
        params_.initBuffer = static_cast<int>(0.15 * numWarmup);
        params_.termBuffer = static_cast<int>(0.1 * numWarmup);
        params_.baseWindow = numWarmup - (params_.initBuffer + params_.termBuffer);
    }
    windowSize_ = params_.baseWindow;
    nextWindowEnd_ = params_.initBuffer + windowSize_ - 1;
}

bool WarmupSchedule::inSlowWindow(int iteration) const {
    return adaptMetric_ && iteration >= params_.initBuffer && iteration < numWarmup_ - params_.termBuffer &&
           iteration != numWarmup_;
}

bool WarmupSchedule::advanceAndCheckWindowEnd(int iteration) {
    if (!adaptMetric_ || iteration != nextWindowEnd_ || iteration == numWarmup_) return false;
    computeNextWindow();
    return true;
}

void WarmupSchedule::computeNextWindow() {
    const int lastSlow = numWarmup_ - params_.termBuffer - 1;
    if (nextWindowEnd_ == lastSlow) return;
    const int counter = nextWindowEnd_;  // the iteration that just ended a window
    windowSize_ *= 2;
    nextWindowEnd_ = counter + windowSize_;
    if (nextWindowEnd_ != lastSlow) {
        // Stretch the last window rather than leave one too short to estimate anything.
        if (nextWindowEnd_ + 2 * windowSize_ >= numWarmup_ - params_.termBuffer) nextWindowEnd_ = lastSlow;
    }
}

std::vector<std::pair<int, int>> warmupWindows(int numWarmup, WindowParams params) {
    std::vector<std::pair<int, int>> windows;
    WarmupSchedule schedule(numWarmup, params);
    if (!schedule.adaptsMetric()) {
        if (numWarmup > 0) windows.emplace_back(0, numWarmup - 1);
        return windows;
    }
    const WindowParams& p = schedule.params();
    if (p.initBuffer > 0) windows.emplace_back(0, p.initBuffer - 1);
    int start = p.initBuffer;
    for (int it = 0; it < numWarmup; ++it)
        if (schedule.advanceAndCheckWindowEnd(it)) {
            windows.emplace_back(start, it);
            start = it + 1;
        }
    if (start < numWarmup) windows.emplace_back(start, numWarmup - 1);
    return windows;
}

} // namespace genrelab
