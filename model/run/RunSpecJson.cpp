#include "run/RunSpecJson.h"

#include "eval/PowerScaling.h"
#include "run/RunSpecText.h"

#include <algorithm>
#include <functional>

namespace genrelab {
namespace {

using namespace runspec;
using Json = nlohmann::ordered_json;
constexpr std::string_view kFormat = "genrelab-runspec-1";

// A JSON object of the spec, read key by key; a key not read is refused.
class ObjectReader {
public:
    ObjectReader(const Json& object, std::string path, const std::string& source) : object_(object), path_(std::move(path)), source_(source) {
        if (!object_.is_object()) fail("", "must be a JSON object");
    }

    [[noreturn]] void fail(const std::string& key, const std::string& what) const {
        const std::string where = path_.empty() ? key : key.empty() ? path_ : path_ + "." + key;
        throw std::invalid_argument(source_ + ": " + (where.empty() ? "the run spec" : "\"" + where + "\"") + " " + what);
    }

    template <class Integer>
    void count(const char* key, Integer& out, CountBounds bounds) {
        if (const Json* v = find(key)) {
            if (!v->is_number_unsigned())
                fail(key, "must be " + describe(bounds) + ", not " + v->dump());
            const auto value = v->get<std::uint64_t>();
            if (value < bounds.min || value > bounds.max) fail(key, "must be " + describe(bounds) + ", not " + v->dump());
            out = static_cast<Integer>(value);
        }
    }
    void optionalCount(const char* key, std::optional<std::size_t>& out, CountBounds bounds, const char* unsetWord) {
        if (const Json* v = find(key)) {
            if (v->is_null() || (v->is_string() && unsetWord && v->get<std::string>() == unsetWord)) {
                out.reset();
                return;
            }
            std::size_t value = 0;
            count(key, value, bounds);
            out = value;
        }
    }
    void number(const char* key, double& out, Interval interval) {
        if (const Json* v = find(key)) {
            if (!v->is_number() || !inInterval(v->get<double>(), interval)) fail(key, "must be " + describe(interval) + ", not " + v->dump());
            out = v->get<double>();
        }
    }
    void flag(const char* key, bool& out) {
        if (const Json* v = find(key)) {
            if (!v->is_boolean()) fail(key, "must be true or false, not " + v->dump());
            out = v->get<bool>();
        }
    }
    // A name; apply turns it into the setting and throws std::invalid_argument for unknown names.
    void choice(const char* key, const std::function<void(std::string_view)>& apply) {
        if (const Json* v = find(key)) {
            if (!v->is_string()) fail(key, "must be a string, not " + v->dump());
            try {
                apply(v->get<std::string>());
            } catch (const std::invalid_argument& error) {
                fail(key, error.what());
            }
        }
    }
    void optionalText(const char* key, std::optional<std::string>& out) {
        if (const Json* v = find(key)) {
            if (v->is_null()) out.reset();
            else if (v->is_string()) out = v->get<std::string>();
            else fail(key, "must be a string or null, not " + v->dump());
        }
    }
    void texts(const char* key, std::vector<std::string>& out) {
        if (const Json* v = find(key)) {
            if (!v->is_array()) fail(key, "must be an array of strings, not " + v->dump());
            std::vector<std::string> values;
            for (const auto& item : *v) {
                if (!item.is_string()) fail(key, "must be an array of strings, not " + v->dump());
                values.push_back(item.get<std::string>());
            }
            out = std::move(values);
        }
    }
    void counts(const char* key, std::vector<int>& out, CountBounds bounds) {
        if (const Json* v = find(key)) {
            if (!v->is_array()) fail(key, "must be an array of whole numbers, not " + v->dump());
            std::vector<int> values;
            for (const auto& item : *v) {
                if (!item.is_number_unsigned() || item.get<std::uint64_t>() < bounds.min || item.get<std::uint64_t>() > bounds.max)
                    fail(key, "must hold whole numbers of at least " + std::to_string(bounds.min) + " and at most " +
                                  std::to_string(bounds.max) + ", not " + v->dump());
                values.push_back(static_cast<int>(item.get<std::uint64_t>()));
            }
            out = std::move(values);
        }
    }
    void positiveNumbers(const char* key, Eigen::VectorXd& out) {
        if (const Json* v = find(key)) {
            if (!v->is_array()) fail(key, "must be an array of positive numbers, not " + v->dump());
            Eigen::VectorXd values(static_cast<Eigen::Index>(v->size()));
            for (std::size_t i = 0; i < v->size(); ++i) {
                const Json& item = (*v)[i];
                if (!item.is_number() || !inInterval(item.get<double>(), Interval::Positive))
                    fail(key, "must be an array of positive numbers, not " + v->dump());
                values[static_cast<Eigen::Index>(i)] = item.get<double>();
            }
            out = std::move(values);
        }
    }
    // A nested object; f reads it. Absent: nothing changes.
    void object(const char* key, const std::function<void(ObjectReader&)>& f) {
        if (const Json* v = find(key)) {
            ObjectReader inner(*v, path_.empty() ? key : path_ + "." + key, source_);
            f(inner);
            inner.refuseUnknownKeys();
        }
    }
    // An array of objects; f reads each.
    void objects(const char* key, const std::function<void(ObjectReader&)>& f) {
        if (const Json* v = find(key)) {
            if (!v->is_array()) fail(key, "must be an array of objects, not " + v->dump());
            for (std::size_t i = 0; i < v->size(); ++i) {
                ObjectReader inner((*v)[i], (path_.empty() ? std::string(key) : path_ + "." + key) + "[" + std::to_string(i) + "]", source_);
                f(inner);
                inner.refuseUnknownKeys();
            }
        }
    }
    void text(const char* key, std::string& out) {
        if (const Json* v = find(key)) {
            if (!v->is_string()) fail(key, "must be a string, not " + v->dump());
            out = v->get<std::string>();
        }
    }
    void refuseUnknownKeys() const {
        for (const auto& item : object_.items())
            if (std::find(known_.begin(), known_.end(), item.key()) == known_.end())
                fail(item.key(), "is not a run spec key");
    }

private:
    const Json* find(const char* key) {
        known_.push_back(key);
        const auto it = object_.find(key);
        return it == object_.end() ? nullptr : &*it;
    }

    const Json& object_;
    std::string path_;
    const std::string& source_;
    std::vector<std::string> known_;
};

Json optionalJson(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }
Json optionalJson(const std::optional<std::size_t>& v, const char* unsetWord) {
    if (v) return Json(static_cast<std::uint64_t>(*v));
    return unsetWord ? Json(unsetWord) : Json(nullptr);
}

} // namespace

// member count against these keys, so a new field fails that test until both sides know it.
std::string specToJson(const RunSpec& spec) { return specToJsonValue(spec).dump(2) + "\n"; }

RunSpec specFromJson(std::string_view text, const std::string& sourceName) {
    Json j;
    try {
        j = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& error) {
        throw std::invalid_argument(sourceName + ": not JSON: " + error.what());
    }
    return specFromJsonValue(j, sourceName);
}

Json specToJsonValue(const RunSpec& s) {
    const auto& r = s.model.regression;
    const auto& m = s.model.mlp;
    Json j;
    j["format"] = kFormat;
    j["data"] = optionalJson(s.dataPath);
    j["target"] = optionalJson(s.target);
    j["classes"] = optionalJson(s.classNamesPath);
    j["class_names"] = s.classNames;
    j["inference"] = inferenceName(s.inference);
    j["model"] = {{"name", modelName(s.model)},
                  {"alpha_scale", r.alphaScale},
                  {"beta_scale", r.betaScale},
                  {"nu", r.nu},
                  {"mu_scale", r.muScale},
                  {"tau", r.tau},
                  {"lambda", r.lambda},
                  {"coordinates", coordinatesName(r.coordinates)},
                  {"partial_centering", r.partialCentering},
                  {"precision", precisionName(r.precision)},
                  {"mlp", {{"hidden", m.hidden}, {"activation", activationName(m.activation)}, {"prior_scale", m.priorScale},
                           {"precision", precisionName(m.precision)}}},
                  {"terms", {{"artist_effects", s.model.terms.artistEffects},
                             {"tau_artist", s.model.terms.tauArtist},
                             {"title_tokens", s.model.terms.titleTokens},
                             {"tau_title", s.model.terms.tauTitle},
                             {"title_slab", s.model.terms.titleSlab},
                             {"title_min_count", s.model.terms.titleMinCount},
                             {"title_max_tokens", s.model.terms.titleMaxTokens},
                             {"song_copies", s.model.terms.songCopies},
                             {"artist_songs", s.model.terms.artistSongs},
                             {"copy_scale", s.model.terms.copyScale}}}};
    const auto& v = s.svi;
    j["svi"] = {{"steps", v.steps},
                {"learning_rate", v.learningRate},
                {"adam_beta1", v.beta1},
                {"adam_beta2", v.beta2},
                {"adam_epsilon", v.epsilon},
                {"particles", v.particles},
                {"batch", v.batchSize},
                {"convergence_tolerance", v.convergenceTolerance},
                {"convergence_window", v.window},
                {"plateau", v.reduceOnPlateau},
                {"plateau_factor", v.plateauFactor},
                {"plateau_patience", v.plateauPatience},
                {"plateau_tolerance", v.plateauTolerance},
                {"min_learning_rate", v.minLearningRate},
                {"init_scale", v.initScale},
                {"seed", v.seed}};
    j["guide_draws"] = s.guideDraws;
    const auto& f = s.pathfinder;
    j["pathfinder"] = {{"paths", f.paths},
                       {"history", f.history},
                       {"max_iterations", f.maxIterations},
                       {"elbo_draws", f.elboDraws},
                       {"draws_per_path", f.drawsPerPath},
                       {"relative_tolerance", f.relativeTolerance},
                       {"gradient_tolerance", f.gradientTolerance},
                       {"elbo_patience", f.elboPatience},
                       {"init_radius", f.initRadius},
                       {"seed", f.seed},
                       {"threads", f.threads}};
    const auto& n = s.nuts;
    j["nuts"] = {{"warmup", n.warmup},
                 {"samples", n.samples},
                 {"chains", n.chains},
                 {"threads", n.threads},
                 {"target_accept", n.targetAccept},
                 {"max_tree_depth", n.maxTreeDepth},
                 {"max_delta_h", n.maxDeltaH},
                 {"initial_step_size", n.initialStepSize},
                 {"init_radius", n.initRadius},
                 {"metric", metricName(n.denseMetric)},
                 {"initial_inv_metric", std::vector<double>(n.initialInvMetric.data(), n.initialInvMetric.data() + n.initialInvMetric.size())},
                 {"windows", {{"init_buffer", n.windows.initBuffer}, {"term_buffer", n.windows.termBuffer}, {"base_window", n.windows.baseWindow}}},
                 {"seed", n.seed},
                 {"pilot_steps", s.nutsPilotSteps},
                 {"init", nutsInitName(s.nutsInit)}};
    const auto& p = s.prep;
    Json repairs = Json::array();
    for (const auto& u : p.unitRepairs)
        repairs.push_back({{"column", u.column}, {"threshold", u.threshold}, {"factor", u.factor}, {"to", unitTargetName(u.to)}});
    j["prep"] = {{"features", p.features},
                 {"exclude", p.exclude},
                 {"imputation", imputationName(p.imputation)},
                 {"fill", p.constant},
                 {"missing_indicators", p.missingIndicators},
                 {"standardize", p.standardize},
                 {"repair_units", p.repairUnits},
                 {"unit_repairs", repairs},
                 {"groups", {{"artist_column", optionalJson(p.groups.artistColumn)},
                             {"title_column", optionalJson(p.groups.titleColumn)},
                             {"artist_separators", p.groups.artistSeparators},
                             {"duplicates", duplicatePolicyName(p.groups.duplicates)}}},
                 {"artifact_features", p.artifactFeatures},
                 {"suspicious_as_missing", p.suspiciousAsMissing}};
    const auto& t = s.split;
    j["split"] = {{"train_rows", optionalJson(t.trainRows, "all")},
                  {"test_rows", optionalJson(t.testRows, nullptr)},
                  {"test_fraction", t.testFraction},
                  {"test_is_rest", t.testIsRest},
                  {"validation_rows", optionalJson(t.validationRows, nullptr)},
                  {"validation_fraction", t.validationFraction},
                  {"seed", t.seed},
                  {"kind", splitKindName(t.kind)}};
    j["predictive_draws"] = s.predictiveDraws;
    j["sensitivity"] = {{"enabled", s.sensitivity.enabled}, {"priors", std::string(priorGroupName(s.sensitivity.priors))}};
    return j;
}

RunSpec specFromJsonValue(const Json& j, const std::string& sourceName, const std::string& path) {
    RunSpec s;
    ObjectReader root(j, path, sourceName);
    std::string format;
    root.text("format", format);
    if (format != kFormat) root.fail("format", "must be \"" + std::string(kFormat) + "\" (a genrelab run spec), not \"" + format + "\"");
    root.optionalText("data", s.dataPath);
    root.optionalText("target", s.target);
    root.optionalText("classes", s.classNamesPath);
    root.texts("class_names", s.classNames);
    root.choice("inference", [&](std::string_view name) { s.inference = inferenceFromName(name); });
    root.object("model", [&](ObjectReader& o) {
        auto& r = s.model.regression;
        o.choice("name", [&](std::string_view name) { setModelByName(s.model, name); });
        o.number("alpha_scale", r.alphaScale, Interval::Positive);
        o.number("beta_scale", r.betaScale, Interval::Positive);
        o.number("nu", r.nu, Interval::Positive);
        o.number("mu_scale", r.muScale, Interval::Positive);
        o.number("tau", r.tau, Interval::Positive);
        o.number("lambda", r.lambda, Interval::Positive);
        o.choice("coordinates", [&](std::string_view name) { r.coordinates = coordinatesFromName(name); });
        o.number("partial_centering", r.partialCentering, Interval::UnitHalfOpen);
        o.choice("precision", [&](std::string_view name) { r.precision = precisionFromName(name); });
        o.object("mlp", [&](ObjectReader& mo) {
            auto& m = s.model.mlp;
            mo.counts("hidden", m.hidden, kHiddenUnits);
            mo.choice("activation", [&](std::string_view name) { m.activation = activationFromName(name); });
            mo.number("prior_scale", m.priorScale, Interval::Positive);
            mo.choice("precision", [&](std::string_view name) { m.precision = precisionFromName(name); });
        });
        o.object("terms", [&](ObjectReader& to) {
            auto& t = s.model.terms;
            to.flag("artist_effects", t.artistEffects);
            to.number("tau_artist", t.tauArtist, Interval::Positive);
            to.flag("title_tokens", t.titleTokens);
            to.number("tau_title", t.tauTitle, Interval::Positive);
            to.number("title_slab", t.titleSlab, Interval::Positive);
            to.count("title_min_count", t.titleMinCount, kTitleMinCount);
            to.count("title_max_tokens", t.titleMaxTokens, kTitleMaxTokens);
            to.flag("song_copies", t.songCopies);
            to.flag("artist_songs", t.artistSongs);
            to.number("copy_scale", t.copyScale, Interval::Positive);
        });
    });
    root.object("svi", [&](ObjectReader& o) {
        auto& v = s.svi;
        o.count("steps", v.steps, kSteps);
        o.number("learning_rate", v.learningRate, Interval::Positive);
        o.number("adam_beta1", v.beta1, Interval::UnitHalfOpen);
        o.number("adam_beta2", v.beta2, Interval::UnitHalfOpen);
        o.number("adam_epsilon", v.epsilon, Interval::Positive);
        o.count("particles", v.particles, kParticles);
        o.count("batch", v.batchSize, kBatch);
        o.number("convergence_tolerance", v.convergenceTolerance, Interval::NonNegative);
        o.count("convergence_window", v.window, kWindow);
        o.flag("plateau", v.reduceOnPlateau);
        o.number("plateau_factor", v.plateauFactor, Interval::UnitOpen);
        o.count("plateau_patience", v.plateauPatience, kPatience);
        o.number("plateau_tolerance", v.plateauTolerance, Interval::NonNegative);
        o.number("min_learning_rate", v.minLearningRate, Interval::NonNegative);
        o.number("init_scale", v.initScale, Interval::Positive);
        o.count("seed", v.seed, kSeed);
    });
    root.count("guide_draws", s.guideDraws, kGuideDraws);
    root.object("pathfinder", [&](ObjectReader& o) {
        auto& f = s.pathfinder;
        o.count("paths", f.paths, kPaths);
        o.count("history", f.history, kHistory);
        o.count("max_iterations", f.maxIterations, kLbfgsIterations);
        o.count("elbo_draws", f.elboDraws, kElboDraws);
        o.count("draws_per_path", f.drawsPerPath, kPathDraws);
        o.number("relative_tolerance", f.relativeTolerance, Interval::NonNegative);
        o.number("gradient_tolerance", f.gradientTolerance, Interval::NonNegative);
        o.count("elbo_patience", f.elboPatience, kElboPatience);
        o.number("init_radius", f.initRadius, Interval::NonNegative);
        o.count("seed", f.seed, kSeed);
        o.count("threads", f.threads, kThreads);
    });
    root.object("nuts", [&](ObjectReader& o) {
        auto& n = s.nuts;
        o.count("warmup", n.warmup, kWarmup);
        o.count("samples", n.samples, kSamples);
        o.count("chains", n.chains, kChains);
        o.count("threads", n.threads, kThreads);
        o.number("target_accept", n.targetAccept, Interval::UnitOpen);
        o.count("max_tree_depth", n.maxTreeDepth, kTreeDepth);
        o.number("max_delta_h", n.maxDeltaH, Interval::Positive);
        o.number("initial_step_size", n.initialStepSize, Interval::Positive);
        o.number("init_radius", n.initRadius, Interval::Positive);
        o.choice("metric", [&](std::string_view name) { n.denseMetric = denseFromName(name); });
        o.positiveNumbers("initial_inv_metric", n.initialInvMetric);
        o.object("windows", [&](ObjectReader& w) {
            w.count("init_buffer", n.windows.initBuffer, kWindowParam);
            w.count("term_buffer", n.windows.termBuffer, kWindowParam);
            w.count("base_window", n.windows.baseWindow, kWindowParam);
        });
        o.count("seed", n.seed, kSeed);
        o.count("pilot_steps", s.nutsPilotSteps, kPilotSteps);
        o.choice("init", [&](std::string_view name) { s.nutsInit = nutsInitFromName(name); });
    });
    root.object("prep", [&](ObjectReader& o) {
        auto& p = s.prep;
        o.texts("features", p.features);
        o.texts("exclude", p.exclude);
        o.choice("imputation", [&](std::string_view name) { p.imputation = imputationFromString(name); });
        o.number("fill", p.constant, Interval::Finite);
        o.flag("missing_indicators", p.missingIndicators);
        o.flag("standardize", p.standardize);
        o.flag("repair_units", p.repairUnits);
        o.objects("unit_repairs", [&](ObjectReader& u) {
            UnitRepair repair;
            u.text("column", repair.column);
            u.number("threshold", repair.threshold, Interval::Finite);
            u.number("factor", repair.factor, Interval::Positive);
            u.choice("to", [&](std::string_view name) { repair.to = unitTargetFromName(name); });
            p.unitRepairs.push_back(repair);  // onto the default's empty list
        });
        o.object("groups", [&](ObjectReader& g) {
            g.optionalText("artist_column", p.groups.artistColumn);
            g.optionalText("title_column", p.groups.titleColumn);
            g.texts("artist_separators", p.groups.artistSeparators);
            g.choice("duplicates", [&](std::string_view name) { p.groups.duplicates = duplicatePolicyFromName(name); });
        });
        o.flag("artifact_features", p.artifactFeatures);
        o.flag("suspicious_as_missing", p.suspiciousAsMissing);
    });
    root.object("split", [&](ObjectReader& o) {
        auto& t = s.split;
        o.optionalCount("train_rows", t.trainRows, kTrainRows, "all");
        o.optionalCount("test_rows", t.testRows, kTestRows, nullptr);
        o.number("test_fraction", t.testFraction, Interval::UnitOpen);
        o.flag("test_is_rest", t.testIsRest);
        o.optionalCount("validation_rows", t.validationRows, kTestRows, nullptr);
        o.number("validation_fraction", t.validationFraction, Interval::UnitHalfOpen);
        o.count("seed", t.seed, kSeed);
        o.choice("kind", [&](std::string_view name) { t.kind = splitKindFromName(name); });
    });
    root.count("predictive_draws", s.predictiveDraws, kPredictiveDraws);
    root.object("sensitivity", [&](ObjectReader& o) {
        o.flag("enabled", s.sensitivity.enabled);
        o.choice("priors", [&](std::string_view name) { s.sensitivity.priors = priorGroupFromName(name); });
    });
    root.refuseUnknownKeys();
    return s;
}

} // namespace genrelab
