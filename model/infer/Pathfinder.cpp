#include "infer/Pathfinder.h"

#include "infer/LbfgsGaussian.h"
#include "util/ParallelFor.h"
#include "util/Rng.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace genrelab {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// -log p and its gradient, counting evaluations; a density that is not finite is +inf.
class Objective {
public:
    explicit Objective(const LogDensity& model) : model_(model) {}
    double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& grad) {
        ++evaluations;
        const double lp = model_.logProbGrad(x, grad);
        if (!std::isfinite(lp) || !grad.allFinite()) return kInf;
        grad = -grad;
        return -lp;
    }
    // log p (not negated, no gradient) at each column of thetas, -inf where not finite: the
    // draws of a Gaussian, all at once (LogDensity::logProbs).
    void logDensities(const Eigen::MatrixXd& thetas, Eigen::VectorXd& logP) {
        evaluations += static_cast<std::size_t>(thetas.cols());
        model_.logProbs(thetas, logP);
    }
    std::size_t evaluations = 0;

private:
    const LogDensity& model_;
};

struct Point {
    Eigen::VectorXd x, grad;   // grad of -log p
    double f = kInf;           // -log p
    double step = 0.0;         // the step length along the search direction that reached x
};

// A step length along d satisfying the strong Wolfe conditions (Nocedal & Wright 2006,
// algorithms 3.5 and 3.6; c1 = 1e-4, c2 = 0.9), so every accepted pair has s^T y > 0 on a smooth
// density. Interpolation in the zoom is quadratic, kept inside the bracket's middle 80%, bisection
// where a value is not finite. Returns nothing when 30 evaluations found no such step.
std::optional<Point> wolfeLineSearch(Objective& objective, const Point& at, const Eigen::VectorXd& d, double initialStep) {
    constexpr double c1 = 1e-4, c2 = 0.9;
    constexpr int maxEvaluations = 30;
    const double slope0 = at.grad.dot(d);
    int evaluations = 0;
    Point trial;
    const auto evaluate = [&](double a) {
        trial.x = at.x + a * d;
        trial.f = objective(trial.x, trial.grad);
        trial.step = a;
        ++evaluations;
        return trial.f;
    };
    const auto sufficientDecrease = [&](double a, double f) { return std::isfinite(f) && f <= at.f + c1 * a * slope0; };

    double lo = 0.0, fLo = at.f, slopeLo = slope0, hi = 0.0, fHi = kInf;
    bool bracketed = false;
    Point bestLo;  // the point at lo, once lo > 0: the best step with sufficient decrease so far
    bool haveLo = false;
    double a = initialStep, aPrev = 0.0, fPrev = at.f;
    while (!bracketed && evaluations < maxEvaluations) {
        const double f = evaluate(a);
        if (!sufficientDecrease(a, f) || (aPrev > 0.0 && f >= fPrev)) {
            hi = a;
            fHi = f;
            bracketed = true;
            break;
        }
        const double slope = trial.grad.dot(d);
        if (std::abs(slope) <= -c2 * slope0) return trial;
        if (slope >= 0.0) {  // passed the minimum along d: [a, aPrev] brackets it
            hi = aPrev;
            fHi = fPrev;
            lo = a;
            fLo = f;
            slopeLo = slope;
            bestLo = trial;
            haveLo = true;
            bracketed = true;
            break;
        }
        lo = a;
        fLo = f;
        slopeLo = slope;
        bestLo = trial;
        haveLo = true;
        aPrev = a;
        fPrev = f;
        a *= 2.0;
    }
    while (bracketed && evaluations < maxEvaluations) {
        const double width = hi - lo;
        double next = lo + 0.5 * width;
        const double denominator = 2.0 * (fHi - fLo - slopeLo * width);
        if (std::isfinite(fHi) && denominator > 0.0) {
            next = lo - slopeLo * width * width / denominator;
            const double lower = std::min(lo, hi) + 0.1 * std::abs(width), upper = std::max(lo, hi) - 0.1 * std::abs(width);
            next = std::clamp(next, lower, upper);
        }
        const double f = evaluate(next);
        if (!sufficientDecrease(next, f) || f >= fLo) {
            hi = next;
            fHi = f;
            continue;
        }
        const double slope = trial.grad.dot(d);
        if (std::abs(slope) <= -c2 * slope0) return trial;
        if (slope * (hi - lo) >= 0.0) {
            hi = lo;
            fHi = fLo;
        }
        lo = next;
        fLo = f;
        slopeLo = slope;
        bestLo = trial;
        haveLo = true;
    }
    // Out of evaluations: a step with sufficient decrease still makes progress.
    if (haveLo && bestLo.f < at.f) return bestLo;
    return std::nullopt;
}

// One secant step on the directional derivative from a Wolfe point: the exact minimizer along d
// when -log p is quadratic there. Exact line searches make the L-BFGS steps conjugate on a Gaussian,
// so its pairs satisfy every secant condition and the Gaussian of the iterate is the target itself;
// on other densities the refined point is kept only when it is lower and flatter along d. One
// evaluation per iteration, against the elboDraws each iterate costs anyway.
Point refinedBySecant(Objective& objective, const Point& at, const Eigen::VectorXd& d, Point wolfe) {
    const double slope0 = at.grad.dot(d), slope = wolfe.grad.dot(d);
    if (!(slope != slope0) || std::abs(slope) <= 1e-12 * std::abs(slope0)) return wolfe;
    const double step = wolfe.step * slope0 / (slope0 - slope);
    if (!(step > 0.0) || !std::isfinite(step) || std::abs(step - wolfe.step) <= 1e-12 * wolfe.step) return wolfe;
    Point refined;
    refined.x = at.x + step * d;
    refined.f = objective(refined.x, refined.grad);
    refined.step = step;
    if (std::isfinite(refined.f) && refined.f <= wolfe.f && std::abs(refined.grad.dot(d)) <= std::abs(slope)) return refined;
    return wolfe;
}

// Gilbert & Lemaréchal (1989), eq. 4.9: the diagonal of the initial inverse Hessian after the
// pair (s, y). Keeps the previous diagonal where the update is not positive and finite.
Eigen::VectorXd updatedDiagonal(const Eigen::VectorXd& alpha, const Eigen::VectorXd& y, const Eigen::VectorXd& s) {
    const double yAlphaY = y.dot(alpha.cwiseProduct(y));
    const double yS = y.dot(s);
    const double sInvAlphaS = s.dot(s.cwiseQuotient(alpha));
    const Eigen::ArrayXd updated =
        yS / (yAlphaY / alpha.array() + y.array().square() - (yAlphaY / sInvAlphaS) * (s.array() / alpha.array()).square());
    if (!updated.allFinite() || !(updated > 0.0).all()) return alpha;
    return updated.matrix();
}

// The L-BFGS direction -H g by the two-loop recursion from H0 = diag(alpha): the same inverse
// Hessian as the iterate's Gaussian, so its diagonal scaling (which on a regression spans orders of
// magnitude between intercepts and hierarchical scales) steers the optimization too.
Eigen::VectorXd lbfgsDirection(const Eigen::VectorXd& grad, const Eigen::VectorXd& alpha, const std::deque<Eigen::VectorXd>& s,
                               const std::deque<Eigen::VectorXd>& y) {
    Eigen::VectorXd q = grad;
    const std::size_t m = s.size();
    std::vector<double> rho(m), a(m);
    for (std::size_t i = m; i-- > 0;) {
        rho[i] = 1.0 / y[i].dot(s[i]);
        a[i] = rho[i] * s[i].dot(q);
        q -= a[i] * y[i];
    }
    q = q.cwiseProduct(alpha);
    for (std::size_t i = 0; i < m; ++i) {
        const double b = rho[i] * y[i].dot(q);
        q += (a[i] - b) * s[i];
    }
    return -q;
}

// Stan's check_curve: positive curvature, and not so sharp that the update is ill-conditioned.
bool usablePair(const Eigen::VectorXd& y, const Eigen::VectorXd& s) {
    const double ys = y.dot(s);
    return ys > 0.0 && y.squaredNorm() / ys <= 1e12;
}

// The draws behind one Gaussian's ELBO: theta (one draw a column), log p and log q.
struct GaussianDraws {
    Eigen::MatrixXd theta;
    Eigen::VectorXd logP, logQ;
};

// count draws of q, then their log densities in one batch: a model such as the linear softmax
// runs over its rows once for all of them, without gradients.
GaussianDraws drawAndEvaluate(const LbfgsGaussian& q, Objective& objective, Rng& rng, Eigen::Index count) {
    GaussianDraws out;
    out.theta.resize(q.dim(), count);
    out.logQ.resize(count);
    Eigen::VectorXd theta;
    for (Eigen::Index i = 0; i < count; ++i) {
        out.logQ[i] = q.draw(rng, theta);
        out.theta.col(i) = theta;
    }
    objective.logDensities(out.theta, out.logP);
    return out;
}

double elboOf(const GaussianDraws& draws) {
    if (draws.logP.size() == 0 || !draws.logP.allFinite()) return -kInf;
    return (draws.logP - draws.logQ).mean();
}

void validate(const PathfinderOptions& o) {
    if (o.paths < 1) throw std::invalid_argument("Pathfinder needs at least one path");
    if (o.history < 1) throw std::invalid_argument("Pathfinder's L-BFGS history must be at least 1");
    if (o.maxIterations < 1) throw std::invalid_argument("Pathfinder needs at least one iteration");
    if (o.elboPatience < 0) throw std::invalid_argument("Pathfinder's ELBO patience must not be negative");
    if (o.elboDraws < 1) throw std::invalid_argument("Pathfinder needs at least one draw per ELBO estimate");
    if (o.drawsPerPath < 1) throw std::invalid_argument("Pathfinder needs at least one draw per path");
    if (!(o.relativeTolerance >= 0.0) || !(o.gradientTolerance >= 0.0)) throw std::invalid_argument("Pathfinder's tolerances must not be negative");
    if (!(o.initRadius >= 0.0)) throw std::invalid_argument("the init radius must not be negative");
}

} // namespace

PathfinderPath runSinglePath(const LogDensity& model, const Eigen::VectorXd& start, const PathfinderOptions& options,
                             std::uint64_t stream, Eigen::MatrixXd& draws, Eigen::VectorXd& logDensity,
                             Eigen::VectorXd& logRatios, InferenceObserver* observer, int pathIndex) {
    validate(options);
    PathfinderPath path;
    Objective objective(model);
    Rng rng(options.seed, 0x9A7F'0000ULL + stream);
    const Eigen::Index n = model.dim();

    Point at;
    at.x = start;
    at.f = objective(at.x, at.grad);
    path.logDensity.push_back(-at.f);
    std::deque<Eigen::VectorXd> sHistory, yHistory;
    Eigen::VectorXd alpha = Eigen::VectorXd::Ones(n);
    std::optional<LbfgsGaussian> best;
    GaussianDraws bestDraws;
    path.bestElbo = -kInf;

    const std::size_t history = static_cast<std::size_t>(options.history);
    for (int it = 1; it <= options.maxIterations && std::isfinite(at.f); ++it) {
        if (observer && observer->stopRequested()) break;
        Eigen::VectorXd d = lbfgsDirection(at.grad, alpha, sHistory, yHistory);
        double initialStep = 1.0;
        if (sHistory.empty() || !(at.grad.dot(d) < 0.0)) {  // the first step, or a direction uphill: steepest descent
            sHistory.clear();
            yHistory.clear();
            d = -at.grad;
            initialStep = 1.0 / std::max(1.0, at.grad.norm());
        }
        std::optional<Point> next = wolfeLineSearch(objective, at, d, initialStep);
        if (!next) break;  // no step makes progress: the optimum to numerical precision
        next = refinedBySecant(objective, at, d, std::move(*next));
        const Eigen::VectorXd s = next->x - at.x, y = next->grad - at.grad;
        const double previousF = at.f;
        at = *next;
        path.iterations = it;
        path.logDensity.push_back(-at.f);
        if (usablePair(y, s)) {
            alpha = updatedDiagonal(alpha, y, s);
            sHistory.push_back(s);
            yHistory.push_back(y);
            if (sHistory.size() > history) {
                sHistory.pop_front();
                yHistory.pop_front();
            }
        }

        // The Gaussian at this iterate, and its ELBO.
        double elbo = -kInf;
        if (!sHistory.empty()) {
            Eigen::MatrixXd S(n, static_cast<Eigen::Index>(sHistory.size())), Y(n, S.cols());
            for (Eigen::Index j = 0; j < S.cols(); ++j) {
                S.col(j) = sHistory[static_cast<std::size_t>(j)];
                Y.col(j) = yHistory[static_cast<std::size_t>(j)];
            }
            try {
                LbfgsGaussian q(at.x, -at.grad, alpha, S, Y);
                GaussianDraws sample = drawAndEvaluate(q, objective, rng, options.elboDraws);
                elbo = elboOf(sample);
                if (elbo > path.bestElbo) {
                    path.bestElbo = elbo;
                    path.bestIteration = it;
                    best.emplace(std::move(q));
                    bestDraws = std::move(sample);
                }
            } catch (const std::invalid_argument&) {
                // Not positive definite (rounding in the pairs): this iterate has no Gaussian.
            }
        }
        path.elbo.push_back(elbo);
        if (options.elboPatience > 0 && path.bestIteration >= 0 && it - path.bestIteration >= options.elboPatience) break;
        if (observer) {
            ProgressEvent e;
            e.kind = ProgressEvent::Kind::PathfinderIteration;
            e.chain = pathIndex;
            e.iteration = static_cast<std::size_t>(it - 1);
            e.total = static_cast<std::size_t>(options.maxIterations);
            e.elbo = elbo;
            e.logDensity = -at.f;
            observer->onProgress(e);
        }
        if (std::abs(previousF - at.f) <= options.relativeTolerance * std::max(std::abs(at.f), 1.0) ||
            at.grad.norm() <= options.gradientTolerance) {
            path.converged = true;
            break;
        }
    }
    path.evaluations = objective.evaluations;

    const auto total = static_cast<Eigen::Index>(options.drawsPerPath);
    if (!best) {
        draws.resize(0, n);
        logDensity.resize(0);
        logRatios.resize(0);
        return path;
    }
    path.approximation = best;
    // The kept ELBO draws are draws of the same Gaussian: reuse them (as Stan does), draw the rest.
    const Eigen::Index reused = std::min<Eigen::Index>(bestDraws.theta.cols(), total);
    const GaussianDraws more = drawAndEvaluate(*best, objective, rng, total - reused);
    draws.resize(total, n);
    logDensity.resize(total);
    logRatios.resize(total);
    draws.topRows(reused) = bestDraws.theta.leftCols(reused).transpose();
    draws.bottomRows(total - reused) = more.theta.transpose();
    logDensity.head(reused) = bestDraws.logP.head(reused);
    logDensity.tail(total - reused) = more.logP;
    logRatios.head(reused) = bestDraws.logP.head(reused) - bestDraws.logQ.head(reused);
    logRatios.tail(total - reused) = more.logP - more.logQ;
    path.evaluations = objective.evaluations;
    return path;
}

PathfinderResult runPathfinder(const LogDensity& model, const PathfinderOptions& options, InferenceObserver* observer) {
    validate(options);
    const auto start = std::chrono::steady_clock::now();
    const auto paths = static_cast<std::size_t>(options.paths);
    PathfinderResult result;
    result.paths.resize(paths);
    std::vector<Eigen::MatrixXd> draws(paths);
    std::vector<Eigen::VectorXd> logP(paths), logRatios(paths);

    parallelFor(paths, options.threads, [&](std::size_t p, const CancellationToken&) {
        const auto own = model.clone();
        // The start: Uniform(-r, r) on the unconstrained scale, retried where the density fails.
        Rng rng(options.seed, 0x57A7'0000ULL + p);
        Eigen::VectorXd x(model.dim()), grad;
        for (int attempt = 0;; ++attempt) {
            for (Eigen::Index i = 0; i < x.size(); ++i) x[i] = options.initRadius * (2.0 * rng.uniform() - 1.0);
            if (std::isfinite(own->logProbGrad(x, grad))) break;
            if (attempt == 100) throw std::runtime_error("Pathfinder: no finite log density at 100 random initial points");
        }
        result.paths[p] = runSinglePath(*own, x, options, p, draws[p], logP[p], logRatios[p], observer, static_cast<int>(p));
    });
    result.stopped = observer && observer->stopRequested();

    Eigen::Index pooled = 0;
    double bestElbo = -kInf;
    for (std::size_t p = 0; p < paths; ++p) {
        pooled += draws[p].rows();
        result.evaluations += result.paths[p].evaluations;
        if (result.paths[p].bestElbo > bestElbo && result.paths[p].approximation) {
            bestElbo = result.paths[p].bestElbo;
            result.bestMean = result.paths[p].approximation->mean();
            result.bestVariances = result.paths[p].approximation->variances();
        }
    }
    if (pooled == 0 && !result.stopped)
        throw std::runtime_error("Pathfinder: no path found a Gaussian with a finite ELBO (the density may be improper or not finite)");

    Chain chain;
    chain.draws.resize(pooled, model.dim());
    chain.stats.resize(static_cast<std::size_t>(pooled));
    result.logRatios.resize(pooled);
    Eigen::Index row = 0;
    for (std::size_t p = 0; p < paths; ++p) {
        const Eigen::Index rows = draws[p].rows();
        chain.draws.middleRows(row, rows) = draws[p];
        result.logRatios.segment(row, rows) = logRatios[p];
        for (Eigen::Index i = 0; i < rows; ++i) chain.stats[static_cast<std::size_t>(row + i)].logDensity = logP[p][i];
        row += rows;
    }
    result.posterior.method = "pathfinder";
    result.posterior.chains.push_back(std::move(chain));
    result.posterior.partial = result.stopped;
    result.posterior.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace genrelab
