#include "run/RunSpec.h"

#include "run/RunSpecJson.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <algorithm>
#include <stdexcept>

namespace genrelab {
namespace {

using Json = nlohmann::ordered_json;
constexpr std::string_view kFormat = "genrelab-runspec-1";

// ---- Bounds shared by both text forms ----
struct CountBounds {
    std::uint64_t min, max;
};
constexpr std::uint64_t kMaxSeed = std::numeric_limits<std::uint64_t>::max();
constexpr CountBounds kSteps{1, 1'000'000'000}, kBatch{0, 1'000'000'000}, kParticles{1, 100'000}, kGuideDraws{10, 100'000'000},
    kWarmup{0, 10'000'000}, kSamples{1, 10'000'000}, kChains{1, 1024}, kThreads{0, 1024}, kTreeDepth{1, 30},
    kPilotSteps{0, 1'000'000'000}, kTrainRows{1, 1'000'000'000'000}, kTestRows{0, 1'000'000'000'000}, kSeed{0, kMaxSeed},
    kHiddenUnits{1, 100'000}, kPredictiveDraws{1, 10'000'000}, kWindow{1, 1'000'000'000}, kPatience{1, 1'000'000},
    kWindowParam{0, 10'000'000};

enum class Interval { Positive, Finite, NonNegative, UnitOpen, UnitHalfOpen };
bool inInterval(double v, Interval interval) {
    if (!std::isfinite(v)) return false;
    switch (interval) {
    case Interval::Positive: return v > 0.0;
    case Interval::Finite: return true;
    case Interval::NonNegative: return v >= 0.0;
    case Interval::UnitOpen: return v > 0.0 && v < 1.0;
    case Interval::UnitHalfOpen: return v >= 0.0 && v < 1.0;
    }
    return false;
}
std::string describe(Interval interval) {
    switch (interval) {
    case Interval::Positive: return "a positive number";
    case Interval::Finite: return "a finite number";
    case Interval::NonNegative: return "a number of at least 0";
    case Interval::UnitOpen: return "a number between 0 and 1 (exclusive)";
    case Interval::UnitHalfOpen: return "a number in [0, 1)";
    }
    return "a number";
}
std::string describe(CountBounds b) {
    return "a whole number of at least " + std::to_string(b.min) + " and at most " + std::to_string(b.max);
}

// Shortest text that reads back to the same double, whatever the locale.
std::string numberText(double v) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

std::string_view precisionName(KernelPrecision p) { return p == KernelPrecision::Double ? "double" : "float"; }
KernelPrecision precisionFromName(std::string_view name) {
    if (name == "float") return KernelPrecision::Float;
    if (name == "double") return KernelPrecision::Double;
    throw std::invalid_argument("takes float or double, not '" + std::string(name) + "'");
}
Activation activationFromName(std::string_view name) {
    if (name == "tanh") return Activation::Tanh;
    if (name == "relu") return Activation::Relu;
    throw std::invalid_argument("takes tanh or relu, not '" + std::string(name) + "'");
}
std::string_view unitTargetName(UnitTarget to) {
    return to == UnitTarget::SmallUnit ? "small" : to == UnitTarget::LargeUnit ? "large" : "majority";
}
UnitTarget unitTargetFromName(std::string_view name) {
    for (auto to : {UnitTarget::Majority, UnitTarget::SmallUnit, UnitTarget::LargeUnit})
        if (unitTargetName(to) == name) return to;
    throw std::invalid_argument("takes majority, small or large, not '" + std::string(name) + "'");
}
std::string_view metricName(bool dense) { return dense ? "dense" : "diag"; }
bool denseFromName(std::string_view name) {
    if (name == "diag") return false;
    if (name == "dense") return true;
    throw std::invalid_argument("takes diag or dense, not '" + std::string(name) + "'");
}

// ---- JSON reading: one object at a time, every key checked ----
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

std::string_view inferenceName(InferenceKind kind) {
    switch (kind) {
    case InferenceKind::Svi: return "svi";
    case InferenceKind::Nuts: return "nuts";
    case InferenceKind::Prior: return "prior";
    }
    return "?";
}

InferenceKind inferenceFromName(std::string_view name) {
    for (auto kind : {InferenceKind::Svi, InferenceKind::Nuts, InferenceKind::Prior})
        if (inferenceName(kind) == name) return kind;
    throw std::invalid_argument("unknown inference '" + std::string(name) + "' (svi, nuts, prior)");
}

SplitOptions defaultSplit() {
    SplitOptions split;
    split.seed = 1;
    return split;
}

bool operator==(const NutsOptions& a, const NutsOptions& b) {
    const bool sameMetric = a.initialInvMetric.size() == b.initialInvMetric.size() &&
                            (a.initialInvMetric.size() == 0 || a.initialInvMetric == b.initialInvMetric);
    return a.warmup == b.warmup && a.samples == b.samples && a.chains == b.chains && a.targetAccept == b.targetAccept &&
           a.maxTreeDepth == b.maxTreeDepth && a.maxDeltaH == b.maxDeltaH && a.initialStepSize == b.initialStepSize &&
           a.initRadius == b.initRadius && a.seed == b.seed && a.threads == b.threads && a.denseMetric == b.denseMetric &&
           sameMetric && a.windows.initBuffer == b.windows.initBuffer && a.windows.termBuffer == b.windows.termBuffer &&
           a.windows.baseWindow == b.windows.baseWindow;
}

// Every key written here is read in specFromJson; tests/tst_runspec.cpp pins each struct's
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
                           {"precision", precisionName(m.precision)}}}};
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
                 {"pilot_steps", s.nutsPilotSteps}};
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
                 {"unit_repairs", repairs}};
    const auto& t = s.split;
    j["split"] = {{"train_rows", optionalJson(t.trainRows, "all")},
                  {"test_rows", optionalJson(t.testRows, nullptr)},
                  {"test_fraction", t.testFraction},
                  {"test_is_rest", t.testIsRest},
                  {"validation_rows", optionalJson(t.validationRows, nullptr)},
                  {"validation_fraction", t.validationFraction},
                  {"seed", t.seed}};
    j["predictive_draws"] = s.predictiveDraws;
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
    });
    root.count("predictive_draws", s.predictiveDraws, kPredictiveDraws);
    root.refuseUnknownKeys();
    return s;
}

// ---- Command-line arguments ----
namespace {

std::uint64_t parseCount(const std::string& option, const std::string& text, CountBounds bounds) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < bounds.min || value > bounds.max)
        throw std::invalid_argument("--" + option + " must be " + describe(bounds) + ", not '" + text + "'");
    return value;
}

double parseNumber(const std::string& option, const std::string& text, Interval interval) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !inInterval(value, interval))
        throw std::invalid_argument("--" + option + " must be " + describe(interval) + ", not '" + text + "'");
    return value;
}

// A name the option's table knows; the option named in the message.
template <class F>
auto parseName(const std::string& option, const std::string& text, F fromName) {
    try {
        return fromName(text);
    } catch (const std::invalid_argument& error) {
        const std::string what = error.what();
        if (what.rfind("unknown", 0) == 0) throw;  // "unknown model 'x' (...)" already names the choice
        throw std::invalid_argument("--" + option + " " + what);
    }
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        std::string item = text.substr(start, comma - start);
        const auto first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
        item = first == std::string::npos ? std::string() : item.substr(first, last - first + 1);
        if (!item.empty()) items.push_back(item);
        start = comma + 1;
    }
    return items;
}

std::string joinList(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
}

// What an argument list decides beyond single fields: "--model prior" and the coordinates.
struct ParseState {
    bool prior = false;
    std::optional<std::string> priorOf;
    std::vector<std::string> coordinateOptions;
};

struct ArgumentOption {
    RunOption doc;
    std::function<void(RunSpec&, const std::string& value, ParseState&)> apply;
};

std::string defaultNote(const std::string& value) { return " (default " + value + ")"; }

const std::vector<ArgumentOption>& argumentOptions() {
    static const std::vector<ArgumentOption> options = [] {
        const RunSpec d;
        const auto count = [](const std::string& name, CountBounds bounds, auto setter) {
            return [name, bounds, setter](RunSpec& s, const std::string& v, ParseState&) { setter(s, parseCount(name, v, bounds)); };
        };
        const auto number = [](const std::string& name, Interval interval, auto setter) {
            return [name, interval, setter](RunSpec& s, const std::string& v, ParseState&) { setter(s, parseNumber(name, v, interval)); };
        };
        std::vector<ArgumentOption> o = {
            {{"data", "FILE", "CSV file with features and the class column."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.dataPath = v; }},
            {{"target", "NAME", "Name of the class column (default: Class)."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.target = v; }},
            {{"classes", "FILE", "CSV mapping class labels to names (default: a class-names file next to the data, if any)."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.classNamesPath = v; }},
            {{"model", "NAME", "flat, hier-studentt, hier-normal, ard, mlp, or prior (ancestral sampling)" + defaultNote(std::string(modelName(d.model))) + "."},
             [](RunSpec& s, const std::string& v, ParseState& state) {
                 if (v == "prior") state.prior = true;
                 else setModelByName(s.model, v);
             }},
            {{"prior-of", "NAME", "With --model prior: whose prior to sample (default flat)."},
             [](RunSpec& s, const std::string& v, ParseState& state) {
                 ModelSpec check = s.model;
                 setModelByName(check, v);  // refuses unknown names
                 state.priorOf = v;
             }},
            {{"inference", "NAME", "svi or nuts" + defaultNote(std::string(inferenceName(d.inference))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.inference = inferenceFromName(v); }},
            {{"train-size", "N|all", "Training rows: a count or 'all' (what the test rows leave) (default all)."},
             [](RunSpec& s, const std::string& v, ParseState&) {
                 if (v == "all") s.split.trainRows.reset();
                 else s.split.trainRows = parseCount("train-size", v, kTrainRows);
             }},
            {{"test-size", "N|all", "Test rows: a count, or 'all' for every row not used for training (default: 20%)."},
             [](RunSpec& s, const std::string& v, ParseState&) {
                 if (v == "all") {
                     s.split.testIsRest = true;
                 } else {
                     s.split.testRows = parseCount("test-size", v, kTestRows);
                     s.split.testIsRest = false;
                 }
             }},
            {{"split-seed", "S", "Seed of the stratified split" + defaultNote(std::to_string(d.split.seed)) + "."},
             count("split-seed", kSeed, [](RunSpec& s, std::uint64_t v) { s.split.seed = v; })},
            {{"seed", "S", "Seed of the inference" + defaultNote(std::to_string(d.svi.seed)) + "."},
             count("seed", kSeed, [](RunSpec& s, std::uint64_t v) { s.svi.seed = s.nuts.seed = v; })},
            {{"steps", "N", "SVI steps" + defaultNote(std::to_string(d.svi.steps)) + "."},
             count("steps", kSteps, [](RunSpec& s, std::uint64_t v) { s.svi.steps = v; })},
            {{"lr", "X", "SVI (Adam) learning rate" + defaultNote(numberText(d.svi.learningRate)) + "."},
             number("lr", Interval::Positive, [](RunSpec& s, double v) { s.svi.learningRate = v; })},
            {{"batch", "B", "SVI minibatch size (0: full batch)" + defaultNote(std::to_string(d.svi.batchSize)) + "."},
             count("batch", kBatch, [](RunSpec& s, std::uint64_t v) { s.svi.batchSize = v; })},
            {{"particles", "K", "SVI particles per step" + defaultNote(std::to_string(d.svi.particles)) + "."},
             count("particles", kParticles, [](RunSpec& s, std::uint64_t v) { s.svi.particles = static_cast<int>(v); })},
            {{"convergence-tol", "X", "Stop SVI when windowed ELBO means change by less than this fraction (default 0: off)."},
             number("convergence-tol", Interval::NonNegative, [](RunSpec& s, double v) { s.svi.convergenceTolerance = v; })},
            {{"plateau", "", "Halve the SVI learning rate when the ELBO stops improving."},
             [](RunSpec& s, const std::string&, ParseState&) { s.svi.reduceOnPlateau = true; }},
            {{"guide-draws", "N", "Draws taken from the fitted SVI guide" + defaultNote(std::to_string(d.guideDraws)) + "."},
             count("guide-draws", kGuideDraws, [](RunSpec& s, std::uint64_t v) { s.guideDraws = v; })},
            {{"predictive-draws", "N", "Posterior draws averaged for predictions" + defaultNote(std::to_string(d.predictiveDraws)) + "."},
             count("predictive-draws", kPredictiveDraws, [](RunSpec& s, std::uint64_t v) { s.predictiveDraws = v; })},
            {{"warmup", "N", "NUTS warmup iterations per chain" + defaultNote(std::to_string(d.nuts.warmup)) + "."},
             count("warmup", kWarmup, [](RunSpec& s, std::uint64_t v) { s.nuts.warmup = static_cast<int>(v); })},
            {{"samples", "N", "NUTS draws per chain (prior draws for --model prior)" + defaultNote(std::to_string(d.nuts.samples)) + "."},
             count("samples", kSamples, [](RunSpec& s, std::uint64_t v) { s.nuts.samples = static_cast<int>(v); })},
            {{"chains", "K", "NUTS chains" + defaultNote(std::to_string(d.nuts.chains)) + "."},
             count("chains", kChains, [](RunSpec& s, std::uint64_t v) { s.nuts.chains = static_cast<int>(v); })},
            {{"threads", "T", "Threads for the chains (0: one per core)" + defaultNote(std::to_string(d.nuts.threads)) + "."},
             count("threads", kThreads, [](RunSpec& s, std::uint64_t v) { s.nuts.threads = static_cast<int>(v); })},
            {{"target-accept", "X", "NUTS target acceptance statistic" + defaultNote(numberText(d.nuts.targetAccept)) + "."},
             number("target-accept", Interval::UnitOpen, [](RunSpec& s, double v) { s.nuts.targetAccept = v; })},
            {{"max-treedepth", "N", "NUTS maximum tree depth" + defaultNote(std::to_string(d.nuts.maxTreeDepth)) + "."},
             count("max-treedepth", kTreeDepth, [](RunSpec& s, std::uint64_t v) { s.nuts.maxTreeDepth = static_cast<int>(v); })},
            {{"metric", "M", "NUTS metric: diag (Stan's default diag_e) or dense (dense_e)" + defaultNote(std::string(metricName(d.nuts.denseMetric))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.nuts.denseMetric = parseName("metric", v, denseFromName); }},
            {{"nuts-pilot", "N", "SVI steps fitted before NUTS to start its metric from (0: identity)" + defaultNote(std::to_string(d.nutsPilotSteps)) + "."},
             count("nuts-pilot", kPilotSteps, [](RunSpec& s, std::uint64_t v) { s.nutsPilotSteps = v; })},
            {{"centered", "", "Hierarchical models in centered form (default: non-centered)."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.regression.coordinates = Coordinates::Centered;
                 state.coordinateOptions.push_back("--centered");
             }},
            {{"partial-centering", "X", "Hierarchical models partially centered, 0 (non-centered) to <1."},
             [](RunSpec& s, const std::string& v, ParseState& state) {
                 s.model.regression.partialCentering = parseNumber("partial-centering", v, Interval::UnitHalfOpen);
                 s.model.regression.coordinates = Coordinates::PartiallyCentered;
                 state.coordinateOptions.push_back("--partial-centering");
             }},
            {{"shift-coordinates", "", "Regression models centered, in shift coordinates: contrasts and the standardized "
                                       "shift the softmax cannot see (the same model; fastest NUTS on many rows)."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.regression.coordinates = Coordinates::Shift;
                 state.coordinateOptions.push_back("--shift-coordinates");
             }},
            {{"precision", "P", "Arithmetic of the likelihood: float (fast) or double" + defaultNote(std::string(precisionName(d.model.regression.precision))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) {
                 s.model.regression.precision = s.model.mlp.precision = parseName("precision", v, precisionFromName);
             }},
            {{"alpha-scale", "X", "Prior sd of the intercepts" + defaultNote(numberText(d.model.regression.alphaScale)) + "."},
             number("alpha-scale", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.alphaScale = v; })},
            {{"beta-scale", "X", "Prior sd of the coefficients (flat)" + defaultNote(numberText(d.model.regression.betaScale)) + "."},
             number("beta-scale", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.betaScale = v; })},
            {{"nu", "X", "StudentT degrees of freedom of mu_beta" + defaultNote(numberText(d.model.regression.nu)) + "."},
             number("nu", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.nu = v; })},
            {{"mu-scale", "X", "StudentT scale of mu_beta" + defaultNote(numberText(d.model.regression.muScale)) + "."},
             number("mu-scale", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.muScale = v; })},
            {{"tau", "X", "HalfCauchy scale of sigma_beta" + defaultNote(numberText(d.model.regression.tau)) + "."},
             number("tau", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.tau = v; })},
            {{"lambda", "X", "Normal scale of mu_beta (hier-normal)" + defaultNote(numberText(d.model.regression.lambda)) + "."},
             number("lambda", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.lambda = v; })},
            {{"hidden", "32,16", "MLP hidden layer sizes" + defaultNote(joinList([&] {
                                     std::vector<std::string> units;
                                     for (int h : d.model.mlp.hidden) units.push_back(std::to_string(h));
                                     return units;
                                 }())) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) {
                 std::vector<int> hidden;
                 for (const auto& item : splitList(v)) {
                     std::uint64_t units = 0;
                     const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), units);
                     if (error != std::errc{} || end != item.data() + item.size() || units < kHiddenUnits.min || units > kHiddenUnits.max)
                         throw std::invalid_argument("--hidden takes layer sizes such as 32,16 (each at most " +
                                                     std::to_string(kHiddenUnits.max) + "), not '" + v + "'");
                     hidden.push_back(static_cast<int>(units));
                 }
                 s.model.mlp.hidden = hidden;
             }},
            {{"activation", "NAME", "MLP activation: tanh or relu" + defaultNote(std::string(activationName(d.model.mlp.activation))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.model.mlp.activation = parseName("activation", v, activationFromName); }},
            {{"prior-scale", "X", "MLP weight prior sd" + defaultNote(numberText(d.model.mlp.priorScale)) + "."},
             number("prior-scale", Interval::Positive, [](RunSpec& s, double v) { s.model.mlp.priorScale = v; })},
            {{"imputation", "NAME", "mean, median, constant or drop" + defaultNote(std::string(imputationName(d.prep.imputation))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.prep.imputation = parseName("imputation", v, imputationFromString); }},
            {{"fill", "X", "The constant for --imputation constant" + defaultNote(numberText(d.prep.constant)) + "."},
             number("fill", Interval::Finite, [](RunSpec& s, double v) { s.prep.constant = v; })},
            {{"missing-indicators", "", "Add a 0/1 feature per column with missing cells."},
             [](RunSpec& s, const std::string&, ParseState&) { s.prep.missingIndicators = true; }},
            {{"exclude", "A,B", "Numeric columns to leave out of the features, comma-separated."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.prep.exclude = splitList(v); }},
            {{"no-standardize", "", "Keep features in their units (default: standardize with training statistics)."},
             [](RunSpec& s, const std::string&, ParseState&) { s.prep.standardize = false; }},
            {{"repair-units", "", "Convert unit-mixed columns (minutes among milliseconds) to one unit."},
             [](RunSpec& s, const std::string&, ParseState&) { s.prep.repairUnits = true; }},
        };
        return o;
    }();
    return options;
}

const ArgumentOption* findOption(std::string_view name) {
    for (const auto& option : argumentOptions())
        if (option.doc.name == name) return &option;
    return nullptr;
}

} // namespace

const std::vector<RunOption>& runSpecOptions() {
    static const std::vector<RunOption> docs = [] {
        std::vector<RunOption> d;
        for (const auto& option : argumentOptions()) d.push_back(option.doc);
        return d;
    }();
    return docs;
}

RunSpec specFromArguments(const std::vector<std::string>& args, RunSpec base) {
    ParseState state;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + arg + "'");
        const auto equals = arg.find('=');
        const std::string name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
        const ArgumentOption* option = findOption(name);
        if (!option) throw std::invalid_argument("unknown option '--" + name + "'");
        std::string value;
        if (!option->doc.valueName.empty()) {
            if (equals != std::string::npos) value = arg.substr(equals + 1);
            else if (i + 1 < args.size()) value = args[++i];
            else throw std::invalid_argument("--" + name + " needs a value (" + option->doc.valueName + ")");
        } else if (equals != std::string::npos) {
            throw std::invalid_argument("--" + name + " takes no value");
        }
        option->apply(base, value, state);
    }
    if (state.coordinateOptions.size() > 1) {
        std::vector<std::string> distinct = state.coordinateOptions;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        if (distinct.size() > 1) throw std::invalid_argument(distinct[0] + " and " + distinct[1] + " exclude each other");
    }
    if (state.prior) {
        base.inference = InferenceKind::Prior;
        setModelByName(base.model, state.priorOf.value_or("flat"));
    }
    return base;
}

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
    if (s.svi.seed != s.nuts.seed) unexpressible("distinct SVI and NUTS seeds");
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

    const auto& p = s.prep;
    if (p.imputation != d.prep.imputation) add("imputation", std::string(imputationName(p.imputation)));
    if (p.constant != d.prep.constant) add("fill", numberText(p.constant));
    if (p.missingIndicators) a.push_back("--missing-indicators");
    if (!p.exclude.empty()) add("exclude", joinList(p.exclude));
    if (!p.standardize) a.push_back("--no-standardize");
    if (p.repairUnits) a.push_back("--repair-units");
    if (!p.features.empty()) unexpressible("an explicit feature list");
    if (!p.unitRepairs.empty()) unexpressible("explicit unit repairs (--repair-units repairs every mixed column)");
    return a;
}

} // namespace genrelab
