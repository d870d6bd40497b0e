#pragma once
// What the model builder edits: which model, its priors and hyperparameters. Plain data, so it
// can be saved with a session and turned into a LogDensity by makeModel().
#include "models/BayesianMlp.h"
#include "models/LogDensity.h"
#include "models/ModelData.h"
#include "models/SoftmaxRegression.h"

#include <memory>
#include <string>
#include <string_view>

namespace genrelab {

enum class ModelKind { Flat, HierStudentT, HierNormal, Ard, Mlp };

std::string_view modelKindName(ModelKind kind);        // "flat", "hier-studentt", ...
ModelKind modelKindFromName(std::string_view name);    // throws std::invalid_argument

struct ModelSpec {
    ModelKind kind = ModelKind::HierStudentT;
    RegressionPriorSpec regression;  // alphaScale, betaScale, nu, muScale, tau, lambda, nonCentered
    MlpSpec mlp;
};

// Builds the model; throws std::invalid_argument for invalid hyperparameters.
std::unique_ptr<LogDensity> makeModel(const ModelSpec& spec, std::shared_ptr<const ModelData> data);

} // namespace genrelab
