// Experiments: the study preset's definitions, a small run that fills every column, jobs that
// do not change results, exports that parse back, sweeps and VI against MCMC on the sample.
#include "data/Table.h"
#include "experiments/Experiment.h"
#include "experiments/GroupedAblation.h"
#include "experiments/Sweep.h"
#include "experiments/ViVsMcmc.h"
#include "export/ResultTableJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include "TestPrinters.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace genrelab;

namespace {
// The preset made quick for the sample: fewer steps and draws, same shapes.
std::vector<Experiment> quickPreset() {
    auto experiments = studyTable2(false);
    for (auto& e : experiments) {
        e.spec.svi.steps = 150;
        e.spec.svi.learningRate = std::max(e.spec.svi.learningRate, 0.01);
        e.spec.guideDraws = 50;
        e.spec.predictiveDraws = 30;
        e.spec.nuts.warmup = 60;
        e.spec.nuts.samples = 40;
        e.spec.nuts.maxTreeDepth = 5;
        e.spec.model.mlp.hidden = {4};
        if (e.spec.split.trainRows && *e.spec.split.trainRows > 1000) e.spec.split.trainRows = 1200;  // exp 6 on 2,000 rows
    }
    return experiments;
}
} // namespace

class TestExperiments : public QObject {
    Q_OBJECT
    Table sample_ = readTable(GENRELAB_SAMPLE_CSV);

private slots:
    void presetMatchesTheStudyTable() {
        const auto e = studyTable2(false);
        QCOMPARE(e.size(), std::size_t{12});
        struct Row { const char* id; const char* model; InferenceKind inference; std::size_t train, test; double lr, studyTrain, studyTest; };
        const Row rows[] = {
            {"1", "flat", InferenceKind::Svi, 100, 100, 0.001, 63, 32},
            {"2", "flat", InferenceKind::Svi, 1000, 200, 0.001, 50.4, 45},
            {"3", "hier-studentt", InferenceKind::Svi, 1000, 200, 0.001, 51.7, 45.5},
            {"4", "hier-normal", InferenceKind::Svi, 1000, 200, 0.001, 49.1, 45},
            {"5", "hier-studentt", InferenceKind::Svi, 1000, 200, 0.001, 50.3, 46},
            {"6", "hier-studentt", InferenceKind::Svi, 10000, 0, 0.001, 49.9, 50.2},
            {"7", "ard", InferenceKind::Svi, 1000, 200, 0.001, 51.1, 46},
            {"8a", "hier-studentt", InferenceKind::Svi, 1000, 200, 0.0001, 50.7, 47},
            {"8b", "hier-studentt", InferenceKind::Svi, 1000, 200, 0.001, 50.7, 47},
            {"8c", "hier-studentt", InferenceKind::Svi, 1000, 200, 0.01, 50.7, 47},
            {"9", "mlp", InferenceKind::Svi, 1000, 200, 0.001, 49.2, 45.5},
            {"10", "hier-studentt", InferenceKind::Nuts, 1000, 200, 0.001, 50.8, 47},
        };
        for (std::size_t i = 0; i < 12; ++i) {
            const Row& r = rows[i];
            QCOMPARE(QString::fromStdString(e[i].id), QString(r.id));
            QCOMPARE(QString::fromStdString(std::string(modelName(e[i].spec.model))), QString(r.model));
            QCOMPARE(e[i].spec.inference, r.inference);
            QCOMPARE(*e[i].spec.split.trainRows, r.train);
            if (r.test > 0) QCOMPARE(*e[i].spec.split.testRows, r.test);
            else QVERIFY(e[i].spec.split.testIsRest);
            QCOMPARE(e[i].spec.svi.learningRate, r.lr);
            QCOMPARE(*e[i].studyTrain, r.studyTrain);
            QCOMPARE(*e[i].studyTest, r.studyTest);
            QCOMPARE(e[i].spec.model.regression.nu, 4.0);
            QCOMPARE(e[i].spec.model.regression.tau, 1.0);
            QCOMPARE(e[i].spec.model.regression.alphaScale, 5.0);
        }
        QCOMPARE(e[3].spec.model.regression.lambda, 1.0);
        QVERIFY(e[11].spec.model.regression.coordinates != Coordinates::Shift && !e[11].spec.nuts.denseMetric);
        const auto full = studyTable2(true);
        for (const auto& x : full) {
            QVERIFY(!x.spec.split.trainRows);  // the whole training split
            QVERIFY(!x.spec.split.testRows && !x.spec.split.testIsRest);  // and the fixed 20% test split
        }
        // The same model (M2) for exp 10 on all rows, in the coordinates that mix there.
        const RunSpec& nutsFull = full[11].spec;
        QCOMPARE(QString::fromStdString(std::string(modelName(nutsFull.model))), QString("hier-studentt"));
        QVERIFY(nutsFull.model.regression.coordinates == Coordinates::Shift && nutsFull.nuts.denseMetric);
        QCOMPARE(nutsFull.nuts.warmup, 500);
        QCOMPARE(nutsFull.nuts.samples, 500);
        QCOMPARE(nutsFull.nuts.chains, 4);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, experimentPreset("table3", false));
    }

    void selectingExperimentsByIdKeepsPresetOrder() {
        const auto all = studyTable2(false);
        const auto picked = selectExperiments(all, {"10", "8", "1"});
        QStringList ids;
        for (const auto& e : picked) ids << QString::fromStdString(e.id);
        QCOMPARE(ids, QStringList({"1", "8a", "8b", "8c", "10"}));
        QCOMPARE(selectExperiments(all, {"8b"}).size(), std::size_t{1});
        try {
            selectExperiments(all, {"11"});
            QFAIL("an unknown id must be refused");
        } catch (const std::invalid_argument& error) {
            QVERIFY(QString(error.what()).contains("no experiment '11'"));
            QVERIFY(QString(error.what()).contains("8a, 8b, 8c"));
        }
    }

    void aSmallRunFillsEveryColumnAndJobsDoNotMatter() {
        const auto experiments = quickPreset();
        RunnerOptions options;
        options.seeds = 2;
        options.jobs = 2;
        std::size_t reported = 0;
        options.onOutcome = [&](const ExperimentOutcome&, std::size_t done, std::size_t total) {
            reported = done;
            QCOMPARE(total, std::size_t{24});
        };
        const auto parallel = runExperiments(sample_, experiments, options);
        QCOMPARE(reported, std::size_t{24});
        for (const auto& o : parallel) QVERIFY2(o.ok, o.error.c_str());
        const ResultTable t = experimentTable(experiments, parallel);
        QCOMPARE(t.rows.size(), std::size_t{12});
        for (const auto& row : t.rows)
            for (std::size_t c = 4; c < row.size(); ++c) {
                QVERIFY2(!std::holds_alternative<std::monostate>(row[c]), t.columns[c].c_str());
                if (const double* d = std::get_if<double>(&row[c])) QVERIFY2(std::isfinite(*d), t.columns[c].c_str());
            }
        QCOMPARE(std::get<std::int64_t>(t.rows[5][5]), std::int64_t{800});  // exp 6: the rest of 2,000 rows
        options.jobs = 1;
        options.onOutcome = nullptr;
        const auto sequential = runExperiments(sample_, experiments, options);
        for (std::size_t k = 0; k < parallel.size(); ++k) QCOMPARE(sequential[k].testAccuracy, parallel[k].testAccuracy);
    }

    // The grouped ablation: seven feature sets on three splits, in that order, each the MLP by
    // minibatch SVI on the whole training split; the preset needs both group columns.
    void groupedAblationDefinesTwentyOneRuns() {
        GroupOptions groups;
        groups.artistColumn = "Artist Name";
        groups.titleColumn = "Track Name";
        const auto e = experimentPreset("grouped-ablation", false, groups);
        QCOMPARE(e.size(), std::size_t{21});
        const char* splits[] = {"random", "song", "artist"};
        const struct { const char* name; const char* features; bool artifacts, titles, artists, copies, artistSongs; } sets[] = {
            {"numeric", "numeric", false, false, false, false, false},
            {"artifacts", "+ artifacts", true, false, false, false, false},
            {"titles", "+ titles", false, true, false, false, false},
            {"artists", "+ artists", false, false, true, false, false},
            {"all", "all", true, true, true, false, false},
            {"all-copies", "all + song copies", true, true, true, true, false},
            {"all-shares", "all + song copies + artist songs", true, true, true, true, true}};
        for (std::size_t k = 0; k < e.size(); ++k) {
            const auto& set = sets[k % 7];
            const RunSpec& s = e[k].spec;
            QCOMPARE(QString::fromStdString(e[k].id), QString("%1-%2").arg(splits[k / 7], set.name));
            QCOMPARE(QString::fromStdString(std::string(splitKindName(s.split.kind))), QString(splits[k / 7]));
            QCOMPARE(QString::fromStdString(ablationFeatures(s)), QString(set.features));
            QCOMPARE(s.prep.artifactFeatures, set.artifacts);
            QCOMPARE(s.model.terms.titleTokens, set.titles);
            QCOMPARE(s.model.terms.artistEffects, set.artists);
            QCOMPARE(s.model.terms.songCopies, set.copies);
            QCOMPARE(s.model.terms.artistSongs, set.artistSongs);
            QCOMPARE(QString::fromStdString(std::string(modelName(s.model))), QString("mlp"));
            QCOMPARE(s.inference, InferenceKind::Svi);
            QCOMPARE(s.svi.batchSize, std::size_t{1024});
            QVERIFY(!s.split.trainRows && !s.split.testRows && s.split.testFraction == 0.2);
            QCOMPARE(s.prep.groups.duplicates, DuplicatePolicy::Keep);
            QCOMPARE(*s.prep.groups.artistColumn, std::string("Artist Name"));
            QCOMPARE(*s.prep.groups.titleColumn, std::string("Track Name"));
            QVERIFY(!e[k].studyTest);
        }
        QCOMPARE(selectExperiments(e, {"song-all"}).size(), std::size_t{1});
        GroupOptions artistOnly;
        artistOnly.artistColumn = "Artist Name";
        for (const GroupOptions& missing : {GroupOptions{}, artistOnly}) {
            try {
                experimentPreset("grouped-ablation", false, missing);
                QFAIL("the ablation needs both group columns");
            } catch (const std::invalid_argument& error) {
                QVERIFY2(QString(error.what()).contains("needs an artist column and a title column"), error.what());
            }
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, experimentPreset("no-such-preset", false, groups));
    }

    // The ablation on the sample, made quick: every cell of its table filled, the disjoint splits
    // share no artist (no song) with training, the random split keeps its 400 test rows.
    void groupedAblationRunsOnTheSample() {
        GroupOptions groups;
        groups.artistColumn = "Artist Name";
        groups.titleColumn = "Track Name";
        TableOptions reading;
        reading.textColumns = {"Artist Name", "Track Name"};
        const Table table = readTable(GENRELAB_SAMPLE_CSV, reading);
        auto experiments = groupedAblation(groups);
        for (auto& e : experiments) {
            e.spec.svi.steps = 40;
            e.spec.svi.batchSize = 256;
            e.spec.guideDraws = 20;
            e.spec.predictiveDraws = 20;
            e.spec.model.mlp.hidden = {4};
            e.spec.model.terms.titleMinCount = 2;
        }
        RunnerOptions options;
        options.seeds = 2;
        options.jobs = 2;
        const auto outcomes = runExperiments(table, experiments, options);
        for (const auto& o : outcomes) QVERIFY2(o.ok, (experiments[o.experiment].id + ": " + o.error).c_str());
        const ResultTable t = presetTable("grouped-ablation", experiments, outcomes);
        QCOMPARE(t.title, std::string("Grouped ablation"));
        QCOMPARE(t.rows.size(), std::size_t{21});
        const auto column = [&](const char* name) {
            const auto it = std::find(t.columns.begin(), t.columns.end(), std::string(name));
            return static_cast<std::size_t>(it - t.columns.begin());
        };
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            const auto& row = t.rows[r];
            QCOMPARE(std::get<std::string>(row[column("split")]), std::string(splitKindName(experiments[r].spec.split.kind)));
            QCOMPARE(std::get<std::string>(row[column("features")]), ablationFeatures(experiments[r].spec));
            QCOMPARE(std::get<std::string>(row[column("duplicates")]), std::string("keep"));
            QCOMPARE(std::get<std::int64_t>(row[column("seeds")]), std::int64_t{2});
            for (const char* name : {"test_accuracy", "test_accuracy_sd", "test_top2_accuracy", "test_log_predictive", "test_macro_f1",
                                     "test_ece", "test_rows_seen_artist", "test_rows_seen_song"})
                QVERIFY2(std::isfinite(std::get<double>(row[column(name)])), name);
            const double accuracy = std::get<double>(row[column("test_accuracy")]);
            QVERIFY(accuracy > 0 && accuracy <= std::get<double>(row[column("test_top2_accuracy")]));
            // The mean over seeds is the plain mean of the two runs.
            QCOMPARE(accuracy, (outcomes[2 * r].testAccuracy + outcomes[2 * r + 1].testAccuracy) / 2);
            const SplitKind kind = experiments[r].spec.split.kind;
            if (kind == SplitKind::Random) QCOMPARE(std::get<std::int64_t>(row[column("test_rows")]), std::int64_t{400});
            if (kind == SplitKind::Artist) QCOMPARE(std::get<double>(row[column("test_rows_seen_artist")]), 0.0);
            if (kind != SplitKind::Random) QCOMPARE(std::get<double>(row[column("test_rows_seen_song")]), 0.0);
        }
        // The random split shares artists with training: the sample's artists have many tracks.
        QVERIFY(std::get<double>(t.rows[0][column("test_rows_seen_artist")]) > 0.5);
    }

    void cancellingStopsTheQueue() {
        RunnerOptions options;
        options.seeds = 1;
        options.cancel.cancel();
        const auto outcomes = runExperiments(sample_, quickPreset(), options);
        for (const auto& o : outcomes) QCOMPARE(QString::fromStdString(o.error), QString("cancelled"));
    }

    void exportsParseBack() {
        ResultTable t;
        t.title = "Results & 100% of_it";
        t.columns = {"exp", "model_name", "accuracy", "runs"};
        t.addRow({std::string("8a"), std::string("hier_studentt, \"quoted\""), 0.4567891, std::int64_t{5}});
        t.addRow({std::string("10"), std::string("a|b & c %"), std::nan(""), std::int64_t{0}});
        const Table csv = parseTable(toCsv(t), "results.csv");
        QCOMPARE(csv.rows(), std::size_t{2});
        QCOMPARE(QString::fromStdString(csv.column(1).texts[0]), QString("hier_studentt, \"quoted\""));
        QCOMPARE(csv.column(2).numbers[0], 0.4567891);
        QVERIFY(csv.column(2).missing[1]);  // NaN is written as a missing token
        const QJsonArray json = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(t))).array();
        QCOMPARE(json.size(), 2);
        QCOMPARE(json[0].toObject()["accuracy"].toDouble(), 0.4567891);
        QVERIFY(json[1].toObject()["accuracy"].isNull());
        QCOMPARE(json[1].toObject()["runs"].toInt(), 0);
        // The JSON value sessions embed is the same document as the exported text.
        QVERIFY(toJsonValue(t) == nlohmann::ordered_json::parse(toJson(t)));
        const QString latex = QString::fromStdString(toLatex(t));
        QVERIFY(latex.contains("\\toprule") && latex.contains("\\bottomrule"));
        QVERIFY(latex.contains("model\\_name"));
        QVERIFY(latex.contains("a|b \\& c \\%"));
        QVERIFY(latex.contains("Results \\& 100\\% of\\_it"));
        QVERIFY(!latex.contains("hier_studentt"));
        QVERIFY(QString::fromStdString(toMarkdown(t)).contains("a\\|b & c %"));
        // A missing number reads as a dash for people, never "NaN".
        QVERIFY(QString::fromStdString(toMarkdown(t)).contains("| — | 0 |"));
        QVERIFY(latex.contains("& -- & 0"));
        QVERIFY(!latex.contains("NaN") && !QString::fromStdString(toMarkdown(t)).contains("NaN"));
        QCOMPARE(tableFormatForPath("x/results.TEX"), TableFormat::Latex);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tableFormatForPath("results.xlsx"));
    }

    void sweepFillsTheGridOnAValidationSplit() {
        RunSpec base;
        setModelByName(base.model, "hier-studentt");
        base.svi.steps = 150;
        base.svi.learningRate = 0.05;
        base.guideDraws = 40;
        base.predictiveDraws = 30;
        base.split.trainRows = 500;
        const SweepResult r = runSweep(sample_, base, {"nu", {1, 4}}, {"tau", {0.5, 1, 2}}, 2);
        QCOMPARE(r.cells.size(), std::size_t{6});
        QCOMPARE(r.cells[1].a, 1.0);
        QCOMPARE(r.cells[1].b, 1.0);
        QVERIFY(r.validationRows > 0);
        for (const auto& c : r.cells) {
            QVERIFY(c.error.empty());
            QVERIFY(c.validationAccuracy > 0.1 && c.validationAccuracy <= 1.0);
        }
        QVERIFY(r.best.has_value());
        for (const auto& c : r.cells) QVERIFY(r.cells[*r.best].validationLogPredictive >= c.validationLogPredictive);
        const ResultTable t = sweepTable(r);
        QCOMPARE(t.columns.front(), std::string("nu"));
        QCOMPARE(t.rows.size(), std::size_t{6});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runSweep(sample_, base, {"gamma", {1}}, {}, 1));
        // An axis the model does not read would repeat one fit in every cell: refused before any work.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runSweep(sample_, base, {"lambda", {1, 2}}, {}, 1));
        RunSpec probe = base;
        applySweepValue(probe, "mu-scale", 2.5);
        QCOMPARE(probe.model.regression.muScale, 2.5);
        setModelByName(probe.model, "hier-normal");
        applySweepValue(probe, "lambda", 0.5);
        QCOMPARE(probe.model.regression.lambda, 0.5);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applySweepValue(probe, "nu", 2.0));
    }

    // The best cell is chosen among cells that succeeded and have a finite score: a failed cell's
    // default score (0) and a NaN score never win.
    void bestSweepCellIgnoresFailuresAndNaN() {
        std::vector<SweepCell> cells(4);
        cells[0].validationLogPredictive = 0.0;
        cells[0].error = "the training split would be empty";
        cells[1].validationLogPredictive = -1.25;
        cells[2].validationLogPredictive = std::nan("");
        cells[3].validationLogPredictive = -1.5;
        QCOMPARE(bestSweepCell(cells), std::optional<std::size_t>(1));
        cells[1].error = "cancelled";
        QCOMPARE(bestSweepCell(cells), std::optional<std::size_t>(3));
        cells[3].error = "cancelled";
        QVERIFY(!bestSweepCell(cells).has_value());
        QVERIFY(!bestSweepCell({}).has_value());
    }

    // Every cell fails (one training row cannot hold two classes): each carries its error, no cell
    // is best, and the table marks none as best.
    void sweepWithEveryCellFailingHasNoBest() {
        RunSpec base;
        setModelByName(base.model, "hier-studentt");
        base.svi.steps = 10;
        base.split.trainRows = 1;
        const SweepResult r = runSweep(sample_, base, {"nu", {1, 4}}, {}, 2);
        QCOMPARE(r.cells.size(), std::size_t{2});
        QCOMPARE(successfulCells(r), std::size_t{0});
        QVERIFY(!r.best.has_value());
        for (const auto& c : r.cells) QVERIFY2(QString::fromStdString(c.error).contains("a classifier needs at least two classes"), c.error.c_str());
        const ResultTable t = sweepTable(r);
        for (const char* flag : {"best", "within_1se_log_predictive", "best_accuracy", "within_1se_accuracy"}) {
            const auto column = static_cast<std::size_t>(std::find(t.columns.begin(), t.columns.end(), flag) - t.columns.begin());
            QVERIFY2(column < t.columns.size(), flag);
            for (const auto& row : t.rows) QCOMPARE(std::get<std::int64_t>(row[column]), std::int64_t{0});
        }
    }

    // The one-standard-error rule, per shown metric, on hand-made cells. Log predictive: best is
    // cell 1 (-1.00, SE 0.05), so cells at or above -1.05 are equivalent: 0 (-1.04) and 1, not 2
    // (-1.06) nor 3 (-1.02, failed). Accuracy: best is cell 2 (0.50, SE 0.02), floor 0.48: cells
    // 1 (0.48) and 2, not 0 (0.47).
    void sweepCellsWithinOneStandardErrorOfTheBest() {
        std::vector<SweepCell> cells(4);
        const double lpd[] = {-1.04, -1.00, -1.06, -1.02}, lpdSe[] = {0.04, 0.05, 0.06, 0.01};
        const double accuracy[] = {0.47, 0.48, 0.50, 0.60}, accuracySe[] = {0.02, 0.02, 0.02, 0.02};
        for (std::size_t k = 0; k < cells.size(); ++k) {
            cells[k].a = static_cast<double>(k + 1);
            cells[k].validationLogPredictive = lpd[k];
            cells[k].validationLogPredictiveSe = lpdSe[k];
            cells[k].validationAccuracy = accuracy[k];
            cells[k].validationAccuracySe = accuracySe[k];
        }
        cells[3].error = "cancelled";
        QCOMPARE(bestSweepCell(cells, SweepMetric::LogPredictive), std::optional<std::size_t>(1));
        QCOMPARE(bestSweepCell(cells, SweepMetric::Accuracy), std::optional<std::size_t>(2));
        QCOMPARE(sweepEquivalentCells(cells, SweepMetric::LogPredictive), (std::vector<bool>{true, true, false, false}));
        QCOMPARE(sweepEquivalentCells(cells, SweepMetric::Accuracy), (std::vector<bool>{false, true, true, false}));
        // The best's SE unknown (one validation row): only cells tying the best are equivalent.
        cells[1].validationLogPredictiveSe = std::nan("");
        QCOMPARE(sweepEquivalentCells(cells, SweepMetric::LogPredictive), (std::vector<bool>{false, true, false, false}));
        QCOMPARE(sweepEquivalentCells({}, SweepMetric::Accuracy), std::vector<bool>{});

        SweepResult r;
        r.first = {"nu", {1, 2, 3, 4}};
        r.cells = cells;
        r.best = bestSweepCell(cells);
        const ResultTable t = sweepTable(r);
        QCOMPARE(t.columns, (std::vector<std::string>{"nu", "validation_accuracy", "validation_log_predictive", "seconds", "best",
                                                      "validation_accuracy_se", "validation_log_predictive_se",
                                                      "within_1se_log_predictive", "best_accuracy", "within_1se_accuracy"}));
        QCOMPARE(std::get<double>(t.rows[0][5]), 0.02);
        QCOMPARE(std::get<double>(t.rows[0][6]), 0.04);
        QVERIFY(std::isnan(std::get<double>(t.rows[1][6])));  // JSON null, "n/a" in the app
        QVERIFY(std::holds_alternative<std::monostate>(t.rows[3][5]));  // a failed cell has no SE
        // Columns best, within_1se_log_predictive (the best's SE is NaN now), best_accuracy, within_1se_accuracy.
        const std::int64_t expected[4][4] = {{0, 0, 0, 0}, {1, 1, 0, 1}, {0, 0, 1, 1}, {0, 0, 0, 0}};
        for (std::size_t k = 0; k < 4; ++k)
            for (std::size_t f = 0; f < 4; ++f) QCOMPARE(std::get<std::int64_t>(t.rows[k][f == 0 ? 4 : 6 + f]), expected[k][f]);
    }

    void viAgainstMcmcOnTheSameRows() {
        RunSpec base;
        setModelByName(base.model, "flat");
        base.svi.steps = 400;
        base.svi.learningRate = 0.05;
        base.nuts.warmup = 150;
        base.nuts.samples = 150;
        base.nuts.maxTreeDepth = 6;
        base.split.trainRows = 400;
        base.predictiveDraws = 50;
        const ViVsMcmc c = compareViMcmc(sample_, base);
        QCOMPARE(c.vi.data.split.test, c.mcmc.data.split.test);
        QCOMPARE(c.agreement.parameters, c.vi.summaries.size());
        // The flat model's alpha and beta: one contrast per class and per (feature, class).
        const auto classes = static_cast<std::size_t>(c.vi.data.classes());
        QCOMPARE(c.contrastAgreement.parameters, classes * (1 + c.vi.data.transform.featureNames.size()));
        QVERIFY(c.contrastAgreement.medianSdRatio > 0.0);
        QVERIFY(c.agreement.medianSdRatio > 0.0);
        QVERIFY(std::fabs(c.vi.test.accuracy - c.mcmc.test.accuracy) < 0.1);
        const ResultTable t = viVsMcmcTable(c);
        QCOMPARE(t.columns.size(), std::size_t{3});
        QCOMPARE(marginalTable(c).rows.size(), c.vi.summaries.size());
        // Agreement of identical summaries is perfect.
        const MarginalAgreement same = marginalAgreement(c.mcmc.summaries, c.mcmc.summaries);
        QCOMPARE(same.medianAbsZ, 0.0);
        QCOMPARE(same.medianSdRatio, 1.0);
        QCOMPARE(same.shareWithinHalfSd, 1.0);
    }
};

QTEST_APPLESS_MAIN(TestExperiments)
#include "tst_experiments.moc"
