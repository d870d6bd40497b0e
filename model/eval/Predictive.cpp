#include "eval/Predictive.h"

#include "eval/Diagnostics.h"
#include "eval/WorstDiagnostic.h"
#include "eval/Metrics.h"
#include "util/Stats.h"

#include <cmath>
#include <limits>

namespace genrelab {
namespace {

// Rows a prediction runs over: dense (x) or a Design. The dense form calls the dense overload,
// so models and callers without group terms compute exactly as they do without Designs.
struct Rows {
    const Eigen::MatrixXd* x = nullptr;
    const Design* design = nullptr;
    Eigen::Index count() const { return design ? design->rows() : x->rows(); }
    Eigen::MatrixXd probabilities(const LogDensity& model, const Eigen::VectorXd& theta) const {
        return design ? model.classProbabilities(theta, *design) : model.classProbabilities(theta, *x);
    }
};

SparseRows topSparseRows(const SparseRows& rows, Eigen::Index count) {
    if (rows.rows() == 0) return rows;
    SparseRows out;
    for (std::size_t r = 0; r < static_cast<std::size_t>(count); ++r) out.appendRow(rows.idsOf(r), rows.valuesOf(r));
    return out;
}

PosteriorPredictive predictive(const Posterior& posterior, const LogDensity& model, const Rows& x, const Eigen::VectorXi* labels,
                               std::size_t maxDraws) {
    PosteriorPredictive out;
    const PooledDraws pooled = posterior.pooled();
    const auto total = static_cast<std::size_t>(pooled.rows());
    if (total == 0 || x.count() == 0) return out;
    const std::size_t used = std::min(total, std::max<std::size_t>(1, maxDraws));
    for (std::size_t k = 0; k < used; ++k) {
        const auto s = static_cast<Eigen::Index>(k * total / used);
        const Eigen::MatrixXd p = x.probabilities(model, pooled.row(s).transpose());
        if (out.probabilities.size() == 0) out.probabilities = Eigen::MatrixXd::Zero(p.rows(), p.cols());
        out.probabilities += p;
        if (labels) {
            const PredictiveMetrics m = evaluatePredictions(p, *labels);
            out.drawAccuracy.push_back(m.accuracy);
            out.drawMacroF1.push_back(m.macroF1);
        }
    }
    out.probabilities /= static_cast<double>(used);
    out.drawsUsed = used;
    return out;
}

ClassShares classShares(const Posterior& posterior, const LogDensity& model, const Rows& x, std::size_t maxDraws) {
    ClassShares out;
    const PooledDraws pooled = posterior.pooled();
    const auto total = static_cast<std::size_t>(pooled.rows());
    if (total == 0 || x.count() == 0) return out;
    const std::size_t used = std::min(total, std::max<std::size_t>(1, maxDraws));
    Eigen::MatrixXd shares;  // draws x classes
    for (std::size_t k = 0; k < used; ++k) {
        const auto s = static_cast<Eigen::Index>(k * total / used);
        const Eigen::MatrixXd p = x.probabilities(model, pooled.row(s).transpose());
        if (shares.size() == 0) shares = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(used), p.cols());
        for (Eigen::Index n = 0; n < p.rows(); ++n) {
            Eigen::Index c;
            p.row(n).maxCoeff(&c);
            shares(static_cast<Eigen::Index>(k), c) += 1.0 / static_cast<double>(p.rows());
        }
    }
    out.mean = shares.colwise().mean().transpose();
    out.q5.resize(shares.cols());
    out.q95.resize(shares.cols());
    for (Eigen::Index c = 0; c < shares.cols(); ++c) {
        out.q5[c] = stats::quantile(shares.col(c), 0.05);
        out.q95[c] = stats::quantile(shares.col(c), 0.95);
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
    Design subsetDesign;
    Eigen::MatrixXd subsetX;
    Rows subset;
    if (x.design) {
        subsetDesign = topRows(*x.design, rows);
        subset.design = &subsetDesign;
    } else {
        subsetX = x.x->topRows(rows);
        subset.x = &subsetX;
    }
    std::vector<Eigen::MatrixXd> probabilities;  // per chain and draw: rows x classes
    Eigen::Index classes = 0;
    std::vector<std::vector<Eigen::MatrixXd>> perChain(static_cast<std::size_t>(chains));
    for (Eigen::Index c = 0; c < chains; ++c)
        for (Eigen::Index s = 0; s < n; ++s) {
            perChain[static_cast<std::size_t>(c)].push_back(
                subset.probabilities(model, posterior.chains[static_cast<std::size_t>(c)].draws.row(s).transpose()));
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
                                        const Eigen::VectorXi* labels, std::size_t maxDraws) {
    return predictive(posterior, model, Rows{&x, nullptr}, labels, maxDraws);
}

PosteriorPredictive posteriorPredictive(const Posterior& posterior, const LogDensity& model, const Design& design,
                                        const Eigen::VectorXi* labels, std::size_t maxDraws) {
    return predictive(posterior, model, Rows{nullptr, &design}, labels, maxDraws);
}

ClassShares predictedClassShares(const Posterior& posterior, const LogDensity& model, const Eigen::MatrixXd& x, std::size_t maxDraws) {
    return classShares(posterior, model, Rows{&x, nullptr}, maxDraws);
}

ClassShares predictedClassShares(const Posterior& posterior, const LogDensity& model, const Design& design, std::size_t maxDraws) {
    return classShares(posterior, model, Rows{nullptr, &design}, maxDraws);
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
    rows = std::min(rows, design.rows());
    return Design{design.x.topRows(rows), topSparseRows(design.artists, rows), topSparseRows(design.tokens, rows)};
}

} // namespace genrelab
