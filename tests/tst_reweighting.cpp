// Prior re-weighting against brute force on small synthetic data: the weights are the ratio of
// the whole log densities in theta (likelihood and Jacobians included) for every model and
// every change re-weighting allows; the re-weighted means and 5%/95% quantiles are those of the
// changed model's natural parameters (shift coordinates map theta to other coefficients when
// alpha-scale or beta-scale move); a changed title slab, which the likelihood sees, is refused.
#include "GroupedSample.h"
#include "eval/PriorReweighting.h"
#include "eval/Psis.h"
#include "infer/Posterior.h"
#include "models/Hyperparameter.h"
#include "models/ModelSpec.h"
#include "util/Rng.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace genrelab;
using genrelab::testing::Sample;
using genrelab::testing::groupedSample;

namespace {

Design designOf(const Sample& s, const ModelTerms& terms) {
    return Design{s.x, terms.artistEffects ? s.groups.artists : SparseRows{}, terms.titleTokens ? s.groups.tokens : SparseRows{}, {},
                  terms.songCopies ? s.groups.songCopies : SparseRows{}, terms.artistSongs ? s.groups.artistSongs : SparseRows{}};
}

ModelSpec specOf(const QString& model, const QString& coordinates, int terms) {
    ModelSpec spec;
    setModelByName(spec, model.toStdString());
    spec.regression.precision = spec.mlp.precision = KernelPrecision::Double;  // the logProb comparisons to 1e-9
    spec.regression.coordinates = coordinatesFromName(coordinates.toStdString());
    spec.regression.nu = 3.0;
    spec.regression.tau = 0.7;
    spec.regression.lambda = 1.3;
    spec.regression.alphaScale = 2.0;
    spec.regression.betaScale = 1.5;
    spec.mlp.hidden = {4};
    spec.terms.artistEffects = (terms & 1) != 0;
    spec.terms.titleTokens = (terms & 2) != 0;
    spec.terms.songCopies = (terms & 4) != 0;
    spec.terms.tauArtist = 0.8;
    return spec;
}

// A one-chain posterior of `draws` thetas around zero (sd 0.6): the comparisons hold for any draws.
std::shared_ptr<const Posterior> drawsOf(const LogDensity& model, int draws, std::uint64_t seed) {
    Rng rng(seed);
    auto posterior = std::make_shared<Posterior>();
    posterior->method = "prior";
    posterior->chains.push_back(Chain{Eigen::MatrixXd(draws, model.dim()), {}, 0});
    for (Eigen::Index i = 0; i < posterior->chains[0].draws.size(); ++i) posterior->chains[0].draws.data()[i] = 0.6 * rng.normal();
    return posterior;
}

double logProb(const LogDensity& model, const Eigen::VectorXd& theta) {
    Eigen::VectorXd grad;
    return model.logProbGrad(theta, grad);
}

// Every change the model builder can make to a fitted spec's numbers: each hyperparameter times
// 1.7, the copy scale and the title slab.
std::vector<std::pair<std::string, ModelSpec>> changesOf(const ModelSpec& spec) {
    std::vector<std::pair<std::string, ModelSpec>> changes;
    for (const HyperparameterInfo& h : hyperparameters()) {
        ModelSpec changed = spec;
        setHyperparameter(changed, h.id, 1.7 * hyperparameterValue(spec, h.id));
        changes.emplace_back(std::string(h.option), changed);
    }
    ModelSpec copies = spec;
    copies.terms.copyScale *= 0.6;
    changes.emplace_back("copy-scale", copies);
    ModelSpec slab = spec;
    slab.terms.titleSlab = 0.6;
    changes.emplace_back("title-slab", slab);
    return changes;
}

// The inverse of the weighted ECDF at p, written out: sort, accumulate, first to reach p.
double bruteQuantile(const Eigen::VectorXd& values, const Eigen::VectorXd& w, double p) {
    std::vector<std::pair<double, double>> pairs;
    for (Eigen::Index i = 0; i < values.size(); ++i) pairs.emplace_back(values[i], w[i]);
    std::sort(pairs.begin(), pairs.end());
    const double total = w.sum();
    double cumulative = 0.0;
    for (const auto& [value, weight] : pairs) {
        cumulative += weight / total;
        if (cumulative >= p) return value;
    }
    return pairs.back().first;
}

} // namespace

class TestReweighting : public QObject {
    Q_OBJECT
private slots:
    void weightsAreTheWholeLogDensitiesRatio_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("coordinates");
        QTest::addColumn<int>("terms");
        for (std::string_view name : modelNames()) {
            const std::string n(name);
            for (const std::string& c : testing::coordinatesOf(n))
                for (int terms : {0, 1, 2, 4, 7})
                    QTest::newRow((n + " " + c + " terms " + std::to_string(terms)).c_str())
                        << QString::fromStdString(n) << QString::fromStdString(c) << terms;
        }
    }
    // For every model, coordinates and group terms, and every change reweightingRefusal allows,
    // priorLogRatios equals changed.logProb(theta) - fitted.logProb(theta), the whole densities
    // with the likelihood (1e-9 relative to the log densities); the hyperparameter terms read
    // only their coordinates (every other one NaN: still finite). The changes it refuses are the
    // title slab with title tokens (where the likelihood moves) and none else.
    void weightsAreTheWholeLogDensitiesRatio() {
        QFETCH(QString, model);
        QFETCH(QString, coordinates);
        QFETCH(int, terms);
        const Sample s = groupedSample();
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        const ModelSpec spec = specOf(model, coordinates, terms);
        const auto fitted = makeModel(spec, data);
        const int draws = 6;
        ReweightingBasis basis;
        basis.posterior = drawsOf(*fitted, draws, 23);
        for (int k = 0; k < draws; ++k) basis.draws.push_back(k);
        gatherPriorTerms(basis, *fitted);
        Eigen::VectorXd isolated = Eigen::VectorXd::Constant(fitted->dim(), std::nan(""));
        for (Eigen::Index i : basis.priorCoordinates) isolated[i] = basis.theta(0)[i];
        QCOMPARE(fitted->hyperparameterTermsLogPrior(isolated), basis.baseLogPrior[0]);
        QVERIFY(std::isfinite(basis.baseLogPrior[0]));

        int moved = 0, refused = 0;
        for (const auto& [name, changedSpec] : changesOf(spec)) {
            const std::string refusal = reweightingRefusal(spec, changedSpec);
            const auto changed = makeModel(changedSpec, data);
            if (!refusal.empty()) {
                ++refused;
                QCOMPARE(name, std::string("title-slab"));
                QVERIFY(spec.terms.titleTokens);
                QVERIFY2(refusal.find("title slab changes what the data see") != std::string::npos, refusal.c_str());
                continue;
            }
            const Eigen::VectorXd ratios = priorLogRatios(basis, *changed);
            for (int k = 0; k < draws; ++k) {
                const Eigen::VectorXd theta = basis.theta(k);
                const double after = logProb(*changed, theta), before = logProb(*fitted, theta);
                const double whole = after - before;
                moved += std::fabs(whole) > 1e-6;
                const double tolerance = 1e-9 * std::max({1.0, std::fabs(after), std::fabs(before)});
                QVERIFY2(std::fabs(ratios[k] - whole) <= tolerance,
                         qPrintable(QString("%1: %2 vs the whole density's %3").arg(QString::fromStdString(name)).arg(ratios[k]).arg(whole)));
            }
        }
        QCOMPARE(refused, spec.terms.titleTokens ? 1 : 0);
        // Every model reads a prior scale (alpha-scale, or the network's); the terms their own.
        QVERIFY(moved >= draws * (1 + (spec.terms.artistEffects ? 1 : 0) + (spec.terms.titleTokens ? 1 : 0) + (spec.terms.songCopies ? 1 : 0)));
    }

    // Why the slab is refused: with title tokens it moves the likelihood (a token row's class
    // probabilities), so the whole densities' difference is not a prior's; and a refusal names
    // another model for anything beyond the hyperparameters.
    void aChangeTheDataSeeIsRefused() {
        const Sample s = groupedSample();
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        ModelSpec spec = specOf("hier-studentt", "shift", 2);
        ModelSpec slab = spec;
        slab.terms.titleSlab = 0.6;
        const auto fitted = makeModel(spec, data), changed = makeModel(slab, data);
        const Eigen::VectorXd theta = drawsOf(*fitted, 1, 3)->pooled().row(0).transpose();
        const Design design = designOf(s, spec.terms);
        const Eigen::MatrixXd before = fitted->classProbabilities(theta, design), after = changed->classProbabilities(theta, design);
        QVERIFY((before - after).cwiseAbs().maxCoeff() > 1e-4);  // row 0 holds tokens 0 and 3
        QVERIFY(std::fabs(changed->hyperparameterTermsLogPrior(theta) - fitted->hyperparameterTermsLogPrior(theta)) < 1e-12);
        QVERIFY(std::fabs(logProb(*changed, theta) - logProb(*fitted, theta)) > 1e-4);
        const std::string reason = reweightingRefusal(spec, slab);
        QVERIFY2(reason.find("Changing the title slab changes what the data see") != std::string::npos, reason.c_str());
        QVERIFY2(reason.find("train to see it") != std::string::npos, reason.c_str());
        // Without title tokens the slab is read by nothing: re-weighted (to no change).
        ModelSpec noTitles = spec, noTitlesSlab = slab;
        noTitles.terms.titleTokens = noTitlesSlab.terms.titleTokens = false;
        QCOMPARE(reweightingRefusal(noTitles, noTitlesSlab), std::string());
        // Another family, coordinates or terms: another model.
        for (auto edit : {+[](ModelSpec& m) { setModelByName(m, "ard"); }, +[](ModelSpec& m) { m.regression.coordinates = Coordinates::Centered; },
                          +[](ModelSpec& m) { m.terms.artistEffects = true; }, +[](ModelSpec& m) { m.regression.partialCentering = 0.3; },
                          +[](ModelSpec& m) { m.terms.titleMinCount = 5; }}) {
            ModelSpec other = spec;
            edit(other);
            QVERIFY(reweightingRefusal(spec, other).find("another model") != std::string::npos);
        }
        ModelSpec priors = spec;  // only what the prior reads, and the kernel's arithmetic
        priors.regression.tau = 3.0;
        priors.regression.alphaScale = 0.5;
        priors.terms.tauTitle = 1.0;
        priors.regression.precision = KernelPrecision::Float;
        QCOMPARE(reweightingRefusal(spec, priors), std::string());
    }

    void reweightedNumbersMatchBruteForce_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("change");
        QTest::addColumn<bool>("remapped");
        for (const char* model : {"flat", "hier-studentt", "hier-normal", "ard"}) {
            const bool flat = std::string(model) == "flat";
            QTest::newRow((std::string(model) + " alpha-scale").c_str()) << model << "alpha-scale" << true;
            if (flat) QTest::newRow((std::string(model) + " beta-scale").c_str()) << model << "beta-scale" << true;  // hierarchical models do not read it
            QTest::newRow((std::string(model) + " alpha-scale and beta-scale").c_str()) << model << "both scales" << true;
            if (!flat) {
                QTest::newRow((std::string(model) + " tau").c_str()) << model << "tau" << false;
                QTest::newRow((std::string(model) + " tau and alpha-scale").c_str()) << model << "tau and alpha-scale" << true;
            }
        }
    }
    // With shift coordinates on, a basis from makeReweightingBasis (artist effects too, so the
    // rows and the test set carry artists) re-weighted to a changed prior gives, to 1e-9: the
    // brute-force weights (PSIS of the whole log densities' differences), the weighted means and
    // 5%/95% quantiles of the changed model's natural parameters of the draws, and the test
    // predictions of the changed model (the likelihood does not move). The natural parameters are
    // recomputed exactly where the change moves the mapping from theta (alpha-scale, and
    // beta-scale for flat); where they are, the fitted mapping's means are measurably wrong.
    void reweightedNumbersMatchBruteForce() {
        QFETCH(QString, model);
        QFETCH(QString, change);
        QFETCH(bool, remapped);
        const Sample s = groupedSample();
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        const ModelSpec spec = specOf(model, "shift", 1);
        ModelSpec changedSpec = spec;
        if (change.contains("alpha-scale") || change == "both scales") changedSpec.regression.alphaScale = 3.5;
        if (change == "beta-scale" || change == "both scales") changedSpec.regression.betaScale = 2.5;
        if (change.contains("tau")) changedSpec.regression.tau = 1.6;
        QCOMPARE(reweightingRefusal(spec, changedSpec), std::string());
        const auto fitted = makeModel(spec, data), changed = makeModel(changedSpec, data);

        const int draws = 80;
        const Design design = designOf(s, spec.terms);
        Design test = design.middleRows(0, 12);
        test.unseenArtistSpread.assign(12, 0.0);
        test.unseenArtistSpread[3] = 1.0;  // a row naming no artist: integrated over sigma_artist
        const Eigen::VectorXi yTest = s.y.head(12);
        const ReweightingBasis basis = makeReweightingBasis(*fitted, drawsOf(*fitted, draws, 41), design, s.y, test, yTest, {}, 1);
        QCOMPARE(basis.drawCount(), Eigen::Index{draws});
        // The outputs' coordinates are kept per draw: every one but the 5 artists' 3 offsets' z.
        QCOMPARE(static_cast<Eigen::Index>(basis.outputCoordinates.size()), fitted->dim() - 5 * 3);
        const ReweightedPosterior r = reweightPrior(basis, *changed);
        QCOMPARE(r.remapped, remapped);

        // Brute force: the whole densities, the changed model's outputs, the test predictions.
        Eigen::VectorXd logRatio(draws);
        Eigen::MatrixXd natural(draws, basis.natural.cols());
        Eigen::MatrixXd meanProbabilities = Eigen::MatrixXd::Zero(test.rows(), 3);
        std::vector<Eigen::MatrixXd> probabilities;
        for (int k = 0; k < draws; ++k) {
            const Eigen::VectorXd theta = basis.theta(k);
            logRatio[k] = logProb(*changed, theta) - logProb(*fitted, theta);
            natural.row(k) = changed->outputs(theta).transpose();
            probabilities.push_back(changed->classProbabilities(theta, test));
            QVERIFY((probabilities.back() - fitted->classProbabilities(theta, test)).cwiseAbs().maxCoeff() < 1e-12);
        }
        QVERIFY(logRatio.maxCoeff() - logRatio.minCoeff() > 0.1);  // the weights are not all equal
        Eigen::VectorXd smoothed = logRatio;
        const double khat = psisSmooth(smoothed, 1.0);
        Eigen::VectorXd w = (smoothed.array() - smoothed.maxCoeff()).exp();
        w /= w.sum();
        QVERIFY(std::fabs(r.khat - khat) < 1e-9);
        QVERIFY(std::fabs(r.effectiveDraws - 1.0 / w.squaredNorm()) < 1e-9 * r.effectiveDraws);
        for (Eigen::Index p = 0; p < natural.cols(); ++p) {
            const Eigen::VectorXd values = natural.col(p);
            const double mean = values.dot(w), scale = std::max(1.0, values.cwiseAbs().maxCoeff());
            const QString name = QString::fromStdString(basis.names[static_cast<std::size_t>(p)]);
            QVERIFY2(std::fabs(r.means[p] - mean) < 1e-9 * scale, qPrintable(QString("%1: mean %2 vs %3").arg(name).arg(r.means[p]).arg(mean)));
            QVERIFY2(std::fabs(r.lower[p] - bruteQuantile(values, w, 0.05)) < 1e-9 * scale, qPrintable(name));
            QVERIFY2(std::fabs(r.upper[p] - bruteQuantile(values, w, 0.95)) < 1e-9 * scale, qPrintable(name));
        }
        // The defect this guards against: the fitted mapping's means are not the changed model's.
        const double fittedMappingError = (basis.natural.transpose() * w - natural.transpose() * w).cwiseAbs().maxCoeff();
        QCOMPARE(fittedMappingError > 1e-3, remapped);
        if (!remapped) QVERIFY(fittedMappingError < 1e-12);

        for (int k = 0; k < draws; ++k) meanProbabilities += w[k] * probabilities[static_cast<std::size_t>(k)];
        int correct = 0;
        double logPredictive = 0.0;
        for (Eigen::Index i = 0; i < test.rows(); ++i) {
            Eigen::Index best = 0;
            meanProbabilities.row(i).maxCoeff(&best);
            correct += best == yTest[i];
            logPredictive += std::log(meanProbabilities(i, yTest[i]));
        }
        // The basis holds the predictions in float: to float's rounding.
        QCOMPARE(r.testAccuracy, static_cast<double>(correct) / static_cast<double>(test.rows()));
        QVERIFY(std::fabs(r.testLogPredictive - logPredictive / static_cast<double>(test.rows())) < 1e-5);
    }

    // The LOO rows keep every part of a training row (Design::rowsAt): a training design whose rows
    // carry unseen-artist spreads gets the same log-likelihoods in the basis as from the whole design.
    void looRowsKeepEveryPartOfARow() {
        const Sample s = groupedSample();
        const auto data = makeModelData(s.x, s.y, 3, {}, {}, s.groups);
        const ModelSpec spec = specOf("hier-studentt", "shift", 1);
        const auto fitted = makeModel(spec, data);
        Design train = designOf(s, spec.terms);
        for (Eigen::Index n = 0; n < train.rows(); ++n) train.unseenArtistSpread.push_back(n % 4 == 3 ? 1.0 : n % 3 == 0 ? 0.5 : 0.0);
        const std::vector<Eigen::Index> picked = {0, 3, 7, 29};
        const Design rows = train.rowsAt(picked);
        QCOMPARE(rows.unseenArtistSpread, (std::vector<double>{0.5, 1.0, 1.0, 0.0}));
        QCOMPARE(rows.artists.rows(), std::size_t{4});
        QVERIFY(rows.tokens.rows() == 0 && rows.songCopies.rows() == 0);  // empty parts stay empty
        ReweightingOptions options;
        options.looRows = 10;  // rows 0, 3, 6, ..., 27
        const ReweightingBasis basis = makeReweightingBasis(*fitted, drawsOf(*fitted, 5, 7), train, s.y, Design{}, Eigen::VectorXi{}, options, 1);
        for (Eigen::Index k = 0; k < basis.drawCount(); ++k) {
            const Eigen::MatrixXd p = fitted->classProbabilities(basis.theta(k), train);
            for (Eigen::Index j = 0; j < 10; ++j)
                QVERIFY(std::fabs(basis.looLogLik(k, j) - std::log(p(3 * j, s.y[3 * j]))) < 1e-5);
        }
    }
};

QTEST_APPLESS_MAIN(TestReweighting)
#include "tst_reweighting.moc"
