#include "models/ModelTraits.h"

#include <algorithm>

namespace genrelab {

bool ModelTraits::uses(Hyperparameter h) const {
    return std::find(hyperparameters.begin(), hyperparameters.end(), h) != hyperparameters.end();
}

namespace {

ModelTraits architectureTraits(const ModelSpec& spec) {
    using H = Hyperparameter;
    ModelTraits t;
    switch (spec.architecture) {
    case ModelArchitecture::Mlp:
        t.hyperparameters = {H::MlpPriorScale};
        t.hiddenUnits = true;
        t.identifiedParameters = false;
        return t;
    case ModelArchitecture::LinearSoftmax: break;
    }
    t.linearCoefficients = true;
    t.shiftCoordinates = true;
    switch (spec.regression.family) {
    case PriorFamily::Flat: t.hyperparameters = {H::AlphaScale, H::BetaScale}; break;
    case PriorFamily::HierStudentT: t.hyperparameters = {H::AlphaScale, H::Nu, H::MuScale, H::Tau}; break;
    case PriorFamily::HierNormal: t.hyperparameters = {H::AlphaScale, H::Lambda, H::Tau}; break;
    case PriorFamily::Ard:
        t.hyperparameters = {H::AlphaScale, H::Nu, H::MuScale, H::Tau};
        t.relevanceWeights = true;
        break;
    }
    t.hierarchical = spec.regression.family != PriorFamily::Flat;
    t.coordinates = t.hierarchical;
    return t;
}

} // namespace

ModelTraits traitsOf(const ModelSpec& spec) {
    ModelTraits t = architectureTraits(spec);
    if (spec.terms.artistEffects) t.hyperparameters.push_back(Hyperparameter::TauArtist);
    if (spec.terms.titleTokens) t.hyperparameters.push_back(Hyperparameter::TauTitle);
    t.groupEffects = spec.terms.any();
    return t;
}

} // namespace genrelab
