// PSIS-LOO and LOO comparison against R's loo 2.5.1 on stored log-likelihood matrices
// (tests/data/loo, made by make_reference.R there), and the pointwise log-likelihood that feeds it.
#include "eval/Loo.h"
#include "eval/LooCompare.h"
#include "eval/ParetoK.h"
#include "eval/PointwiseLogLik.h"
#include "eval/Psis.h"
#include "eval/RelativeEff.h"
#include "CliTestSupport.h"
#include "util/Rng.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

using namespace genrelab;

namespace {

const std::string dataDir = GENRELAB_LOO_DATA;

double parseNumber(const std::string& text) {
    if (text == "Inf") return std::numeric_limits<double>::infinity();
    if (text == "-Inf") return -std::numeric_limits<double>::infinity();
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) throw std::runtime_error("not a number: '" + text + "'");
    return value;
}

std::vector<std::string> splitLine(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream in(line);
    for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
    return fields;
}

struct LogLikFile {
    Eigen::MatrixXd logLik;
    std::size_t chains = 0;
};

// The --loglik-out format: "chain,row_1,..." then per draw its chain and one value per row.
LogLikFile readLogLik(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line;
    std::getline(in, line);
    std::vector<std::vector<double>> rows;
    std::vector<int> chainIds;
    while (std::getline(in, line)) {
        const auto fields = splitLine(line);
        chainIds.push_back(static_cast<int>(parseNumber(fields[0])));
        std::vector<double> values;
        for (std::size_t k = 1; k < fields.size(); ++k) values.push_back(parseNumber(fields[k]));
        rows.push_back(values);
    }
    LogLikFile out;
    out.logLik.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.front().size()));
    for (std::size_t s = 0; s < rows.size(); ++s)
        for (std::size_t i = 0; i < rows[s].size(); ++i) out.logLik(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(i)) = rows[s][i];
    out.chains = static_cast<std::size_t>(*std::max_element(chainIds.begin(), chainIds.end()));
    return out;
}

Eigen::VectorXd readCorrection(const std::string& path) {
    std::ifstream in(path);
    if (!in) return {};
    std::string line;
    std::getline(in, line);
    std::vector<double> values;
    while (std::getline(in, line)) values.push_back(parseNumber(line));
    return Eigen::Map<Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

std::map<std::string, double> readReference(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line;
    std::getline(in, line);
    std::map<std::string, double> out;
    while (std::getline(in, line)) {
        const auto fields = splitLine(line);
        out[fields[0]] = parseNumber(fields[1]);
    }
    return out;
}

// Agreement to 1e-6 relative (an absolute 1e-9 for values near zero, such as a k-hat of 0.001).
bool agrees(double ours, double reference, double relative = 1e-6) {
    if (std::isinf(reference)) return ours == reference;
    return std::abs(ours - reference) <= relative * std::max(std::abs(reference), 1e-3);
}

#define QVERIFY_AGREES(ours, reference, what)                                                                               \
    QVERIFY2(agrees(ours, reference), qPrintable(QString("%1: ours %2, R's loo %3").arg(what).arg(ours, 0, 'g', 17).arg(reference, 0, 'g', 17)))

LooResult looOfFile(const std::string& name) {
    const LogLikFile file = readLogLik(dataDir + "/" + name + ".loglik.csv");
    return looFromLogLikelihood(file.logLik, file.chains, readCorrection(dataDir + "/" + name + ".logcorrection.csv"), 2);
}

// Two classes; p(class 1 | x, theta) = sigmoid(theta0 + theta1 x0).
class LogisticDensity : public LogDensity {
public:
    LogisticDensity() { layout_.add("theta", 2, 1, Constraint::Real); }
    Eigen::Index dim() const override { return 2; }
    const ParameterLayout& layout() const override { return layout_; }
    double logProbGrad(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const Minibatch* = nullptr) const override {
        grad = -theta;
        return -0.5 * theta.squaredNorm();
    }
    Eigen::MatrixXd classProbabilities(const Eigen::VectorXd& theta, const Eigen::MatrixXd& x) const override {
        Eigen::MatrixXd p(x.rows(), 2);
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            p(i, 1) = 1.0 / (1.0 + std::exp(-(theta[0] + theta[1] * x(i, 0))));
            p(i, 0) = 1.0 - p(i, 1);
        }
        return p;
    }
    Eigen::VectorXd samplePrior(Rng& rng) const override { return Eigen::Vector2d(rng.normal(), rng.normal()); }
    std::unique_ptr<LogDensity> clone() const override { return std::make_unique<LogisticDensity>(*this); }
    Eigen::Index dataRows() const override { return 0; }

private:
    ParameterLayout layout_;
};

Posterior randomPosterior(std::size_t chains, Eigen::Index draws, std::uint64_t seed) {
    Posterior posterior;
    posterior.method = "nuts";
    Rng rng(seed);
    for (std::size_t c = 0; c < chains; ++c) {
        Chain chain;
        chain.draws.resize(draws, 2);
        for (Eigen::Index s = 0; s < draws; ++s) chain.draws.row(s) << 0.3 + 0.2 * rng.normal(), 1.1 + 0.3 * rng.normal();
        posterior.chains.push_back(chain);
    }
    return posterior;
}

} // namespace

class TestLoo : public QObject {
    Q_OBJECT
private slots:
    void agreesWithRsLoo_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("normal: 4 autocorrelated chains, r_eff from them") << "normal";
        QTest::newRow("outliers: k-hats above 0.7") << "outliers";
        QTest::newRow("approximation: log p - log q in the ratios") << "approximate";
        QTest::newRow("genrelab run: softmax on real rows, 2 NUTS chains") << "genrelab";
    }
    void agreesWithRsLoo() {
        QFETCH(QString, name);
        const std::string n = name.toStdString();
        const auto reference = readReference(dataDir + "/" + n + ".reference.csv");
        const LooResult loo = looOfFile(n);
        QVERIFY_AGREES(loo.elpd, reference.at("elpd_loo"), "elpd_loo");
        QVERIFY_AGREES(loo.se, reference.at("se_elpd_loo"), "SE of elpd_loo");
        QVERIFY_AGREES(loo.pLoo, reference.at("p_loo"), "p_loo");
        QVERIFY_AGREES(loo.pLooSe, reference.at("se_p_loo"), "SE of p_loo");
        for (Eigen::Index i = 0; i < loo.khat.size(); ++i) {
            const std::string row = std::to_string(i + 1);
            QVERIFY_AGREES(loo.khat[i], reference.at("khat_" + row), "k-hat of row " + QString::fromStdString(row));
            QVERIFY_AGREES(loo.rEff[i], reference.at("r_eff_" + row), "r_eff of row " + QString::fromStdString(row));
            QVERIFY_AGREES(loo.pointwiseElpd[i], reference.at("elpd_i_" + row), "elpd_loo of row " + QString::fromStdString(row));
        }
        QCOMPARE(static_cast<std::size_t>(loo.khat.size()), (reference.size() - 4) / 3);
        const double threshold = std::min(1.0 - 1.0 / std::log10(static_cast<double>(loo.draws)), 0.7);
        QCOMPARE(loo.khatThreshold, threshold);
        QCOMPARE(loo.khatMax, loo.khat.maxCoeff());
        QCOMPARE(loo.khatBadShare, static_cast<double>((loo.khat.array() > threshold).count()) / static_cast<double>(loo.khat.size()));
    }

    void outliersAreFlagged() {
        const LooResult loo = looOfFile("outliers");
        // 200 draws: threshold 1 - 1/log10(200) = 0.5654. Above it in R's loo: rows 7, 10, 12
        // and 14 of the narrow bulk (0.658, 0.574, 0.823, 1.118) and the four outliers 17-20
        // (0.961, 2.121, 1.818, 3.375): 8 of 20.
        QCOMPARE(loo.draws, Eigen::Index{200});
        QVERIFY(std::abs(loo.khatThreshold - 0.56541) < 1e-5);
        QCOMPARE(loo.khatBadShare, 8.0 / 20.0);
        QVERIFY(std::abs(loo.khatMax - 3.3749820230655563) < 1e-6);
        for (const Eigen::Index row : {16, 17, 18, 19}) QVERIFY(loo.khat[row] > loo.khatThreshold);
    }

    void comparisonAgreesWithRsLooCompareAndStacking() {
        std::map<std::string, std::vector<double>> reference;  // model -> elpd_diff, se_diff, weight
        std::ifstream in(dataDir + "/compare.reference.csv");
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line)) {
            const auto f = splitLine(line);
            reference[f[0]] = {parseNumber(f[1]), parseNumber(f[2]), parseNumber(f[3])};
        }
        const std::vector<std::string> names = {"stack_a", "stack_b", "stack_c"};
        std::vector<LooResult> loos;
        for (const auto& n : names) loos.push_back(looOfFile(n));
        const auto table = compareLoo(names, {&loos[0], &loos[1], &loos[2]});
        QCOMPARE(table.size(), std::size_t{3});
        QCOMPARE(table.front().name, std::string("stack_a"));  // the best first, as loo_compare
        double weightSum = 0;
        for (const auto& row : table) {
            const auto& ref = reference.at(row.name);
            QCOMPARE(row.elpdDiff == 0.0, ref[0] == 0.0);
            QVERIFY_AGREES(row.elpdDiff, ref[0], "elpd_diff of " + QString::fromStdString(row.name));
            QVERIFY_AGREES(row.seDiff, ref[1], "se_diff of " + QString::fromStdString(row.name));
            // R's constrOptim stops at a log-barrier optimum with relative tolerance 1e-5 on the
            // objective; ours solves the KKT conditions: the weights differ by up to 5e-6 here.
            QVERIFY2(std::abs(row.stackingWeight - ref[2]) < 1e-5,
                     qPrintable(QString("stacking weight of %1: ours %2, R's %3").arg(QString::fromStdString(row.name)).arg(row.stackingWeight).arg(ref[2])));
            weightSum += row.stackingWeight;
        }
        QVERIFY(std::abs(weightSum - 1.0) < 1e-12);
        // Ours is the optimum: its log score is at least that of R's weights.
        Eigen::MatrixXd pointwise(loos[0].pointwiseElpd.size(), 3);
        Eigen::Vector3d ours, theirs;
        for (int k = 0; k < 3; ++k) {
            pointwise.col(k) = loos[static_cast<std::size_t>(k)].pointwiseElpd;
            theirs[k] = reference.at(names[static_cast<std::size_t>(k)])[2];
        }
        ours = stackingWeights(pointwise);
        const auto score = [&](const Eigen::Vector3d& w) { return (pointwise.array().exp().matrix() * w).array().log().sum(); };
        QVERIFY(score(ours) >= score(theirs) - 1e-9);
    }

    void stackingWeightsOfSimpleCases() {
        // A run better on every row takes all the weight.
        Eigen::MatrixXd dominated(3, 2);
        dominated << -1, -2, -0.5, -3, -2, -2.5;
        const Eigen::VectorXd w = stackingWeights(dominated);
        QCOMPARE(w[0], 1.0);
        QCOMPARE(w[1], 0.0);
        // Two runs each perfect on half the rows (density e vs e^-10): by symmetry 1/2 each.
        Eigen::MatrixXd halves(4, 2);
        halves << 1, -10, 1, -10, -10, 1, -10, 1;
        const Eigen::VectorXd h = stackingWeights(halves);
        QVERIFY(std::abs(h[0] - 0.5) < 1e-12 && std::abs(h[1] - 0.5) < 1e-12);
    }

    void comparisonRefusesDifferentRows() {
        const LooResult a = looOfFile("normal"), b = looOfFile("outliers");
        try {
            compareLoo({"normal", "outliers"}, {&a, &b});
            QFAIL("runs on different rows were compared");
        } catch (const std::invalid_argument& e) {
            QVERIFY(std::string(e.what()).find("different rows") != std::string::npos);
        }
        LooResult notComputed;
        QVERIFY_EXCEPTION_THROWN(compareLoo({"normal", "empty"}, {&a, &notComputed}), std::invalid_argument);
    }

    void khatThresholdFollowsDrawCount() {
        QVERIFY(std::abs(psisKhatThreshold(100) - 0.5) < 1e-15);
        QVERIFY(std::abs(psisKhatThreshold(2000) - (1.0 - 1.0 / std::log10(2000.0))) < 1e-15);
        QCOMPARE(psisKhatThreshold(1000000), 0.7);
        QVERIFY(std::isnan(psisKhatThreshold(1)));
        QCOMPARE(psisTailLength(2000, 1.0), Eigen::Index{135});  // ceil(3 sqrt(2000))
        QCOMPARE(psisTailLength(2000, 0.05), Eigen::Index{400});  // capped at 0.2 S
    }

    void relativeEfficiencyOfIndependentAndConstantDraws() {
        Rng rng(7);
        Eigen::VectorXd independent(4000);
        for (Eigen::Index s = 0; s < independent.size(); ++s) independent[s] = rng.normal();
        const double rEff = relativeEfficiency(independent, 4);
        QVERIFY2(rEff > 0.9 && rEff < 1.1, qPrintable(QString::number(rEff)));
        // Constant values: loo's first odd autocorrelation is 0/0, which ends the sequence at
        // tau = 2, so r_eff is 0.5 there, and here too.
        QCOMPARE(relativeEfficiency(Eigen::VectorXd::Constant(100, 2.0), 2), 0.5);
        QVERIFY(std::isnan(relativeEfficiency(Eigen::VectorXd::Constant(3, 2.0), 2)));  // chains of unequal length
    }

    void paretoKHatIsPsisWithUnitEfficiency() {
        const LogLikFile file = readLogLik(dataDir + "/outliers.loglik.csv");
        Eigen::VectorXd ratios = -file.logLik.col(18);
        const double k = paretoKHat(ratios);
        QCOMPARE(k, psisSmooth(ratios, 1.0));
    }

    void pointwiseLogLikelihoodIsTheLogOfTheRowsClassProbability() {
        const LogisticDensity model;
        const Posterior posterior = randomPosterior(2, 30, 3);
        Eigen::MatrixXd x(5, 1);
        x << -1.0, 0.0, 0.5, 2.0, -3.0;
        Eigen::VectorXi y(5);
        y << 0, 1, 1, 0, 0;
        const Eigen::MatrixXd logLik = pointwiseLogLikelihood(model, posterior, x, y, 1);
        QCOMPARE(logLik.rows(), Eigen::Index{60});
        QCOMPARE(logLik.cols(), Eigen::Index{5});
        const Eigen::VectorXd theta = posterior.chains[1].draws.row(7).transpose();  // pooled draw 30 + 7
        const double p1 = 1.0 / (1.0 + std::exp(-(theta[0] + theta[1] * 0.5)));
        QCOMPARE(logLik(37, 2), std::log(p1));
        QCOMPARE(logLik(37, 3), std::log(1.0 - 1.0 / (1.0 + std::exp(-(theta[0] + theta[1] * 2.0)))));
        QVERIFY(logLik == pointwiseLogLikelihood(model, posterior, x, y, 3));  // any thread count, the same numbers
    }

    void looOfPosteriorEqualsLooOfItsMatrix() {
        const LogisticDensity model;
        const Posterior posterior = randomPosterior(4, 250, 11);
        Rng rng(5);
        Eigen::MatrixXd x(300, 1);
        Eigen::VectorXi y(300);
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            x(i, 0) = rng.normal();
            y[i] = rng.uniform() < 1.0 / (1.0 + std::exp(-(0.3 + 1.1 * x(i, 0)))) ? 1 : 0;
        }
        const LooResult whole = looFromLogLikelihood(pointwiseLogLikelihood(model, posterior, x, y, 1), 4, Eigen::VectorXd(), 1);
        const LooResult blocked = looOfPosterior(model, posterior, x, y, Eigen::VectorXd(), 2);
        QVERIFY(whole.computed());
        QCOMPARE(blocked.elpd, whole.elpd);
        QCOMPARE(blocked.se, whole.se);
        QVERIFY(blocked.khat == whole.khat);
        QVERIFY(blocked.pointwisePLoo == whole.pointwisePLoo);
        QVERIFY(whole.pLoo > 0.0);
    }

    void notFiniteLogLikelihoodGivesNaN() {
        Eigen::MatrixXd logLik = Eigen::MatrixXd::Constant(100, 3, -1.0);
        logLik.col(1).setLinSpaced(-2.0, -0.5);
        logLik(4, 2) = -std::numeric_limits<double>::infinity();
        const LooResult loo = looFromLogLikelihood(logLik, 1);
        QVERIFY(std::isnan(loo.elpd));
        QVERIFY(std::isnan(loo.khatMax));
        QVERIFY(!loo.note.empty());
        QVERIFY(!looFromLogLikelihood(Eigen::MatrixXd::Zero(1, 3), 1).computed());
    }

    void cliRunReportsLooAndWritesTheLogLikelihood() {
        QTemporaryDir dir;
        const QString logLikPath = dir.filePath("loglik.csv");
        const auto r = testing::runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--inference", "nuts", "--train-size", "60",
                                        "--warmup", "100", "--samples", "50", "--chains", "2", "--seed", "4", "--json", "--quiet",
                                        "--loglik-out", logLikPath});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto json = nlohmann::json::parse(r.out.toStdString());
        const auto& loo = json.at("loo");
        for (const char* key : {"elpd", "se", "p_loo", "khat_max", "khat_bad_share", "khat_threshold"})
            QVERIFY2(loo.at(key).is_number(), key);
        QVERIFY(loo.at("note").is_null());
        const LogLikFile file = readLogLik(logLikPath.toStdString());
        QCOMPARE(file.logLik.rows(), Eigen::Index{100});
        QCOMPARE(file.logLik.cols(), Eigen::Index{60});
        QCOMPARE(file.chains, std::size_t{2});
        QVERIFY((file.logLik.array() <= 0.0).all());  // log probabilities
        // The file holds what the run's LOO was computed from (shortest round-trip numbers).
        const LooResult fromFile = looFromLogLikelihood(file.logLik, file.chains);
        QVERIFY(agrees(fromFile.elpd, loo.at("elpd").get<double>(), 1e-12));
        QVERIFY(agrees(fromFile.khatMax, loo.at("khat_max").get<double>(), 1e-12));
        QVERIFY(std::abs(loo.at("khat_threshold").get<double>() - (1.0 - 1.0 / std::log10(100.0))) < 1e-12);

        const auto prior = testing::runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "prior", "--samples", "20", "--json", "--quiet"});
        QVERIFY2(prior.exitCode == 0, prior.err.constData());
        const auto priorLoo = nlohmann::json::parse(prior.out.toStdString()).at("loo");
        QVERIFY(priorLoo.at("elpd").is_null() && priorLoo.at("khat_max").is_null());
        QVERIFY(priorLoo.at("note").get<std::string>().find("prior") != std::string::npos);
    }

    void cliComparesRunsByLooAndRefusesDifferentRows() {
        QTemporaryDir dir;
        const QStringList common = {"--data", GENRELAB_SAMPLE_CSV, "--inference", "svi", "--train-size", "120", "--steps", "300",
                                    "--guide-draws", "200", "--quiet"};
        for (const auto& [name, model] : {std::pair{"flat", "flat"}, {"hier", "hier-studentt"}})
            QCOMPARE(testing::runCli(QStringList{"run", "--model", model, "--write-spec", dir.filePath(QString(name) + ".json")} + common).exitCode, 0);
        const auto r = testing::runCli({"compare", "--loo", dir.filePath("flat.json"), dir.filePath("hier.json"), "--json", "--quiet",
                                        "--out", dir.filePath("out")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto table = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(table.size(), std::size_t{2});
        QCOMPARE(table[0].at("elpd_diff").get<double>(), 0.0);
        QVERIFY(table[1].at("elpd_diff").get<double>() <= 0.0);
        QVERIFY(table[1].at("SE of diff").get<double>() > 0.0);
        QVERIFY(std::abs(table[0].at("stacking weight").get<double>() + table[1].at("stacking weight").get<double>() - 1.0) < 1e-9);
        for (const char* ext : {"csv", "md", "tex", "json"}) QVERIFY(QFile::exists(dir.filePath(QString("out/loo_compare.") + ext)));

        QCOMPARE(testing::runCli(QStringList{"run", "--model", "flat", "--write-spec", dir.filePath("other.json")} + common +
                                 QStringList{"--split-seed", "9"}).exitCode, 0);
        const auto refused = testing::runCli({"compare", "--loo", dir.filePath("flat.json"), dir.filePath("other.json"), "--quiet"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("different training rows"), refused.err.constData());
    }

    // Regenerates the reference values with R's loo from the stored matrices and checks they
    // are the stored ones: the script, the matrices and the references belong together.
    void referenceValuesRegenerate() {
        const QString rscript = QStandardPaths::findExecutable("Rscript");
        if (rscript.isEmpty()) QSKIP("Rscript is not installed: the stored reference values are tested above");
        QProcess probe;
        probe.start(rscript, {"-e", "quit(status = as.integer(!requireNamespace('loo', quietly = TRUE)))"});
        if (!probe.waitForFinished(60000) || probe.exitCode() != 0) QSKIP("R's loo package is not installed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (const QString& file : QDir(QString::fromStdString(dataDir)).entryList({"*.loglik.csv", "*.logcorrection.csv", "make_reference.R"}))
            QVERIFY(QFile::copy(QString::fromStdString(dataDir) + "/" + file, dir.filePath(file)));
        QProcess r;
        r.setWorkingDirectory(dir.path());
        r.start(rscript, {"make_reference.R"});
        QVERIFY(r.waitForFinished(300000));
        QCOMPARE(r.exitCode(), 0);
        for (const QString& file : QDir(QString::fromStdString(dataDir)).entryList({"*.reference.csv"})) {
            QFile stored(QString::fromStdString(dataDir) + "/" + file), made(dir.filePath(file));
            QVERIFY(stored.open(QIODevice::ReadOnly) && made.open(QIODevice::ReadOnly));
            QCOMPARE(made.readAll(), stored.readAll());
        }
    }
};

QTEST_GUILESS_MAIN(TestLoo)
#include "tst_loo.moc"
