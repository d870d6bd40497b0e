// The Predict section: a grouped run predicts with artists and titles, the form starts from a
// median track, a file's own columns name its tracks, and a large file shows progress and cancels.
#include "AppTestSupport.h"

#include "ArtistShrinkagePlot.h"
#include "CalibrationTab.h"
#include "ClassReliabilityPlot.h"
#include "BoxPlotChart.h"
#include "ClassBalanceChart.h"
#include "ColumnSummaryModel.h"
#include "ConfusionMatrixPlot.h"
#include "CorrelationHeatmap.h"
#include "DataPanel.h"
#include "DensityOverlayPlot.h"
#include "ExperimentsPanel.h"
#include "SweepHeatmap.h"
#include "ExplorePanel.h"
#include "FindingsView.h"
#include "ForestPlot.h"
#include "HistogramPlot.h"
#include "IntervalBarChart.h"
#include "ModelBuilder.h"
#include "ModelPanel.h"
#include "PlotExport.h"
#include "PlotMessage.h"
#include "PredictPanel.h"
#include "PriorPreviewPlot.h"
#include "QualityReportView.h"
#include "RawTableModel.h"
#include "ResultTableView.h"
#include "ReliabilityDiagram.h"
#include "ResultsPanel.h"
#include "RunVerdict.h"
#include "SliderSpin.h"
#include "models/ModelTraits.h"
#include "data/UnitMix.h"
#include "eval/ClassReliability.h"
#include "run/RunPipeline.h"
#include "util/Stats.h"
#include "export/PredictionTable.h"
#include "export/ResultTable.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QHeaderView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <qcustomplot.h>
#include <cmath>
#include <limits>
#include <map>
#include <set>

using namespace genrelab;
using namespace genrelab::testing;

class TestAppPredict : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() { isolateSettings("tst_app_predict"); }

    // A run with artist effects and title tokens: Predict asks for the artist and title, says
    // whether the artist was seen, and a file's predictions say it per row; a file without the
    // group columns averages over the artist prior and says so.
    void groupedRunPredictsWithArtistsAndTitles() {
        MainWindow window;
        QVERIFY(openSample(window));
        RunSpec spec = quickSvi();
        spec.prep.groups.artistColumn = "Artist Name";
        spec.prep.groups.titleColumn = "Track Name";
        spec.model.terms.artistEffects = true;
        spec.model.terms.titleTokens = true;
        spec.model.terms.titleMinCount = 2;
        const Table table = readTable(GENRELAB_SAMPLE_CSV, tableOptionsOf(spec));
        auto result = std::make_shared<const RunResult>(runPipeline(table, spec));
        window.session().addResult(result, spec);
        window.resultsPanel()->fillNow();  // the views a publish fills one per event-loop turn
        // Results: every training artist a point of the shrinkage plot, the largest title cues as bars.
        ResultsPanel* results = window.resultsPanel();
        QVERIFY(results->tabs()->isTabVisible(results->tabs()->indexOf(results->titleCues())));
        QCOMPARE(results->shrinkage()->pointCount(), static_cast<int>(result->data.artistVocabulary.size()));
        QCOMPARE(results->shrinkageClass()->count(), 11);
        results->shrinkageClass()->setCurrentIndex(3);
        QCOMPARE(results->shrinkage()->pointCount(), static_cast<int>(result->data.artistVocabulary.size()));
        QCOMPARE(results->titleCues()->barCount(), static_cast<int>(ResultsPanel::kTitleCues));
        const auto plots = results->plots();
        QVERIFY(std::any_of(plots.begin(), plots.end(), [](const auto& p) { return p.first == "artist_shrinkage"; }));
        QVERIFY(std::any_of(plots.begin(), plots.end(), [](const auto& p) { return p.first == "title_cues"; }));
        PredictPanel* predict = window.predictPanel();
        QVERIFY(predict->artistInput() && predict->titleInput());
        predict->artistInput()->setText(QString::fromStdString(result->data.artistVocabulary.front()) + " & Someone New");
        predict->titleInput()->setText("Heart Love (Live)");
        predict->predictManual();
        QVERIFY2(predict->summary().contains("Artist: 1 of 2 seen.") && predict->summary().contains("Title tokens known from training: "),
                 qPrintable(predict->summary()));
        predict->artistInput()->setText("Someone New");
        predict->predictManual();
        QVERIFY2(predict->summary().contains("Artist: unseen: artist prior."), qPrintable(predict->summary()));

        QCOMPARE(predict->predictFile(GENRELAB_SAMPLE_CSV), QString());
        const ResultTableModel* rows = predict->predictions()->tableModel();
        QCOMPARE(rows->rowCount(), 2000);
        const int artists = rows->columnCount() - 2;
        QCOMPARE(rows->headerData(artists, Qt::Horizontal).toString(), QString("artists"));
        QCOMPARE(rows->headerData(artists + 1, Qt::Horizontal).toString(), QString("title tokens known"));
        QCOMPARE(rows->index(result->data.split.train.front(), artists).data().toString(), QString("seen"));
        // The sample names one artist per track: a row's artist is seen when it is a training artist.
        const std::set<std::string> known(result->data.artistVocabulary.begin(), result->data.artistVocabulary.end());
        const Column& artistColumn = table.column(*table.indexOf("Artist Name"));
        const auto seen = std::count_if(artistColumn.texts.begin(), artistColumn.texts.end(), [&](const std::string& a) { return known.count(a) > 0; });
        QVERIFY2(predict->summary().contains(QString("%1 with every artist seen in training, 0 with some, %2 averaged over the artist prior")
                                                 .arg(seen).arg(2000 - seen)),
                 qPrintable(predict->summary()));

        QByteArray numeric;  // the sample's numeric columns, without its artist and title
        for (std::size_t c = 2; c < table.columnCount(); ++c) numeric += QByteArray::fromStdString(table.column(c).name) + (c + 1 < table.columnCount() ? "," : "\n");
        for (std::size_t r = 0; r < table.rows(); ++r)
            for (std::size_t c = 2; c < table.columnCount(); ++c) {
                const Column& column = table.column(c);
                QVERIFY(column.kind != ColumnKind::Text);
                if (!column.missing[r]) numeric += QByteArray::number(column.numbers[r], 'g', 17);
                numeric += c + 1 < table.columnCount() ? "," : "\n";
            }
        const QString path = dir_.filePath("numeric-only.csv");
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(numeric);
        out.close();
        QCOMPARE(predict->predictFile(path), QString());
        QVERIFY2(predict->summary().contains("the file has no column 'Artist Name': every track's artist effect is averaged over the artist prior") &&
                     predict->summary().contains("the file has no column 'Track Name': no title tokens"),
                 qPrintable(predict->summary()));
        // The file has no text columns: no identifying columns, so the artists column moves left.
        QCOMPARE(rows->headerData(rows->columnCount() - 2, Qt::Horizontal).toString(), QString("artists"));
        QCOMPARE(rows->index(0, rows->columnCount() - 2).data().toString(), QString("no artist column: artist prior"));
    }

    // Predict starts from a real median track of the open file (issue 14, item 8): medians of
    // measurements, the most frequent code (key) in a whole-number box, booleans (mode) and unit
    // flags as check boxes, the repaired duration in milliseconds, said in its label.
    void predictStartsFromAMedianTrack() {
        MainWindow window;
        QVERIFY(openSample(window));
        RunSpec spec = quickSvi(100);
        spec.prep.repairUnits = true;
        spec.prep.artifactFeatures = true;
        const Table table = readTable(GENRELAB_SAMPLE_CSV, tableOptionsOf(spec));
        const auto result = std::make_shared<const RunResult>(runPipeline(table, spec));
        window.session().addResult(result, spec);
        PredictPanel* predict = window.predictPanel();
        predict->waitForForm();  // read on the background pool after the publish
        const auto present = [](const Column& c) {
            std::vector<double> v;
            for (std::size_t r = 0; r < c.numbers.size(); ++r)
                if (!c.missing[r]) v.push_back(c.numbers[r]);
            return v;
        };
        const auto mostFrequent = [](const std::vector<double>& v) {
            std::map<double, int> counts;
            for (const double x : v) ++counts[x];
            return std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
        };
        QVERIFY(qobject_cast<QDoubleSpinBox*>(predict->inputWidget("danceability")));
        QCOMPARE(predict->inputValue("danceability"), stats::median(present(table.column(*table.indexOf("danceability")))));
        auto* key = qobject_cast<QSpinBox*>(predict->inputWidget("key"));
        QVERIFY(key);
        QCOMPARE(static_cast<double>(key->value()), mostFrequent(present(table.column(*table.indexOf("key")))));
        QVERIFY(qobject_cast<QSpinBox*>(predict->inputWidget("time_signature")));
        QCOMPARE(predict->inputValue("time_signature"), 4.0);
        auto* mode = qobject_cast<QCheckBox*>(predict->inputWidget("mode"));
        QVERIFY(mode);
        QCOMPARE(mode->isChecked(), mostFrequent(present(table.column(*table.indexOf("mode")))) == 1.0);
        // The duration as the model reads it: every cell in milliseconds.
        Table repaired = table;
        for (const UnitRepair& repair : result->data.unitRepairs) applyUnitRepair(repaired, repair);
        QCOMPARE(result->data.unitRepairs.size(), std::size_t{1});
        QCOMPARE(predict->inputLabel("duration_in min/ms"), QString("duration_in min/ms (milliseconds)"));
        QCOMPARE(predict->inputValue("duration_in min/ms"), stats::median(present(repaired.column(*repaired.indexOf("duration_in min/ms")))));
        QVERIFY(predict->inputValue("duration_in min/ms") > 100000.0);
        auto* minutes = qobject_cast<QCheckBox*>(predict->inputWidget("artifact: duration_in min/ms in minutes"));
        QVERIFY(minutes);
        QVERIFY(!minutes->isChecked());
        predict->predictManual();
        QVERIFY2(predict->summary().startsWith("Most likely") &&
                     predict->summary().contains(QRegularExpression("\\. Predictive entropy [0-9]\\.[0-9]{3} nats\\.")),
                 qPrintable(predict->summary()));
        QVERIFY(predict->inputWidget("no such column") == nullptr);
    }

    // The uncertain tracks and a file's predictions name rows by the file's own identifying
    // columns, whatever they are called (here "Interpret" and "Titel", no "Track Name").
    void otherColumnNamesNameTheTracks() {
        QByteArray csv = contents(GENRELAB_SAMPLE_CSV);
        QVERIFY(csv.startsWith("Artist Name,Track Name,"));
        csv.replace(0, static_cast<int>(std::string_view("Artist Name,Track Name").size()), "Interpret,Titel");
        const QString path = dir_.filePath("renamed.csv");
        put(path, csv);
        MainWindow window;
        window.setProperty("quietErrors", true);
        QSignalSpy loaded(&window, &MainWindow::fileLoaded);
        window.openFile(path);
        QVERIFY(loaded.wait(15000));
        const RunSpec spec = quickSvi(100);
        const Table& table = *window.session().table();
        window.session().addResult(std::make_shared<const RunResult>(runPipeline(table, spec)), spec);
        window.resultsPanel()->fillNow();
        const ResultTableModel* uncertain = window.resultsPanel()->uncertainTracks()->tableModel();
        QCOMPARE(uncertain->rowCount(), 25);
        QCOMPARE(uncertain->headerData(1, Qt::Horizontal).toString(), QString("track"));
        const Column& artist = table.column(*table.indexOf("Interpret"));
        const Column& title = table.column(*table.indexOf("Titel"));
        for (int r = 0; r < 25; ++r) {
            const auto row = static_cast<std::size_t>(uncertain->index(r, 0).data(Qt::UserRole).toLongLong() - 1);
            QCOMPARE(uncertain->index(r, 1).data().toString(), QString::fromStdString(artist.texts[row] + " — " + title.texts[row]));
        }
        PredictPanel* predict = window.predictPanel();
        QCOMPARE(predict->predictFile(path), QString());
        const ResultTableModel* rows = predict->predictions()->tableModel();
        QCOMPARE(rows->headerData(1, Qt::Horizontal).toString(), QString("Interpret"));
        QCOMPARE(rows->headerData(2, Qt::Horizontal).toString(), QString("Titel"));
        QCOMPARE(rows->headerData(5, Qt::Horizontal).toString(), QString("probability 5%"));
        QCOMPARE(rows->headerData(7, Qt::Horizontal).toString(), QString("entropy (nats)"));
        QCOMPARE(rows->index(0, 1).data().toString(), QString::fromStdString(artist.texts[0]));
        QCOMPARE(rows->index(0, 2).data().toString(), QString::fromStdString(title.texts[0]));
        QVERIFY2(predict->summary().contains("90% interval") && predict->summary().contains("entropy"), qPrintable(predict->summary()));
    }

    // Predict's chart before a prediction says what fills it; a file of 100,000 tracks is
    // predicted on the background pool with a progress bar that counts steps and the time left,
    // the window handling events meanwhile; Cancel stops it and keeps what was shown; the
    // prediction done again whole equals the core's (predictionTable) for the same file.
    void predictingALargeFileShowsProgressAndCancels() {
        MainWindow window;
        QVERIFY(openSample(window));
        PredictPanel* predict = window.predictPanel();
        QVERIFY2(plotMessage(predict->chart()->plot()).startsWith("Train a model first: then each genre's probability for a track shows here"),
                 qPrintable(plotMessage(predict->chart()->plot())));
        RunSpec spec = quickSvi(60);
        setModelByName(spec.model, "flat");
        spec.guideDraws = 20;  // 20 draws: two passes of each over 100,000 rows, seconds in all
        QVERIFY(train(window, spec));
        QCOMPARE(predict->chart()->barCount(), 0);
        QVERIFY2(plotMessage(predict->chart()->plot()).startsWith("Press \"Predict this track\": each genre's probability for the track on the left shows here"),
                 qPrintable(plotMessage(predict->chart()->plot())));
        QVERIFY(predict->progressBar()->isHidden() && predict->cancelButton()->isHidden());
        const QString shots = qEnvironmentVariable("GENRELAB_TEST_SCREENSHOTS");  // to look at them
        const auto shoot = [&](const QString& name) {
            if (!shots.isEmpty()) predict->grab().save(QDir(shots).filePath(name));
        };
        predict->resize(1200, 700);
        shoot("predict-before.png");
        predict->predictManual();
        QCOMPARE(predict->chart()->barCount(), 11);
        QCOMPARE(plotMessage(predict->chart()->plot()), QString());  // bars replace the message

        const QString tracks = dir_.filePath("tracks-100k.csv");
        QProcess synth;
        synth.start(GENRELAB_CLI_PATH, {"synth", "--rows", "100000", "--seed", "7", "--out", tracks});
        QVERIFY(synth.waitForFinished(60000));
        QCOMPARE(synth.exitCode(), 0);

        // While the file is predicted: the bar counts steps (shown, moving, with the time left);
        // Cancel is pressed once it has moved twice.
        std::vector<int> values;
        QString format;
        int ticks = 0;
        bool shownWhileBusy = false;
        QTimer observer;
        observer.setInterval(20);
        connect(&observer, &QTimer::timeout, this, [&] {
            ++ticks;
            QProgressBar* bar = predict->progressBar();
            shownWhileBusy = shownWhileBusy || (predict->isPredicting() && !bar->isHidden() && !predict->cancelButton()->isHidden());
            if (bar->maximum() > 0 && (values.empty() || bar->value() != values.back())) {
                values.push_back(bar->value());
                format = bar->format();
            }
            if (values.size() == 2) shoot("predict-during.png");
            if (values.size() >= 3 && predict->cancelButton()->isEnabled()) predict->cancelButton()->click();
        });
        observer.start();
        QCOMPARE(predict->predictFile(tracks), PredictPanel::kCancelledMessage);
        observer.stop();
        QVERIFY(shownWhileBusy);
        QVERIFY2(values.size() >= 3 && values.back() > values.front(), qPrintable(QString::number(values.size())));
        QVERIFY2(values.back() < predict->progressBar()->maximum(), "cancelled before the end");
        QVERIFY2(format.contains(" of ") && format.contains("about") && format.contains("left"), qPrintable(format));
        QVERIFY(ticks >= 5);  // the window handled its events throughout
        QVERIFY2(predict->summary().contains("was cancelled; the predictions shown before stay"), qPrintable(predict->summary()));
        QCOMPARE(predict->predictions()->tableModel()->rowCount(), 0);  // nothing half made is shown
        QVERIFY(predict->predictions()->emptyMessageShown() && predict->predictions()->emptyMessage().startsWith("Predict an unlabeled CSV"));
        QVERIFY(predict->progressBar()->isHidden() && predict->cancelButton()->isHidden());
        QVERIFY(!predict->isPredicting());

        // Again, whole: the same table as the core gives for the file.
        QCOMPARE(predict->predictFile(tracks), QString());
        QCOMPARE(predict->predictions()->tableModel()->rowCount(), 100000);
        QVERIFY(!predict->predictions()->emptyMessageShown());
        PredictionTableOptions options;
        options.maxProbabilityColumns = PredictPanel::kMaxProbabilityColumns;
        options.topClasses = PredictPanel::kTopClasses;
        const PredictionTable direct = predictionTable(*window.session().result(), window.session().resultSpec(), readTable(tracks.toStdString()),
                                                       window.session().classNames(), options);
        QCOMPARE(direct.drawsUsed, std::size_t{20});
        QVERIFY(exportTable(predict->predictions()->tableModel()->table(), TableFormat::Csv) == exportTable(direct.table, TableFormat::Csv));
    }
};

QTEST_MAIN(TestAppPredict)
#include "tst_app_predict.moc"
