// Stan CSV as CmdStan writes it: the configuration block, the adaptation lines and the
// elapsed-time footer line for line on fixed draws, each method's columns, and real readers:
// R's rstan::read_stan_csv and posterior (scripts/check-stan-csv.R) read every column and every
// draw of `genrelab-cli run --draws-out` and give our means and R-hat.
#include "CliTestSupport.h"
#include "TestModels.h"

#include "eval/Diagnostics.h"
#include "export/StanCsv.h"
#include "export/StanCsvFiles.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace genrelab;
using namespace genrelab::testing;

namespace {

// Two chains of three fixed draws of a 2-d Gaussian (columns x.1, x.2), with their sampler rows.
Posterior fixedPosterior() {
    Posterior p;
    p.method = "nuts";
    for (int c = 0; c < 2; ++c) {
        Chain chain;
        chain.draws.resize(3, 2);
        chain.draws << 0.5, -1, 0.25 + c, 2, -0.125, 3.5;
        for (int s = 0; s < 3; ++s) {
            DrawStats st;
            st.logDensity = -1.25 - s;
            st.acceptStat = 0.75;
            st.stepSize = 0.5;
            st.treeDepth = 2;
            st.leapfrogSteps = 3;
            st.divergent = s == 2;
            st.energy = 2.5 + s;
            chain.stats.push_back(st);
        }
        chain.warmupSeconds = 0.0123;
        chain.samplingSeconds = 0.4567;
        p.chains.push_back(chain);
    }
    return p;
}

RunSpec fixedSpec(InferenceKind kind) {
    RunSpec spec;
    spec.inference = kind;
    spec.nuts.warmup = 7;
    spec.nuts.seed = 12345;
    spec.svi.seed = 99;
    spec.pathfinder.seed = 7;
    return spec;
}

// The configuration block CmdStan 2.32 writes for `method = sample` (with these settings).
const char* kSampleConfiguration =
    "# stan_version_major = 2\n"
    "# stan_version_minor = 32\n"
    "# stan_version_patch = 2\n"
    "# model = gauss\n"
    "# method = sample (Default)\n"
    "#   sample\n"
    "#     num_samples = 3\n"
    "#     num_warmup = 7\n"
    "#     save_warmup = 0 (Default)\n"
    "#     thin = 1 (Default)\n"
    "#     adapt\n"
    "#       engaged = 1 (Default)\n"
    "#       gamma = 0.05 (Default)\n"
    "#       delta = 0.8 (Default)\n"
    "#       kappa = 0.75 (Default)\n"
    "#       t0 = 10 (Default)\n"
    "#       init_buffer = 75 (Default)\n"
    "#       term_buffer = 50 (Default)\n"
    "#       window = 25 (Default)\n"
    "#     algorithm = hmc (Default)\n"
    "#       hmc\n"
    "#         engine = nuts (Default)\n"
    "#           nuts\n"
    "#             max_depth = 10 (Default)\n"
    "#         metric = diag_e (Default)\n"
    "#         metric_file =  (Default)\n"
    "#         stepsize = 1 (Default)\n"
    "#         stepsize_jitter = 0 (Default)\n"
    "#     num_chains = 2\n";

// One CSV's draws by column name (comment lines skipped), and its header's names in order.
struct StanFile {
    std::vector<std::string> columns;
    std::map<std::string, std::vector<double>> values;
    QStringList comments;
};

StanFile readStanFile(const QString& path) {
    StanFile f;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return f;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.isEmpty()) continue;
        if (line.startsWith('#')) {
            f.comments << QString::fromUtf8(line);
        } else if (f.columns.empty()) {
            for (const QByteArray& name : line.split(',')) f.columns.push_back(name.toStdString());
        } else {
            const QList<QByteArray> cells = line.split(',');
            for (qsizetype i = 0; i < cells.size() && i < static_cast<qsizetype>(f.columns.size()); ++i)
                f.values[f.columns[static_cast<std::size_t>(i)]].push_back(std::strtod(cells[i].constData(), nullptr));
        }
    }
    return f;
}

bool rWithStanPackages() {
    if (QStandardPaths::findExecutable("Rscript").isEmpty()) return false;
    QProcess r;
    r.start("Rscript", {"-e", "suppressPackageStartupMessages({library(rstan); library(posterior)})"});
    return r.waitForFinished(120000) && r.exitStatus() == QProcess::NormalExit && r.exitCode() == 0;
}

bool agrees(double ours, double theirs) { return std::fabs(ours - theirs) <= 1e-6 * std::fabs(theirs) + 1e-12; }

} // namespace

class TestStanCsv : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void aNutsChainIsWrittenLineForLineAsCmdStan() {
        const GaussianDensity model(Eigen::Vector2d(0, 0), Eigen::Matrix2d::Identity());
        const Posterior posterior = fixedPosterior();
        NutsChainState state;
        state.stepSize = 0.5;
        state.invMetric = Eigen::Vector2d(1.5, 0.25);
        const std::string csv = stanCsv(fixedSpec(InferenceKind::Nuts), posterior, 0, model, {"gauss", "data.csv", "out_1.csv"}, &state);
        const std::string expected = std::string(kSampleConfiguration) +
                                     "# id = 1 (Default)\n"
                                     "# data\n"
                                     "#   file = data.csv\n"
                                     "# init = 2 (Default)\n"
                                     "# random\n"
                                     "#   seed = 12345\n"
                                     "# output\n"
                                     "#   file = out_1.csv\n"
                                     "# genrelab_draws = NUTS draws after warmup (genrelab's sampler)\n"
                                     "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,x.1,x.2\n"
                                     "# Adaptation terminated\n"
                                     "# Step size = 0.5\n"
                                     "# Diagonal elements of inverse mass matrix:\n"
                                     "# 1.5, 0.25\n"
                                     "-1.25,0.75,0.5,2,3,0,2.5,0.5,-1\n"
                                     "-2.25,0.75,0.5,2,3,0,3.5,0.25,2\n"
                                     "-3.25,0.75,0.5,2,3,1,4.5,-0.125,3.5\n"
                                     "# \n"
                                     "#  Elapsed Time: 0.012 seconds (Warm-up)\n"
                                     "#                0.457 seconds (Sampling)\n"
                                     "#                0.469 seconds (Total)\n"
                                     "# \n";
        QCOMPARE(QByteArray::fromStdString(csv), QByteArray::fromStdString(expected));
        // The second chain: id 2, its own output file, its own draws.
        const std::string second = stanCsv(fixedSpec(InferenceKind::Nuts), posterior, 1, model, {"gauss", "data.csv", "out_2.csv"}, &state);
        QVERIFY(second.find("\n# id = 2\n") != std::string::npos);
        QVERIFY(second.find("\n#   file = out_2.csv\n") != std::string::npos);
        QVERIFY(second.find("\n-2.25,0.75,0.5,2,3,0,3.5,1.25,2\n") != std::string::npos);
    }

    void theElapsedTimeIsInMillisecondsAsCmdStanMeasuresIt() {
        QCOMPARE(stanCsvElapsedTime(0.0123, 0.4567),
                 std::string("# \n#  Elapsed Time: 0.012 seconds (Warm-up)\n#                0.457 seconds (Sampling)\n"
                             "#                0.469 seconds (Total)\n# \n"));
        QCOMPARE(stanCsvElapsedTime(0.0002, 12.3456),
                 std::string("# \n#  Elapsed Time: 0 seconds (Warm-up)\n#                12.346 seconds (Sampling)\n"
                             "#                12.346 seconds (Total)\n# \n"));
        // Not measured (a run read back from a session): no footer rather than a made-up time.
        QCOMPARE(stanCsvElapsedTime(std::nan(""), 1.0), std::string());
        const GaussianDensity model(Eigen::Vector2d(0, 0), Eigen::Matrix2d::Identity());
        Posterior unmeasured = fixedPosterior();
        unmeasured.chains[0].warmupSeconds = std::nan("");
        const std::string csv = stanCsv(fixedSpec(InferenceKind::Nuts), unmeasured, 0, model, {"gauss", "d.csv", "o.csv"});
        QVERIFY(csv.find("Elapsed Time") == std::string::npos);
        QVERIFY(csv.find("Adaptation terminated") == std::string::npos);  // no sampler state given
    }

    void aDenseMetricIsWrittenRowByRow() {
        const GaussianDensity model(Eigen::Vector2d(0, 0), Eigen::Matrix2d::Identity());
        RunSpec spec = fixedSpec(InferenceKind::Nuts);
        spec.nuts.denseMetric = true;
        NutsChainState state;
        state.stepSize = 0.25;
        state.denseInvMetric.resize(2, 2);
        state.denseInvMetric << 2, 0.5, 0.5, 1;
        const std::string csv = stanCsv(spec, fixedPosterior(), 0, model, {"gauss", "d.csv", "o.csv"}, &state);
        QVERIFY(csv.find("\n#         metric = dense_e\n") != std::string::npos);
        QVERIFY(csv.find("\n# Adaptation terminated\n# Step size = 0.25\n# Elements of inverse mass matrix:\n# 2, 0.5\n# 0.5, 1\n") !=
                std::string::npos);
    }

    void sviDrawsAreWrittenAsCmdStansVariationalOutput() {
        const GaussianDensity model(Eigen::Vector2d(0, 0), Eigen::Matrix2d::Identity());
        Posterior posterior;
        posterior.method = "svi";
        Chain chain;
        chain.draws.resize(2, 2);
        chain.draws << 1, 0, 0.5, 2;
        posterior.chains.push_back(chain);
        SviState guide;
        guide.mean = Eigen::Vector2d(0.5, 1);
        guide.logScale = Eigen::Vector2d(0, 0);
        const std::string csv = stanCsv(fixedSpec(InferenceKind::Svi), posterior, 0, model, {"gauss", "d.csv", "o.csv"}, nullptr, &guide);
        QVERIFY(csv.find("\n# method = variational\n#   variational\n#     algorithm = meanfield (Default)\n#       meanfield\n") !=
                std::string::npos);
        QVERIFY(csv.find("\n#     output_samples = 2\n") != std::string::npos);
        QVERIFY(csv.find("\n#   seed = 99\n") != std::string::npos);
        // The mean row, then per draw: lp__ 0, log_p__ = -|theta|^2/2, log_g__ = -|(theta - mean)/scale|^2/2.
        QVERIFY(csv.find("\nlp__,log_p__,log_g__,x.1,x.2\n0,0,0,0.5,1\n0,-0.5,-0.625,1,0\n0,-2.125,-0.5,0.5,2\n") != std::string::npos);
        QVERIFY(csv.find("Elapsed Time") == std::string::npos);
    }

    void pathfinderAndPriorDrawsSayWhatTheyAre() {
        const GaussianDensity model(Eigen::Vector2d(0, 0), Eigen::Matrix2d::Identity());
        Posterior posterior;
        Chain chain;
        chain.draws.resize(1, 2);
        chain.draws << 1, 2;
        posterior.chains.push_back(chain);
        const std::string pathfinder = stanCsv(fixedSpec(InferenceKind::Pathfinder), posterior, 0, model, {"gauss", "d.csv", "o.csv"});
        QVERIFY(pathfinder.find("\n# method = pathfinder\n#   pathfinder\n") != std::string::npos);
        QVERIFY(pathfinder.find("\n#   seed = 7\n") != std::string::npos);
        QVERIFY(pathfinder.find("\nlp_approx__,lp__,x.1,x.2\nNaN,-2.5,1,2\n") != std::string::npos);
        const std::string prior = stanCsv(fixedSpec(InferenceKind::Prior), posterior, 0, model, {"gauss", "d.csv", "o.csv"});
        QVERIFY(prior.find("\n#     num_warmup = 0\n") != std::string::npos);
        QVERIFY(prior.find("\n#     algorithm = fixed_param\n#     num_chains = 1 (Default)\n") != std::string::npos);
        QVERIFY(prior.find("\nlp__,accept_stat__,x.1,x.2\n0,0,1,2\n") != std::string::npos);
    }

    void chainFilesAreNamedAsCmdStanNamesThem() {
        QCOMPARE(stanCsvChainPaths("out/draws.csv", 1), std::vector<std::string>{"out/draws.csv"});
        QCOMPARE(stanCsvChainPaths("out/draws.csv", 2), (std::vector<std::string>{"out/draws_1.csv", "out/draws_2.csv"}));
        QCOMPARE(stanCsvChainPaths("draws", 2), (std::vector<std::string>{"draws_1.csv", "draws_2.csv"}));
    }

    // The CLI's NUTS draws through rstan and posterior: every column and every draw read, the
    // same means and R-hat (ours from the same files) to 1e-6 relative.
    void rstanAndPosteriorReadTheCliDrawsAsWeDo() {
        QVERIFY(dir_.isValid());
        const QString draws = dir_.filePath("draws.csv");
        const CliResult run = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "hier-studentt", "--inference", "nuts",
                                      "--train-size", "300", "--test-size", "100", "--warmup", "100", "--samples", "60",
                                      "--chains", "2", "--seed", "5", "--quiet", "--draws-out", draws});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QStringList files{dir_.filePath("draws_1.csv"), dir_.filePath("draws_2.csv")};
        std::vector<StanFile> chains;
        for (const QString& file : files) chains.push_back(readStanFile(file));
        for (const StanFile& f : chains) {
            QCOMPARE(f.values.at("lp__").size(), std::size_t{60});
            QCOMPARE(f.columns, chains[0].columns);
            // CmdStan's lines, with this run's values.
            QVERIFY(f.comments.contains("#     num_samples = 60"));
            QVERIFY(f.comments.contains("#     num_warmup = 100"));
            QVERIFY(f.comments.contains("#   seed = 5"));
            QVERIFY(f.comments.contains("# Adaptation terminated"));
            QVERIFY(f.comments.contains("# Diagonal elements of inverse mass matrix:"));
            const QRegularExpression warmup("^#  Elapsed Time: ([0-9.]+) seconds \\(Warm-up\\)$");
            const QRegularExpression sampling("^#                ([0-9.]+) seconds \\(Sampling\\)$");
            const QRegularExpression total("^#                ([0-9.]+) seconds \\(Total\\)$");
            const qsizetype at = f.comments.indexOf(warmup);
            QVERIFY(at > 0);
            QCOMPARE(f.comments[at - 1], QString("# "));
            QVERIFY(sampling.match(f.comments[at + 1]).hasMatch());
            QVERIFY(total.match(f.comments[at + 2]).hasMatch());
            QCOMPARE(f.comments[at + 3], QString("# "));
            const double w = warmup.match(f.comments[at]).captured(1).toDouble();
            const double s = sampling.match(f.comments[at + 1]).captured(1).toDouble();
            QVERIFY(w > 0 && s > 0);
            QVERIFY(std::fabs(total.match(f.comments[at + 2]).captured(1).toDouble() - (w + s)) < 1e-9);
        }
        if (!rWithStanPackages()) QSKIP("Rscript with the rstan and posterior packages is not installed");
        const int compared = compareWithR(files, chains, 60, 0);
        QVERIFY(compared > 100);  // hier-studentt: every coefficient, scale and degrees of freedom, and lp__
    }

    // SVI's file as CmdStan's variational output: rstan drops the mean row and reads the 200
    // draws, log_p__ and log_g__ among its variables.
    void rstanReadsSviDrawsAsVariationalOutput() {
        if (!rWithStanPackages()) QSKIP("Rscript with the rstan and posterior packages is not installed");
        const QString draws = dir_.filePath("svi.csv");
        const CliResult run = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--inference", "svi", "--steps", "300",
                                      "--train-size", "300", "--test-size", "100", "--guide-draws", "200", "--quiet", "--draws-out", draws});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const StanFile svi = readStanFile(draws);
        QCOMPARE(svi.values.at("lp__").size(), std::size_t{201});
        QVERIFY(svi.comments.contains("# method = variational"));
        QVERIFY(compareWithR({draws}, {svi}, 200, 1) > 100);
    }

private:
    // Runs scripts/check-stan-csv.R on files and compares its counts and each variable's mean
    // and R-hat with ours from the same draws (rows from `skip` on: a variational file's mean row
    // is no draw). Returns the variables compared (0 after a failure).
    static int compareWithR(const QStringList& files, const std::vector<StanFile>& chains, int draws, int skip) {
        QProcess r;
        r.start("Rscript", QStringList{GENRELAB_CHECK_STAN_CSV_R} + files);
        if (!r.waitForFinished(300000)) return 0;
        const QByteArray err = r.readAllStandardError();
        [&] { QVERIFY2(r.exitCode() == 0, err.constData()); }();
        if (QTest::currentTestFailed()) return 0;
        const QList<QByteArray> lines = r.readAllStandardOutput().trimmed().split('\n');
        // rstan's variables: all but lp__ and NUTS's sampler columns, in file order, then lp__.
        static const std::vector<std::string> sampler{"lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"};
        std::vector<std::string> variables;
        for (const std::string& c : chains[0].columns)
            if (std::find(sampler.begin(), sampler.end(), c) == sampler.end()) variables.push_back(c);
        variables.push_back("lp__");
        const auto chainCount = static_cast<Eigen::Index>(chains.size());
        [&] {
            QCOMPARE(lines.value(0), "chains," + QByteArray::number(chainCount));
            QCOMPARE(lines.value(1), "draws," + QByteArray::number(draws));
            QCOMPARE(lines.value(2), "columns," + QByteArray::number(static_cast<qsizetype>(variables.size())));
            QCOMPARE(lines.value(3), QByteArray("variable,mean,rhat"));
            QCOMPARE(lines.size(), static_cast<qsizetype>(variables.size()) + 4);
        }();
        if (QTest::currentTestFailed()) return 0;
        int compared = 0;
        for (std::size_t v = 0; v < variables.size(); ++v) {
            const QList<QByteArray> cells = lines[static_cast<qsizetype>(v) + 4].split(',');
            Eigen::MatrixXd x(draws, chainCount);
            for (Eigen::Index c = 0; c < chainCount; ++c)
                for (int s = 0; s < draws; ++s) x(s, c) = chains[static_cast<std::size_t>(c)].values.at(variables[v])[static_cast<std::size_t>(s + skip)];
            const double mean = x.mean(), ourRhat = rhat(x);
            [&] {
                QCOMPARE(cells.size(), 3);
                QCOMPARE(cells[0].toStdString(), variables[v]);
                const double theirMean = cells[1].toDouble(), theirRhat = cells[2] == "NA" ? std::nan("") : cells[2].toDouble();
                QVERIFY2(agrees(mean, theirMean), (variables[v] + ": mean " + std::to_string(mean) + " vs R " + cells[1].toStdString()).c_str());
                if (std::isnan(ourRhat)) QVERIFY2(std::isnan(theirRhat), variables[v].c_str());
                else QVERIFY2(agrees(ourRhat, theirRhat), (variables[v] + ": R-hat " + std::to_string(ourRhat) + " vs R " + cells[2].toStdString()).c_str());
            }();
            if (QTest::currentTestFailed()) return 0;
            ++compared;
        }
        return compared;
    }
};

QTEST_GUILESS_MAIN(TestStanCsv)
#include "tst_stancsv.moc"
