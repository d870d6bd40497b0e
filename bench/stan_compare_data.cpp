// The training rows and the log density of one run spec, for fitting the same model in Stan
// (bench/stan/compare_nuts.R). Writes the rows as Stan data (R dump format: N, D, K, X standardized
// as genrelab's run prepares them, y from 1) and the model's log density in double precision
// at a few seeded points of the unconstrained space, so R can check that Stan's log density
// (rstan::log_prob, with the Jacobian) differs from it by one constant.
//
//   stan_compare_data SPEC.json DATA.R POINTS.csv
// SPEC.json: a spec written by `genrelab-cli run ... --write-spec SPEC.json`.
// POINTS.csv: one row per point: lp, then theta in the model's parameter order.
#include "data/Prepare.h"
#include "data/Table.h"
#include "models/ModelData.h"
#include "models/ModelSpec.h"
#include "run/RunSpecJson.h"
#include "util/Format.h"
#include "util/Rng.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>

namespace {

using namespace genrelab;

constexpr int kPoints = 5;
constexpr double kPointRadius = 1.0;  // theta ~ Uniform(-1, 1): away from the tails, finite everywhere

// R's dump format (rstan::read_rdump): R here has no JSON reader. Matrices column-major.
std::string stanData(const PreparedData& data) {
    const Eigen::MatrixXd& x = data.xTrain;
    std::string out = "N <- " + std::to_string(x.rows()) + "\nD <- " + std::to_string(x.cols()) + "\nK <- " +
                      std::to_string(data.classLabels.size()) + "\nX <- structure(c(";
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index i = 0; i < x.rows(); ++i) out += (i + j > 0 ? "," : "") + shortestDouble(x(i, j));
    out += "), .Dim = c(" + std::to_string(x.rows()) + ", " + std::to_string(x.cols()) + "))\ny <- c(";
    for (Eigen::Index i = 0; i < data.yTrain.size(); ++i) out += (i > 0 ? "," : "") + std::to_string(data.yTrain[i] + 1);
    return out + ")\n";
}

int run(const std::string& specPath, const std::string& dataPath, const std::string& pointsPath) {
    std::ifstream specFile(specPath);
    if (!specFile) throw std::runtime_error("cannot read " + specPath);
    RunSpec spec = specFromJsonValue(nlohmann::ordered_json::parse(specFile), specPath);
    if (!spec.dataPath) throw std::runtime_error(specPath + " names no data file");
    // Double arithmetic: the comparison is about the model, not the float kernel's rounding.
    spec.model.regression.precision = KernelPrecision::Double;
    const Table table = readTable(*spec.dataPath, tableOptionsOf(spec));
    const PreparedData data = prepareData(table, spec.prep, spec.split);
    const auto model = makeModel(spec.model, trainingData(data, spec.classNames));

    std::ofstream dataOut(dataPath);
    dataOut << stanData(data);
    if (!dataOut) throw std::runtime_error("cannot write " + dataPath);

    std::ofstream points(pointsPath);
    Rng rng(20261201, 1);
    Eigen::VectorXd theta(model->dim()), grad;
    for (int p = 0; p < kPoints; ++p) {
        for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = kPointRadius * (2.0 * rng.uniform() - 1.0);
        points << shortestDouble(model->logProbGrad(theta, grad));
        for (Eigen::Index i = 0; i < theta.size(); ++i) points << ',' << shortestDouble(theta[i]);
        points << '\n';
    }
    if (!points) throw std::runtime_error("cannot write " + pointsPath);
    std::printf("%lld rows, %lld features, %zu classes, %lld parameters\n", static_cast<long long>(data.xTrain.rows()),
                static_cast<long long>(data.xTrain.cols()), data.classLabels.size(), static_cast<long long>(model->dim()));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: stan_compare_data SPEC.json DATA.R POINTS.csv\n");
        return 2;
    }
    try {
        return run(argv[1], argv[2], argv[3]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "stan_compare_data: %s\n", e.what());
        return 1;
    }
}
