#include "experiments/ViVsMcmc.h"

#include "util/Stats.h"

#include <algorithm>
#include <cmath>

namespace genrelab {
namespace {
} // namespace

MarginalAgreement marginalAgreement(const std::vector<ParameterSummary>& vi, const std::vector<ParameterSummary>& mcmc) {
    MarginalAgreement a;
    std::vector<double> z, ratio;
    for (std::size_t i = 0; i < std::min(vi.size(), mcmc.size()); ++i) {
        if (vi[i].name != mcmc[i].name || !(mcmc[i].sd > 0)) continue;
        const double d = std::fabs(vi[i].mean - mcmc[i].mean) / mcmc[i].sd;
        z.push_back(d);
        ratio.push_back(vi[i].sd / mcmc[i].sd);
        a.maxAbsZ = std::max(a.maxAbsZ, d);
    }
    a.parameters = z.size();
    a.medianAbsZ = stats::median(z);
    a.medianSdRatio = stats::median(ratio);
    a.shareWithinHalfSd = z.empty() ? std::nan("") : static_cast<double>(std::count_if(z.begin(), z.end(), [](double v) { return v < 0.5; })) / static_cast<double>(z.size());
    return a;
}

MarginalAgreement contrastAgreement(const std::vector<ContrastAgreement>& rows) {
    MarginalAgreement a;
    std::vector<double> z, ratio;
    for (const ContrastAgreement& row : rows) {
        if (std::isnan(row.z)) continue;
        z.push_back(std::fabs(row.z));
        ratio.push_back(row.sdRatio);
        a.maxAbsZ = std::max(a.maxAbsZ, z.back());
    }
    a.parameters = z.size();
    a.medianAbsZ = stats::median(z);
    a.medianSdRatio = stats::median(ratio);
    a.shareWithinHalfSd = z.empty() ? std::nan("") : static_cast<double>(std::count_if(z.begin(), z.end(), [](double v) { return v < 0.5; })) / static_cast<double>(z.size());
    return a;
}

ViVsMcmc compareViMcmc(const Table& table, const RunSpec& base, InferenceObserver* observer) {
    ViVsMcmc c;
    c.viSpec = base;
    c.viSpec.inference = InferenceKind::Svi;
    c.mcmcSpec = base;
    c.mcmcSpec.inference = InferenceKind::Nuts;
    c.vi = runPipeline(table, c.viSpec, observer);
    c.mcmc = runPipeline(table, c.mcmcSpec, observer);
    c.agreement = marginalAgreement(c.vi.summaries, c.mcmc.summaries);
    c.contrasts = compareContrasts(classContrasts(*c.vi.model, c.vi.posterior), classContrasts(*c.mcmc.model, c.mcmc.posterior));
    c.contrastAgreement = contrastAgreement(c.contrasts);
    return c;
}

ResultTable viVsMcmcTable(const ViVsMcmc& c) {
    ResultTable t;
    t.title = "VI against MCMC (" + std::string(modelName(c.viSpec.model)) + ", same rows)";
    t.columns = {"metric", "svi", "nuts"};
    t.addRow({std::string("train accuracy"), c.vi.train.accuracy, c.mcmc.train.accuracy});
    t.addRow({std::string("test accuracy"), c.vi.test.accuracy, c.mcmc.test.accuracy});
    t.addRow({std::string("test log predictive"), c.vi.test.logPredictive, c.mcmc.test.logPredictive});
    t.addRow({std::string("test macro F1"), c.vi.test.macroF1, c.mcmc.test.macroF1});
    t.addRow({std::string("test ECE"), c.vi.test.ece, c.mcmc.test.ece});
    t.addRow({std::string("inference seconds"), c.vi.inferenceSeconds, c.mcmc.inferenceSeconds});
    t.addRow({std::string("median |mean difference| / NUTS sd"), c.agreement.medianAbsZ, Cell()});
    t.addRow({std::string("max |mean difference| / NUTS sd"), c.agreement.maxAbsZ, Cell()});
    t.addRow({std::string("share of parameters within 0.5 sd"), c.agreement.shareWithinHalfSd, Cell()});
    t.addRow({std::string("median sd ratio (svi / nuts)"), c.agreement.medianSdRatio, Cell()});
    // The class contrasts: the identified part of alpha and beta.
    const bool contrasts = c.contrastAgreement.parameters > 0;
    t.addRow({std::string("class contrasts: median |mean difference| / NUTS sd"), contrasts ? Cell(c.contrastAgreement.medianAbsZ) : Cell(), Cell()});
    t.addRow({std::string("class contrasts: median sd ratio (svi / nuts)"), contrasts ? Cell(c.contrastAgreement.medianSdRatio) : Cell(), Cell()});
    t.addRow({std::string("Pareto k-hat of the guide"), c.vi.paretoK, Cell()});
    t.addRow({std::string("max R-hat"), Cell(), c.mcmc.convergence.rhatMax});
    return t;
}

ResultTable marginalTable(const ViVsMcmc& c) {
    ResultTable t;
    t.title = "Marginals: SVI against NUTS";
    t.columns = {"parameter", "svi_mean", "nuts_mean", "svi_sd", "nuts_sd", "z", "sd_ratio"};
    for (std::size_t i = 0; i < std::min(c.vi.summaries.size(), c.mcmc.summaries.size()); ++i) {
        const auto& a = c.vi.summaries[i];
        const auto& b = c.mcmc.summaries[i];
        t.addRow({a.name, a.mean, b.mean, a.sd, b.sd, b.sd > 0 ? Cell((a.mean - b.mean) / b.sd) : Cell(),
                  b.sd > 0 ? Cell(a.sd / b.sd) : Cell()});
    }
    return t;
}

} // namespace genrelab
