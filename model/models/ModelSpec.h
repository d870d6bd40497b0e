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
    RegressionPriorSpec regression;  // alphaScale, betaScale, nu, muScale, tau, lambda, coordinates
    MlpSpec mlp;
    bool operator==(const ModelSpec&) const = default;
};

// The model's name as the command line and the run spec write it: "flat", "hier-studentt",
// "hier-normal", "ard" or "mlp". Text forms use these two, not the fields they read.
std::string_view modelName(const ModelSpec& spec);
// Chooses the model by that name; throws std::invalid_argument listing the names.
void setModelByName(ModelSpec& spec, std::string_view name);

// Builds the model; throws std::invalid_argument for invalid hyperparameters.
std::unique_ptr<LogDensity> makeModel(const ModelSpec& spec, std::shared_ptr<const ModelData> data);

} // namespace genrelab
