#include "Session.h"

#include "export/ResultTableJson.h"
#include "export/RunTables.h"
#include "run/RunSpecJson.h"

#include <QRegularExpression>

#include <algorithm>
#include <map>

namespace genrelab {

void Session::setData(const QString& path, std::shared_ptr<const Table> table, QualityReport report) {
    path_ = path;
    table_ = std::move(table);
    report_ = std::move(report);
    if (table_) regroupReport();  // the grouped findings of the chosen group columns
    result_.reset();
    previous_.reset();
    emit dataChanged();
    emit resultChanged();
}

void Session::setPrep(const PrepChoices& prep) {
    const bool regroup = prep.groups != prep_.groups || prep.splitKind != prep_.splitKind || prep.splitSeed != prep_.splitSeed ||
                         prep.testRows != prep_.testRows;
    prep_ = prep;
    if (regroup && table_) {
        regroupReport();
        emit reportChanged();
    }
    emit choicesChanged();
}

void Session::regroupReport() {
    const bool grouped = prep_.groups.artistColumn || prep_.groups.titleColumn;
    const bool hadGroups = std::any_of(report_.artifacts.begin(), report_.artifacts.end(), [](const Artifact& a) {
        return a.kind == "artists" || a.kind == "duplicate_conflict" || a.kind == "split_overlap" || a.kind == "group_columns";
    });
    if (!grouped && !hadGroups) return;
    std::map<std::string, std::string> names;
    for (std::size_t c = 0; c < report_.classLabels.size(); ++c) names[report_.classLabels[c]] = report_.classNames[c];
    try {
        report_ = inspectTable(*table_, ClassNames(names), GroupInspection{prep_.groups, runSpec().split});
    } catch (const std::exception& error) {  // a group column this table lacks: the findings say so
        report_ = inspectTable(*table_, ClassNames(names));
        report_.artifacts.push_back({"", "group_columns", 0, error.what(), {}, {}, {}});
    }
}

void Session::setModelSpec(const RunSpec& spec) {
    modelSpec_ = spec;
    emit choicesChanged();
}

RunSpec Session::runSpec() const {
    RunSpec spec = modelSpec_;
    spec.prep.imputation = prep_.imputation;
    spec.prep.constant = prep_.fill;
    spec.prep.missingIndicators = prep_.missingIndicators;
    spec.prep.standardize = prep_.standardize;
    spec.prep.exclude = prep_.excluded;
    spec.prep.repairUnits = prep_.repairUnits;
    spec.split.trainRows = prep_.trainRows;
    spec.split.testRows = prep_.testRows;
    spec.split.seed = prep_.splitSeed;
    spec.split.kind = prep_.splitKind;
    spec.prep.groups = prep_.groups;
    spec.prep.artifactFeatures = prep_.artifactFeatures;
    spec.prep.suspiciousAsMissing = prep_.suspiciousAsMissing;
    spec.classNames = report_.classNames;
    if (table_) spec.target = report_.target;
    spec.dataPath = path_.isEmpty() ? std::nullopt : std::optional<std::string>(path_.toStdString());
    return spec;
}

void Session::addResult(std::shared_ptr<const RunResult> result, const RunSpec& spec) {
    if (result_ && result_ != result) {
        previous_ = result_;
        previousSpec_ = resultSpec_;
        previousExtensions_ = resultExtensions_;
    }
    result_ = std::move(result);
    resultSpec_ = spec;
    resultExtensions_.clear();
    emit resultChanged();
}

void Session::replaceResult(std::shared_ptr<const RunResult> result, const RunSpec& spec) {
    // The draws the extension added, which a stop when converged makes fewer than asked: a rerun
    // asks for exactly these.
    const std::size_t before = result_ ? result_->posterior.drawsPerChain() : 0;
    const std::size_t after = result ? result->posterior.drawsPerChain() : 0;
    result_ = std::move(result);
    resultSpec_ = spec;
    if (after > before) resultExtensions_.push_back(static_cast<int>(after - before));
    emit resultChanged();
}

void Session::restoreResults(std::shared_ptr<const RunResult> result, const StoredRun& run, std::shared_ptr<const RunResult> previous,
                             const RunSpec& previousSpec) {
    previous_ = std::move(previous);
    previousSpec_ = previousSpec;
    previousExtensions_.clear();
    result_ = std::move(result);
    resultSpec_ = run.spec;
    resultExtensions_ = run.extensions;
    emit resultChanged();
}

std::vector<StoredRun> Session::storedRuns() const {
    std::vector<StoredRun> runs;
    if (!result_ || !result_->model) return runs;
    runs.push_back(storedRunOf(*result_, resultSpec_, resultExtensions_));
    if (previous_ && previous_->model) runs.push_back(storedRunOf(*previous_, previousSpec_, previousExtensions_));
    return runs;
}

namespace {

using Json = nlohmann::ordered_json;
constexpr const char* kSessionFormat = "genrelab-session-2";

// A "genrelab-session-1" file: preparation and model choices under their own keys.
RunSpec specFromSessionOne(const Json& o) {
    RunSpec s;
    const Json prep = o.value("preparation", Json::object()), m = o.value("model", Json::object());
    s.prep.imputation = imputationFromString(prep.value("imputation", std::string(imputationName(s.prep.imputation))));
    s.prep.constant = prep.value("fill", s.prep.constant);
    s.prep.missingIndicators = prep.value("missing_indicators", false);
    s.prep.repairUnits = prep.value("repair_units", false);
    s.prep.standardize = prep.value("standardize", true);
    s.prep.exclude = prep.value("excluded", std::vector<std::string>{});
    if (prep.contains("train_rows") && prep["train_rows"].is_number_unsigned()) s.split.trainRows = prep["train_rows"].get<std::size_t>();
    if (prep.contains("test_rows") && prep["test_rows"].is_number_unsigned()) s.split.testRows = prep["test_rows"].get<std::size_t>();
    s.split.seed = prep.value("split_seed", s.split.seed);
    const std::string model = m.value("model", std::string(modelName(s.model)));
    if (model == "prior") {
        s.inference = InferenceKind::Prior;
        setModelByName(s.model, "flat");
    } else {
        setModelByName(s.model, model);
        s.inference = inferenceFromName(m.value("inference", std::string(inferenceName(s.inference))));
    }
    auto& r = s.model.regression;
    r.nu = m.value("nu", r.nu);
    r.tau = m.value("tau", r.tau);
    r.lambda = m.value("lambda", r.lambda);
    r.muScale = m.value("mu_scale", r.muScale);
    r.alphaScale = m.value("alpha_scale", r.alphaScale);
    r.betaScale = m.value("beta_scale", r.betaScale);
    if (!m.value("non_centered", true)) r.coordinates = Coordinates::Centered;
    if (m.value("shift_coordinates", false)) r.coordinates = Coordinates::Shift;
    r.precision = s.model.mlp.precision = m.value("precision", std::string("float")) == "double" ? KernelPrecision::Double : KernelPrecision::Float;
    if (auto hidden = m.value("hidden", std::vector<int>{}); !hidden.empty()) s.model.mlp.hidden = hidden;
    s.model.mlp.activation = m.value("activation", std::string("tanh")) == "relu" ? Activation::Relu : Activation::Tanh;
    s.model.mlp.priorScale = m.value("prior_scale", s.model.mlp.priorScale);
    s.svi.steps = m.value("steps", s.svi.steps);
    s.svi.learningRate = m.value("lr", s.svi.learningRate);
    s.svi.batchSize = m.value("batch", s.svi.batchSize);
    s.svi.particles = m.value("particles", s.svi.particles);
    s.nuts.warmup = m.value("warmup", s.nuts.warmup);
    s.nuts.samples = m.value("samples", s.nuts.samples);
    s.nuts.chains = m.value("chains", s.nuts.chains);
    s.nuts.targetAccept = m.value("target_accept", s.nuts.targetAccept);
    s.nuts.maxTreeDepth = m.value("max_treedepth", s.nuts.maxTreeDepth);
    s.nuts.denseMetric = m.value("dense_metric", s.nuts.denseMetric);
    s.nutsPilotSteps = m.value("nuts_pilot_steps", s.nutsPilotSteps);
    s.svi.seed = s.nuts.seed = m.value("seed", s.svi.seed);
    if (o.contains("data") && o["data"].is_string() && !o["data"].get<std::string>().empty()) s.dataPath = o["data"].get<std::string>();
    return s;
}

// Where a JSON text breaks, for a person: a file cut short ends early; anything else has a line and column.
std::string brokenJsonPlace(const std::string& text, std::size_t byte) {
    if (byte >= text.size()) return "the JSON ends early (a file cut short?)";
    const std::size_t offset = byte == 0 ? 0 : byte - 1;  // nlohmann counts the offending byte from 1
    const std::size_t lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    const std::size_t column = lineStart == std::string::npos || offset == 0 ? offset + 1 : offset - lineStart;
    return "the JSON is broken at line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string hex16(std::uint64_t value) {
    std::string text(16, '0');
    for (std::size_t i = 0; i < 16; ++i) text[i] = "0123456789abcdef"[(value >> (60 - 4 * i)) & 0xF];
    return text;
}

std::optional<std::uint64_t> fromHex16(const std::string& text) {
    if (text.size() != 16) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0) return std::nullopt;
        value = value << 4 | static_cast<std::uint64_t>(digit);
    }
    return value;
}

// Words the shell reads as they are; anything else goes in single quotes.
QString shellQuoted(const std::string& word) {
    const QString text = QString::fromStdString(word);
    static const QRegularExpression plain("^[A-Za-z0-9_./,:=+@%-]+$");
    if (plain.match(text).hasMatch()) return text;
    return "'" + QString(text).replace("'", "'\\''") + "'";
}

} // namespace

std::string Session::toJson(const std::optional<DrawsReference>& draws) const {
    Json o;
    o["format"] = kSessionFormat;
    o["spec"] = specToJsonValue(runSpec());
    if (result_) {
        o["results"] = {{"metrics", toJsonValue(metricsTable(resultSpec_, *result_))},
                        {"per_class", toJsonValue(perClassTable(*result_, report_.classNames))},
                        {"parameters", toJsonValue(parameterTable(*result_))},
                        {"partial", result_->partial},
                        {"stop_reason", std::string(stopReasonName(result_->ending.reason))},
                        {"seconds", result_->totalSeconds}};
        if (result_->ending.reason == StopReason::Converged)
            o["results"]["converged_at_draws_per_chain"] = result_->ending.convergedAtDrawsPerChain;
    }
    if (draws) {
        o["draws"] = {{"file", draws->file}, {"bytes", draws->bytes}, {"fnv1a64", hex16(draws->fnv1a64)}};
        if (draws->dataFnv1a64) o["draws"]["data_fnv1a64"] = hex16(*draws->dataFnv1a64);
    }
    return o.dump(2) + "\n";
}

SessionContent Session::readJson(const std::string& text, const std::string& sourceName) {
    Json o;
    try {
        o = Json::parse(text);
    } catch (const Json::parse_error& error) {
        throw std::invalid_argument(sourceName + ": not a session file: " + brokenJsonPlace(text, error.byte));
    }
    if (!o.is_object()) throw std::invalid_argument(sourceName + ": not a session file (not a JSON object)");
    const std::string format = o.contains("format") && o["format"].is_string() ? o["format"].get<std::string>() : "";
    RunSpec s;
    if (format == kSessionFormat) {
        if (!o.contains("spec")) throw std::invalid_argument(sourceName + ": not a session file (no \"spec\")");
        s = specFromJsonValue(o["spec"], sourceName, "spec");
    } else if (format == "genrelab-session-1") {
        try {
            s = specFromSessionOne(o);
        } catch (const Json::exception& error) {
            throw std::invalid_argument(sourceName + ": a value of the wrong type: " + error.what());
        }
    } else {
        throw std::invalid_argument(sourceName + ": \"format\" must be \"" + kSessionFormat + "\", not \"" + format + "\"");
    }
    SessionContent content{s, std::nullopt};
    if (o.contains("draws")) {
        const Json& d = o["draws"];
        const bool shaped = d.is_object() && d.contains("file") && d["file"].is_string() && d.contains("bytes") && d["bytes"].is_number_unsigned() &&
                            d.contains("fnv1a64") && d["fnv1a64"].is_string() && d["fnv1a64"].get<std::string>().size() == 16;
        if (!shaped) throw std::invalid_argument(sourceName + ": \"draws\" must be {\"file\": name, \"bytes\": size, \"fnv1a64\": 16 hex digits}");
        DrawsReference ref{d["file"].get<std::string>(), d["bytes"].get<std::uint64_t>(), 0, std::nullopt};
        const auto hash = [&](const char* key) {
            const std::optional<std::uint64_t> value = d[key].is_string() ? fromHex16(d[key].get<std::string>()) : std::nullopt;
            if (!value) throw std::invalid_argument(sourceName + ": \"draws\".\"" + key + "\" must be 16 hex digits");
            return *value;
        };
        ref.fnv1a64 = hash("fnv1a64");
        if (d.contains("data_fnv1a64")) ref.dataFnv1a64 = hash("data_fnv1a64");
        if (ref.file.empty() || ref.file.find('/') != std::string::npos)
            throw std::invalid_argument(sourceName + ": \"draws\".\"file\" must name a file beside the session");
        content.draws = ref;
    }
    return content;
}

QString Session::applyContent(const SessionContent& content) {
    const RunSpec& s = content.spec;
    PrepChoices p;
    p.imputation = s.prep.imputation;
    p.fill = s.prep.constant;
    p.missingIndicators = s.prep.missingIndicators;
    p.repairUnits = s.prep.repairUnits;
    p.standardize = s.prep.standardize;
    p.excluded = s.prep.exclude;
    p.trainRows = s.split.trainRows;
    p.testRows = s.split.testRows;
    p.splitSeed = s.split.seed;
    p.splitKind = s.split.kind;
    p.groups = s.prep.groups;
    p.artifactFeatures = s.prep.artifactFeatures;
    p.suspiciousAsMissing = s.prep.suspiciousAsMissing;
    prep_ = p;
    modelSpec_ = s;
    emit choicesChanged();
    return s.dataPath ? QString::fromStdString(*s.dataPath) : QString();
}

QString Session::cliCommand() const {
    RunSpec spec = runSpec();
    spec.classNames.clear();  // the CLI reads display names from the class-names file next to the data
    QStringList words{"genrelab-cli", "run"};
    for (const auto& argument : specToArguments(spec)) words << shellQuoted(argument);
    words << "--json";
    return words.join(' ');
}

} // namespace genrelab
