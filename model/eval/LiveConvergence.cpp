#include "eval/LiveConvergence.h"

#include "eval/Diagnostics.h"
#include "eval/WorstDiagnostic.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace genrelab {

double ebfmi(const std::vector<double>& e) {
    if (e.size() < 3) return std::nan("");
    double mean = 0;
    for (double v : e) mean += v;
    mean /= static_cast<double>(e.size());
    double numerator = 0, denominator = 0;
    for (std::size_t i = 0; i < e.size(); ++i) {
        if (i > 0) numerator += (e[i] - e[i - 1]) * (e[i] - e[i - 1]);
        denominator += (e[i] - mean) * (e[i] - mean);
    }
    return denominator > 0 ? numerator / denominator : std::nan("");
}

ConvergenceSnapshot liveConvergence(const std::vector<Eigen::MatrixXd>& draws, const std::vector<std::vector<DrawStats>>& stats,
                                    int maxTreeDepth) {
    ConvergenceSnapshot s;
    if (draws.empty()) return s;
    Eigen::Index n = draws.front().rows();
    for (const auto& d : draws) n = std::min(n, d.rows());
    s.draws = static_cast<std::size_t>(n);
    // Like the finished run's numbers, only the draws every chain has (the first n of each) count.
    for (const auto& chain : stats) {
        const std::size_t kept = std::min(s.draws, chain.size());
        std::vector<double> energies;
        energies.reserve(kept);
        for (std::size_t i = 0; i < kept; ++i) {
            s.divergences += chain[i].divergent ? 1 : 0;
            s.depthHits += chain[i].treeDepth >= maxTreeDepth ? 1 : 0;
            energies.push_back(chain[i].energy);
        }
        s.ebfmi.push_back(ebfmi(energies));
    }
    s.divergenceLight = s.divergences == 0 ? Light::Green : s.divergences < 5 ? Light::Amber : Light::Red;
    double minEbfmi = std::numeric_limits<double>::infinity();
    for (double v : s.ebfmi)
        if (std::isfinite(v)) minEbfmi = std::min(minEbfmi, v);
    if (std::isfinite(minEbfmi)) s.ebfmiLight = minEbfmi >= 0.3 ? Light::Green : minEbfmi >= 0.2 ? Light::Amber : Light::Red;
    if (n < 8) return s;  // too few draws for R-hat and ESS

    const auto chains = static_cast<Eigen::Index>(draws.size());
    WorstDiagnostic worstRhat(WorstDiagnostic::Worst::Largest), worstBulk(WorstDiagnostic::Worst::Smallest),
        worstTail(WorstDiagnostic::Worst::Smallest);
    Eigen::MatrixXd x(n, chains);
    for (Eigen::Index j = 0; j < draws.front().cols(); ++j) {
        for (Eigen::Index c = 0; c < chains; ++c) x.col(c) = draws[static_cast<std::size_t>(c)].col(j).head(n);
        const bool constant = constantDraws(x);
        worstRhat.add(rhat(x), constant);
        worstBulk.add(essBulk(x), constant);
        worstTail.add(essTail(x), constant);
    }
    s.rhatMax = worstRhat.value();
    s.essBulkMin = worstBulk.value();
    s.essTailMin = worstTail.value();
    if (!std::isnan(s.rhatMax)) s.rhatLight = s.rhatMax <= 1.01 ? Light::Green : s.rhatMax <= 1.05 ? Light::Amber : Light::Red;
    const double ess = std::min(s.essBulkMin, s.essTailMin);
    if (std::isfinite(ess)) s.essLight = ess >= 400 ? Light::Green : ess >= 100 ? Light::Amber : Light::Red;
    return s;
}

} // namespace genrelab
