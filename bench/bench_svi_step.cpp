// The SVI step of issue 12's full model (mlp + artists + titles + artifact features) against the
// numeric mlp's on 1,024-row minibatches of the same training rows, in process CPU time (on a
// shared machine wall-clock time measures the scheduler), the two models measured interleaved
// so that the ratio compares like with like. Reads $GENRELAB_REAL_DATA (the Kaggle file, with
// its "Artist Name" and "Track Name" columns); prints one JSON object. With --check it also prints
// a fingerprint of the full model's guide after a fixed number of steps, so that a change meant
// to keep every number can be compared bit for bit.
//
//   bench_svi_step [--reps 7] [--steps 200] [--batch 1024] [--check]
#include "data/Prepare.h"
#include "data/Table.h"
#include "infer/Svi.h"
#include "models/ModelSpec.h"
#include "run/RunPipeline.h"
#include "util/Stats.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

using namespace genrelab;

double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// FNV-1a over the bytes of a vector: equal fingerprints mean bit-identical values.
std::uint64_t fingerprint(const Eigen::VectorXd& v, std::uint64_t h = 1469598103934665603ull) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(v.data());
    for (std::size_t i = 0; i < sizeof(double) * static_cast<std::size_t>(v.size()); ++i) h = (h ^ bytes[i]) * 1099511628211ull;
    return h;
}

struct Timed {
    std::unique_ptr<LogDensity> model;
    SviState state;
    std::vector<double> perStep;
};

} // namespace

int main(int argc, char** argv) {
    int reps = 7;
    std::size_t steps = 200, batch = 1024;
    bool check = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--reps" && i + 1 < argc) reps = std::atoi(argv[++i]);
        else if (a == "--steps" && i + 1 < argc) steps = static_cast<std::size_t>(std::atoll(argv[++i]));
        else if (a == "--batch" && i + 1 < argc) batch = static_cast<std::size_t>(std::atoll(argv[++i]));
        else if (a == "--check") check = true;
        else {
            std::fprintf(stderr, "usage: bench_svi_step [--reps N] [--steps N] [--batch N] [--check]\n");
            return 2;
        }
    }
    const char* path = std::getenv("GENRELAB_REAL_DATA");
    if (!path) {
        std::fprintf(stderr, "bench_svi_step: set GENRELAB_REAL_DATA to the Kaggle training file\n");
        return 2;
    }
    RunSpec spec;
    spec.prep.groups.artistColumn = "Artist Name";
    spec.prep.groups.titleColumn = "Track Name";
    spec.prep.artifactFeatures = true;
    spec.split.seed = 1;
    const Table table = readTable(path, tableOptionsOf(spec));
    RunResult prepared;
    prepared.data = prepareData(table, spec.prep, spec.split);

    ModelSpec numeric, full;
    setModelByName(numeric, "mlp");
    setModelByName(full, "mlp");
    full.terms.artistEffects = true;
    full.terms.titleTokens = true;
    // The numeric mlp reads the same rows (artifact features included) without their groups.
    Timed runs[2];
    runs[0].model = makeModel(numeric, trainingData(prepared.data));
    runs[1].model = makeModel(full, trainingData(prepared.data, {}, buildDesigns(prepared, full.terms)));

    SviOptions options;
    options.batchSize = batch;
    for (Timed& t : runs) {
        t.state = initSvi(*t.model, options);
        options.steps = 20;  // warm the workspaces
        runSvi(*t.model, t.state, options);
    }
    options.steps = steps;
    for (int r = 0; r < reps; ++r)
        for (Timed& t : runs) {
            const double start = cpuSeconds();
            runSvi(*t.model, t.state, options);
            t.perStep.push_back(1e6 * (cpuSeconds() - start) / static_cast<double>(steps));
        }
    const double mlpUs = stats::median(runs[0].perStep), fullUs = stats::median(runs[1].perStep);
    double load[1] = {0.0};
    getloadavg(load, 1);
    std::printf("{\"train_rows\": %lld, \"dim_mlp\": %lld, \"dim_full\": %lld, \"batch\": %zu, \"load_average_1min\": %.1f,\n",
                static_cast<long long>(runs[0].model->dataRows()), static_cast<long long>(runs[0].model->dim()),
                static_cast<long long>(runs[1].model->dim()), batch, load[0]);
    std::printf(" \"svi_step_us_mlp\": %.1f, \"svi_step_us_full\": %.1f, \"svi_step_ratio\": %.2f", mlpUs, fullUs, fullUs / mlpUs);
    if (check) {
        // A fresh fit of fixed length, so the fingerprint does not depend on --reps.
        options.steps = 300;
        SviState state = initSvi(*runs[1].model, options);
        runSvi(*runs[1].model, state, options);
        std::uint64_t h = fingerprint(state.mean);
        h = fingerprint(state.logScale, h);
        h = fingerprint(state.adamM, h);
        h = fingerprint(state.adamV, h);
        std::printf(",\n \"check_elbo_last\": %.17g, \"check_fingerprint\": \"%016llx\"", state.elbo.back(),
                    static_cast<unsigned long long>(h));
    }
    std::printf("}\n");
    return 0;
}
