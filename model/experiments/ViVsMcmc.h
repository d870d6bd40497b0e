#pragma once
// VI against MCMC on the same model and the same rows: predictive quality, time, and how far
// the variational marginals sit from the NUTS ones (difference of means in NUTS posterior sds,
// and the ratio of sds: mean-field guides are known to be too narrow), on the raw parameters and
// on the class contrasts (eval/ClassContrasts.h), which the softmax's invariant shift leaves out.
#include "eval/ClassContrasts.h"
#include "export/ResultTable.h"
#include "run/RunPipeline.h"

#include <atomic>

namespace genrelab {

struct MarginalAgreement {
    std::size_t parameters = 0;
    double medianAbsZ = 0, maxAbsZ = 0;   // |mean_vi - mean_mcmc| / sd_mcmc
    double shareWithinHalfSd = 0;         // parameters with |z| < 0.5
    double medianSdRatio = 0;             // sd_vi / sd_mcmc
};

struct ViVsMcmc {
    RunSpec viSpec, mcmcSpec;
    RunResult vi, mcmc;
    MarginalAgreement agreement;
    std::vector<ContrastAgreement> contrasts;   // SVI (A) against NUTS (B); empty without alpha and beta
    MarginalAgreement contrastAgreement;
};

MarginalAgreement marginalAgreement(const std::vector<ParameterSummary>& vi, const std::vector<ParameterSummary>& mcmc);
// The same summary of contrasts compared by compareContrasts (rows without a z left out).
MarginalAgreement contrastAgreement(const std::vector<ContrastAgreement>& rows);
// base: the model, rows and SVI settings; NUTS uses base.nuts. Both see the same split.
ViVsMcmc compareViMcmc(const Table& table, const RunSpec& base, InferenceObserver* observer = nullptr);
ResultTable viVsMcmcTable(const ViVsMcmc& comparison);           // metric, svi, nuts
ResultTable marginalTable(const ViVsMcmc& comparison);           // per parameter

} // namespace genrelab
