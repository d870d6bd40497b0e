#include "eval/Summary.h"

#include "eval/Diagnostics.h"
#include "eval/WorstDiagnostic.h"
#include "util/Stats.h"

#include <cmath>
#include <limits>

namespace genrelab {
namespace {
constexpr double kSummaryProbabilities[] = {0.05, 0.5, 0.95};
} // namespace

std::vector<Eigen::MatrixXd> outputDraws(const Posterior& posterior, const LogDensity& model) {
    const auto n = static_cast<Eigen::Index>(posterior.drawsPerChain());
    const Eigen::Index outputs = model.outputLayout().dim();
    std::vector<Eigen::MatrixXd> out;
    for (const auto& chain : posterior.chains) {
        Eigen::MatrixXd m(n, outputs);
        for (Eigen::Index s = 0; s < n; ++s) m.row(s) = model.outputs(chain.draws.row(s).transpose()).transpose();
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<ParameterSummary> summarize(const Posterior& posterior, const LogDensity& model) {
    const auto draws = outputDraws(posterior, model);
    const auto names = model.outputLayout().elementNames();
    const auto n = static_cast<Eigen::Index>(posterior.drawsPerChain());
    const auto chains = static_cast<Eigen::Index>(draws.size());
    std::vector<ParameterSummary> out;
    Eigen::MatrixXd x(n, chains);
    for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(names.size()); ++j) {
        for (Eigen::Index c = 0; c < chains; ++c) x.col(c) = draws[static_cast<std::size_t>(c)].col(j);
        ParameterSummary s;
        s.name = names[static_cast<std::size_t>(j)];
        const Eigen::Map<const Eigen::VectorXd> all(x.data(), x.size());
        s.mean = stats::mean(all);
        s.sd = all.size() > 1 ? stats::sampleSd(all) : 0.0;
        const std::vector<double> q = stats::quantiles({all.data(), static_cast<std::size_t>(all.size())}, kSummaryProbabilities);
        s.q5 = q[0];
        s.q50 = q[1];
        s.q95 = q[2];
        s.rhat = rhat(x);
        s.essBulk = essBulk(x);
        s.essTail = essTail(x);
        s.mcseMean = mcseMean(x);
        s.constant = constantDraws(x);
        out.push_back(std::move(s));
    }
    return out;
}

ConvergenceVerdict convergence(const std::vector<ParameterSummary>& summaries, const Posterior& posterior) {
    WorstDiagnostic rhat(WorstDiagnostic::Worst::Largest), bulk(WorstDiagnostic::Worst::Smallest),
        tail(WorstDiagnostic::Worst::Smallest);
    for (const auto& s : summaries) {
        rhat.add(s.rhat, s.constant);
        bulk.add(s.essBulk, s.constant);
        tail.add(s.essTail, s.constant);
    }
    ConvergenceVerdict v;
    v.rhatMax = rhat.value();
    v.essBulkMin = bulk.value();
    v.essTailMin = tail.value();
    v.divergences = posterior.divergences();
    return v;
}

} // namespace genrelab
