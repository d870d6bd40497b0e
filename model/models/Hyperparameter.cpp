#include "models/Hyperparameter.h"

#include "models/ModelSpec.h"

#include <array>

namespace genrelab {
namespace {

constexpr std::array<HyperparameterInfo, 9> kHyperparameters{{
    {Hyperparameter::AlphaScale, "alpha-scale", "intercept prior sd (alpha)"},
    {Hyperparameter::BetaScale, "beta-scale", "coefficient prior sd (beta, flat)"},
    {Hyperparameter::Nu, "nu", "StudentT degrees of freedom of mu_beta"},
    {Hyperparameter::MuScale, "mu-scale", "StudentT scale of mu_beta"},
    {Hyperparameter::Tau, "tau", "HalfCauchy scale of sigma_beta"},
    {Hyperparameter::Lambda, "lambda", "Normal sd of mu_beta (hier-normal)"},
    {Hyperparameter::MlpPriorScale, "prior-scale", "network weight prior sd"},
    {Hyperparameter::TauArtist, "tau-artist", "HalfCauchy scale of the artist effects' sigma_artist"},
    {Hyperparameter::TauTitle, "tau-title", "HalfCauchy scale of the title tokens' global shrinkage"},
}};

// The one place that maps a hyperparameter to its field.
template <typename Spec>
auto& field(Spec& spec, Hyperparameter h) {
    switch (h) {
    case Hyperparameter::TauArtist: return spec.terms.tauArtist;
    case Hyperparameter::TauTitle: return spec.terms.tauTitle;
    case Hyperparameter::AlphaScale: return spec.regression.alphaScale;
    case Hyperparameter::BetaScale: return spec.regression.betaScale;
    case Hyperparameter::Nu: return spec.regression.nu;
    case Hyperparameter::MuScale: return spec.regression.muScale;
    case Hyperparameter::Tau: return spec.regression.tau;
    case Hyperparameter::Lambda: return spec.regression.lambda;
    case Hyperparameter::MlpPriorScale: break;
    }
    return spec.mlp.priorScale;
}

} // namespace

std::span<const HyperparameterInfo> hyperparameters() { return kHyperparameters; }

const HyperparameterInfo& hyperparameterInfo(Hyperparameter h) {
    for (const auto& info : kHyperparameters)
        if (info.id == h) return info;
    return kHyperparameters.front();  // unreachable: the table lists every enumerator
}

std::optional<Hyperparameter> hyperparameterFromOption(std::string_view option) {
    for (const auto& info : kHyperparameters)
        if (info.option == option) return info.id;
    return std::nullopt;
}

double hyperparameterValue(const ModelSpec& spec, Hyperparameter h) { return field(spec, h); }

void setHyperparameter(ModelSpec& spec, Hyperparameter h, double value) { field(spec, h) = value; }

} // namespace genrelab
