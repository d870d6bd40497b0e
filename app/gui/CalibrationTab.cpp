#include "CalibrationTab.h"

#include "ClassReliabilityPlot.h"
#include "ComboRefill.h"
#include "ReliabilityDiagram.h"
#include "ResultTableView.h"
#include "eval/ClassReliability.h"
#include "export/ClassReliabilityTables.h"

#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace genrelab {

CalibrationTab::CalibrationTab(QWidget* parent) : QWidget(parent) {
    chooser_ = new QComboBox(this);
    chooser_->setEditable(true);
    chooser_->setInsertPolicy(QComboBox::NoInsert);
    chooser_->setMaxVisibleItems(25);
    chooser_->setMinimumContentsLength(24);
    chooser_->completer()->setFilterMode(Qt::MatchContains);
    chooser_->completer()->setCompletionMode(QCompleter::PopupCompletion);
    chooser_->setToolTip(tr("Top class: the confidence (largest probability) against accuracy. A class: its probability "
                            "against how often it is the true class, one class against the rest. Type to search."));
    topClass_ = new ReliabilityDiagram(this);
    topClassTable_ = new ResultTableView(this);
    classPlot_ = new ClassReliabilityPlot(this);
    classBins_ = new ResultTableView(this);
    classCorp_ = new ResultTableView(this);

    plots_ = new QStackedWidget(this);
    plots_->addWidget(topClass_);
    plots_->addWidget(classPlot_);
    tables_ = new QStackedWidget(this);
    tables_->addWidget(topClassTable_);
    auto* classTables = new QSplitter(Qt::Vertical, this);
    classTables->addWidget(classBins_);
    classTables->addWidget(classCorp_);
    tables_->addWidget(classTables);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Reliability of"), this));
    bar->addWidget(chooser_);
    bar->addStretch(1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(plots_);
    split->addWidget(tables_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    refillKeepingChoice(chooser_, {tr("top class")});
    connect(chooser_, &QComboBox::currentIndexChanged, this, &CalibrationTab::showChoice);
}

void CalibrationTab::setTestPredictions(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels,
                                        const std::vector<std::string>& names) {
    probabilities_ = probabilities;
    labels_ = labels;
    names_.clear();
    QStringList items{tr("top class")};
    for (Eigen::Index c = 0; c < probabilities.cols(); ++c) {
        names_.push_back(static_cast<std::size_t>(c) < names.size() ? names[static_cast<std::size_t>(c)] : std::to_string(c));
        items << QString::fromStdString(names_.back());
    }
    refillKeepingChoice(chooser_, items);
    showChoice();
}

void CalibrationTab::showChoice() {
    const int classIndex = chooser_->currentIndex() - 1;
    const bool oneClass = classIndex >= 0 && classIndex < probabilities_.cols();
    plots_->setCurrentIndex(oneClass ? 1 : 0);
    tables_->setCurrentIndex(oneClass ? 1 : 0);
    if (!oneClass) return;
    const ClassReliability reliability = classReliability(probabilities_, labels_, classIndex);
    const std::string& name = names_[static_cast<std::size_t>(classIndex)];
    classPlot_->setReliability(reliability, QString::fromStdString(name));
    classBins_->setTable(classReliabilityBinsTable(reliability, name));
    classCorp_->setTable(classReliabilityCorpTable(reliability, name));
}

} // namespace genrelab
