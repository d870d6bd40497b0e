// `genrelab-cli run` end to end on the bundled synthetic sample: its JSON, Stan CSV and tables
// for every inference, the grouping it reports, diagnostics that cannot be computed, the bench.
#include "TestModels.h"
#include "data/Table.h"
#include "eval/Summary.h"
#include "export/RunBundle.h"
#include "export/RunTables.h"
#include "run/NewRows.h"
#include "run/RunPipeline.h"
#include "util/Stats.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>

#include "CliTestSupport.h"

using namespace genrelab;
using genrelab::testing::CliResult;
using genrelab::testing::runCli;
using genrelab::testing::writeTestFile;

class TestRunCli : public QObject {
    Q_OBJECT
    Table sample_ = readTable(GENRELAB_SAMPLE_CSV);
    QTemporaryDir dir_;

private slots:

    void cliRunPrintsJsonAndWritesStanCsv() {
        const QString draws = dir_.filePath("draws.csv");
        const CliResult r = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "hier-studentt", "--inference", "nuts",
                                    "--train-size", "300", "--test-size", "200", "--warmup", "100", "--samples", "60",
                                    "--chains", "2", "--json", "--draws-out", draws});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        for (const char* key : {"train_accuracy", "test_accuracy", "test_log_predictive", "test_ece", "seconds", "rhat_max",
                                "ess_bulk_min", "divergences"})
            QVERIFY2(o.contains(key), key);
        QCOMPARE(o["train_rows"].toInt(), 300);
        QCOMPARE(o["stop_reason"].toString(), QString("completed"));  // it drew what it planned
        QCOMPARE(o["partial"].toBool(), false);
        QVERIFY(!o.contains("converged_at_draws_per_chain"));
        QCOMPARE(o["per_class"].toArray().size(), 11);
        // Every split's metrics and reliability bins; the test set's top-2 accuracy also at the top.
        const QJsonObject evaluation = o["evaluation"].toObject();
        QCOMPARE(evaluation["calibration_binning"].toString(), QString("15 equal-width bins of the top-class probability"));
        QCOMPARE(o["top2_accuracy"].toDouble(), evaluation["test"].toObject()["top2_accuracy"].toDouble());
        QVERIFY(o["top2_accuracy"].toDouble() >= o["test_accuracy"].toDouble());
        QCOMPARE(evaluation["test"].toObject()["accuracy"].toDouble(), o["test_accuracy"].toDouble());
        QCOMPARE(evaluation["test"].toObject()["draws"].toInt(), 120);    // all 2 x 60 (predictive draws 400)
        QCOMPARE(evaluation["train"].toObject()["draws"].toInt(), 100);   // kTrainingMetricDraws
        for (const char* split : {"train", "test"}) {
            const QJsonObject m = evaluation[split].toObject();
            for (const char* key : {"accuracy", "top2_accuracy", "log_predictive", "macro_f1", "ece", "brier"})
                QVERIFY2(m[key].isDouble(), key);
            const QJsonArray bins = m["reliability"].toArray();
            QCOMPARE(bins.size(), 15);
            int rows = 0;
            for (const QJsonValue& bin : bins) {
                const QJsonObject b = bin.toObject();
                rows += b["count"].toInt();
                QCOMPARE(b["count"].toInt() == 0, b["accuracy"].isNull() && b["mean_confidence"].isNull());
            }
            QCOMPARE(rows, m["rows"].toInt());
        }
        QCOMPARE(evaluation["train"].toObject()["rows"].toInt(), 300);
        QVERIFY(evaluation["validation"].toObject()["accuracy"].isNull());  // no validation set
        QVERIFY(r.err.contains("nuts chain") || r.err.isEmpty());  // progress goes to stderr only
        for (int chain = 1; chain <= 2; ++chain) {
            QFile f(dir_.filePath(QString("draws_%1.csv").arg(chain)));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QList<QByteArray> lines = f.readAll().split('\n');
            int header = 0;
            while (lines[header].startsWith('#')) ++header;
            const QList<QByteArray> columns = lines[header].split(',');
            QCOMPARE(columns[0], QByteArray("lp__"));
            QCOMPARE(columns[6], QByteArray("energy__"));
            QVERIFY(columns.contains("beta.14.11"));
            QVERIFY(columns.contains("sigma_beta.3"));
            int rows = 0;
            for (int i = header + 1; i < lines.size(); ++i)
                if (!lines[i].isEmpty() && !lines[i].startsWith('#')) {
                    QCOMPARE(lines[i].split(',').size(), columns.size());
                    ++rows;
                }
            QCOMPARE(rows, 60);
        }
    }

    // --metric dense: Stan's dense_e block (one comment line per row of the inverse metric).
    // The CLI's interval of per-draw test accuracy is the same type-7 quantile as a parameter
    // summary's, computed from the same draws: here the accuracies of the same run in-process,
    // summarized as if they were the draws of one parameter.
    void cliAccuracyQuantilesAreTheSummarys() {
        const CliResult cli = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--inference", "svi",
                                      "--steps", "300", "--guide-draws", "30", "--train-size", "300", "--test-size", "50",
                                      "--seed", "3", "--split-seed", "3", "--json", "--quiet"});
        QCOMPARE(cli.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(cli.out).object();
        RunSpec spec;
        setModelByName(spec.model, "flat");
        spec.inference = InferenceKind::Svi;
        spec.svi.steps = 300;
        spec.guideDraws = 30;
        spec.split.trainRows = 300;
        spec.split.testRows = 50;
        spec.svi.seed = spec.nuts.seed = spec.split.seed = 3;
        const RunResult r = runPipeline(sample_, spec);
        QCOMPARE(o["test_log_predictive"].toDouble(), r.test.logPredictive);  // the same run
        const std::vector<double>& accuracy = r.testPredictive.drawAccuracy;
        QCOMPARE(accuracy.size(), std::size_t{30});

        Posterior draws;
        draws.chains.resize(1);
        draws.chains[0].draws = Eigen::Map<const Eigen::MatrixXd>(accuracy.data(), 30, 1);
        const testing::GaussianDensity oneParameter(Eigen::VectorXd::Zero(1), Eigen::MatrixXd::Identity(1, 1));
        const ParameterSummary summary = summarize(draws, oneParameter).front();
        const QJsonObject perDraw = o["test_accuracy_per_draw"].toObject();
        QCOMPARE(perDraw["q5"].toDouble(), summary.q5);
        QCOMPARE(perDraw["q95"].toDouble(), summary.q95);
        QCOMPARE(perDraw["q5"].toDouble(), stats::quantile(accuracy, 0.05));
        QVERIFY(std::fabs(perDraw["mean"].toDouble() - summary.mean) < 1e-15);
        QVERIFY(summary.q5 < summary.q95);
        std::vector<double> sorted = accuracy;  // truncating the index (h = 1.45 -> 1, 27.55 -> 27) gives other numbers
        std::sort(sorted.begin(), sorted.end());
        QVERIFY(sorted[1] != summary.q5);
        QVERIFY(sorted[27] != summary.q95);
    }

    void cliDenseMetricWritesItsMatrix() {
        const QString draws = dir_.filePath("dense.csv");
        const CliResult r = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--inference", "nuts", "--train-size",
                                    "200", "--warmup", "150", "--samples", "20", "--chains", "1", "--metric", "dense", "--json",
                                    "--quiet", "--draws-out", draws});
        QCOMPARE(r.exitCode, 0);
        QFile f(draws);  // one chain: the file itself
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        const auto at = lines.indexOf("# Elements of inverse mass matrix:");
        QVERIFY(at > 0);
        const int dim = 11 + 14 * 11;  // flat: alpha and beta
        for (int row = 1; row <= dim; ++row) QCOMPARE(lines[at + row].split(',').size(), dim);
        QCOMPARE(runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--inference", "nuts", "--metric", "full"}).exitCode == 0, false);
    }

    void cliPartialCentering() {
        const QStringList base{"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "hier-studentt", "--inference", "svi",
                               "--steps", "50", "--json", "--quiet"};
        const CliResult ok = runCli(base + QStringList{"--partial-centering", "0.5"});
        QCOMPARE(ok.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(ok.out).object().contains("test_accuracy"));
        QCOMPARE(runCli(base + QStringList{"--partial-centering", "1"}).exitCode, 2);
        QCOMPARE(runCli(base + QStringList{"--partial-centering", "0.5", "--centered"}).exitCode, 2);
    }

    // Shift coordinates report the natural coefficients; with a pilot and a dense metric NUTS runs.
    void cliShiftCoordinates() {
        const QString draws = dir_.filePath("shift.csv");
        const QStringList base{"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "hier-studentt", "--inference", "nuts",
                               "--train-size", "300", "--warmup", "100", "--samples", "30", "--chains", "1", "--json", "--quiet"};
        const CliResult r = runCli(base + QStringList{"--shift-coordinates", "--metric", "dense", "--nuts-pilot", "300",
                                                      "--draws-out", draws});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(r.out).object()["test_accuracy"].toDouble() > 0.0);
        QFile f(draws);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains(",beta.1.1,") && text.contains("sigma_beta.11"));
        QVERIFY(!text.contains("beta_shift") && !text.contains("beta_contrast"));
        QCOMPARE(runCli(base + QStringList{"--shift-coordinates", "--partial-centering", "0.5"}).exitCode, 2);
        QCOMPARE(runCli(base + QStringList{"--nuts-pilot", "many"}).exitCode, 2);
        // An unwritable draws path is refused before the run, naming the path.
        const CliResult refused = runCli(base + QStringList{"--draws-out", "/proc/genrelab/draws.csv"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("/proc/genrelab") && refused.err.contains("output folder"), refused.err.constData());
    }

    // Pathfinder from the command line: its k-hat and paths in the JSON; and as NUTS's initializer,
    // its paths reported beside the chains' diagnostics.
    void cliRunPathfinder() {
        const CliResult r = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--inference", "pathfinder", "--paths",
                                    "2", "--json", "--quiet"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(o.contains("pareto_k"));
        QCOMPARE(o["draws"].toInt(), 1000);
        const QJsonArray paths = o["pathfinder"].toObject()["paths"].toArray();
        QCOMPARE(paths.size(), 2);
        for (const auto& p : paths) QVERIFY(p.toObject()["iterations"].toInt() >= p.toObject()["best_iteration"].toInt());
        QVERIFY(o["test_accuracy"].toDouble() > 0.3);
        const CliResult nuts = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--inference", "nuts", "--nuts-init",
                                       "pathfinder", "--warmup", "100", "--samples", "100", "--train-size", "500", "--json", "--quiet"});
        QCOMPARE(nuts.exitCode, 0);
        const QJsonObject n = QJsonDocument::fromJson(nuts.out).object();
        QCOMPARE(n["pathfinder"].toObject()["paths"].toArray().size(), 4);
        QVERIFY(n["rhat_max"].toDouble() < 1.05);
        const CliResult bad = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--nuts-init", "somewhere"});
        QVERIFY(bad.exitCode != 0);
        QVERIFY2(QString(bad.err).contains("random, pathfinder"), bad.err.constData());
    }

    void cliRunSvi() {
        const CliResult r = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--inference", "svi", "--steps",
                                    "200", "--json", "--quiet"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(o.contains("elbo_final"));
        QVERIFY(o.contains("pareto_k"));
        QCOMPARE(o["test_rows"].toInt(), 400);  // 20% of 2,000, rounded up
        QCOMPARE(o["features"].toInt(), 14);
        QVERIFY(r.err.isEmpty());
        const CliResult fewer = runCli({"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--steps", "50", "--json",
                                        "--quiet", "--exclude", "tempo,key", "--missing-indicators", "--no-standardize"});
        QCOMPARE(fewer.exitCode, 0);
        // 12 features left, plus indicators for Popularity and instrumentalness (key is excluded)
        QCOMPARE(QJsonDocument::fromJson(fewer.out).object()["features"].toInt(), 12 + 2);
    }

    // The grouping is part of every run's output: split kind, duplicate policy, test rows with an
    // artist (and a song) seen in training; a group column the file lacks is named with the
    // file's columns; a file with other column names and text class labels works the same.
    void cliRunReportsTheGrouping() {
        const QStringList base = {"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--steps", "30", "--quiet"};
        const CliResult plain = runCli(base + QStringList{"--json"});
        QCOMPARE(plain.exitCode, 0);
        QJsonObject o = QJsonDocument::fromJson(plain.out).object();
        QCOMPARE(o["split"].toString(), QString("random"));
        QCOMPARE(o["duplicates"].toString(), QString("keep"));
        QVERIFY(!o.contains("test_rows_seen_artist"));  // no artist column chosen
        const CliResult artist = runCli(base + QStringList{"--json", "--artist-column", "Artist Name", "--title-column", "Track Name",
                                                           "--split", "artist", "--artifact-features"});
        QCOMPARE(artist.exitCode, 0);
        o = QJsonDocument::fromJson(artist.out).object();
        QCOMPARE(o["split"].toString(), QString("artist"));
        QCOMPARE(o["test_rows_seen_artist"].toObject()["count"].toInt(), 0);
        QCOMPARE(o["test_rows_seen_artist"].toObject()["share"].toDouble(), 0.0);
        QCOMPARE(o["test_rows_seen_song"].toObject()["count"].toInt(), 0);
        QVERIFY(o["features"].toInt() > 14);  // the artifact features
        const CliResult text = runCli(base + QStringList{"--artist-column", "Artist Name", "--duplicates", "keep"});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("  split               random, duplicates keep\n"), text.out.constData());
        QVERIFY(text.out.contains("  test rows, artist seen in training  "));

        const CliResult missing = runCli(base + QStringList{"--artist-column", "Artist"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("'Artist'") && missing.err.contains("the artist column is not in the file") &&
                     missing.err.contains("its columns: Artist Name, Track Name, Popularity"),
                 missing.err.constData());
        const CliResult merge = runCli(base + QStringList{"--artist-column", "Artist Name", "--title-column", "Track Name",
                                                          "--duplicates", "merge"});
        QVERIFY(merge.exitCode != 0);
        QVERIFY2(merge.err.contains("not supported yet"), merge.err.constData());

        // Other names, text labels, several artists per field, a repeated song.
        QByteArray csv = "performer,song,x,genre\n";
        for (int i = 0; i < 40; ++i)
            csv += QByteArray("P") + QByteArray::number(i % 10) + (i % 4 == 0 ? " & Q" : "") + ",S" + QByteArray::number(i % 5) + "," +
                   QByteArray::number(i % 7) + "," + (i % 2 ? "rock" : "jazz") + "\n";
        const QString path = writeTestFile(QDir(dir_.path()), "named.csv", csv);
        const CliResult named = runCli({"run", "--data", path, "--target", "genre", "--artist-column", "performer", "--title-column",
                                        "song", "--split", "song", "--duplicates", "drop", "--model", "flat", "--steps", "30", "--quiet",
                                        "--json"});
        QCOMPARE(named.exitCode, 0);
        o = QJsonDocument::fromJson(named.out).object();
        QCOMPARE(o["split"].toString(), QString("song"));
        QCOMPARE(o["duplicates"].toString(), QString("drop"));
        QVERIFY(o["duplicate_rows_dropped"].toInt() > 0);
        QCOMPARE(o["test_rows_seen_song"].toObject()["count"].toInt(), 0);
        const CliResult inspected = runCli({"inspect", path, "--target", "genre", "--artist-column", "performer", "--title-column",
                                            "song", "--json"});
        QCOMPARE(inspected.exitCode, 0);
        bool conflict = false;
        for (const auto& a : QJsonDocument::fromJson(inspected.out).object()["artifacts"].toArray())
            if (a.toObject()["kind"].toString() == "duplicate_conflict") {
                conflict = true;
                QVERIFY(a.toObject().contains("songs") && a.toObject().contains("conflicting") && a.toObject().contains("ceiling"));
            }
        QVERIFY(conflict);
    }

    // Diagnostics that cannot be computed are null in JSON and "n/a" in text, and the run says
    // it cannot be judged: one draw per chain has no R-hat (a maximum starting at 0 printed 0).
    void cliUncomputableDiagnosticsAreNotNumbers() {
        const QStringList args = {"run", "--data", GENRELAB_SAMPLE_CSV, "--inference", "nuts", "--samples", "1", "--chains", "2",
                                  "--warmup", "10", "--quiet"};
        const CliResult json = runCli(args + QStringList{"--json"});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out).object();
        for (const char* key : {"rhat_max", "ess_bulk_min", "ess_tail_min", "prediction_rhat_max", "prediction_ess_bulk_min"})
            QVERIFY2(o.contains(key) && o[key].isNull(), key);
        QVERIFY(o["diagnostics_note"].toString().startsWith("convergence cannot be judged"));
        const CliResult text = runCli(args);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("  max R-hat           n/a\n"), text.out.constData());
        QVERIFY(text.out.contains("  min bulk / tail ESS n/a / n/a\n"));
        QVERIFY(text.out.contains("  prediction R-hat    n/a\n"));
        QVERIFY(text.out.contains("  convergence cannot be judged"));
    }

    // A learning rate that overflows the guide (run --lr 1e6): steps with a non-finite ELBO are
    // counted and reported, the rate halves until steps succeed, and the fit predicts.
    void cliSviBacksOffARunawayLearningRate() {
        const QStringList args = {"run", "--data", GENRELAB_SAMPLE_CSV, "--inference", "svi", "--lr", "1e6", "--steps", "300", "--quiet"};
        const CliResult json = runCli(args + QStringList{"--json"});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out).object();
        const int skipped = o["skipped_steps"].toInt();
        QVERIFY2(skipped > 0, json.out.constData());
        QCOMPARE(o["steps"].toInt() + skipped, 300);
        QCOMPARE(o["learning_rate_final"].toDouble(), std::ldexp(1e6, -skipped));
        QVERIFY(std::isfinite(o["test_log_predictive"].toDouble(std::nan(""))));
        const CliResult text = runCli(args);
        QVERIFY2(text.out.contains("  skipped steps       " + QByteArray::number(skipped) + " (non-finite ELBO"), text.out.constData());
    }

    void cliBenchPrintsEveryFigure() {
        const CliResult r = runCli({"bench", "--quick", "--json", "--data", GENRELAB_SAMPLE_CSV});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        for (const char* key : {"reference_us", "svi_steps_per_s", "nuts_min_ess_per_s", "csv_load_ms", "peak_rss_mb", "pathfinder_ms", "pathfinder_cpu_ms",
                                "reweight_ms", "reweight_artists_ms"})
            QVERIFY2(o[key].toDouble() > 0.0, key);
        QVERIFY(o["preset_seconds"].isNull());  // only with --preset
        QVERIFY(o.contains("svi_minibatch_step_us") && o["svi_minibatch_step_us"].isNull());  // only with --scale
        QVERIFY(o.contains("svi_minibatch_step_ratio") && o["svi_minibatch_step_ratio"].isNull());
        const QJsonObject gradients = o["gradient_us"].toObject();
        for (const char* model : {"flat", "hier-studentt", "hier-normal", "ard", "mlp"}) QVERIFY2(gradients[model].toDouble() > 0.0, model);
    }

    // No test split, no test metrics: NaN in memory (and an empty validation split likewise),
    // null in JSON, "n/a" in text; never 0.0000.
    void noTestRowsMeansNoTestMetrics() {
        RunSpec spec;
        setModelByName(spec.model, "flat");
        spec.svi.steps = 50;
        spec.guideDraws = 20;
        spec.predictiveDraws = 10;
        spec.split.testRows = 0;
        const RunResult r = runPipeline(sample_, spec);
        QCOMPARE(r.data.xTest.rows(), Eigen::Index{0});
        QCOMPARE(r.data.xValidation.rows(), Eigen::Index{0});
        for (const PredictiveMetrics* m : {&r.test, &r.validation}) {
            QVERIFY(std::isnan(m->accuracy) && std::isnan(m->logPredictive) && std::isnan(m->brier));
            QVERIFY(std::isnan(m->ece) && std::isnan(m->macroF1));
            for (const ClassMetrics& k : m->perClass) QVERIFY(std::isnan(k.precision) && std::isnan(k.recall) && std::isnan(k.f1));
        }
        QVERIFY(r.train.accuracy > 0.2 && r.train.accuracy <= 1.0);

        const QStringList args = {"run", "--data", GENRELAB_SAMPLE_CSV, "--model", "flat", "--steps", "50", "--guide-draws", "20",
                                  "--test-size", "0", "--quiet"};
        const CliResult json = runCli(args + QStringList{"--json"});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(o["test_rows"].toInt(-1), 0);
        for (const char* key : {"test_accuracy", "test_log_predictive", "test_ece", "test_brier", "test_macro_f1"})
            QVERIFY2(o.contains(key) && o[key].isNull(), key);
        QVERIFY(o["train_accuracy"].isDouble());
        QVERIFY(o.contains("top2_accuracy") && o["top2_accuracy"].isNull());
        const QJsonObject test = o["evaluation"].toObject()["test"].toObject();
        for (const char* key : {"accuracy", "top2_accuracy", "log_predictive", "macro_f1", "ece"})
            QVERIFY2(test.contains(key) && test[key].isNull(), key);
        for (const QJsonValue& bin : test["reliability"].toArray())
            QVERIFY(bin.toObject()["count"].toInt(-1) == 0 && bin.toObject()["mean_confidence"].isNull());
        const CliResult text = runCli(args);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("  test accuracy       n/a (no test rows)\n"), text.out.constData());
        QVERIFY(text.out.contains("  test macro F1       n/a (no test rows)\n"));
        QVERIFY(text.out.contains("  test log predictive n/a (no test rows)\n"));
        QVERIFY(text.out.contains("  test Brier / ECE    n/a / n/a (no test rows)\n"));
        QVERIFY2(text.out.contains("  test              0      0       n/a     n/a       n/a       n/a     n/a\n"), text.out.constData());
        QVERIFY(!text.out.contains("test reliability"));
        QVERIFY(!text.out.contains("0.0000"));
    }

};

QTEST_MAIN(TestRunCli)
#include "tst_run_cli.moc"
