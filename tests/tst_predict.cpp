// The Predict section's core: the median track a form starts from (medians, modes of codes and
// flags, in the units a repaired column ends in) and the predictions table of a file (the file's
// identifying columns, the top class's 90% interval over draws, the entropy in nats).
#include "data/Table.h"
#include "export/PredictionTable.h"
#include "models/ModelSpec.h"
#include "run/NewRows.h"
#include "run/RunPipeline.h"
#include "run/TypicalTrack.h"
#include "export/ResultTable.h"
#include "util/Stats.h"

#include <QtTest>

#include <cmath>
#include <string>

using namespace genrelab;

namespace {

// 24 tracks: a loudness -0.5 .. -12 (median -6.25); a key coded 2 (9 rows), 7 (8) and 9 (7):
// mode 2, median 7; a boolean "live", true in 16 rows; a duration in minutes in every fourth row
// (3.00 .. 3.20) and in milliseconds elsewhere (200000 + 1000 i): repaired to milliseconds, its
// median is 208000; the class follows the loudness. "Song" and "song_id" name the rows.
std::string trainingCsv() {
    std::string csv = "song_id,Song,loud,key,live,dur,Class\n";
    for (int i = 0; i < 24; ++i) {
        const double loud = -0.5 * (i + 1);
        const int key = i < 9 ? 2 : i < 17 ? 7 : 9;
        const bool live = i % 3 != 0;
        const double dur = i % 4 == 0 ? 3.0 + 0.01 * i : 200000.0 + 1000.0 * i;
        csv += std::to_string(i + 1) + ",Song " + std::to_string(i) + "," + std::to_string(loud) + "," + std::to_string(key) + "," +
               (live ? "true" : "false") + "," + std::to_string(dur) + "," + (i < 12 ? "1" : "0") + "\n";
    }
    return csv;
}

RunSpec smallSpec() {
    RunSpec spec;
    setModelByName(spec.model, "hier-studentt");
    spec.inference = InferenceKind::Svi;
    spec.svi.steps = 200;
    spec.svi.learningRate = 0.05;
    spec.guideDraws = 40;
    spec.predictiveDraws = 40;
    spec.prep.repairUnits = true;
    spec.prep.artifactFeatures = true;
    spec.split.testRows = 4;
    return spec;
}

const TypicalInput& inputNamed(const std::vector<TypicalInput>& inputs, const std::string& name) {
    for (const auto& input : inputs)
        if (input.column == name) return input;
    throw std::invalid_argument("no input " + name);
}

} // namespace

class TestPredict : public QObject {
    Q_OBJECT
private slots:
    void typicalValueOfEachKind() {
        const Table t = parseTable(trainingCsv(), "train.csv");
        const TypicalValue loud = typicalValue(t.column(*t.indexOf("loud")));
        QCOMPARE(loud.kind, TypicalKind::Median);
        QCOMPARE(loud.value, -6.25);
        const TypicalValue key = typicalValue(t.column(*t.indexOf("key")));
        QCOMPARE(key.kind, TypicalKind::Code);
        QCOMPARE(key.value, 2.0);  // the most frequent code, not the median 7 or the mean 5.5
        const TypicalValue live = typicalValue(t.column(*t.indexOf("live")));
        QCOMPARE(live.kind, TypicalKind::Flag);
        QCOMPARE(live.value, 1.0);
    }

    // Tied modes go to the smallest value; 25 distinct whole numbers, or values seen once each, read
    // as a measure; a column
    // without a present value has NaN.
    void typicalValueEdges() {
        Column tied;
        tied.numbers = {4, 4, 3, 3, 5, 5, 4, 3};
        tied.missing.assign(8, false);
        QCOMPARE(typicalValue(tied).kind, TypicalKind::Code);
        QCOMPARE(typicalValue(tied).value, 3.0);
        Column counts;
        for (int v = 0; v < 25; ++v) counts.numbers.insert(counts.numbers.end(), {double(v), double(v)});
        counts.missing.assign(50, false);
        QCOMPARE(typicalValue(counts).kind, TypicalKind::Median);
        QCOMPARE(typicalValue(counts).value, 12.0);
        counts.numbers.resize(48);
        counts.missing.resize(48);
        QCOMPARE(typicalValue(counts).kind, TypicalKind::Code);
        QCOMPARE(typicalValue(counts).value, 0.0);
        // Whole numbers seen once each (a duration in ms in a small file) are measurements.
        Column once;
        once.numbers = {201000, 205000, 203000, 202000};
        once.missing.assign(4, false);
        QCOMPARE(typicalValue(once).kind, TypicalKind::Median);
        QCOMPARE(typicalValue(once).value, 202500.0);
        Column zeroOne;
        zeroOne.numbers = {0, 1, 1, std::nan("")};
        zeroOne.missing = {false, false, false, true};
        QCOMPARE(typicalValue(zeroOne).kind, TypicalKind::Flag);
        QCOMPARE(typicalValue(zeroOne).value, 1.0);
        Column empty;
        empty.numbers = {std::nan("")};
        empty.missing = {true};
        QVERIFY(std::isnan(typicalValue(empty).value));
    }

    // The track the form starts from, column by column, as the model reads it: the duration in
    // milliseconds after the repair (median 208000, where the raw mean mixes 3.1 and 212000), the
    // minutes flag at its mode 0.
    void typicalTrackReadsAsTheModel() {
        const Table t = parseTable(trainingCsv(), "train.csv");
        const RunSpec spec = smallSpec();
        const RunResult r = runPipeline(t, spec);
        const std::vector<TypicalInput> inputs = typicalTrack(r, t);
        QCOMPARE(inputs.size(), r.data.transform.inputColumns.size());
        QCOMPARE(inputs.size(), std::size_t{5});
        QCOMPARE(inputNamed(inputs, "loud").typical.value, -6.25);
        QCOMPARE(inputNamed(inputs, "key").typical.kind, TypicalKind::Code);
        QCOMPARE(inputNamed(inputs, "key").typical.value, 2.0);
        QCOMPARE(inputNamed(inputs, "live").typical.kind, TypicalKind::Flag);
        QCOMPARE(inputNamed(inputs, "live").typical.value, 1.0);
        const TypicalInput& dur = inputNamed(inputs, "dur");
        QCOMPARE(dur.typical.kind, TypicalKind::Median);
        QCOMPARE(dur.typical.value, 208000.0);
        QCOMPARE(dur.unit, std::string("milliseconds"));
        QVERIFY(inputNamed(inputs, "loud").unit.empty());
        const TypicalInput& flag = inputNamed(inputs, "artifact: dur in minutes");
        QCOMPARE(flag.typical.kind, TypicalKind::Flag);
        QCOMPARE(flag.typical.value, 0.0);
    }

    void entropyInNats() {
        QCOMPARE(entropyNats(Eigen::RowVector3d(0.25, 0.25, 0.5)), 1.5 * std::log(2.0));
        QCOMPARE(entropyNats(Eigen::RowVector2d(1.0, 0.0)), 0.0);
    }

    // A file's predictions carry its identifying columns (whatever they are called), the top
    // class's mean probability and 90% interval over the draws used, and the entropy: each
    // checked against the draws' probabilities computed here.
    void predictionTableCarriesIdsIntervalAndEntropy() {
        const Table training = parseTable(trainingCsv(), "train.csv");
        const RunSpec spec = smallSpec();
        const RunResult r = runPipeline(training, spec);
        const Table file = parseTable("song_id,Song,loud,key,live,dur\n7,Quiet one,-11,2,false,3.5\n8,,-0.5,9,true,230000\n9,Middle,-6,7,true,208000\n",
                                      "new.csv");
        const PredictionTable p = predictionTable(r, spec, file, {"calm", "loud"});
        const std::vector<std::string> columns{"line", "song_id", "Song", "predicted genre", "probability", "probability 5%",
                                               "probability 95%", "entropy (nats)", "p(calm)", "p(loud)"};
        QCOMPARE(p.table.columns, columns);
        QCOMPARE(p.table.rows.size(), std::size_t{3});
        const std::size_t total = r.posterior.drawsPerChain() * r.posterior.chainCount();
        QCOMPARE(p.drawsUsed, std::min<std::size_t>(total, 200));

        const NewRows rows = newRowsDesign(r, spec, file);
        const PooledDraws pooled = r.posterior.pooled();
        std::vector<Eigen::MatrixXd> perDraw;
        for (std::size_t k = 0; k < p.drawsUsed; ++k)
            perDraw.push_back(r.model->classProbabilities(pooled.row(static_cast<Eigen::Index>(k * total / p.drawsUsed)).transpose(), rows.design));
        const std::vector<std::int64_t> lines{2, 3, 4}, ids{7, 8, 9};
        const std::vector<std::string> songs{"Quiet one", "", "Middle"};
        for (std::size_t i = 0; i < 3; ++i) {
            const auto& row = p.table.rows[i];
            QCOMPARE(std::get<std::int64_t>(row[0]), lines[i]);
            QCOMPARE(std::get<std::int64_t>(row[1]), ids[i]);
            if (songs[i].empty()) QVERIFY(std::holds_alternative<std::monostate>(row[2]));
            else QCOMPARE(std::get<std::string>(row[2]), songs[i]);
            Eigen::RowVector2d mean = Eigen::RowVector2d::Zero();
            for (const auto& d : perDraw) mean += d.row(static_cast<Eigen::Index>(i));
            mean /= static_cast<double>(perDraw.size());
            const int best = mean[1] > mean[0] ? 1 : 0;
            std::vector<double> top;
            for (const auto& d : perDraw) top.push_back(d(static_cast<Eigen::Index>(i), best));
            QCOMPARE(std::get<std::string>(row[3]), std::string(best ? "loud" : "calm"));
            QCOMPARE(std::get<double>(row[4]), mean[best]);
            QCOMPARE(std::get<double>(row[5]), stats::quantile(top, 0.05));
            QCOMPARE(std::get<double>(row[6]), stats::quantile(top, 0.95));
            QVERIFY(std::get<double>(row[5]) <= std::get<double>(row[6]));
            const double entropy = -(mean[0] * std::log(mean[0]) + mean[1] * std::log(mean[1]));
            QVERIFY(std::abs(std::get<double>(row[7]) - entropy) < 1e-15);
            QVERIFY(std::get<double>(row[7]) > 0 && std::get<double>(row[7]) <= std::log(2.0));
            QCOMPARE(std::get<double>(row[8]), mean[0]);
            QCOMPARE(std::get<double>(row[9]), mean[1]);
        }
        // The quiet track reads as the quiet class, the loud one as the loud class.
        QCOMPARE(std::get<std::string>(p.table.rows[0][3]), std::string("calm"));
        QCOMPARE(std::get<std::string>(p.table.rows[1][3]), std::string("loud"));
    }

    // Without id or text columns a file's table starts with the line and the predictions.
    // The steps a prediction reports: every chosen draw twice over the rows, then each block of
    // kPredictionRowsPerStep rows, in order, ending at all done; the table is the one made
    // unwatched. A cancelled token stops it before the next step with PredictionCancelled.
    void predictionReportsItsStepsAndStopsWhenCancelled() {
        const Table training = parseTable(trainingCsv(), "train.csv");
        const RunSpec spec = smallSpec();
        const RunResult r = runPipeline(training, spec);
        std::string csv = "loud,key,live,dur\n";
        for (int i = 0; i < 4500; ++i) csv += std::to_string(-12 + i % 11) + "," + std::to_string(i % 12) + ",true,210000\n";
        const Table file = parseTable(csv, "many.csv");
        PredictionTableOptions options;
        options.minDraws = 1;
        options.maxDraws = 7;
        std::vector<std::pair<std::size_t, std::size_t>> reports;
        PredictionProgress progress;
        progress.report = [&](std::size_t done, std::size_t total) { reports.emplace_back(done, total); };
        const PredictionTable watched = predictionTable(r, spec, file, {"calm", "loud"}, options, progress);
        QCOMPARE(watched.drawsUsed, std::size_t{7});
        const std::size_t total = 2 * 7 + 3;  // 4,500 rows: three blocks of up to 2,000
        QCOMPARE(reports.size(), total + 1);
        for (std::size_t k = 0; k <= total; ++k) QCOMPARE(reports[k], (std::pair<std::size_t, std::size_t>{k, total}));
        const PredictionTable unwatched = predictionTable(r, spec, file, {"calm", "loud"}, options);
        QCOMPARE(exportTable(watched.table, TableFormat::Csv), exportTable(unwatched.table, TableFormat::Csv));

        PredictionProgress cancelling;
        std::size_t seen = 0;
        cancelling.report = [&](std::size_t done, std::size_t) {
            seen = done;
            if (done == 5) cancelling.cancel.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(PredictionCancelled, predictionTable(r, spec, file, {"calm", "loud"}, options, cancelling));
        QCOMPARE(seen, std::size_t{5});  // cancelled as step 6 began: it stopped before step 7
    }

    void identifyingColumnsComeFromTheData() {
        const Table plain = parseTable("a,b\n1,2\n3,4\n", "plain.csv");
        QVERIFY(identifyingColumns(plain).empty());
        const Table named = parseTable("Titel,x,Interpret,Class\nEins,1,A,0\nZwei,2,B,1\n", "named.csv");
        QCOMPARE(identifyingColumns(named), (std::vector<std::size_t>{0, 2}));
    }
};

QTEST_APPLESS_MAIN(TestPredict)
#include "tst_predict.moc"
