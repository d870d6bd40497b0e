// The fused softmax-regression kernel against a plain implementation: every shape the tiles
// and the padding must handle, extreme logits, minibatch gathering, and how close float
// comes to double (the tolerance the models rely on when they run in float).
#include "models/LinearSoftmaxKernel.h"
#include "models/ModelSpec.h"
#include "models/SimdExp.h"
#include "perf/ReferenceKernels.h"
#include "util/Rng.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>

using namespace genrelab;

namespace {

struct Problem {
    Eigen::MatrixXd x;  // rows x features
    Eigen::VectorXi y;
    Eigen::MatrixXd beta;
    Eigen::VectorXd alpha;
};

Problem randomProblem(Eigen::Index rows, Eigen::Index features, Eigen::Index classes, double scale, std::uint64_t seed) {
    Rng rng(seed);
    Problem p;
    p.x.resize(rows, features);
    p.y.resize(rows);
    for (Eigen::Index n = 0; n < rows; ++n) {
        for (Eigen::Index d = 0; d < features; ++d) p.x(n, d) = rng.normal();
        p.y[n] = static_cast<int>(rng.below(static_cast<std::uint64_t>(classes)));
    }
    p.beta.resize(features, classes);
    for (Eigen::Index i = 0; i < p.beta.size(); ++i) p.beta.data()[i] = scale * rng.normal();
    p.alpha.resize(classes);
    for (Eigen::Index c = 0; c < classes; ++c) p.alpha[c] = scale * rng.normal();
    return p;
}

// The textbook computation, row by row in long double.
double naive(const Problem& p, Eigen::MatrixXd& gradBeta, Eigen::VectorXd& gradAlpha) {
    const Eigen::Index classes = p.beta.cols();
    gradBeta = Eigen::MatrixXd::Zero(p.beta.rows(), classes);
    gradAlpha = Eigen::VectorXd::Zero(classes);
    long double total = 0;
    for (Eigen::Index n = 0; n < p.x.rows(); ++n) {
        Eigen::VectorXd logits = p.alpha + p.beta.transpose() * p.x.row(n).transpose();
        const double max = logits.maxCoeff();
        long double sum = 0;
        for (Eigen::Index c = 0; c < classes; ++c) sum += std::exp(static_cast<long double>(logits[c] - max));
        total += logits[p.y[n]] - max - std::log(sum);
        for (Eigen::Index c = 0; c < classes; ++c) {
            const double residual = (c == p.y[n] ? 1.0 : 0.0) - static_cast<double>(std::exp(static_cast<long double>(logits[c] - max)) / sum);
            gradAlpha[c] += residual;
            gradBeta.col(c) += residual * p.x.row(n).transpose();
        }
    }
    return static_cast<double>(total);
}

struct Result {
    double ll;
    Eigen::MatrixXd gradBeta;
    Eigen::VectorXd gradAlpha;
};

Result run(const KernelRows& rows, const Problem& p, KernelPrecision precision) {
    LinearSoftmaxKernel kernel;
    Result r{0, Eigen::MatrixXd(p.beta.rows(), p.beta.cols()), Eigen::VectorXd(p.alpha.size())};
    r.ll = kernel.evaluate(rows, p.beta, p.alpha, r.gradBeta, r.gradAlpha, precision);
    return r;
}

// Largest gradient error relative to the largest gradient component.
double gradientError(const Result& r, const Eigen::MatrixXd& gradBeta, const Eigen::VectorXd& gradAlpha) {
    const double scale = std::max({1.0, gradBeta.cwiseAbs().maxCoeff(), gradAlpha.cwiseAbs().maxCoeff()});
    return std::max((r.gradBeta - gradBeta).cwiseAbs().maxCoeff(), (r.gradAlpha - gradAlpha).cwiseAbs().maxCoeff()) / scale;
}

// The packet the kernel feeds SimdExp: Eigen's widest, at most 256 bits (LinearSoftmaxKernel.cpp).
// GCC drops the vector types' alignment attributes when they are template arguments and says
// so; nothing here depends on them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
template <typename Scalar>
using ExpPacket = std::conditional_t<(Eigen::internal::unpacket_traits<typename Eigen::internal::packet_traits<Scalar>::type>::size *
                                          sizeof(Scalar) > 32),
                                     typename Eigen::internal::unpacket_traits<typename Eigen::internal::packet_traits<Scalar>::type>::half,
                                     typename Eigen::internal::packet_traits<Scalar>::type>;

// Largest error of simd::expNonPositive in units in the last place of the reference, over
// `points` evenly spaced inputs in [low, 0] (both ends included).
template <typename Scalar>
double maxUlpError(Scalar low, long points, Scalar& worstInput) {
    namespace ei = Eigen::internal;
    using Packet = ExpPacket<Scalar>;
    constexpr int lanes = ei::unpacket_traits<Packet>::size;
    constexpr int mantissaBits = std::numeric_limits<Scalar>::digits - 1;
    Scalar in[lanes], out[lanes];
    double worst = 0.0;
    for (long i = 0; i < points; i += lanes) {
        for (int l = 0; l < lanes; ++l)
            in[l] = static_cast<Scalar>(low - static_cast<long double>(low) * std::min(i + l, points - 1) / (points - 1));
        ei::pstoreu(out, simd::expNonPositive(ei::ploadu<Packet>(in)));
        for (int l = 0; l < lanes; ++l) {
            const long double reference = std::exp(static_cast<long double>(in[l]));
            const long double ulp = std::ldexp(1.0L, std::ilogb(static_cast<Scalar>(reference)) - mantissaBits);
            const double error = static_cast<double>(std::fabs(static_cast<long double>(out[l]) - reference) / ulp);
            if (error > worst) {
                worst = error;
                worstInput = in[l];
            }
        }
    }
    return worst;
}

double simdExpOfZero() {
    double out[Eigen::internal::unpacket_traits<ExpPacket<double>>::size];
    Eigen::internal::pstoreu(out, simd::expNonPositive(Eigen::internal::pset1<ExpPacket<double>>(0.0)));
    return out[0];
}
#pragma GCC diagnostic pop

} // namespace

class TestKernel : public QObject {
    Q_OBJECT
private slots:
    void matchesThePlainComputation_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("features");
        QTest::addColumn<int>("classes");
        QTest::addColumn<double>("scale");
        // Rows around the 16-row tile and the 128-row block, classes around the 4-class tile,
        // odd and even feature counts; scale 30 makes most exps underflow.
        QTest::newRow("1 row") << 1 << 3 << 2 << 1.0;
        QTest::newRow("15 rows") << 15 << 1 << 3 << 1.0;
        QTest::newRow("17 rows, 5 classes") << 17 << 2 << 5 << 1.0;
        QTest::newRow("128 rows") << 128 << 4 << 4 << 1.0;
        QTest::newRow("129 rows, 13 classes") << 129 << 5 << 13 << 1.0;
        QTest::newRow("study shape") << 1000 << 14 << 11 << 0.5;
        QTest::newRow("extreme logits") << 300 << 7 << 6 << 30.0;
        QTest::newRow("70 classes") << 40 << 3 << 70 << 1.0;
    }
    void matchesThePlainComputation() {
        QFETCH(int, rows);
        QFETCH(int, features);
        QFETCH(int, classes);
        QFETCH(double, scale);
        const Problem p = randomProblem(rows, features, classes, scale, 7);
        Eigen::MatrixXd gradBeta;
        Eigen::VectorXd gradAlpha;
        const double expected = naive(p, gradBeta, gradAlpha);
        const KernelRows kernelRows = makeKernelRows(p.x, p.y);
        QCOMPARE(kernelRows.x.rows() % kKernelRowTile, Eigen::Index{0});

        const Result d = run(kernelRows, p, KernelPrecision::Double);
        QVERIFY2(std::abs(d.ll - expected) <= 1e-12 * std::max(1.0, std::abs(expected)), qPrintable(QString::number(d.ll - expected)));
        QVERIFY2(gradientError(d, gradBeta, gradAlpha) < 1e-12, qPrintable(QString::number(gradientError(d, gradBeta, gradAlpha))));

        // Float: single-precision logits (|l| ~ 30 * sqrt(features) at the extreme) bound the
        // error at a few float ulps of the logits per row.
        const Result f = run(kernelRows, p, KernelPrecision::Float);
        const double logitScale = scale * (std::sqrt(static_cast<double>(features)) + 1.0) * 4.0;
        const double llTolerance = 4e-7 * std::max(1.0, logitScale) * rows;
        QVERIFY2(std::abs(f.ll - expected) <= llTolerance, qPrintable(QString::number(f.ll - expected)));
        QVERIFY2(gradientError(f, gradBeta, gradAlpha) < 1e-5 * std::max(1.0, logitScale),
                 qPrintable(QString::number(gradientError(f, gradBeta, gradAlpha))));
    }

    // The batched log likelihood of three coefficient sets side by side (Pathfinder's ELBO
    // draws) against the plain computation of each, on the same shapes and to the same
    // tolerances as evaluate.
    void logLikelihoodsOfSeveralSets_data() { matchesThePlainComputation_data(); }
    void logLikelihoodsOfSeveralSets() {
        QFETCH(int, rows);
        QFETCH(int, features);
        QFETCH(int, classes);
        QFETCH(double, scale);
        constexpr Eigen::Index sets = 3;
        const Problem first = randomProblem(rows, features, classes, scale, 7);
        const KernelRows kernelRows = makeKernelRows(first.x, first.y);
        Eigen::MatrixXd betas(features, sets * classes), alphas(classes, sets);
        Eigen::VectorXd expected(sets);
        for (Eigen::Index j = 0; j < sets; ++j) {
            Problem p = randomProblem(rows, features, classes, scale, 11 + static_cast<std::uint64_t>(j));
            p.x = first.x;
            p.y = first.y;
            betas.middleCols(j * classes, classes) = p.beta;
            alphas.col(j) = p.alpha;
            Eigen::MatrixXd gradBeta;
            Eigen::VectorXd gradAlpha;
            expected[j] = naive(p, gradBeta, gradAlpha);
        }
        LinearSoftmaxKernel kernel;
        Eigen::VectorXd inDouble(sets), inFloat(sets);
        kernel.logLikelihoods(kernelRows, betas, alphas, inDouble, KernelPrecision::Double);
        kernel.logLikelihoods(kernelRows, betas, alphas, inFloat, KernelPrecision::Float);
        const double logitScale = scale * (std::sqrt(static_cast<double>(features)) + 1.0) * 4.0;
        for (Eigen::Index j = 0; j < sets; ++j) {
            // evaluate's value to the last bit: on an AVX-512 machine logLikelihoods runs its
            // per-row work in 512-bit packets, evaluate in AVX2's; the numbers must not differ.
            Eigen::MatrixXd gradBeta(features, classes);
            Eigen::VectorXd gradAlpha(classes);
            for (const auto& [batched, precision] : {std::pair{inDouble[j], KernelPrecision::Double}, std::pair{inFloat[j], KernelPrecision::Float}}) {
                const double single = kernel.evaluate(kernelRows, betas.middleCols(j * classes, classes), alphas.col(j), gradBeta,
                                                      gradAlpha, precision);
                QVERIFY2(batched == single, qPrintable(QString("%1 vs %2").arg(batched, 0, 'g', 17).arg(single, 0, 'g', 17)));
            }
            QVERIFY2(std::abs(inDouble[j] - expected[j]) <= 1e-12 * std::max(1.0, std::abs(expected[j])),
                     qPrintable(QString::number(inDouble[j] - expected[j])));
            QVERIFY2(std::abs(inFloat[j] - expected[j]) <= 4e-7 * std::max(1.0, logitScale) * rows,
                     qPrintable(QString::number(inFloat[j] - expected[j])));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, kernel.logLikelihoods(kernelRows, betas, alphas.leftCols(2), inDouble));
    }

    // Summing 20,000 rows: float keeps ~1e-7 relative accuracy because every sum across
    // blocks is carried in double.
    void floatStaysCloseOnManyRows() {
        const Problem p = randomProblem(20000, 14, 11, 0.3, 3);
        Eigen::MatrixXd gradBeta;
        Eigen::VectorXd gradAlpha;
        const double expected = naive(p, gradBeta, gradAlpha);
        const Result f = run(makeKernelRows(p.x, p.y), p, KernelPrecision::Float);
        QVERIFY2(std::abs(f.ll - expected) < 2e-7 * std::abs(expected), qPrintable(QString::number((f.ll - expected) / expected)));
        QVERIFY2(gradientError(f, gradBeta, gradAlpha) < 1e-5, qPrintable(QString::number(gradientError(f, gradBeta, gradAlpha))));
    }

    void gatheredRowsEqualTheirOwnLayout() {
        const Problem p = randomProblem(200, 5, 4, 1.0, 11);
        const Eigen::MatrixXd xt = p.x.transpose();
        const Eigen::MatrixXf xtf = xt.cast<float>();
        const RowMajorRows all{xt, xtf, p.y};
        const std::vector<Eigen::Index> picked{3, 3, 199, 0, 57, 120, 121, 18, 44, 45, 46, 47, 48, 49, 50, 51, 52};
        Problem sub = p;
        sub.x.resize(static_cast<Eigen::Index>(picked.size()), p.x.cols());
        sub.y.resize(static_cast<Eigen::Index>(picked.size()));
        for (std::size_t i = 0; i < picked.size(); ++i) {
            sub.x.row(static_cast<Eigen::Index>(i)) = p.x.row(picked[i]);
            sub.y[static_cast<Eigen::Index>(i)] = p.y[picked[i]];
        }
        for (auto precision : {KernelPrecision::Double, KernelPrecision::Float}) {
            KernelRows gathered;
            gatherKernelRows(all, {100, 101}, gathered, precision);  // a smaller batch first: the buffer must reshape
            gatherKernelRows(all, picked, gathered, precision);
            const Result a = run(gathered, sub, precision), b = run(makeKernelRows(sub.x, sub.y), sub, precision);
            QCOMPARE(a.ll, b.ll);
            QCOMPARE(a.gradBeta, b.gradBeta);
            QCOMPARE(a.gradAlpha, b.gradAlpha);
        }
    }

    // The benchmarks' yardsticks compute what the models compute (without the priors, made
    // negligible here by a huge prior scale), or their ratios would compare different work.
    void referenceKernelsComputeTheModelsLikelihood() {
        const Problem p = randomProblem(300, 4, 3, 0.7, 21);
        const auto data = makeModelData(p.x, p.y, 3);
        Eigen::MatrixXd gradBeta;
        Eigen::VectorXd gradAlpha;
        const double expected = naive(p, gradBeta, gradAlpha);
        RegressionReference regression(*data);
        Result r{0, {}, {}};
        r.ll = regression.evaluate(p.beta, p.alpha, r.gradBeta, r.gradAlpha);
        QVERIFY(std::abs(r.ll - expected) < 1e-10 * std::abs(expected));
        QVERIFY(gradientError(r, gradBeta, gradAlpha) < 1e-12);

        ModelSpec spec;
        setModelByName(spec, "mlp");
        spec.mlp.hidden = {5};
        spec.mlp.priorScale = 1e8;
        spec.mlp.precision = KernelPrecision::Double;
        const auto mlp = makeModel(spec, data);
        Rng rng(2);
        Eigen::VectorXd theta(mlp->dim()), grad;
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = rng.normal();
        const double priorPart = -static_cast<double>(mlp->dim()) * (std::log(1e8) + 0.91893853320467274178);
        const double modelLl = mlp->logProbGrad(theta, grad) - priorPart;
        const MlpWeights weights{Eigen::Map<const Eigen::MatrixXd>(theta.data(), 5, 4),
                                 Eigen::Map<const Eigen::MatrixXd>(theta.data() + 25, 3, 5),
                                 Eigen::Map<const Eigen::VectorXd>(theta.data() + 20, 5),
                                 Eigen::Map<const Eigen::VectorXd>(theta.data() + 40, 3)};
        MlpReference reference(*data);
        MlpWeights g;
        const double referenceLl = reference.evaluate(weights, g);
        QVERIFY2(std::abs(referenceLl - modelLl) < 1e-9 * std::abs(modelLl), qPrintable(QString::number(referenceLl - modelLl)));
        Eigen::VectorXd flat(theta.size());
        flat << Eigen::Map<const Eigen::VectorXd>(g.w1.data(), 20), g.b1, Eigen::Map<const Eigen::VectorXd>(g.w2.data(), 15), g.b2;
        QVERIFY2((flat - grad).cwiseAbs().maxCoeff() < 1e-9, qPrintable(QString::number((flat - grad).cwiseAbs().maxCoeff())));
    }

    // SimdExp's exp over its whole input range (below it the result is clamped): the largest
    // error in ULPs against exp in long double, 2^24 evenly spaced points for double and float.
    void simdExpIsAccurateOverItsRange() {
        double worstDouble = 0.0;
        const double ulpDouble = maxUlpError<double>(-708.0, 1L << 24, worstDouble);
        float worstFloat = 0.0f;
        const double ulpFloat = maxUlpError<float>(-86.0f, 1L << 24, worstFloat);
        qInfo("SimdExp: %.3f ULP (double, at %.17g), %.3f ULP (float, at %.9g)", ulpDouble, worstDouble, ulpFloat,
              static_cast<double>(worstFloat));
        // Measured (AVX2 path): 3.53 ULP double, 1.75 float; Eigen's pexp (the fallback): 1.70, 1.28.
        QVERIFY2(ulpDouble < 4.0, qPrintable(QString::number(ulpDouble)));
        QVERIFY2(ulpFloat < 2.0, qPrintable(QString::number(ulpFloat)));
        QCOMPARE(simdExpOfZero(), 1.0);  // exact where the softmax's largest logit lands
    }

    void nonFiniteCoefficientsGiveNaNNotACrash() {
        Problem p = randomProblem(40, 3, 3, 1.0, 5);
        p.beta(1, 2) = std::nan("");
        const KernelRows rows = makeKernelRows(p.x, p.y);
        QVERIFY(std::isnan(run(rows, p, KernelPrecision::Double).ll));
        QVERIFY(std::isnan(run(rows, p, KernelPrecision::Float).ll));
        p.beta(1, 2) = std::numeric_limits<double>::infinity();
        QVERIFY(!std::isfinite(run(rows, p, KernelPrecision::Double).ll));
    }
};

QTEST_APPLESS_MAIN(TestKernel)
#include "tst_kernel.moc"
