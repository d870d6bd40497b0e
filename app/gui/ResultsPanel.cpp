#include "ResultsPanel.h"

#include "ArtistShrinkagePlot.h"
#include "CalibrationTab.h"
#include "ClassReliabilityPlot.h"
#include "ComboRefill.h"
#include "ConfusionMatrixPlot.h"
#include "DensityOverlayPlot.h"
#include "ForestPlot.h"
#include "ReliabilityDiagram.h"
#include "IntervalBarChart.h"
#include "Palette.h"
#include "ResultTableView.h"
#include "RunVerdict.h"
#include "Session.h"
#include "WorkflowTabs.h"
#include "eval/GroupEffects.h"
#include "eval/LooCompare.h"
#include "eval/Summary.h"
#include "export/LooTable.h"
#include "export/RunBundle.h"
#include "export/RunTables.h"
#include "models/ModelTraits.h"
#include "util/Format.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace genrelab {
namespace {

QWidget* column(QWidget* parent, std::initializer_list<QWidget*> widgets) {
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : widgets) layout->addWidget(w, qobject_cast<QLabel*>(w) && w->objectName() == "differentRowsWarning" ? 0 : 1);
    return box;
}

// The summaries of one block of the natural parameters, in its element order; empty without it.
std::vector<ParameterSummary> blockSummaries(const RunResult& r, const std::string& name) {
    const ParameterBlock* block = r.model->outputLayout().find(name);
    if (!block || r.summaries.size() < static_cast<std::size_t>(block->offset + block->size())) return {};
    const auto first = r.summaries.begin() + block->offset;
    return {first, first + block->size()};
}

std::vector<double> samplesOf(const RunResult& r, const std::string& name) {
    const auto names = r.model->outputLayout().elementNames();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return {};
    const auto index = static_cast<Eigen::Index>(it - names.begin());
    std::vector<double> out;
    for (const auto& draws : outputDraws(r.posterior, *r.model))
        for (Eigen::Index s = 0; s < draws.rows(); ++s) out.push_back(draws(s, index));
    return out;
}

} // namespace

ResultsPanel::ResultsPanel(Session& session, QWidget* parent) : QWidget(parent), session_(session) {
    verdict_ = new QLabel(this);
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    metrics_ = new ResultTableView(this);
    perClass_ = new ResultTableView(this);
    parameters_ = new ResultTableView(this);
    uncertain_ = new ResultTableView(this);
    comparison_ = new ResultTableView(this);
    looComparison_ = new ResultTableView(this);
    looDifferences_ = new IntervalBarChart(tr("PSIS-LOO: elpd_diff to the best run (+- SE of the difference)"), tr("elpd_diff"),
                                           "loo_differences", this);
    confusion_ = new ConfusionMatrixPlot(this);
    calibration_ = new CalibrationTab(this);
    reliability_ = calibration_->topClass();
    reliabilityTable_ = calibration_->topClassTable();
    forest_ = new ForestPlot(this);
    relevance_ = new IntervalBarChart(tr("ARD relevance: posterior sigma_beta per feature (90% interval)"), tr("sigma_beta"), "relevance", this);
    shrinkage_ = new ArtistShrinkagePlot(this);
    shrinkageClass_ = new QComboBox(this);
    shrinkageClass_->setToolTip(tr("The class whose artist offsets are shown"));
    titleCues_ = new IntervalBarChart(tr("Largest title cues: posterior mean token weight per class (+- 1.645 sd)"),
                                      tr("weight on the class's logit"), "title_cues", this);
    looDifferences_->setEmptyMessage(tr("Train a second model: the differences in expected log predictive density\n"
                                        "between the runs, with their standard errors, appear here."));
    relevance_->setEmptyMessage(tr("ARD relevance needs a model with the ard prior (one sigma_beta per feature).\n"
                                   "Choose the prior \"ard\" in the Model section and train: how much each feature matters appears here."));
    titleCues_->setEmptyMessage(tr("Title cues need a model with title tokens.\n"
                                   "Choose a title column in Data and title tokens in Model, then train."));
    marginalParameter_ = new QComboBox(this);
    marginalParameter_->setMaxVisibleItems(25);
    marginals_ = new DensityOverlayPlot(tr("Marginal posterior (this run and the previous one)"), "marginal", this);
    accuracy_ = new DensityOverlayPlot(tr("Posterior of test accuracy (per draw)"), "accuracy_posterior", this);
    macroF1_ = new DensityOverlayPlot(tr("Posterior of test macro F1 (per draw)"), "macro_f1_posterior", this);
    parameters_->tableModel()->setCellColour([](int, int column, const Cell& cell) -> QVariant {
        const double* v = std::get_if<double>(&cell);
        if (!v) return {};
        if (column == 6 && *v > 1.01) return QColor(0xff, 0xab, 0x91);
        if ((column == 7 || column == 8) && *v < 400) return QColor(0xff, 0xe0, 0x82);
        return {};
    });

    const auto rowsWarning = [this] {
        auto* label = new QLabel(this);
        label->setWordWrap(true);
        label->setObjectName("differentRowsWarning");
        label->setStyleSheet("QLabel { background: #fff3cd; color: #664d03; padding: 4px; }");
        label->hide();
        rowsWarnings_.push_back(label);
        return label;
    };
    auto* marginalBox = new QWidget(this);
    auto* marginalLayout = new QVBoxLayout(marginalBox);
    marginalLayout->setContentsMargins(0, 0, 0, 0);
    marginalLayout->addWidget(rowsWarning());
    marginalLayout->addWidget(marginalParameter_);
    marginalLayout->addWidget(marginals_, 1);
    auto* uncertainty = new QSplitter(Qt::Vertical, this);
    auto* posteriors = new QSplitter(Qt::Horizontal, uncertainty);
    posteriors->addWidget(accuracy_);
    posteriors->addWidget(macroF1_);
    uncertainty->addWidget(posteriors);
    uncertainty->addWidget(uncertain_);

    tabs_ = new QTabWidget(this);
    tabs_->addTab(confusion_, tr("Confusion matrix"));
    tabs_->addTab(perClass_, tr("Per class"));
    tabs_->addTab(calibration_, tr("Calibration"));
    tabs_->addTab(forest_, tr("Coefficients"));
    tabs_->addTab(relevance_, tr("ARD relevance"));
    shrinkageBox_ = new QWidget(this);
    auto* shrinkageLayout = new QVBoxLayout(shrinkageBox_);
    shrinkageLayout->setContentsMargins(0, 0, 0, 0);
    auto* shrinkageBar = new QHBoxLayout;
    shrinkageBar->addWidget(new QLabel(tr("Class"), this));
    shrinkageBar->addWidget(shrinkageClass_);
    shrinkageBar->addStretch(1);
    shrinkageLayout->addLayout(shrinkageBar);
    shrinkageLayout->addWidget(shrinkage_, 1);
    tabs_->addTab(shrinkageBox_, tr("Artist shrinkage"));
    tabs_->addTab(titleCues_, tr("Title cues"));
    tabs_->addTab(marginalBox, tr("Marginals"));
    tabs_->addTab(parameters_, tr("R-hat and ESS"));
    tabs_->addTab(column(this, {rowsWarning(), uncertainty}), tr("Uncertainty"));
    auto* compareRuns = new QSplitter(Qt::Vertical, this);
    compareRuns->addWidget(comparison_);
    auto* looRow = new QSplitter(Qt::Horizontal, compareRuns);
    looRow->addWidget(looComparison_);
    looRow->addWidget(looDifferences_);
    looRow->setSizes({3, 2});  // the table's nine columns need the room more than the plot
    compareRuns->addWidget(looRow);
    workflow_ = new WorkflowTabs(this);
    tabs_->addTab(workflow_, tr("Workflow"));
    tabs_->addTab(column(this, {rowsWarning(), compareRuns}), tr("Compare runs"));

    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(metrics_);
    top->addWidget(column(this, {verdict_}));
    top->setStretchFactor(0, 2);
    top->setStretchFactor(1, 3);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(tabs_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);
    connect(&session_, &Session::resultChanged, this, &ResultsPanel::onResult);
    showEmptyState();
    connect(marginalParameter_, &QComboBox::currentIndexChanged, this, &ResultsPanel::showMarginal);
    connect(shrinkageClass_, &QComboBox::currentIndexChanged, this, &ResultsPanel::showShrinkage);
}

QString ResultsPanel::verdict() const { return verdict_->text(); }

// Before a run the tables and plots would be empty axes and a dark square: the section says what fills it instead.
void ResultsPanel::showEmptyState() {
    verdict_->setText(tr("No run yet: train a model in the Train section (Start, or Ctrl+R). Its metrics and verdict, confusion "
                         "matrix, calibration, coefficients, marginal posteriors, R-hat and ESS appear here; a second run adds "
                         "the comparison of the two. Opening a saved session brings its runs' results back."));
    metrics_->hide();
    tabs_->hide();
    for (QLabel* label : rowsWarnings_) label->hide();
}

QString ResultsPanel::differentRowsWarning() const { return rowsWarnings_.front()->text(); }

std::vector<std::pair<QString, QCustomPlot*>> ResultsPanel::plots() const {
    std::vector<std::pair<QString, QCustomPlot*>> out{{"confusion", confusion_->plot()}, {"coefficients", forest_->plot()}, {"relevance", relevance_->plot()},
            {"marginal", marginals_->plot()}, {"accuracy_posterior", accuracy_->plot()}, {"macro_f1_posterior", macroF1_->plot()},
            {"loo_differences", looDifferences_->plot()}, {"reliability", reliability_->plot()},
            {"class_reliability", calibration_->classPlot()->plot()},
            {"artist_shrinkage", shrinkage_->plot()}, {"title_cues", titleCues_->plot()}};
    for (const auto& plot : workflow_->plots()) out.push_back(plot);
    return out;
}

std::vector<std::pair<QString, ResultTableView*>> ResultsPanel::tables() const {
    std::vector<std::pair<QString, ResultTableView*>> out{{"metrics", metrics_}, {"per_class", perClass_}, {"parameters", parameters_}, {"uncertain_tracks", uncertain_},
            {"comparison", comparison_}, {"loo_comparison", looComparison_}, {"reliability", reliabilityTable_},
            {"class_reliability_bins", calibration_->classBins()}, {"class_reliability_corp", calibration_->classCorp()}};
    for (const auto& table : workflow_->tables()) out.push_back(table);
    return out;
}

bool ResultsPanel::filling() const { return !steps_.idle() || workflow_->filling(); }

void ResultsPanel::fillNow() {
    steps_.runAll();
    workflow_->fillNow();
}

void ResultsPanel::waitUntilShown() {
    fillNow();
    workflow_->waitForNumbers();
}

void ResultsPanel::onResult() {
    steps_.clear();  // the run before's views not yet filled stay so: this run's steps fill them
    const auto r = session_.result();
    if (!r || !r->model) {
        showEmptyState();
        return;
    }
    // A result fills the tables and plots the empty state hid.
    metrics_->show();
    tabs_->show();
    const RunSpec& spec = session_.resultSpec();
    verdict_->setText(verdictText(spec, *r));
    metrics_->setTable(metricsTable(spec, *r));
    // Starts the workflow's background numbers now; its views fill in steps of its own.
    workflow_->setRuns(r, spec, session_.previousResult(), session_.previousSpec());
    // A table per step: the parameter table (hundreds of rows) and the uncertain tracks (every
    // test row's entropy, the file's track names) each took 4-12 ms of the GUI thread.
    steps_.add([this] { perClass_->setTable(perClassTable(*session_.result(), session_.classNames())); });
    steps_.add([this] { parameters_->setTable(parameterTable(*session_.result())); });
    steps_.add([this] { showUncertainTracks(); });
    steps_.add([this] { showCalibration(); });
    steps_.add([this] { showCoefficients(); });
    steps_.add([this] { showGroupTerms(); });
    steps_.add([this] { showComparison(); });
    steps_.add([this] { showLooComparison(); });
    steps_.add([this] {
        QStringList parameters;
        for (const auto& summary : session_.result()->summaries) parameters << QString::fromStdString(summary.name);
        refillKeepingChoice(marginalParameter_, parameters);
        showMarginal();
    });
}

void ResultsPanel::showUncertainTracks() {
    const auto r = session_.result();
    const auto& names = session_.classNames();
    // Tracks named by the file's own identifying columns (artist, title, ids: whatever it has).
    const std::vector<std::string> tracks = session_.table() ? trackLabelsOf(*session_.table()) : std::vector<std::string>{};
    uncertain_->setTable(uncertainTracksTable(*r, names, 25, tracks));
}

void ResultsPanel::showCalibration() {
    const auto r = session_.result();
    confusion_->setMatrix(r->test.confusion, session_.classNames());
    reliability_->clear();
    reliability_->addSplit(tr("test"), r->test.reliability, r->test.ece, classColour(0));
    reliability_->addSplit(tr("validation"), r->validation.reliability, r->validation.ece, classColour(2));
    reliability_->addSplit(tr("train"), r->train.reliability, r->train.ece, classColour(1));
    reliabilityTable_->setTable(genrelab::reliabilityTable(*r));
    calibration_->setTestPredictions(r->testPredictive.probabilities, r->data.yTest, session_.classNames());
}

void ResultsPanel::showCoefficients() {
    const auto r = session_.result();
    const auto& names = session_.classNames();
    const ModelTraits traits = traitsOf(session_.resultSpec().model);
    const ParameterLayout& outputs = r->model->outputLayout();
    forest_->setCoefficients(traits.linearCoefficients ? blockSummaries(*r, "beta") : std::vector<ParameterSummary>{},
                             r->data.transform.featureNames, names);
    tabs_->setTabVisible(tabs_->indexOf(forest_), traits.linearCoefficients);
    std::vector<std::string> features;
    std::vector<double> mean, lo, hi;
    if (const ParameterBlock* sigma = outputs.find("sigma_beta"); traits.relevanceWeights && sigma) {
        const auto relevance = blockSummaries(*r, "sigma_beta");
        for (Eigen::Index j = 0; j < sigma->rows && static_cast<std::size_t>(j) < relevance.size(); ++j) {
            const ParameterSummary& s = relevance[static_cast<std::size_t>(j)];
            features.push_back(sigma->rowLabel(j));
            mean.push_back(s.mean);
            lo.push_back(s.q5);
            hi.push_back(s.q95);
        }
    }
    relevance_->setBars(features, mean, lo, hi);
    tabs_->setTabVisible(tabs_->indexOf(relevance_), traits.relevanceWeights);
}

// Group terms: what partial pooling did to the artists, and which title tokens carry weight.
void ResultsPanel::showGroupTerms() {
    const auto r = session_.result();
    const RunSpec& spec = session_.resultSpec();
    const auto& names = session_.classNames();
    artists_ = spec.model.terms.artistEffects
                   ? std::make_shared<const ArtistShrinkage>(artistShrinkage(*r->model, r->posterior, r->trainDesign.artists, r->data.yTrain))
                   : nullptr;
    tabs_->setTabVisible(tabs_->indexOf(shrinkageBox_), artists_ && !artists_->artists.empty());
    QStringList classes;
    for (int c = 0; c < r->data.classes(); ++c)
        classes << (static_cast<std::size_t>(c) < names.size() ? QString::fromStdString(names[static_cast<std::size_t>(c)]) : QString::number(c));
    refillKeepingChoice(shrinkageClass_, classes);
    showShrinkage();
    std::vector<std::string> cueNames;
    std::vector<double> cueMean, cueLo, cueHi;
    if (spec.model.terms.titleTokens)
        for (const TitleCue& cue : largestTitleCues(*r->model, r->posterior, kTitleCues)) {
            const std::size_t c = static_cast<std::size_t>(cue.classIndex);
            cueNames.push_back(cue.token + " -> " + (c < names.size() ? names[c] : cue.className));
            cueMean.push_back(cue.weight);
            cueLo.push_back(cue.weight - 1.645 * cue.sd);
            cueHi.push_back(cue.weight + 1.645 * cue.sd);
        }
    titleCues_->setBars(cueNames, cueMean, cueLo, cueHi);
    tabs_->setTabVisible(tabs_->indexOf(titleCues_), !cueNames.empty());
}

// This run beside the previous one: the rows warnings, the metric posteriors and the metrics.
void ResultsPanel::showComparison() {
    const auto r = session_.result();
    const RunSpec& spec = session_.resultSpec();
    const auto previousRun = session_.previousResult();
    const QString rowsText = previousRun && previousRun->model ? differentRowsText(*r, *previousRun) : QString();
    for (QLabel* label : rowsWarnings_) {
        label->setText(rowsText);
        label->setVisible(!rowsText.isEmpty());
    }
    accuracy_->clear();
    macroF1_->clear();
    accuracy_->addSamples(tr("this run"), r->testPredictive.drawAccuracy, classColour(0));
    macroF1_->addSamples(tr("this run"), r->testPredictive.drawMacroF1, classColour(2));
    if (const auto previous = session_.previousResult(); previous && previous->model) {
        accuracy_->addSamples(tr("previous run"), previous->testPredictive.drawAccuracy, classColour(1));
        macroF1_->addSamples(tr("previous run"), previous->testPredictive.drawMacroF1, classColour(1));
        ResultTable compare;
        compare.title = rowsText.isEmpty() ? "Two runs side by side" : "Two runs side by side, on different rows";
        const ResultTable a = metricsTable(spec, *r), b = metricsTable(session_.previousSpec(), *previous);
        // On other rows each column names its training rows (the rows row below counts test rows).
        const auto onRows = [&](const RunResult& run) {
            return rowsText.isEmpty() ? std::string() : ", " + grouped(static_cast<std::int64_t>(run.data.split.train.size())) + " training rows";
        };
        compare.columns = {"metric", "this run (" + a.title + onRows(*r) + ")", "previous run (" + b.title + onRows(*previous) + ")"};
        for (std::size_t i = 0; i < a.rows.size(); ++i) compare.addRow({a.rows[i][0], a.rows[i][2], b.rows[i][2]});
        compare.addRow({std::string("seconds"), r->totalSeconds, previous->totalSeconds});
        comparison_->setTable(compare);
    } else {
        comparison_->setTable(ResultTable{"Two runs side by side", {"note"}, {{std::string("Train a second model to compare the two runs here.")}}});
    }
}

// The chosen class's column of the artists' raw shares and offsets.
void ResultsPanel::showShrinkage() {
    const int c = shrinkageClass_->currentIndex();
    if (!artists_ || artists_->artists.empty() || c < 0 || c >= artists_->rawShare.cols()) {
        shrinkage_->clear();
        return;
    }
    const auto column = [](const Eigen::MatrixXd& m, int k) { return std::vector<double>(m.col(k).data(), m.col(k).data() + m.rows()); };
    shrinkage_->setArtists(shrinkageClass_->currentText(), column(artists_->rawShare, c), column(artists_->offset, c),
                           std::vector<double>(artists_->tracks.data(), artists_->tracks.data() + artists_->tracks.size()),
                           artists_->populationShare[c]);
}

// This run against the previous one by PSIS-LOO, when both were fitted to the same training rows.
void ResultsPanel::showLooComparison() {
    const auto r = session_.result();
    const auto previous = session_.previousResult();
    const auto note = [this](const std::string& text) {
        looComparison_->setTable(ResultTable{"PSIS-LOO comparison", {"note"}, {{text}}});
        looDifferences_->setBars({}, {}, {}, {});
    };
    if (!previous || !previous->model) return note("Train a second model on the same rows to compare the two runs by PSIS-LOO here.");
    if (previous->data.split.train != r->data.split.train || previous->data.yTrain != r->data.yTrain)
        return note("The two runs were fitted to different training rows: PSIS-LOO compares runs on the same rows only.");
    try {
        const auto describe = [](const RunSpec& spec) {
            return std::string(modelName(spec.model)) + " by " + std::string(inferenceName(spec.inference));
        };
        const std::string thisRun = "this run (" + describe(session_.resultSpec()) + ")";
        const std::string previousRun = "previous run (" + describe(session_.previousSpec()) + ")";
        const auto rows = compareLoo({thisRun, previousRun}, {&r->loo, &previous->loo});
        looComparison_->setTable(looComparisonTable(rows));
        std::vector<std::string> names;
        std::vector<double> diff, lower, upper;
        for (const LooComparisonRow& row : rows) {
            names.push_back(row.name);
            diff.push_back(row.elpdDiff);
            lower.push_back(row.elpdDiff - row.seDiff);
            upper.push_back(row.elpdDiff + row.seDiff);
        }
        looDifferences_->setBars(names, diff, lower, upper);
    } catch (const std::invalid_argument& e) {
        note(e.what());
    }
}

void ResultsPanel::showMarginal() {
    marginals_->clear();
    const auto r = session_.result();
    if (!r || !r->model || marginalParameter_->currentIndex() < 0) return;
    const std::string name = marginalParameter_->currentText().toStdString();
    marginals_->setXLabel(marginalParameter_->currentText());
    const QString thisRows = session_.previousResult() && session_.previousResult()->model && !differentRowsText(*r, *session_.previousResult()).isEmpty()
        ? tr(", %1 training rows").arg(QString::fromStdString(grouped(static_cast<std::int64_t>(r->data.split.train.size()))))
        : QString();
    marginals_->addSamples(tr("this run (%1%2)").arg(QString::fromStdString(std::string(inferenceName(session_.resultSpec().inference))), thisRows),
                           samplesOf(*r, name), classColour(0));
    if (const auto previous = session_.previousResult(); previous && previous->model) {
        // On other rows the legend says so, beside the warning over the plot.
        const QString rows = differentRowsText(*r, *previous).isEmpty()
            ? QString()
            : tr(", %1 training rows").arg(QString::fromStdString(grouped(static_cast<std::int64_t>(previous->data.split.train.size()))));
        marginals_->addSamples(tr("previous run (%1%2)").arg(QString::fromStdString(std::string(inferenceName(session_.previousSpec().inference))), rows),
                               samplesOf(*previous, name), classColour(1));
    }
}

} // namespace genrelab
