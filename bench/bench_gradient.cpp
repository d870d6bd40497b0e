// One log-density gradient of each model, on 1,000 rows and on the full training split, next to
// a reference kernel in the same run: the least work such a gradient needs (logits GEMM,
// row-wise log-softmax, gradient GEMM), written plainly with Eigen.
#include "data/Prepare.h"
#include "data/Synth.h"
#include "data/Table.h"
#include "models/ModelSpec.h"
#include "perf/ReferenceKernels.h"
#include "util/Rng.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

namespace {

using namespace genrelab;

const PreparedData& prepared() {
    static const PreparedData data = [] {
        const char* path = std::getenv("GENRELAB_REAL_DATA");
        const Table table = path && std::filesystem::exists(path) ? readTable(path) : parseTable(synthesizeMusicGenreCsv({17996, 1}), "synthetic");
        return prepareData(table, PrepOptions{}, SplitOptions{});
    }();
    return data;
}

std::shared_ptr<const ModelData> rows(Eigen::Index n) {
    const PreparedData& d = prepared();
    n = std::min(n, d.xTrain.rows());
    return makeModelData(d.xTrain.topRows(n), d.yTrain.head(n), d.classes());
}

void reference(benchmark::State& state) {
    const auto data = rows(state.range(0));
    RegressionReference kernel(*data);
    Eigen::MatrixXd beta = Eigen::MatrixXd::Constant(data->features(), data->classes, 0.01), grad;
    Eigen::VectorXd alpha = Eigen::VectorXd::Zero(data->classes), gradAlpha;
    for (auto _ : state) benchmark::DoNotOptimize(kernel.evaluate(beta, alpha, grad, gradAlpha));
    state.SetLabel(std::to_string(data->rows()) + " rows");
}

// The MLP's yardstick: the same 32 tanh units in plain Eigen.
void mlpReference(benchmark::State& state) {
    const auto data = rows(state.range(0));
    MlpReference kernel(*data);
    const MlpWeights weights = MlpWeights::random(*data, 32, 1);
    MlpWeights gradient;
    for (auto _ : state) benchmark::DoNotOptimize(kernel.evaluate(weights, gradient));
    state.SetLabel(std::to_string(data->rows()) + " rows");
}

void model(benchmark::State& state, const char* name, KernelPrecision precision) {
    const auto data = rows(state.range(0));
    ModelSpec spec;
    setModelByName(spec, name);
    spec.regression.precision = precision;
    const auto density = makeModel(spec, data);
    Rng rng(1);
    Eigen::VectorXd theta(density->dim()), grad;
    for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = 0.1 * rng.normal();
    for (auto _ : state) benchmark::DoNotOptimize(density->logProbGrad(theta, grad));
    state.SetLabel(std::to_string(data->rows()) + " rows");
}

} // namespace

BENCHMARK(reference)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(mlpReference)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(model, flat, "flat", genrelab::KernelPrecision::Double)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(model, hier_studentt, "hier-studentt", genrelab::KernelPrecision::Double)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(model, hier_normal, "hier-normal", genrelab::KernelPrecision::Double)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(model, ard, "ard", genrelab::KernelPrecision::Double)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(model, mlp, "mlp", genrelab::KernelPrecision::Double)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);

BENCHMARK_CAPTURE(model, flat_float, "flat", genrelab::KernelPrecision::Float)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(model, hier_studentt_float, "hier-studentt", genrelab::KernelPrecision::Float)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(model, hier_normal_float, "hier-normal", genrelab::KernelPrecision::Float)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(model, ard_float, "ard", genrelab::KernelPrecision::Float)->Arg(1000)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
