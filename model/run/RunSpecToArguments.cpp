#include "run/RunSpec.h"

#include "eval/PowerScaling.h"
#include "run/RunSpecText.h"

#include <string>
#include <vector>

namespace genrelab {

using namespace runspec;

std::vector<std::string> specToArguments(const RunSpec& s) {
    const RunSpec d;
    std::vector<std::string> a;
    const auto unexpressible = [](const std::string& what) {
        throw std::invalid_argument("no genrelab-cli option sets " + what + "; write the spec as JSON (--write-spec) and run it with --spec");
    };
    const auto add = [&](const std::string& name, const std::string& value) {
        a.push_back("--" + name);
        a.push_back(value);
    };
    if (s.dataPath) add("data", *s.dataPath);
    if (s.target) add("target", *s.target);
    if (s.classNamesPath) add("classes", *s.classNamesPath);
    if (s.inference == InferenceKind::Prior) {
        add("model", "prior");
        if (modelName(s.model) != "flat") add("prior-of", std::string(modelName(s.model)));
    } else {
        if (modelName(s.model) != modelName(d.model)) add("model", std::string(modelName(s.model)));
        if (s.inference != d.inference) add("inference", std::string(inferenceName(s.inference)));
    }
    const auto& t = s.split;
    if (t.trainRows) add("train-size", std::to_string(*t.trainRows));
    if (t.testIsRest) {
        if (t.testRows) unexpressible("both a test row count and test rows as the rest");
        add("test-size", "all");
    } else if (t.testRows) {
        add("test-size", std::to_string(*t.testRows));
    }
    if (t.testFraction != d.split.testFraction) unexpressible("the test fraction");
    if (t.validationRows != d.split.validationRows || t.validationFraction != d.split.validationFraction) unexpressible("validation rows");
    if (t.seed != d.split.seed) add("split-seed", std::to_string(t.seed));
    if (t.kind != d.split.kind) add("split", std::string(splitKindName(t.kind)));
    if (s.svi.seed != s.nuts.seed || s.pathfinder.seed != s.nuts.seed) unexpressible("distinct SVI, NUTS and Pathfinder seeds");
    if (s.svi.seed != d.svi.seed) add("seed", std::to_string(s.svi.seed));

    const auto& v = s.svi;
    if (v.steps != d.svi.steps) add("steps", std::to_string(v.steps));
    if (v.learningRate != d.svi.learningRate) add("lr", numberText(v.learningRate));
    if (v.batchSize != d.svi.batchSize) add("batch", std::to_string(v.batchSize));
    if (v.particles != d.svi.particles) add("particles", std::to_string(v.particles));
    if (v.convergenceTolerance != d.svi.convergenceTolerance) add("convergence-tol", numberText(v.convergenceTolerance));
    if (v.reduceOnPlateau) a.push_back("--plateau");
    if (v.beta1 != d.svi.beta1 || v.beta2 != d.svi.beta2 || v.epsilon != d.svi.epsilon) unexpressible("Adam's moment rates");
    if (v.window != d.svi.window || v.plateauFactor != d.svi.plateauFactor || v.plateauPatience != d.svi.plateauPatience ||
        v.plateauTolerance != d.svi.plateauTolerance || v.minLearningRate != d.svi.minLearningRate || v.initScale != d.svi.initScale)
        unexpressible("the SVI window, plateau tuning or initial scale");
    if (s.guideDraws != d.guideDraws) add("guide-draws", std::to_string(s.guideDraws));
    if (s.predictiveDraws != d.predictiveDraws) add("predictive-draws", std::to_string(s.predictiveDraws));
    if (s.sensitivity.enabled) a.push_back("--sensitivity");
    if (s.sensitivity.priors != d.sensitivity.priors) add("sensitivity-priors", std::string(priorGroupName(s.sensitivity.priors)));
    const auto& f = s.pathfinder;
    if (f.paths != d.pathfinder.paths) add("paths", std::to_string(f.paths));
    if (f.drawsPerPath != d.pathfinder.drawsPerPath) add("path-draws", std::to_string(f.drawsPerPath));
    if (f.elboDraws != d.pathfinder.elboDraws) add("elbo-draws", std::to_string(f.elboDraws));
    if (f.history != d.pathfinder.history) add("lbfgs-history", std::to_string(f.history));
    if (f.maxIterations != d.pathfinder.maxIterations || f.relativeTolerance != d.pathfinder.relativeTolerance ||
        f.gradientTolerance != d.pathfinder.gradientTolerance || f.initRadius != d.pathfinder.initRadius ||
        f.elboPatience != d.pathfinder.elboPatience)
        unexpressible("Pathfinder's iteration limit, tolerances, ELBO patience or initial radius");
    if (f.threads != s.nuts.threads) unexpressible("distinct Pathfinder and NUTS thread counts");

    const auto& n = s.nuts;
    if (n.warmup != d.nuts.warmup) add("warmup", std::to_string(n.warmup));
    if (n.samples != d.nuts.samples) add("samples", std::to_string(n.samples));
    if (n.chains != d.nuts.chains) add("chains", std::to_string(n.chains));
    if (n.threads != d.nuts.threads) add("threads", std::to_string(n.threads));
    if (n.targetAccept != d.nuts.targetAccept) add("target-accept", numberText(n.targetAccept));
    if (n.maxTreeDepth != d.nuts.maxTreeDepth) add("max-treedepth", std::to_string(n.maxTreeDepth));
    if (n.denseMetric != d.nuts.denseMetric) add("metric", std::string(metricName(n.denseMetric)));
    if (n.maxDeltaH != d.nuts.maxDeltaH || n.initialStepSize != d.nuts.initialStepSize || n.initRadius != d.nuts.initRadius ||
        n.initialInvMetric.size() != 0 || n.windows.initBuffer != d.nuts.windows.initBuffer ||
        n.windows.termBuffer != d.nuts.windows.termBuffer || n.windows.baseWindow != d.nuts.windows.baseWindow)
        unexpressible("NUTS' divergence threshold, initial step size, initial radius, initial metric or warmup windows");
    if (s.nutsPilotSteps != d.nutsPilotSteps) add("nuts-pilot", std::to_string(s.nutsPilotSteps));
    if (s.nutsInit != d.nutsInit) add("nuts-init", std::string(nutsInitName(s.nutsInit)));

    const auto& r = s.model.regression;
    switch (r.coordinates) {
    case Coordinates::NonCentered: break;
    case Coordinates::Centered: a.push_back("--centered"); break;
    case Coordinates::PartiallyCentered: add("partial-centering", numberText(r.partialCentering)); break;
    case Coordinates::Shift: a.push_back("--shift-coordinates"); break;
    }
    if (r.precision != s.model.mlp.precision) unexpressible("distinct regression and MLP precisions");
    if (r.precision != d.model.regression.precision) add("precision", std::string(precisionName(r.precision)));
    if (r.alphaScale != d.model.regression.alphaScale) add("alpha-scale", numberText(r.alphaScale));
    if (r.betaScale != d.model.regression.betaScale) add("beta-scale", numberText(r.betaScale));
    if (r.nu != d.model.regression.nu) add("nu", numberText(r.nu));
    if (r.muScale != d.model.regression.muScale) add("mu-scale", numberText(r.muScale));
    if (r.tau != d.model.regression.tau) add("tau", numberText(r.tau));
    if (r.lambda != d.model.regression.lambda) add("lambda", numberText(r.lambda));
    const auto& m = s.model.mlp;
    if (m.hidden != d.model.mlp.hidden) {
        std::vector<std::string> units;
        for (int h : m.hidden) units.push_back(std::to_string(h));
        add("hidden", joinList(units));
    }
    if (m.activation != d.model.mlp.activation) add("activation", std::string(activationName(m.activation)));
    if (m.priorScale != d.model.mlp.priorScale) add("prior-scale", numberText(m.priorScale));
    const auto& terms = s.model.terms;
    if (terms.artistEffects) a.push_back("--artist-effects");
    if (terms.tauArtist != d.model.terms.tauArtist) add("tau-artist", numberText(terms.tauArtist));
    if (terms.titleTokens) a.push_back("--title-tokens");
    if (terms.tauTitle != d.model.terms.tauTitle) add("tau-title", numberText(terms.tauTitle));
    if (terms.titleSlab != d.model.terms.titleSlab) add("title-slab", numberText(terms.titleSlab));
    if (terms.titleMinCount != d.model.terms.titleMinCount) add("title-min-count", std::to_string(terms.titleMinCount));
    if (terms.titleMaxTokens != d.model.terms.titleMaxTokens) add("title-max-tokens", std::to_string(terms.titleMaxTokens));
    if (terms.songCopies) a.push_back("--song-copies");
    else if (songCopiesByDefault(s)) a.push_back("--no-song-copies");
    if (terms.artistSongs) a.push_back("--artist-songs");
    else if (!terms.artistSongs && artistSongsByDefault(s)) a.push_back("--no-artist-songs");
    if (terms.copyScale != d.model.terms.copyScale) add("copy-scale", numberText(terms.copyScale));

    const auto& p = s.prep;
    if (p.imputation != d.prep.imputation) add("imputation", std::string(imputationName(p.imputation)));
    if (p.constant != d.prep.constant) add("fill", numberText(p.constant));
    if (p.missingIndicators) a.push_back("--missing-indicators");
    if (!p.exclude.empty()) add("exclude", joinList(p.exclude));
    if (!p.standardize) a.push_back("--no-standardize");
    if (p.repairUnits) a.push_back("--repair-units");
    if (p.suspiciousAsMissing) a.push_back("--suspicious-as-missing");
    if (p.artifactFeatures) a.push_back("--artifact-features");
    const auto& g = p.groups;
    if (g.artistColumn) add("artist-column", *g.artistColumn);
    if (g.titleColumn) add("title-column", *g.titleColumn);
    if (g.artistSeparators != d.prep.groups.artistSeparators) {
        if (g.artistSeparators.empty()) add("artist-separator", "");
        for (const auto& separator : g.artistSeparators) {
            if (separator.empty()) unexpressible("an empty artist separator among others");
            add("artist-separator", separator);
        }
    }
    if (g.duplicates != d.prep.groups.duplicates) add("duplicates", std::string(duplicatePolicyName(g.duplicates)));
    if (!p.features.empty()) unexpressible("an explicit feature list");
    if (!p.unitRepairs.empty()) unexpressible("explicit unit repairs (--repair-units repairs every mixed column)");
    return a;
}

} // namespace genrelab
