// Pathfinder: the L-BFGS Gaussian against the dense BFGS recursion, exact mean and covariance on
// Gaussian targets, PSIS resampling of pooled paths, stopping, and bad settings.
#include "TestModels.h"
#include "eval/PsisResample.h"
#include "infer/LbfgsGaussian.h"
#include "infer/Pathfinder.h"
#include "models/ModelSpec.h"
#include "util/Rng.h"

#include <QtTest>

#include <Eigen/Cholesky>

#include <cmath>

using namespace genrelab;
using genrelab::testing::GaussianDensity;

namespace {

// A dense covariance with correlations up to 0.9 and scales from 0.1 to 10.
Eigen::MatrixXd correlatedCovariance(Eigen::Index n, std::uint64_t seed) {
    Rng rng(seed);
    Eigen::MatrixXd a(n, n);
    for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = rng.normal();
    Eigen::MatrixXd cov = a * a.transpose() / static_cast<double>(n);
    cov.diagonal().array() += 0.1;
    Eigen::VectorXd scale(n);
    for (Eigen::Index i = 0; i < n; ++i) scale[i] = std::pow(10.0, -1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(std::max<Eigen::Index>(n - 1, 1)));
    return scale.asDiagonal() * cov * scale.asDiagonal();
}

// The BFGS inverse-Hessian recursion written densely, H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T.
Eigen::MatrixXd denseBfgs(const Eigen::VectorXd& alpha, const Eigen::MatrixXd& s, const Eigen::MatrixXd& y) {
    const Eigen::Index n = alpha.size();
    Eigen::MatrixXd h = alpha.asDiagonal();
    for (Eigen::Index j = 0; j < s.cols(); ++j) {
        const double rho = 1.0 / y.col(j).dot(s.col(j));
        const Eigen::MatrixXd left = Eigen::MatrixXd::Identity(n, n) - rho * s.col(j) * y.col(j).transpose();
        h = left * h * left.transpose() + rho * s.col(j) * s.col(j).transpose();
    }
    return h;
}

double relativeMaxError(const Eigen::MatrixXd& got, const Eigen::MatrixXd& want) {
    return (got - want).cwiseAbs().maxCoeff() / want.cwiseAbs().maxCoeff();
}

class StopAfter : public InferenceObserver {
public:
    explicit StopAfter(int events) : left_(events) {}
    void onProgress(const ProgressEvent& e) override {
        QCOMPARE(e.kind, ProgressEvent::Kind::PathfinderIteration);
        --left_;
    }
    bool stopRequested() const override { return left_ <= 0; }

private:
    int left_;
};

} // namespace

class TestPathfinder : public QObject {
    Q_OBJECT
private slots:
    // The compact form, its draws and their log density against dense linear algebra.
    void lbfgsGaussianIsTheDenseBfgsInverseHessian_data() {
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("pairs");
        QTest::newRow("low rank: 2m < dim") << 12 << 3;
        QTest::newRow("full rank: 2m > dim") << 4 << 3;
        QTest::newRow("diagonal only") << 5 << 0;
    }
    void lbfgsGaussianIsTheDenseBfgsInverseHessian() {
        QFETCH(int, dim);
        QFETCH(int, pairs);
        const Eigen::MatrixXd target = correlatedCovariance(dim, 3);
        const Eigen::MatrixXd precision = target.inverse();
        Rng rng(5);
        Eigen::MatrixXd s(dim, pairs), y(dim, pairs);
        for (int j = 0; j < pairs; ++j) {
            for (int i = 0; i < dim; ++i) s(i, j) = rng.normal();
            y.col(j) = precision * s.col(j);  // pairs of a quadratic: positive curvature
        }
        Eigen::VectorXd alpha(dim), x(dim), grad(dim);
        for (int i = 0; i < dim; ++i) {
            alpha[i] = 0.5 + rng.uniform();
            x[i] = rng.normal();
            grad[i] = rng.normal();
        }
        const LbfgsGaussian q(x, grad, alpha, s, y);
        const Eigen::MatrixXd want = denseBfgs(alpha, s, y);
        QVERIFY2(relativeMaxError(q.covariance(), want) < 1e-10, "compact form differs from the dense recursion");
        QVERIFY(relativeMaxError(q.variances(), want.diagonal()) < 1e-10);
        QVERIFY(relativeMaxError(q.mean(), x + want * grad) < 1e-10);
        const Eigen::LLT<Eigen::MatrixXd> chol(want);
        const double logDet = 2.0 * chol.matrixL().toDenseMatrix().diagonal().array().log().sum();
        QVERIFY(std::abs(q.logDeterminant() - logDet) < 1e-9 * std::max(1.0, std::abs(logDet)));

        // log q of each draw is the dense normal density there; 40,000 draws have its covariance.
        Rng drawRng(11);
        Eigen::VectorXd theta;
        Eigen::MatrixXd second = Eigen::MatrixXd::Zero(dim, dim);
        Eigen::VectorXd first = Eigen::VectorXd::Zero(dim);
        const int draws = 40000;
        for (int d = 0; d < draws; ++d) {
            const double logQ = q.draw(drawRng, theta);
            const Eigen::VectorXd centered = theta - q.mean();
            const double dense = -0.5 * (centered.dot(chol.solve(centered)) + logDet + dim * std::log(2.0 * M_PI));
            if (d < 100) QVERIFY2(std::abs(logQ - dense) < 1e-9 * std::max(1.0, std::abs(dense)), "log q differs from the dense density");
            first += centered;
            second += centered * centered.transpose();
        }
        first /= draws;
        const Eigen::MatrixXd sampleCov = second / draws - first * first.transpose();
        // Monte Carlo error of a covariance entry: about sqrt(2 / draws) times the scale, < 0.8% here.
        for (int i = 0; i < dim; ++i)
            for (int j = 0; j < dim; ++j)
                QVERIFY2(std::abs(sampleCov(i, j) - want(i, j)) < 0.03 * std::sqrt(want(i, i) * want(j, j)),
                         qPrintable(QString("covariance (%1, %2): %3 vs %4").arg(i).arg(j).arg(sampleCov(i, j)).arg(want(i, j))));
    }

    void pairsWithoutCurvatureAreRefused() {
        const Eigen::VectorXd x = Eigen::VectorXd::Zero(3), alpha = Eigen::VectorXd::Ones(3);
        Eigen::MatrixXd s = Eigen::MatrixXd::Identity(3, 1), y = -s;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LbfgsGaussian(x, x, alpha, s, y));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LbfgsGaussian(x, x, Eigen::VectorXd::Zero(3), s, -y));
    }

    // On a Gaussian target with no more parameters than L-BFGS pairs, the best Gaussian of the path
    // is the target: the secant-refined line search makes the steps conjugate, so the pairs pin the
    // inverse Hessian exactly. Mean and covariance agree to 1e-9 of the largest scale (rounding;
    // condition numbers up to 1e4 here), and every draw's ratio log p - log q is log Z.
    void gaussianTargetMeanAndCovariance_data() {
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("history");
        QTest::newRow("dense correlated, 5 parameters, history 5") << 5 << 5;
        QTest::newRow("dense correlated, 9 parameters, history 9") << 9 << 9;
        QTest::newRow("independent, 1 parameter") << 1 << 5;
    }
    void gaussianTargetMeanAndCovariance() {
        QFETCH(int, dim);
        QFETCH(int, history);
        const Eigen::MatrixXd cov = dim == 1 ? Eigen::MatrixXd::Constant(1, 1, 4.0) : correlatedCovariance(dim, 7);
        Eigen::VectorXd mean(dim);
        for (int i = 0; i < dim; ++i) mean[i] = 1.0 + i;
        const GaussianDensity target(mean, cov);
        PathfinderOptions options;
        options.paths = 1;
        options.history = history;
        Eigen::MatrixXd draws;
        Eigen::VectorXd logP, logRatios;
        const PathfinderPath path = runSinglePath(target, Eigen::VectorXd::Constant(dim, -1.5), options, 0, draws, logP, logRatios);
        QVERIFY(path.approximation);
        const double scale = std::sqrt(cov.diagonal().maxCoeff());
        const double meanError = (path.approximation->mean() - mean).cwiseAbs().maxCoeff() / scale;
        const double covError = relativeMaxError(path.approximation->covariance(), cov);
        qInfo("dim %d: %d iterations, best %d, %zu evaluations, mean error %.2e, covariance error %.2e, ELBO %.6f",
              dim, path.iterations, path.bestIteration, path.evaluations, meanError, covError, path.bestElbo);
        QVERIFY2(meanError < 1e-9, qPrintable(QString::number(meanError)));
        QVERIFY2(covError < 1e-9, qPrintable(QString::number(covError)));
        QVERIFY(path.bestIteration <= dim);  // conjugate steps: at most dim iterations
        const double logZ = 0.5 * (dim * std::log(2.0 * M_PI) + std::log(cov.determinant()));
        QVERIFY2(std::abs(path.bestElbo - logZ) < 1e-8, qPrintable(QString("%1 vs %2").arg(path.bestElbo).arg(logZ)));
        QVERIFY((logRatios.array() - logZ).abs().maxCoeff() < 1e-8);
        QCOMPARE(draws.rows(), static_cast<Eigen::Index>(options.drawsPerPath));
        QCOMPARE(logRatios.size(), draws.rows());
        QVERIFY(logRatios.allFinite());
    }

    // Several paths from different starts, pooled and resampled by PSIS: the resampled draws have
    // the target's mean and covariance within Monte Carlo error (10,000 draws resampled with
    // replacement from 10,000: a mean's sd is about 0.014 sd, a covariance's about 0.02 sd_i sd_j;
    // the bounds are 0.06 and 0.08, above 4 sd).
    void multiPathResampledDrawsMatchTheTarget() {
        const int dim = 5;
        const Eigen::MatrixXd cov = correlatedCovariance(dim, 9);
        const Eigen::VectorXd mean = Eigen::VectorXd::LinSpaced(dim, -2.0, 3.0);
        const GaussianDensity target(mean, cov);
        PathfinderOptions options;
        options.paths = 4;
        options.drawsPerPath = 2500;
        options.threads = 2;
        const PathfinderResult result = runPathfinder(target, options);
        QCOMPARE(result.paths.size(), std::size_t{4});
        QCOMPARE(result.posterior.method, std::string("pathfinder"));
        QCOMPARE(result.posterior.pooled().rows(), Eigen::Index{10000});
        QCOMPARE(result.logRatios.size(), Eigen::Index{10000});
        const PsisResampleResult resampled = psisResample(result.posterior, result.logRatios, 10000, 3);
        const Eigen::MatrixXd d = resampled.posterior.pooled().matrix();
        const Eigen::VectorXd m = d.colwise().mean();
        const Eigen::MatrixXd centered = d.rowwise() - m.transpose();
        const Eigen::MatrixXd c = centered.transpose() * centered / static_cast<double>(d.rows() - 1);
        for (int i = 0; i < dim; ++i) {
            const double sd = std::sqrt(cov(i, i));
            QVERIFY2(std::abs(m[i] - mean[i]) < 0.06 * sd, qPrintable(QString("mean %1: %2 vs %3").arg(i).arg(m[i]).arg(mean[i])));
            for (int j = 0; j < dim; ++j)
                QVERIFY2(std::abs(c(i, j) - cov(i, j)) < 0.08 * sd * std::sqrt(cov(j, j)),
                         qPrintable(QString("cov %1,%2: %3 vs %4").arg(i).arg(j).arg(c(i, j)).arg(cov(i, j))));
        }
        // Exact Gaussians give ratios equal up to rounding (spread ~4e-11). Their k-hat is a
        // generalized Pareto fit to that rounding noise, as R's loo would make it (1.12 on an
        // AVX-512 EPYC, below 0.5 where the test was written): it asserts the equal weights, not k-hat.
        const double spread = result.logRatios.maxCoeff() - result.logRatios.minCoeff();
        QVERIFY2(spread < 1e-8, qPrintable(QString::number(spread)));
        QVERIFY(resampled.distinctDraws > 6000);  // equal weights: about 1 - 1/e of them
        QCOMPARE(result.bestMean.size(), Eigen::Index{dim});
        QVERIFY((result.bestVariances.array() > 0.0).all());
    }

    // Resampling by hand-made weights: a draw with weight 0 (ratio -inf) is never kept, and the
    // shares follow the weights.
    void resamplingFollowsTheWeights() {
        Posterior p;
        p.method = "pathfinder";
        Chain chain;
        chain.draws.resize(3, 1);
        chain.draws << 0.0, 1.0, 2.0;
        p.chains.push_back(chain);
        const Eigen::Vector3d logRatios(std::log(1.0), std::log(3.0), -std::numeric_limits<double>::infinity());
        const PsisResampleResult r = psisResample(p, logRatios, 20000, 1);
        const Eigen::VectorXd kept = r.posterior.pooled().matrix().col(0);
        QCOMPARE((kept.array() == 2.0).count(), Eigen::Index{0});
        const double shareOfOne = static_cast<double>((kept.array() == 1.0).count()) / 20000.0;
        QVERIFY2(std::abs(shareOfOne - 0.75) < 0.015, qPrintable(QString::number(shareOfOne)));  // 5 sd of a binomial share
        QVERIFY(std::isnan(r.khat));  // 2 finite ratios: no tail to fit
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, psisResample(p, Eigen::Vector2d(0.0, 0.0), 10, 1));
    }

    void stopsWhenAsked() {
        const GaussianDensity target(Eigen::VectorXd::Constant(8, 3.0), correlatedCovariance(8, 2));
        PathfinderOptions options;
        options.paths = 1;
        StopAfter observer(2);
        const PathfinderResult result = runPathfinder(target, options, &observer);
        QVERIFY(result.stopped);
        QVERIFY(result.posterior.partial);
        QCOMPARE(result.paths.front().iterations, 2);
        QCOMPARE(result.posterior.pooled().rows(), static_cast<Eigen::Index>(options.drawsPerPath));  // from the best Gaussian so far
    }

    void sameSeedSameDraws() {
        const GaussianDensity target(Eigen::VectorXd::Zero(4), correlatedCovariance(4, 4));
        PathfinderOptions options;
        options.paths = 3;
        options.threads = 1;
        const PathfinderResult a = runPathfinder(target, options);
        options.threads = 3;
        const PathfinderResult b = runPathfinder(target, options);
        QVERIFY(a.posterior.chains.front().draws == b.posterior.chains.front().draws);
        options.seed = 2;
        const PathfinderResult c = runPathfinder(target, options);
        QVERIFY(a.posterior.chains.front().draws != c.posterior.chains.front().draws);
    }

    // On a regression the ELBO draws go through the batched kernel pass (LogDensity::logProbs):
    // the draws and their log ratios are the same bit for bit on one thread and on several, and
    // each draw's log density is logProbGrad's there (float kernel: within 1e-7).
    void regressionDrawsDoNotDependOnTheThreads() {
        Rng rng(5);
        Eigen::MatrixXd x(200, 3);
        Eigen::VectorXi y(200);
        for (Eigen::Index n = 0; n < 200; ++n) {
            for (Eigen::Index d = 0; d < 3; ++d) x(n, d) = rng.normal();
            y[n] = x(n, 0) + 0.5 * rng.normal() > 0.0 ? (x(n, 1) > 0.0 ? 2 : 1) : 0;
        }
        ModelSpec spec;
        setModelByName(spec, "hier-studentt");
        const auto model = makeModel(spec, makeModelData(x, y, 3));
        PathfinderOptions options;
        options.paths = 3;
        options.maxIterations = 40;
        options.drawsPerPath = 60;
        options.threads = 1;
        const PathfinderResult one = runPathfinder(*model, options);
        options.threads = 2;
        const PathfinderResult two = runPathfinder(*model, options);
        const Chain& a = one.posterior.chains.front();
        const Chain& b = two.posterior.chains.front();
        QCOMPARE(a.draws.rows(), Eigen::Index{180});
        QVERIFY(a.draws == b.draws);
        QVERIFY(one.logRatios == two.logRatios);
        Eigen::VectorXd grad;
        for (Eigen::Index i = 0; i < a.draws.rows(); i += 7) {
            const double lp = model->logProbGrad(a.draws.row(i).transpose(), grad);
            const double stored = a.stats[static_cast<std::size_t>(i)].logDensity;
            QVERIFY2(std::abs(stored - lp) <= 1e-7 * std::abs(lp), qPrintable(QString("%1 vs %2").arg(stored).arg(lp)));
        }
    }

    void badSettingsAreRefused() {
        const GaussianDensity target(Eigen::VectorXd::Zero(2), Eigen::MatrixXd::Identity(2, 2));
        for (auto change : std::vector<std::function<void(PathfinderOptions&)>>{
                 [](PathfinderOptions& o) { o.paths = 0; }, [](PathfinderOptions& o) { o.history = 0; },
                 [](PathfinderOptions& o) { o.elboDraws = 0; }, [](PathfinderOptions& o) { o.drawsPerPath = 0; },
                 [](PathfinderOptions& o) { o.maxIterations = 0; }, [](PathfinderOptions& o) { o.relativeTolerance = -1.0; }}) {
            PathfinderOptions options;
            change(options);
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runPathfinder(target, options));
        }
    }
};

QTEST_GUILESS_MAIN(TestPathfinder)
#include "tst_pathfinder.moc"
