#include "Session.h"

#include "data/UnitMix.h"
#include "export/RunTables.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>

namespace genrelab {

void Session::setData(const QString& path, std::shared_ptr<const Table> table, QualityReport report) {
    path_ = path;
    table_ = std::move(table);
    report_ = std::move(report);
    result_.reset();
    previous_.reset();
    emit dataChanged();
    emit resultChanged();
}

void Session::setPrep(const PrepChoices& prep) {
    prep_ = prep;
    emit choicesChanged();
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
    spec.prep.unitRepairs.clear();
    if (prep_.repairUnits && table_)
        for (std::size_t c : table_->featureColumns())
            if (auto mix = detectUnitMix(table_->column(c))) spec.prep.unitRepairs.push_back(repairFor(*mix));
    spec.split.trainRows = prep_.trainRows;
    spec.split.testRows = prep_.testRows;
    spec.split.seed = prep_.splitSeed;
    spec.classNames = report_.classNames;
    return spec;
}

void Session::addResult(std::shared_ptr<const RunResult> result, const RunSpec& spec) {
    if (result_ && result_ != result) {
        previous_ = result_;
        previousSpec_ = resultSpec_;
    }
    result_ = std::move(result);
    resultSpec_ = spec;
    emit resultChanged();
}

void Session::replaceResult(std::shared_ptr<const RunResult> result, const RunSpec& spec) {
    result_ = std::move(result);
    resultSpec_ = spec;
    emit resultChanged();
}

namespace {
QJsonArray tableJson(const ResultTable& t) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(toJson(t))).array();
}
} // namespace

QJsonObject Session::toJson() const {
    QJsonObject o;
    o["format"] = "genrelab-session-1";
    o["data"] = path_;
    QJsonObject prep;
    prep["imputation"] = QString::fromStdString(std::string(imputationName(prep_.imputation)));
    prep["fill"] = prep_.fill;
    prep["missing_indicators"] = prep_.missingIndicators;
    prep["repair_units"] = prep_.repairUnits;
    prep["standardize"] = prep_.standardize;
    QJsonArray excluded;
    for (const auto& e : prep_.excluded) excluded.append(QString::fromStdString(e));
    prep["excluded"] = excluded;
    prep["train_rows"] = prep_.trainRows ? QJsonValue(static_cast<qint64>(*prep_.trainRows)) : QJsonValue("all");
    prep["test_rows"] = prep_.testRows ? QJsonValue(static_cast<qint64>(*prep_.testRows)) : QJsonValue("20%");
    prep["split_seed"] = static_cast<qint64>(prep_.splitSeed);
    o["preparation"] = prep;
    const RunSpec& s = modelSpec_;
    QJsonObject model;
    model["model"] = s.inference == InferenceKind::Prior ? "prior" : QString::fromStdString(std::string(modelKindName(s.model.kind)));
    model["inference"] = QString::fromStdString(std::string(inferenceName(s.inference)));
    model["nu"] = s.model.regression.nu;
    model["tau"] = s.model.regression.tau;
    model["lambda"] = s.model.regression.lambda;
    model["mu_scale"] = s.model.regression.muScale;
    model["alpha_scale"] = s.model.regression.alphaScale;
    model["beta_scale"] = s.model.regression.betaScale;
    model["non_centered"] = s.model.regression.nonCentered;
    model["shift_coordinates"] = s.model.regression.standardizedShift;
    model["precision"] = QString::fromStdString(std::string(kernelPrecisionName(s.model.regression.precision)));
    QJsonArray hidden;
    for (int h : s.model.mlp.hidden) hidden.append(h);
    model["hidden"] = hidden;
    model["activation"] = QString::fromStdString(std::string(activationName(s.model.mlp.activation)));
    model["prior_scale"] = s.model.mlp.priorScale;
    model["steps"] = static_cast<qint64>(s.svi.steps);
    model["lr"] = s.svi.learningRate;
    model["batch"] = static_cast<qint64>(s.svi.batchSize);
    model["particles"] = s.svi.particles;
    model["warmup"] = s.nuts.warmup;
    model["samples"] = s.nuts.samples;
    model["chains"] = s.nuts.chains;
    model["target_accept"] = s.nuts.targetAccept;
    model["max_treedepth"] = s.nuts.maxTreeDepth;
    model["dense_metric"] = s.nuts.denseMetric;
    model["nuts_pilot_steps"] = static_cast<qint64>(s.nutsPilotSteps);
    model["seed"] = static_cast<qint64>(s.svi.seed);
    o["model"] = model;
    if (result_) {
        QJsonObject results;
        results["metrics"] = tableJson(metricsTable(resultSpec_, *result_));
        results["per_class"] = tableJson(perClassTable(*result_, report_.classNames));
        results["parameters"] = tableJson(parameterTable(*result_));
        results["partial"] = result_->partial;
        results["seconds"] = result_->totalSeconds;
        o["results"] = results;
    }
    return o;
}

QString Session::applyJson(const QJsonObject& o) {
    const QJsonObject prep = o["preparation"].toObject();
    PrepChoices p;
    p.imputation = imputationFromString(prep["imputation"].toString("mean").toStdString());
    p.fill = prep["fill"].toDouble();
    p.missingIndicators = prep["missing_indicators"].toBool();
    p.repairUnits = prep["repair_units"].toBool();
    p.standardize = prep["standardize"].toBool(true);
    for (const auto& e : prep["excluded"].toArray()) p.excluded.push_back(e.toString().toStdString());
    if (prep["train_rows"].isDouble()) p.trainRows = static_cast<std::size_t>(prep["train_rows"].toInteger());
    if (prep["test_rows"].isDouble()) p.testRows = static_cast<std::size_t>(prep["test_rows"].toInteger());
    p.splitSeed = static_cast<std::uint64_t>(prep["split_seed"].toInteger(1));
    prep_ = p;

    const QJsonObject m = o["model"].toObject();
    RunSpec s;
    const QString model = m["model"].toString("hier-studentt");
    if (model == "prior") {
        s.inference = InferenceKind::Prior;
        s.model.kind = ModelKind::Flat;
    } else {
        s.model.kind = modelKindFromName(model.toStdString());
        s.inference = inferenceFromName(m["inference"].toString("svi").toStdString());
    }
    s.model.regression.nu = m["nu"].toDouble(4);
    s.model.regression.tau = m["tau"].toDouble(1);
    s.model.regression.lambda = m["lambda"].toDouble(1);
    s.model.regression.muScale = m["mu_scale"].toDouble(1);
    s.model.regression.alphaScale = m["alpha_scale"].toDouble(5);
    s.model.regression.betaScale = m["beta_scale"].toDouble(5);
    s.model.regression.nonCentered = m["non_centered"].toBool(true);
    s.model.regression.standardizedShift = m["shift_coordinates"].toBool(false);
    s.model.regression.precision = m["precision"].toString("float") == "double" ? KernelPrecision::Double : KernelPrecision::Float;
    s.model.mlp.precision = s.model.regression.precision;
    s.model.mlp.hidden.clear();
    for (const auto& h : m["hidden"].toArray()) s.model.mlp.hidden.push_back(h.toInt());
    if (s.model.mlp.hidden.empty()) s.model.mlp.hidden = {32};
    s.model.mlp.activation = m["activation"].toString() == "relu" ? Activation::Relu : Activation::Tanh;
    s.model.mlp.priorScale = m["prior_scale"].toDouble(1);
    s.svi.steps = static_cast<std::size_t>(m["steps"].toInteger(3000));
    s.svi.learningRate = m["lr"].toDouble(0.02);
    s.svi.batchSize = static_cast<std::size_t>(m["batch"].toInteger(0));
    s.svi.particles = m["particles"].toInt(1);
    s.nuts.warmup = m["warmup"].toInt(500);
    s.nuts.samples = m["samples"].toInt(500);
    s.nuts.chains = m["chains"].toInt(4);
    s.nuts.targetAccept = m["target_accept"].toDouble(0.8);
    s.nuts.maxTreeDepth = m["max_treedepth"].toInt(10);
    s.nuts.denseMetric = m["dense_metric"].toBool(false);
    s.nutsPilotSteps = static_cast<std::size_t>(std::max<qint64>(0, m["nuts_pilot_steps"].toInteger(0)));
    s.svi.seed = s.nuts.seed = static_cast<std::uint64_t>(m["seed"].toInteger(1));
    modelSpec_ = s;
    emit choicesChanged();
    return o["data"].toString();
}

QString Session::cliCommand() const {
    const RunSpec s = runSpec();
    QStringList args = {"genrelab-cli", "run", "--data", "'" + path_ + "'"};
    if (s.inference == InferenceKind::Prior) args << "--model" << "prior" << "--samples" << QString::number(s.nuts.samples);
    else args << "--model" << QString::fromStdString(std::string(modelKindName(s.model.kind))) << "--inference"
              << QString::fromStdString(std::string(inferenceName(s.inference)));
    args << "--train-size" << (s.split.trainRows ? QString::number(*s.split.trainRows) : "all");
    if (s.split.testRows) args << "--test-size" << QString::number(*s.split.testRows);
    args << "--split-seed" << QString::number(s.split.seed) << "--seed" << QString::number(s.svi.seed);
    const auto& r = s.model.regression;
    args << "--nu" << QString::number(r.nu) << "--tau" << QString::number(r.tau) << "--lambda" << QString::number(r.lambda)
         << "--mu-scale" << QString::number(r.muScale) << "--alpha-scale" << QString::number(r.alphaScale) << "--beta-scale"
         << QString::number(r.betaScale);
    if (r.standardizedShift) args << "--shift-coordinates";
    else if (!r.nonCentered) args << "--centered";
    if (r.precision == KernelPrecision::Double) args << "--precision" << "double";
    if (s.model.kind == ModelKind::Mlp) {
        QStringList hidden;
        for (int h : s.model.mlp.hidden) hidden << QString::number(h);
        args << "--hidden" << hidden.join(',') << "--activation" << QString::fromStdString(std::string(activationName(s.model.mlp.activation)))
             << "--prior-scale" << QString::number(s.model.mlp.priorScale);
    }
    if (s.inference == InferenceKind::Svi)
        args << "--steps" << QString::number(s.svi.steps) << "--lr" << QString::number(s.svi.learningRate) << "--batch"
             << QString::number(s.svi.batchSize) << "--particles" << QString::number(s.svi.particles);
    if (s.inference == InferenceKind::Nuts)
        args << "--warmup" << QString::number(s.nuts.warmup) << "--samples" << QString::number(s.nuts.samples) << "--chains"
             << QString::number(s.nuts.chains) << "--target-accept" << QString::number(s.nuts.targetAccept) << "--max-treedepth"
             << QString::number(s.nuts.maxTreeDepth) << "--metric" << (s.nuts.denseMetric ? "dense" : "diag")
             << "--nuts-pilot" << QString::number(s.nutsPilotSteps);
    args << "--imputation" << QString::fromStdString(std::string(imputationName(s.prep.imputation)));
    if (s.prep.imputation == Imputation::Constant) args << "--fill" << QString::number(s.prep.constant);
    if (s.prep.missingIndicators) args << "--missing-indicators";
    if (prep_.repairUnits) args << "--repair-units";
    if (!s.prep.standardize) args << "--no-standardize";
    if (!s.prep.exclude.empty()) {
        QStringList excluded;
        for (const auto& e : s.prep.exclude) excluded << QString::fromStdString(e);
        args << "--exclude" << "'" + excluded.join(',') + "'";
    }
    args << "--json";
    return args.join(' ');
}

} // namespace genrelab
