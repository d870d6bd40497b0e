// genrelab's NUTS warmup window by window, for the comparison with Stan's (bench/stan/compare_nuts.R
// `warmup` prints the same lines for an rstan fit): mean step size, tree depth, leapfrog steps
// and acceptance statistic per window, then each chain's final step size and inverse metric.
//
//   nuts_warmup_trace SPEC.json SEED
// SPEC.json: a spec written by `genrelab-cli run ... --write-spec SPEC.json` (a NUTS run); the
// run is that spec's NUTS on its training rows, with the given seed.
#include "data/Prepare.h"
#include "data/Table.h"
#include "infer/Nuts.h"
#include "models/ModelData.h"
#include "models/ModelSpec.h"
#include "run/RunSpecJson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace genrelab;

struct IterationStats {
    double stepSize = 0, acceptStat = 0;
    int treeDepth = 0, leapfrogSteps = 0;
};

class Recorder : public InferenceObserver {
public:
    explicit Recorder(int chains, int iterations)
        : perChain_(static_cast<std::size_t>(chains), std::vector<IterationStats>(static_cast<std::size_t>(iterations))) {}
    void onProgress(const ProgressEvent& e) override {
        if (e.kind != ProgressEvent::Kind::NutsIteration) return;
        std::lock_guard lock(mutex_);
        perChain_[static_cast<std::size_t>(e.chain)][e.iteration] = {e.stepSize, e.acceptStat, e.treeDepth, e.leapfrogSteps};
    }
    const std::vector<std::vector<IterationStats>>& perChain() const { return perChain_; }

private:
    std::mutex mutex_;
    std::vector<std::vector<IterationStats>> perChain_;
};

int run(const std::string& specPath, unsigned long long seed) {
    std::ifstream specFile(specPath);
    if (!specFile) throw std::runtime_error("cannot read " + specPath);
    RunSpec spec = specFromJsonValue(nlohmann::ordered_json::parse(specFile), specPath);
    if (!spec.dataPath) throw std::runtime_error(specPath + " names no data file");
    spec.nuts.seed = seed;
    const Table table = readTable(*spec.dataPath, tableOptionsOf(spec));
    const PreparedData data = prepareData(table, spec.prep, spec.split);
    const auto model = makeModel(spec.model, trainingData(data, spec.classNames));
    const int iterations = spec.nuts.warmup + spec.nuts.samples;
    Recorder recorder(spec.nuts.chains, iterations);
    const NutsRun result = runNuts(*model, spec.nuts, &recorder);

    // Stan's windows for 500 warmup iterations, then sampling (1-based, as the R script prints).
    std::vector<std::pair<int, int>> windows;
    for (const auto& [first, last] : warmupWindows(spec.nuts.warmup, spec.nuts.windows)) windows.emplace_back(first + 1, last + 1);
    windows.emplace_back(spec.nuts.warmup + 1, iterations);
    for (const auto& [first, last] : windows) {
        double step = 0, depth = 0, leapfrog = 0, accept = 0, n = 0;
        for (const auto& chain : recorder.perChain())
            for (int it = first - 1; it < last; ++it) {
                const IterationStats& s = chain[static_cast<std::size_t>(it)];
                step += s.stepSize;
                depth += s.treeDepth;
                leapfrog += s.leapfrogSteps;
                accept += s.acceptStat;
                n += 1;
            }
        std::printf("iterations %4d-%4d: step size %.4f, tree depth %.2f, leapfrog steps %.1f, accept %.3f\n", first, last, step / n,
                    depth / n, leapfrog / n, accept / n);
    }
    for (std::size_t c = 0; c < result.states.size(); ++c) {
        const NutsChainState& s = result.states[c];
        Eigen::VectorXd sorted = s.invMetric;
        std::sort(sorted.begin(), sorted.end());
        std::printf("chain %zu: step size %.5g | inverse metric range %.4g..%.4g, median %.4g\n", c + 1, s.stepSize, sorted[0],
                    sorted[sorted.size() - 1], sorted[sorted.size() / 2]);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: nuts_warmup_trace SPEC.json SEED\n");
        return 2;
    }
    try {
        return run(argv[1], std::stoull(argv[2]));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "nuts_warmup_trace: %s\n", e.what());
        return 1;
    }
}
