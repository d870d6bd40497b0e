#include "experiments/Sbc.h"

#include "eval/Diagnostics.h"
#include "eval/PsisResample.h"
#include "infer/Pathfinder.h"
#include "models/ModelData.h"
#include "util/ParallelFor.h"
#include "util/Rng.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace genrelab {

namespace {

constexpr std::uint64_t kGuideDrawStream = 0x5BC;

double logLikelihood(const LogDensity& model, const Eigen::VectorXd& theta, const Eigen::MatrixXd& x,
                     const Eigen::VectorXi& y) {
    const Eigen::MatrixXd probabilities = model.classProbabilities(theta, x);
    double sum = 0.0;
    for (Eigen::Index r = 0; r < x.rows(); ++r) sum += std::log(probabilities(r, y[r]));
    return sum;
}

// The natural parameters, then the log-likelihood of the simulated labels.
Eigen::VectorXd quantitiesOf(const LogDensity& model, const Eigen::VectorXd& theta, const Eigen::MatrixXd& x,
                             const Eigen::VectorXi& y) {
    const Eigen::VectorXd natural = model.outputs(theta);
    Eigen::VectorXd quantities(natural.size() + 1);
    quantities.head(natural.size()) = natural;
    quantities[natural.size()] = logLikelihood(model, theta, x, y);
    return quantities;
}

struct SimulationOutcome {
    std::vector<int> ranks;
    bool done = false, lowEss = false, divergent = false;
};

} // namespace

SbcFeatures syntheticSbcFeatures(Eigen::Index rows, Eigen::Index features, int classes, std::uint64_t seed) {
    if (rows < 1 || features < 1 || classes < 2) throw std::invalid_argument("SBC needs at least one row, one feature and two classes");
    SbcFeatures result;
    Rng rng(seed, 0xFEA7);
    result.x.resize(rows, features);
    for (Eigen::Index r = 0; r < rows; ++r)
        for (Eigen::Index f = 0; f < features; ++f) result.x(r, f) = rng.normal();
    result.classes = classes;
    for (Eigen::Index f = 0; f < features; ++f) result.featureNames.push_back("x" + std::to_string(f + 1));
    return result;
}

SbcFeatures sbcFeaturesFromData(const PreparedData& prepared, Eigen::Index rows) {
    if (rows < 1 || rows > prepared.xTrain.rows())
        throw std::invalid_argument("SBC asks for " + std::to_string(rows) + " rows but the training split has " +
                                    std::to_string(prepared.xTrain.rows()));
    SbcFeatures result;
    result.x = prepared.xTrain.topRows(rows);
    result.classes = prepared.classes();
    result.featureNames = prepared.transform.featureNames;
    return result;
}

NutsOptions SbcOptions::defaultNuts() {
    NutsOptions nuts;
    nuts.chains = 2;
    nuts.warmup = 300;
    nuts.samples = 500;
    return nuts;
}

PathfinderOptions SbcOptions::defaultPathfinder() { return PathfinderOptions{}; }

SviOptions SbcOptions::defaultSvi() {
    SviOptions svi;
    svi.steps = 3000;
    svi.learningRate = 0.02;
    svi.particles = 4;
    return svi;
}

std::vector<Eigen::Index> thinnedDrawIndices(Eigen::Index draws, int kept) {
    if (kept < 1 || draws < kept) throw std::invalid_argument("SBC keeps " + std::to_string(kept) + " draws but the fit has " + std::to_string(draws));
    std::vector<Eigen::Index> indices(static_cast<std::size_t>(kept));
    for (int j = 0; j < kept; ++j) indices[static_cast<std::size_t>(j)] = static_cast<Eigen::Index>(j) * draws / kept;
    return indices;
}

Posterior fitForSbc(const LogDensity& model, const SbcOptions& options, std::uint64_t seed, const CancellationToken& cancel) {
    StopFlagObserver observer(cancel);
    switch (options.inference) {
    case InferenceKind::Nuts: {
        NutsOptions nuts = options.nuts;
        nuts.seed = seed;
        nuts.threads = 1;  // the simulations are the parallel tasks
        return runNuts(model, nuts, &observer).posterior;
    }
    case InferenceKind::Svi: {
        SviOptions svi = options.svi;
        svi.seed = seed;
        SviState state = initSvi(model, svi);
        const SviResult result = runSvi(model, state, svi, &observer);
        Posterior posterior = guideDraws(state, static_cast<std::size_t>(options.thinnedDraws), seed ^ kGuideDrawStream);
        posterior.partial = result.stopped;
        return posterior;
    }
    case InferenceKind::Pathfinder: {
        PathfinderOptions pathfinder = options.pathfinder;
        pathfinder.seed = seed;
        pathfinder.threads = 1;
        PathfinderResult run = runPathfinder(model, pathfinder, &observer);
        if (run.stopped || run.logRatios.size() == 0) {
            Posterior stopped = std::move(run.posterior);
            stopped.partial = true;
            return stopped;
        }
        // The kept draws are resampled by PSIS as `run` does; a repeated draw ties with itself,
        // never with the true value (a continuous quantity), so ranks need no tie-breaking.
        return psisResample(run.posterior, run.logRatios, options.thinnedDraws, seed ^ kGuideDrawStream).posterior;
    }
    case InferenceKind::Prior:
        break;
    }
    throw std::invalid_argument("SBC checks an inference that conditions on data: nuts, svi or pathfinder, not " +
                                std::string(inferenceName(options.inference)));
}

SbcResult runSbc(const SbcFeatures& features, const SbcOptions& options, const SbcProgress& progress,
                 const CancellationToken& cancel) {
    const auto start = std::chrono::steady_clock::now();
    if (options.thinnedDraws < 1) throw std::invalid_argument("SBC needs at least one kept draw");
    if (options.simulations < 1) throw std::invalid_argument("SBC needs at least one simulation");
    if (options.inference == InferenceKind::Nuts &&
        static_cast<long long>(options.nuts.samples) * options.nuts.chains < options.thinnedDraws)
        throw std::invalid_argument("NUTS draws (samples x chains) must be at least the kept draws");
    const Eigen::MatrixXd& x = features.x;
    const int classes = features.classes;

    // The model as specified, on the feature rows: prior draws, simulated labels, quantities.
    const auto priorModel = makeModel(options.model, makeModelData(x, Eigen::VectorXi::Zero(x.rows()), classes,
                                                                   features.featureNames, features.classNames));
    SbcResult result;
    result.names = priorModel->outputLayout().elementNames();
    result.names.push_back("log_lik");
    result.maxRank = options.thinnedDraws;
    result.plannedSimulations = options.simulations;
    const auto quantities = static_cast<Eigen::Index>(result.names.size());

    std::vector<SimulationOutcome> outcomes(options.simulations);
    std::atomic<std::size_t> finished{0};
    parallelFor(options.simulations, options.threads, [&](std::size_t index, const CancellationToken& token) {
        Rng rng(options.seed, index);
        const Eigen::VectorXd truth = priorModel->samplePrior(rng);
        const Eigen::MatrixXd probabilities = priorModel->classProbabilities(truth, x);
        Eigen::VectorXi y(x.rows());
        for (Eigen::Index r = 0; r < x.rows(); ++r) {
            double u = rng.uniform(), cumulative = 0.0;
            int label = classes - 1;  // where rounding leaves the cumulative sum just below 1
            for (int c = 0; c < classes; ++c) {
                cumulative += probabilities(r, c);
                if (u < cumulative) { label = c; break; }
            }
            y[r] = label;
        }
        const std::uint64_t fitSeed = rng.next();
        std::unique_ptr<LogDensity> fitted =
            makeModel(options.model, makeModelData(x, y, classes, features.featureNames, features.classNames));
        if (options.wrapFitted) fitted = options.wrapFitted(std::move(fitted));
        const Posterior posterior = fitForSbc(*fitted, options, fitSeed, token);
        if (posterior.partial || token.cancelled()) return;

        const Eigen::VectorXd trueQuantities = quantitiesOf(*priorModel, truth, x, y);
        const auto perChain = static_cast<Eigen::Index>(posterior.drawsPerChain());
        const auto chains = static_cast<Eigen::Index>(posterior.chainCount());
        Eigen::MatrixXd values(perChain * chains, quantities);  // pooled draws, chain after chain
        for (Eigen::Index c = 0; c < chains; ++c)
            for (Eigen::Index s = 0; s < perChain; ++s)
                values.row(c * perChain + s) =
                    quantitiesOf(*priorModel, posterior.chains[static_cast<std::size_t>(c)].draws.row(s).transpose(), x, y).transpose();

        SimulationOutcome& outcome = outcomes[index];
        if (posterior.method == "nuts") {
            outcome.divergent = posterior.divergences() > 0;
            for (Eigen::Index q = 0; q < quantities && !outcome.lowEss; ++q) {
                const Eigen::MatrixXd byChain = Eigen::Map<const Eigen::MatrixXd>(values.col(q).data(), perChain, chains);
                outcome.lowEss = !(essBulk(byChain) >= options.thinnedDraws);
            }
        }
        const std::vector<Eigen::Index> kept = thinnedDrawIndices(values.rows(), options.thinnedDraws);
        outcome.ranks.resize(static_cast<std::size_t>(quantities));
        std::vector<double> column(kept.size());
        for (Eigen::Index q = 0; q < quantities; ++q) {
            for (std::size_t j = 0; j < kept.size(); ++j) column[j] = values(kept[j], q);
            outcome.ranks[static_cast<std::size_t>(q)] = sbcRank(trueQuantities[q], column);
        }
        outcome.done = true;
        const std::size_t count = ++finished;
        if (progress) progress(count, options.simulations);
    }, cancel);

    for (std::size_t i = 0; i < outcomes.size(); ++i)
        if (outcomes[i].done) result.simulationIds.push_back(i);
    result.stopped = result.simulationIds.size() < options.simulations;
    const auto completed = static_cast<Eigen::Index>(result.simulationIds.size());
    result.ranks.resize(completed, quantities);
    for (Eigen::Index row = 0; row < completed; ++row) {
        const SimulationOutcome& outcome = outcomes[result.simulationIds[static_cast<std::size_t>(row)]];
        for (Eigen::Index q = 0; q < quantities; ++q) result.ranks(row, q) = outcome.ranks[static_cast<std::size_t>(q)];
        result.lowEssSimulations += outcome.lowEss ? 1 : 0;
        result.divergentSimulations += outcome.divergent ? 1 : 0;
    }
    result.worstPValue = std::numeric_limits<double>::quiet_NaN();
    if (completed > 0) {
        const int n = static_cast<int>(completed);
        result.band = simultaneousEcdfBand(n, std::min(result.maxRank + 1, n), options.bandLevel);
        std::vector<int> column(static_cast<std::size_t>(completed));
        for (Eigen::Index q = 0; q < quantities; ++q) {
            for (Eigen::Index row = 0; row < completed; ++row) column[static_cast<std::size_t>(row)] = result.ranks(row, q);
            result.uniformity.push_back(rankUniformity(column, result.maxRank, result.band));
            const RankUniformity& u = result.uniformity.back();
            if (u.outsideBand) ++result.quantitiesOutsideBand;
            if (std::isfinite(u.pValue) && (std::isnan(result.worstPValue) || u.pValue < result.worstPValue))
                result.worstPValue = u.pValue;
        }
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace genrelab
