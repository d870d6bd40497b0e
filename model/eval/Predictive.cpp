#include "eval/Predictive.h"

#include "eval/Diagnostics.h"
#include "eval/WorstDiagnostic.h"
#include "eval/Metrics.h"
#include "util/ParallelFor.h"
#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace genrelab {

namespace {

// Rows a prediction runs over: dense (x) or a Design. The dense form gives Designs without sparse
// parts, which every model reads as its dense rows.
struct Rows {
    const Eigen::MatrixXd* x = nullptr;
    const Design* design = nullptr;
    Eigen::Index count() const { return design ? design->rows() : x->rows(); }
    Design slice(Eigen::Index first, Eigen::Index rows) const {
        return design ? design->middleRows(first, rows) : Design{x->middleRows(first, rows), {}, {}, {}, {}, {}};
    }
};

// The draws used, evenly spaced over the pooled chains, each copied once into a vector the
// model's classProbabilities takes as it is.
std::vector<Eigen::VectorXd> spacedDraws(const Posterior& posterior, std::size_t maxDraws) {
    const PooledDraws pooled = posterior.pooled();
    const auto total = static_cast<std::size_t>(pooled.rows());
    const std::size_t used = total == 0 ? 0 : std::min(total, std::max<std::size_t>(1, maxDraws));
    std::vector<Eigen::VectorXd> draws(used);
    for (std::size_t k = 0; k < used; ++k) draws[k] = pooled.row(static_cast<Eigen::Index>(k * total / used)).transpose();
    return draws;
}

// What one block of rows contributes: the sum of its probabilities over draws (in draw order)
// and, per draw, integer counts that add up exactly in any order.
struct BlockTally {
    Eigen::MatrixXd probabilitySum;  // block rows x classes
    Eigen::MatrixXi predicted;       // draws x classes: rows predicted as the class
    Eigen::MatrixXi truePositive;    // draws x classes (with labels)
};

BlockTally tallyBlock(const LogDensity& model, const std::vector<Eigen::VectorXd>& draws, const Design& block,
                      const int* labels) {
    BlockTally tally;
    for (std::size_t k = 0; k < draws.size(); ++k) {
        const Eigen::MatrixXd p = model.classProbabilities(draws[k], block);
        if (k == 0) {
            tally.probabilitySum = p;
            tally.predicted = Eigen::MatrixXi::Zero(static_cast<Eigen::Index>(draws.size()), p.cols());
            if (labels) tally.truePositive = tally.predicted;
        } else {
            tally.probabilitySum += p;
        }
        const auto draw = static_cast<Eigen::Index>(k);
        for (Eigen::Index n = 0; n < p.rows(); ++n) {
            Eigen::Index c;
            p.row(n).maxCoeff(&c);
            ++tally.predicted(draw, c);
            if (labels && labels[n] == c) ++tally.truePositive(draw, c);
        }
    }
    return tally;
}

PosteriorPredictive predictive(const Posterior& posterior, const LogDensity& model, const Rows& x, const Eigen::VectorXi* labels,
                               std::size_t maxDraws, int threads) {
    PosteriorPredictive out;
    if (x.count() == 0) return out;
    if (labels && labels->size() != x.count()) throw std::invalid_argument("labels and feature rows differ in number");
    const std::vector<Eigen::VectorXd> draws = spacedDraws(posterior, maxDraws);
    if (draws.empty()) return out;
    const Eigen::Index rows = x.count();
    const auto blocks = static_cast<std::size_t>((rows + kPredictiveBlockRows - 1) / kPredictiveBlockRows);
    std::vector<BlockTally> tallies(blocks);
    parallelFor(blocks, threads, [&](std::size_t b, const CancellationToken&) {
        const Eigen::Index first = static_cast<Eigen::Index>(b) * kPredictiveBlockRows;
        const Eigen::Index count = std::min(kPredictiveBlockRows, rows - first);
        tallies[b] = tallyBlock(model, draws, x.slice(first, count), labels ? labels->data() + first : nullptr);
    });

    const Eigen::Index classes = tallies.front().probabilitySum.cols();
    const auto used = static_cast<Eigen::Index>(draws.size());
    out.probabilities.resize(rows, classes);
    out.drawPredictedCounts = Eigen::MatrixXi::Zero(used, classes);
    Eigen::MatrixXi truePositive = Eigen::MatrixXi::Zero(used, classes);
    for (std::size_t b = 0; b < blocks; ++b) {
        const Eigen::Index first = static_cast<Eigen::Index>(b) * kPredictiveBlockRows;
        out.probabilities.middleRows(first, tallies[b].probabilitySum.rows()) = tallies[b].probabilitySum;
        out.drawPredictedCounts += tallies[b].predicted;
        if (labels) truePositive += tallies[b].truePositive;
    }
    out.probabilities /= static_cast<double>(used);
    out.drawsUsed = draws.size();
    if (!labels) return out;

    // Per draw, accuracy and macro F1 as evaluatePredictions computes them from the confusion
    // matrix: its diagonal, column sums (predicted as) and row sums (support).
    Eigen::VectorXi support = Eigen::VectorXi::Zero(classes);
    for (Eigen::Index n = 0; n < rows; ++n) ++support[(*labels)[n]];
    for (Eigen::Index k = 0; k < used; ++k) {
        double macroF1 = 0;
        for (Eigen::Index c = 0; c < classes; ++c) {
            const double tp = truePositive(k, c), predictedAs = out.drawPredictedCounts(k, c);
            const double precision = predictedAs > 0 ? tp / predictedAs : 0.0;
            const double recall = support[c] > 0 ? tp / static_cast<double>(support[c]) : 0.0;
            macroF1 += (precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0) / static_cast<double>(classes);
        }
        out.drawAccuracy.push_back(static_cast<double>(truePositive.row(k).sum()) / static_cast<double>(rows));
        out.drawMacroF1.push_back(macroF1);
    }
    return out;
}

PredictionDiagnostics diagnostics(const Posterior& posterior, const LogDensity& model, const Rows& x, Eigen::Index rows) {
    PredictionDiagnostics d;
    rows = std::min(rows, x.count());
    const auto n = static_cast<Eigen::Index>(posterior.drawsPerChain());
    const auto chains = static_cast<Eigen::Index>(posterior.chainCount());
    if (rows == 0 || n < 4) {
        d.rhatMax = d.essBulkMin = std::numeric_limits<double>::quiet_NaN();
        return d;
    }
    const Design subset = x.slice(0, rows);
    Eigen::Index classes = 0;
    std::vector<std::vector<Eigen::MatrixXd>> perChain(static_cast<std::size_t>(chains));  // per chain and draw: rows x classes
    for (Eigen::Index c = 0; c < chains; ++c)
        for (Eigen::Index s = 0; s < n; ++s) {
            perChain[static_cast<std::size_t>(c)].push_back(
                model.classProbabilities(posterior.chains[static_cast<std::size_t>(c)].draws.row(s).transpose(), subset));
            classes = perChain[static_cast<std::size_t>(c)].back().cols();
        }
    WorstDiagnostic worstRhat(WorstDiagnostic::Worst::Largest), worstEss(WorstDiagnostic::Worst::Smallest);
    Eigen::MatrixXd series(n, chains);
    for (Eigen::Index r = 0; r < rows; ++r)
        for (Eigen::Index k = 0; k < classes; ++k) {
            for (Eigen::Index c = 0; c < chains; ++c)
                for (Eigen::Index s = 0; s < n; ++s) series(s, c) = perChain[static_cast<std::size_t>(c)][static_cast<std::size_t>(s)](r, k);
            const bool constant = constantDraws(series);
            worstRhat.add(rhat(series), constant);
            worstEss.add(essBulk(series), constant);
        }
    d.rhatMax = worstRhat.value();
    d.essBulkMin = worstEss.value();
    return d;
}

} // namespace

PosteriorPredictive posteriorPredictive(const Posterior& posterior, const LogDensity& model, const Eigen::MatrixXd& x,
                                        const Eigen::VectorXi* labels, std::size_t maxDraws, int threads) {
    return predictive(posterior, model, Rows{&x, nullptr}, labels, maxDraws, threads);
}

PosteriorPredictive posteriorPredictive(const Posterior& posterior, const LogDensity& model, const Design& design,
                                        const Eigen::VectorXi* labels, std::size_t maxDraws, int threads) {
    return predictive(posterior, model, Rows{nullptr, &design}, labels, maxDraws, threads);
}

ClassShares predictedClassShares(const Eigen::MatrixXi& drawPredictedCounts, Eigen::Index rows) {
    ClassShares out;
    if (drawPredictedCounts.size() == 0 || rows == 0) return out;
    const Eigen::MatrixXd shares = drawPredictedCounts.cast<double>() / static_cast<double>(rows);  // draws x classes
    out.mean = shares.colwise().mean().transpose();
    out.q5.resize(shares.cols());
    out.q95.resize(shares.cols());
    for (Eigen::Index c = 0; c < shares.cols(); ++c) {
        out.q5[c] = stats::quantile(shares.col(c), 0.05);
        out.q95[c] = stats::quantile(shares.col(c), 0.95);
    }
    return out;
}

ClassShares predictedClassShares(const Posterior& posterior, const LogDensity& model, const Eigen::MatrixXd& x,
                                 std::size_t maxDraws, int threads) {
    return predictedClassShares(posteriorPredictive(posterior, model, x, nullptr, maxDraws, threads).drawPredictedCounts, x.rows());
}

ClassShares predictedClassShares(const Posterior& posterior, const LogDensity& model, const Design& design,
                                 std::size_t maxDraws, int threads) {
    return predictedClassShares(posteriorPredictive(posterior, model, design, nullptr, maxDraws, threads).drawPredictedCounts,
                                design.rows());
}

PredictionDiagnostics predictionDiagnostics(const Posterior& posterior, const LogDensity& model, const Eigen::MatrixXd& x,
                                            Eigen::Index rows) {
    return diagnostics(posterior, model, Rows{&x, nullptr}, rows);
}

PredictionDiagnostics predictionDiagnostics(const Posterior& posterior, const LogDensity& model, const Design& design,
                                            Eigen::Index rows) {
    return diagnostics(posterior, model, Rows{nullptr, &design}, rows);
}

Design topRows(const Design& design, Eigen::Index rows) {
    return design.middleRows(0, std::min(rows, design.rows()));
}

} // namespace genrelab
