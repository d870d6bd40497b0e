#include "WorkflowTabs.h"

#include "BackgroundPool.h"
#include "ChainRankPlots.h"
#include "ComboRefill.h"
#include "ContrastComparisonPlot.h"
#include "EssEvolutionPlot.h"
#include "LooPitPlot.h"
#include "PairPlot.h"
#include "ResultTableView.h"
#include "eval/ChainRanks.h"
#include "eval/ClassContrasts.h"
#include "eval/EssEvolution.h"
#include "eval/LooPit.h"
#include "export/WorkflowTables.h"
#include "run/RunPipeline.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <memory>

namespace genrelab {
namespace {

QSplitter* beside(QWidget* plot, ResultTableView* table, QWidget* parent) {
    auto* split = new QSplitter(Qt::Horizontal, parent);
    split->addWidget(plot);
    split->addWidget(table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    return split;
}

// draws x chains of natural parameter `index` (model outputs), the chains cut to the shortest.
Eigen::MatrixXd outputColumn(const RunResult& r, Eigen::Index index) {
    const auto n = static_cast<Eigen::Index>(r.posterior.drawsPerChain());
    Eigen::MatrixXd out(n, static_cast<Eigen::Index>(r.posterior.chainCount()));
    for (std::size_t c = 0; c < r.posterior.chainCount(); ++c)
        for (Eigen::Index s = 0; s < n; ++s) out(s, static_cast<Eigen::Index>(c)) = r.model->outputs(r.posterior.chains[c].draws.row(s).transpose())[index];
    return out;
}

ResultTable note(const std::string& title, const std::string& text) { return ResultTable{title, {"note"}, {{text}}}; }


// Runs on the background pool: reads only the run (shared, immutable) and the spec's copy.
WorkflowNumbers computeNumbers(const RunResult& r, const RunSpec& spec) {
    WorkflowNumbers out;
    const auto perChain = static_cast<Eigen::Index>(r.posterior.drawsPerChain());
    if (r.posterior.chainCount() >= 2 && perChain >= 2) out.rankBand = chainRanksBand(perChain);
    if (spec.inference == InferenceKind::Prior) {
        out.pitWhy = QObject::tr("LOO-PIT needs draws of the posterior, not of the prior");
        return out;
    }
    if (r.posterior.pooled().rows() < 2 || r.data.yTrain.size() == 0) {
        out.pitWhy = QObject::tr("LOO-PIT needs at least 2 draws and a training row");
        return out;
    }
    const Eigen::Index rows = std::min<Eigen::Index>(r.data.yTrain.size(), WorkflowTabs::kLooPitRows);
    // SVI draws come from the guide q: weight them by p / q as PSIS-LOO does (Loo.h).
    Eigen::VectorXd correction;
    if (spec.inference == InferenceKind::Svi && r.sviState) {
        const PooledDraws pooled = r.posterior.pooled();
        correction.resize(pooled.rows());
        const std::unique_ptr<LogDensity> own = r.model->clone();
        Eigen::VectorXd theta, grad;
        for (Eigen::Index s = 0; s < pooled.rows(); ++s) {
            theta = pooled.row(s).transpose();
            correction[s] = own->logProbGrad(theta, grad) - guideLogDensity(*r.sviState, theta);
        }
    }
    const Eigen::VectorXd rEff = r.loo.rEff.size() >= rows ? Eigen::VectorXd(r.loo.rEff.head(rows)) : Eigen::VectorXd();
    const Eigen::VectorXd pit = genrelab::looPit(*r.model, r.posterior, r.trainDesign.middleRows(0, rows), r.data.yTrain.head(rows), rEff, correction,
                                                 spec.split.seed, spec.nuts.threads);
    out.pit.assign(pit.data(), pit.data() + pit.size());
    if (r.loo.khat.size() >= rows) out.khat.assign(r.loo.khat.data(), r.loo.khat.data() + rows);
    out.pitTitle = rows < r.data.yTrain.size() ? QObject::tr("LOO-PIT, randomized, of the first %1 training rows").arg(rows)
                                               : QObject::tr("LOO-PIT, randomized, training rows");
    const auto finite = static_cast<int>(std::count_if(out.pit.begin(), out.pit.end(), [](double v) { return std::isfinite(v); }));
    if (finite >= 2) out.pitBand = simultaneousEcdfBand(finite, std::min(finite, 100));
    return out;
}

} // namespace

WorkflowTabs::WorkflowTabs(QWidget* parent) : QTabWidget(parent) {
    parameter_ = new QComboBox(this);
    parameter_->setMaxVisibleItems(25);
    parameter_->setToolTip(tr("The parameter of the rank plots and the ESS evolution"));
    ranks_ = new ChainRankPlots(this);
    ess_ = new EssEvolutionPlot(this);
    pairs_ = new PairPlot(this);
    pit_ = new LooPitPlot(this);
    contrasts_ = new ContrastComparisonPlot(this);
    for (ResultTableView** view : {&ranksTable_, &essTable_, &pairsTable_, &pitTable_, &contrastsTable_}) *view = new ResultTableView(this);

    auto* perParameter = new QWidget(this);
    auto* layout = new QVBoxLayout(perParameter);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Parameter"), this));
    bar->addWidget(parameter_, 1);
    layout->addLayout(bar);
    auto* plots = new QSplitter(Qt::Vertical, perParameter);
    plots->addWidget(beside(ranks_, ranksTable_, plots));
    plots->addWidget(beside(ess_, essTable_, plots));
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 2);
    layout->addWidget(plots, 1);
    addTab(perParameter, tr("Rank plots and ESS"));
    addTab(beside(pairs_, pairsTable_, this), tr("Pair plot"));
    addTab(beside(pit_, pitTable_, this), tr("LOO-PIT"));
    addTab(beside(contrasts_, contrastsTable_, this), tr("Contrasts vs previous run"));
    connect(parameter_, &QComboBox::currentIndexChanged, this, &WorkflowTabs::showParameter);
    connect(pairs_, &PairPlot::choiceChanged, this, &WorkflowTabs::showPairs);
    connect(&numbersJob_, &QFutureWatcher<WorkflowNumbers>::finished, this, &WorkflowTabs::showNumbers);
    connect(&steps_, &StepQueue::drained, this, &WorkflowTabs::showNumbers);
}

std::vector<std::pair<QString, QCustomPlot*>> WorkflowTabs::plots() const {
    return {{"rank_histograms", ranks_->histograms()}, {"rank_ecdf_difference", ranks_->ecdfDifference()}, {"ess_evolution", ess_->plot()},
            {"pair_plot", pairs_->plot()}, {"loo_pit", pit_->plot()}, {"contrast_comparison", contrasts_->plot()}};
}

std::vector<std::pair<QString, ResultTableView*>> WorkflowTabs::tables() const {
    return {{"rank_plots", ranksTable_}, {"ess_evolution", essTable_}, {"pair_plot_draws", pairsTable_}, {"loo_pit", pitTable_},
            {"contrast_comparison", contrastsTable_}};
}

void WorkflowTabs::setRuns(std::shared_ptr<const RunResult> current, const RunSpec& spec, std::shared_ptr<const RunResult> previous,
                           const RunSpec& previousSpec) {
    steps_.clear();  // an older run's views not yet filled stay unfilled
    current_ = std::move(current);
    previous_ = previous && previous->model ? std::move(previous) : nullptr;
    if (!current_ || !current_->model) return;
    rankBand_ = {};
    shownParameter_ = -1;
    parameterDraws_.resize(0, 0);
    pending_ = true;
    pit_->setPit({}, QString(), tr("Computing LOO-PIT…"));
    pitTable_->setTable(note("LOO-PIT of the training rows", "computing"));
    // A newer run's job replaces the watched future: an older result is never shown.
    numbersJob_.setFuture(runInBackground([run = current_, spec] { return computeNumbers(*run, spec); }));
    // Each view in its own event-loop turn: together they held the GUI thread for tens of ms.
    QStringList names;
    for (const auto& name : current_->model->outputLayout().elementNames()) names << QString::fromStdString(name);
    steps_.add([this, names] {
        refillKeepingChoice(parameter_, names);
        showParameter();
    });
    steps_.add([this, names] { pairs_->setParameterNames(names); });  // emits choiceChanged: shows the pairs
    steps_.add([this, spec, previousSpec] { showContrasts(spec, previousSpec); });
}

WorkflowTabs::~WorkflowTabs() { numbersJob_.waitForFinished(); }

void WorkflowTabs::waitForNumbers() {
    steps_.runAll();
    numbersJob_.waitForFinished();
    showNumbers();
    steps_.runAll();
}

void WorkflowTabs::showNumbers() {
    if (!pending_ || !numbersJob_.isFinished() || numbersJob_.future().resultCount() == 0) return;
    if (!steps_.idle()) return;  // shown after the last view is filled (steps_ drained)
    pending_ = false;
    auto numbers = std::make_shared<const WorkflowNumbers>(numbersJob_.result());
    rankBand_ = numbers->rankBand;
    // The rank plots, now with their band (the parameter's draws and ESS evolution are kept), and
    // the LOO-PIT in turns of their own. (The queue drains again: pending_ is false, nothing repeats.)
    steps_.add([this] { showRanks(); });
    steps_.add([this, numbers] {
        if (numbers->pit.empty()) {
            pit_->setPit({}, QString(), numbers->pitWhy);
            pitTable_->setTable(note("LOO-PIT of the training rows", numbers->pitWhy.toStdString()));
            return;
        }
        pit_->setPit(numbers->pit, numbers->pitTitle, QString(), &numbers->pitBand);
        pitTable_->setTable(looPitTable(numbers->pit, numbers->khat));
    });
}

void WorkflowTabs::showParameter() {
    const int index = parameter_->currentIndex();
    // Until its step refills the list, a choice may name a parameter of the run before.
    if (!current_ || index < 0 || index >= current_->model->outputLayout().dim()) return;
    if (index == shownParameter_) return;  // refilling the list may announce the same choice again
    shownParameter_ = index;
    parameterDraws_ = outputColumn(*current_, index);
    const std::string name = parameter_->currentText().toStdString();
    const EssEvolution evolution = genrelab::essEvolution(parameterDraws_);
    const int chains = static_cast<int>(parameterDraws_.cols());
    ess_->setEvolution(parameter_->currentText(), evolution, chains);
    essTable_->setTable(essEvolutionTable(name, evolution, chains));
    showRanks();
}

void WorkflowTabs::showRanks() {
    if (shownParameter_ < 0) return;
    const Eigen::MatrixXd& draws = parameterDraws_;
    const std::string name = parameter_->itemText(shownParameter_).toStdString();
    // Rank plots compare chains with each other: one chain (SVI, Pathfinder) has nothing to compare.
    const bool chainsToCompare = draws.cols() >= 2 && draws.rows() >= 2;
    const bool bandReady = rankBand_.samples == draws.rows();
    const ChainRanks ranks = chainsToCompare && bandReady ? chainRanks(draws, rankBand_) : ChainRanks{};
    const QString why = draws.cols() < 2     ? tr("Rank plots compare chains: this run has one chain of draws")
                        : !chainsToCompare   ? tr("Rank plots need at least 2 finite draws per chain")
                                             : tr("Computing the rank plots' simultaneous band…");
    ranks_->setRanks(QString::fromStdString(name), ranks, why);
    ranksTable_->setTable(ranks.histograms.empty() ? note("Rank plots of " + name, why.toStdString()) : chainRanksTable(name, ranks));
}

void WorkflowTabs::showPairs() {
    if (!current_) return;
    std::vector<int> chosen = pairs_->chosen();
    // Until its step refills the choosers, they may name parameters of the run before.
    const Eigen::Index parameters = current_->model->outputLayout().dim();
    chosen.erase(std::remove_if(chosen.begin(), chosen.end(), [parameters](int index) { return index >= parameters; }), chosen.end());
    const PooledDraws pooled = current_->posterior.pooled();
    const Eigen::Index n = static_cast<Eigen::Index>(current_->posterior.drawsPerChain());
    Eigen::MatrixXd draws(pooled.rows(), static_cast<Eigen::Index>(chosen.size()));
    std::vector<bool> divergent(static_cast<std::size_t>(pooled.rows()), false);
    for (Eigen::Index s = 0; s < pooled.rows(); ++s) {
        const Eigen::VectorXd natural = current_->model->outputs(pooled.row(s).transpose());
        for (std::size_t k = 0; k < chosen.size(); ++k) draws(s, static_cast<Eigen::Index>(k)) = natural[chosen[k]];
        const Chain& chain = current_->posterior.chains[static_cast<std::size_t>(s / n)];
        const auto at = static_cast<std::size_t>(s % n);
        divergent[static_cast<std::size_t>(s)] = at < chain.stats.size() && chain.stats[at].divergent;
    }
    QStringList names;
    ResultTable table{"Pair plot draws", {"draw", "chain", "divergent"}, {}};
    for (int index : chosen) {
        names << parameter_->itemText(index);
        table.columns.push_back(parameter_->itemText(index).toStdString());
    }
    for (Eigen::Index s = 0; s < draws.rows(); ++s) {
        std::vector<Cell> row{static_cast<std::int64_t>(s % n + 1), static_cast<std::int64_t>(s / n + 1), std::string(divergent[static_cast<std::size_t>(s)] ? "yes" : "no")};
        for (Eigen::Index k = 0; k < draws.cols(); ++k) row.emplace_back(draws(s, k));
        table.addRow(std::move(row));
    }
    pairs_->setDraws(names, draws, divergent);
    pairsTable_->setTable(std::move(table));
}

void WorkflowTabs::showContrasts(const RunSpec& spec, const RunSpec& previousSpec) {
    const auto empty = [this](const QString& why) {
        contrasts_->setComparison({}, QString(), QString(), why);
        contrastsTable_->setTable(note("Class contrasts", why.toStdString()));
    };
    if (!previous_) return empty(tr("Train a second model (for example NUTS after SVI) to compare the two runs' class contrasts here."));
    const ClassContrasts mine = classContrasts(*current_->model, current_->posterior);
    const ClassContrasts theirs = classContrasts(*previous_->model, previous_->posterior);
    if (mine.names.empty() || theirs.names.empty()) return empty(tr("Class contrasts need alpha and beta in both runs (a linear softmax)."));
    // NUTS, when one of the runs is, is the reference on the x axis.
    const bool previousIsReference = previousSpec.inference == InferenceKind::Nuts || spec.inference != InferenceKind::Nuts;
    const std::string thisName = "this_run_" + std::string(inferenceName(spec.inference));
    const std::string previousName = "previous_run_" + std::string(inferenceName(previousSpec.inference));
    const auto rows = previousIsReference ? compareContrasts(mine, theirs) : compareContrasts(theirs, mine);
    if (rows.empty()) return empty(tr("The two runs share no class contrast (other features or classes)."));
    const std::string a = previousIsReference ? thisName : previousName, b = previousIsReference ? previousName : thisName;
    contrasts_->setComparison(rows, QString::fromStdString(a), QString::fromStdString(b));
    contrastsTable_->setTable(contrastTable(rows, a, b));
}

} // namespace genrelab
