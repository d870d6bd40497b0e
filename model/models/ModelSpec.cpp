#include "models/ModelSpec.h"

#include <stdexcept>

namespace genrelab {

std::string_view modelKindName(ModelKind kind) {
    switch (kind) {
    case ModelKind::Flat: return "flat";
    case ModelKind::HierStudentT: return "hier-studentt";
    case ModelKind::HierNormal: return "hier-normal";
    case ModelKind::Ard: return "ard";
    case ModelKind::Mlp: return "mlp";
    }
    return "?";
}

ModelKind modelKindFromName(std::string_view name) {
    for (auto kind : {ModelKind::Flat, ModelKind::HierStudentT, ModelKind::HierNormal, ModelKind::Ard, ModelKind::Mlp})
        if (modelKindName(kind) == name) return kind;
    throw std::invalid_argument("unknown model '" + std::string(name) + "' (flat, hier-studentt, hier-normal, ard, mlp)");
}

std::string_view modelName(const ModelSpec& spec) { return modelKindName(spec.kind); }

void setModelByName(ModelSpec& spec, std::string_view name) { spec.kind = modelKindFromName(name); }

std::unique_ptr<LogDensity> makeModel(const ModelSpec& spec, std::shared_ptr<const ModelData> data) {
    if (spec.kind == ModelKind::Mlp) return std::make_unique<BayesianMlp>(std::move(data), spec.mlp);
    RegressionPriorSpec prior = spec.regression;
    switch (spec.kind) {
    case ModelKind::Flat: prior.kind = RegressionPrior::Flat; break;
    case ModelKind::HierStudentT: prior.kind = RegressionPrior::HierStudentT; break;
    case ModelKind::HierNormal: prior.kind = RegressionPrior::HierNormal; break;
    case ModelKind::Ard: prior.kind = RegressionPrior::Ard; break;
    case ModelKind::Mlp: break;
    }
    return std::make_unique<SoftmaxRegression>(std::move(data), prior);
}

} // namespace genrelab
