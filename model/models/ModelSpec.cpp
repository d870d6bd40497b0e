#include "models/ModelSpec.h"

#include "models/GroupedModel.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace genrelab {
namespace {

struct NamedModel {
    std::string_view name;
    ModelArchitecture architecture;
    PriorFamily family;  // linear softmax only
};

constexpr std::array<NamedModel, 5> kModels{{
    {"flat", ModelArchitecture::LinearSoftmax, PriorFamily::Flat},
    {"hier-studentt", ModelArchitecture::LinearSoftmax, PriorFamily::HierStudentT},
    {"hier-normal", ModelArchitecture::LinearSoftmax, PriorFamily::HierNormal},
    {"ard", ModelArchitecture::LinearSoftmax, PriorFamily::Ard},
    {"mlp", ModelArchitecture::Mlp, RegressionPriorSpec{}.family},  // unused; the default keeps specs canonical
}};

constexpr std::array<std::string_view, kModels.size()> kNames = [] {
    std::array<std::string_view, kModels.size()> names{};
    for (std::size_t i = 0; i < kModels.size(); ++i) names[i] = kModels[i].name;
    return names;
}();

} // namespace

std::span<const std::string_view> modelNames() { return kNames; }

std::string_view modelName(const ModelSpec& spec) {
    for (const auto& m : kModels)
        if (m.architecture == spec.architecture &&
            (m.architecture != ModelArchitecture::LinearSoftmax || m.family == spec.regression.family))
            return m.name;
    return "?";
}

void setModelByName(ModelSpec& spec, std::string_view name) {
    const auto m = std::find_if(kModels.begin(), kModels.end(), [&](const NamedModel& x) { return x.name == name; });
    if (m == kModels.end()) {
        std::string known;
        for (std::string_view n : kNames) known += (known.empty() ? "" : ", ") + std::string(n);
        throw std::invalid_argument("unknown model '" + std::string(name) + "' (" + known + ")");
    }
    spec.architecture = m->architecture;
    spec.regression.family = m->family;
}

std::unique_ptr<LogDensity> makeModel(const ModelSpec& spec, std::shared_ptr<const ModelData> data) {
    std::unique_ptr<LogitOffsetModel> base;
    if (spec.architecture == ModelArchitecture::Mlp) base = std::make_unique<BayesianMlp>(data, spec.mlp);
    else base = std::make_unique<SoftmaxRegression>(data, spec.regression);
    if (!spec.terms.any()) return base;
    return std::make_unique<GroupedModel>(std::move(base), std::move(data), spec.terms);
}

} // namespace genrelab
