#pragma once
// The prior hyperparameters a ModelSpec can set, each with its command-line option (also the
// sweep axis) and a display label, and access to its value in a ModelSpec. Which of them a
// model reads is declared by traitsOf() (ModelTraits.h).
#include <optional>
#include <span>
#include <string_view>

namespace genrelab {

struct ModelSpec;

enum class Hyperparameter { AlphaScale, BetaScale, Nu, MuScale, Tau, Lambda, MlpPriorScale, TauArtist, TauTitle };

struct HyperparameterInfo {
    Hyperparameter id;
    std::string_view option;  // "alpha-scale": CLI option without dashes, sweep axis
    std::string_view label;   // "intercept prior sd (alpha)"
};

// Every hyperparameter, in a fixed order.
std::span<const HyperparameterInfo> hyperparameters();
const HyperparameterInfo& hyperparameterInfo(Hyperparameter h);
std::optional<Hyperparameter> hyperparameterFromOption(std::string_view option);

double hyperparameterValue(const ModelSpec& spec, Hyperparameter h);
void setHyperparameter(ModelSpec& spec, Hyperparameter h, double value);

} // namespace genrelab
