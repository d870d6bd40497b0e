#include "DataPanel.h"

#include "QualityReportView.h"
#include "RawTableModel.h"
#include "Session.h"
#include "TargetClassCheck.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace genrelab {

DataPanel::DataPanel(Session& session, QWidget* parent) : QWidget(parent), session_(session) {
    target_ = new QComboBox(this);
    target_->setToolTip(tr("The class column. Changing it reads the file again."));
    table_ = new QTableView(this);
    tableModel_ = new RawTableModel(this);
    table_->setModel(tableModel_);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    table_->verticalHeader()->setToolTip(tr("Line in the file"));
    roles_ = new QTableWidget(0, 3, this);
    roles_->setHorizontalHeaderLabels({tr("column"), tr("kind"), tr("role")});
    roles_->horizontalHeader()->setStretchLastSection(true);
    roles_->verticalHeader()->hide();
    report_ = new QualityReportView(this);
    artistColumn_ = new QComboBox(this);
    artistColumn_->setToolTip(tr("The column naming each track's artists: artist splits, duplicate songs and artist effects use it"));
    titleColumn_ = new QComboBox(this);
    titleColumn_->setToolTip(tr("The column holding each track's title: with the artist, it tells repeated songs apart"));
    separators_ = new QLineEdit(this);
    separators_->setToolTip(tr("Separators between the artists of one field, taken literally (spaces count) and separated by '|'; "
                               "matched case-insensitively, whole words only"));
    splitKind_ = new QComboBox(this);
    splitKind_->addItem(tr("random (stratified)"), "random");
    splitKind_->addItem(tr("by song (no song on both sides)"), "song");
    splitKind_->addItem(tr("by artist (no artist on both sides)"), "artist");
    duplicates_ = new QComboBox(this);
    duplicates_->addItem(tr("keep every row"), "keep");
    duplicates_->addItem(tr("drop repeats (keep the first row of a song)"), "drop");
    duplicates_->addItem(tr("merge into one multi-label row (not supported yet)"), "merge");
    if (auto* items = qobject_cast<QStandardItemModel*>(duplicates_->model())) items->item(2)->setEnabled(false);
    artifactFeatures_ = new QCheckBox(tr("add collection artifacts as features (unit flag, missing indicators)"), this);

    imputation_ = new QComboBox(this);
    imputation_->addItem(tr("mean (the study's)"), "mean");
    imputation_->addItem(tr("median"), "median");
    imputation_->addItem(tr("constant"), "constant");
    imputation_->addItem(tr("drop rows with missing cells"), "drop");
    fill_ = new QDoubleSpinBox(this);
    fill_->setRange(-1e9, 1e9);
    indicators_ = new QCheckBox(tr("add missing-indicator features"), this);
    repairUnits_ = new QCheckBox(tr("repair unit mixes (to the majority unit)"), this);
    standardize_ = new QCheckBox(tr("standardize (training statistics)"), this);
    suspiciousAsMissing_ = new QCheckBox(tr("treat suspicious values (isolated zeros, spikes) as missing"), this);
    suspiciousAsMissing_->setToolTip(tr("The values the quality report lists under [suspicious_value] become missing cells"));
    trainSize_ = new QComboBox(this);
    trainSize_->addItems({"100", "1000", "10000", tr("all"), tr("custom")});
    trainCount_ = new QSpinBox(this);
    trainCount_->setRange(2, 100000000);
    trainCount_->setValue(1000);
    testDefault_ = new QCheckBox(tr("20% of the rows"), this);
    testCount_ = new QSpinBox(this);
    testCount_->setRange(1, 100000000);
    testCount_->setValue(200);
    splitSeed_ = new QSpinBox(this);
    splitSeed_->setRange(0, 1000000000);
    auto* repairs = new QPushButton(tr("Apply the report's repairs"), this);
    repairs->setToolTip(tr("Repair unit mixes and add indicators for missing cells that predict the class"));

    auto* prepBox = new QGroupBox(tr("Preparation and split"), this);
    auto* form = new QFormLayout(prepBox);
    form->addRow(tr("Target"), target_);
    form->addRow(tr("Imputation"), imputation_);
    form->addRow(tr("Constant"), fill_);
    form->addRow(indicators_);
    form->addRow(repairUnits_);
    form->addRow(suspiciousAsMissing_);
    form->addRow(standardize_);
    form->addRow(repairs);
    form->addRow(tr("Training rows"), trainSize_);
    form->addRow(tr("Custom count"), trainCount_);
    form->addRow(tr("Test rows"), testDefault_);
    form->addRow(tr("Test count"), testCount_);
    form->addRow(tr("Split seed"), splitSeed_);
    form->addRow(tr("Split"), splitKind_);
    form->addRow(tr("Repeated songs"), duplicates_);
    form->addRow(artifactFeatures_);

    auto* rolesPage = new QWidget(this);
    auto* groupForm = new QFormLayout;
    groupForm->addRow(tr("Artist column"), artistColumn_);
    groupForm->addRow(tr("Title column"), titleColumn_);
    groupForm->addRow(tr("Artist separators"), separators_);
    auto* rolesLayout = new QVBoxLayout(rolesPage);
    rolesLayout->addLayout(groupForm);
    rolesLayout->addWidget(roles_, 1);

    auto* tabs = new QTabWidget(this);
    tabs->addTab(report_, tr("Quality report"));
    tabs->addTab(table_, tr("Table"));
    tabs->addTab(rolesPage, tr("Column roles"));
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(tabs);
    split->addWidget(prepBox);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);

    connect(&session_, &Session::dataChanged, this, &DataPanel::onData);
    connect(&session_, &Session::choicesChanged, this, &DataPanel::pullChoices);
    connect(&session_, &Session::reportChanged, this, [this] { report_->setReport(session_.report()); });
    connect(repairs, &QPushButton::clicked, this, &DataPanel::applySuggestedRepairs);
    connect(target_, &QComboBox::activated, this, [this] {
        if (!requestTarget(target_->currentText())) showTableTarget();
    });
    for (QComboBox* box : {imputation_, trainSize_, artistColumn_, titleColumn_, splitKind_, duplicates_})
        connect(box, &QComboBox::currentIndexChanged, this, &DataPanel::pushChoices);
    for (QCheckBox* box : {indicators_, repairUnits_, standardize_, testDefault_, artifactFeatures_, suspiciousAsMissing_})
        connect(box, &QCheckBox::toggled, this, &DataPanel::pushChoices);
    connect(separators_, &QLineEdit::editingFinished, this, &DataPanel::pushChoices);
    for (QSpinBox* box : {trainCount_, testCount_, splitSeed_}) connect(box, &QSpinBox::valueChanged, this, &DataPanel::pushChoices);
    connect(fill_, &QDoubleSpinBox::valueChanged, this, &DataPanel::pushChoices);
    connect(roles_, &QTableWidget::cellChanged, this, &DataPanel::pushChoices);
    pullChoices();  // the session's choices, which start as RunSpec's defaults
}

void DataPanel::applySuggestedRepairs() {
    bool unit = false, gaps = false;
    for (const auto& a : session_.report().artifacts) {
        unit |= a.kind == "unit_mix";
        gaps |= a.kind == "informative_missing";
    }
    repairUnits_->setChecked(unit || repairUnits_->isChecked());
    indicators_->setChecked(gaps || indicators_->isChecked());
}

bool DataPanel::requestTarget(const QString& column) {
    const auto table = session_.table();
    const auto index = table ? table->indexOf(column.toStdString()) : std::nullopt;
    if (!index) return false;
    if (table->targetIndex() != index) {
        const TargetClassCheck check = checkTargetClasses(table->column(*index));
        if (check.verdict == TargetClassCheck::Verdict::Refuse) {
            QMessageBox::warning(this, tr("Too many classes"), check.message);
            return false;
        }
        if (check.verdict == TargetClassCheck::Verdict::Confirm &&
            QMessageBox::question(this, tr("Hundreds of classes"), check.message) != QMessageBox::Yes)
            return false;
    }
    emit targetChangeRequested(column);
    return true;
}

void DataPanel::showTableTarget() {
    const auto table = session_.table();
    target_->setCurrentIndex(table && table->hasTarget() ? static_cast<int>(*table->targetIndex()) : -1);
}

void DataPanel::onData() {
    const auto table = session_.table();
    tableModel_->setTable(table);
    report_->setReport(session_.report());
    updating_ = true;
    target_->clear();
    roles_->setRowCount(0);
    for (QComboBox* box : {artistColumn_, titleColumn_}) {
        box->clear();
        box->addItem(tr("(none)"), QString());
    }
    if (table) {
        for (const auto& c : table->columns())
            if (!isFeatureKind(c.kind) && table->indexOf(c.name) != table->targetIndex())
                for (QComboBox* box : {artistColumn_, titleColumn_}) box->addItem(QString::fromStdString(c.name), QString::fromStdString(c.name));
        for (const auto& c : table->columns()) target_->addItem(QString::fromStdString(c.name));
        if (table->hasTarget()) target_->setCurrentIndex(static_cast<int>(*table->targetIndex()));
        else target_->setCurrentIndex(-1);
        roles_->setRowCount(static_cast<int>(table->columnCount()));
        for (std::size_t i = 0; i < table->columnCount(); ++i) {
            const Column& c = table->column(i);
            const int row = static_cast<int>(i);
            auto* name = new QTableWidgetItem(QString::fromStdString(c.name));
            name->setFlags(Qt::ItemIsEnabled);
            auto* kind = new QTableWidgetItem(QString::fromStdString(std::string(columnKindName(c.kind))));
            kind->setFlags(Qt::ItemIsEnabled);
            auto* role = new QTableWidgetItem;
            if (table->targetIndex() == i) {
                role->setText(tr("target"));
                role->setFlags(Qt::ItemIsEnabled);
            } else if (isFeatureKind(c.kind)) {
                role->setText(tr("feature (untick to ignore)"));
                role->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
                const auto& ex = session_.prep().excluded;
                role->setCheckState(std::find(ex.begin(), ex.end(), c.name) == ex.end() ? Qt::Checked : Qt::Unchecked);
            } else if (session_.prep().groups.artistColumn == c.name || session_.prep().groups.titleColumn == c.name) {
                role->setText(session_.prep().groups.artistColumn == c.name ? tr("artist (groups rows)") : tr("title (groups rows)"));
                role->setFlags(Qt::ItemIsEnabled);
            } else {
                role->setText(c.kind == ColumnKind::Id ? tr("identifier (not a feature)") : tr("text (ignored)"));
                role->setFlags(Qt::ItemIsEnabled);
            }
            roles_->setItem(row, 0, name);
            roles_->setItem(row, 1, kind);
            roles_->setItem(row, 2, role);
        }
        roles_->resizeColumnsToContents();
    }
    updating_ = false;
    pullChoices();  // the group columns' boxes, now that they list this table's columns
}

void DataPanel::pullChoices() {
    const PrepChoices& p = session_.prep();
    updating_ = true;
    imputation_->setCurrentIndex(std::max(0, imputation_->findData(QString::fromStdString(std::string(imputationName(p.imputation))))));
    fill_->setValue(p.fill);
    indicators_->setChecked(p.missingIndicators);
    repairUnits_->setChecked(p.repairUnits);
    suspiciousAsMissing_->setChecked(p.suspiciousAsMissing);
    standardize_->setChecked(p.standardize);
    if (!p.trainRows) trainSize_->setCurrentIndex(3);
    else if (*p.trainRows == 100) trainSize_->setCurrentIndex(0);
    else if (*p.trainRows == 1000) trainSize_->setCurrentIndex(1);
    else if (*p.trainRows == 10000) trainSize_->setCurrentIndex(2);
    else {
        trainSize_->setCurrentIndex(4);
        trainCount_->setValue(static_cast<int>(*p.trainRows));
    }
    testDefault_->setChecked(!p.testRows);
    if (p.testRows) testCount_->setValue(static_cast<int>(*p.testRows));
    splitSeed_->setValue(static_cast<int>(p.splitSeed));
    splitKind_->setCurrentIndex(std::max(0, splitKind_->findData(QString::fromStdString(std::string(splitKindName(p.splitKind))))));
    duplicates_->setCurrentIndex(std::max(0, duplicates_->findData(QString::fromStdString(std::string(duplicatePolicyName(p.groups.duplicates))))));
    artifactFeatures_->setChecked(p.artifactFeatures);
    artistColumn_->setCurrentIndex(std::max(0, artistColumn_->findData(QString::fromStdString(p.groups.artistColumn.value_or("")))));
    titleColumn_->setCurrentIndex(std::max(0, titleColumn_->findData(QString::fromStdString(p.groups.titleColumn.value_or("")))));
    QStringList separators;
    for (const auto& separator : p.groups.artistSeparators) separators << QString::fromStdString(separator);
    separators_->setText(separators.join('|'));
    fill_->setEnabled(p.imputation == Imputation::Constant);
    trainCount_->setEnabled(trainSize_->currentIndex() == 4);
    testCount_->setEnabled(!testDefault_->isChecked());
    updating_ = false;
}

void DataPanel::pushChoices() {
    if (updating_) return;
    PrepChoices p = session_.prep();
    p.imputation = imputationFromString(imputation_->currentData().toString().toStdString());
    p.fill = fill_->value();
    p.missingIndicators = indicators_->isChecked();
    p.repairUnits = repairUnits_->isChecked();
    p.suspiciousAsMissing = suspiciousAsMissing_->isChecked();
    p.standardize = standardize_->isChecked();
    const int size = trainSize_->currentIndex();
    p.trainRows = size == 3 ? std::optional<std::size_t>() : std::optional<std::size_t>(size == 0 ? 100 : size == 1 ? 1000 : size == 2 ? 10000 : trainCount_->value());
    p.testRows = testDefault_->isChecked() ? std::optional<std::size_t>() : std::optional<std::size_t>(testCount_->value());
    p.splitSeed = static_cast<std::uint64_t>(splitSeed_->value());
    p.splitKind = splitKindFromName(splitKind_->currentData().toString().toStdString());
    p.groups.duplicates = duplicatePolicyFromName(duplicates_->currentData().toString().toStdString());
    p.artifactFeatures = artifactFeatures_->isChecked();
    const auto column = [](QComboBox* box) {
        const QString name = box->currentData().toString();
        return name.isEmpty() ? std::optional<std::string>() : std::optional<std::string>(name.toStdString());
    };
    p.groups.artistColumn = column(artistColumn_);
    p.groups.titleColumn = column(titleColumn_);
    p.groups.artistSeparators.clear();
    for (const QString& separator : separators_->text().split('|', Qt::SkipEmptyParts))
        p.groups.artistSeparators.push_back(separator.toStdString());
    p.excluded.clear();
    for (int r = 0; r < roles_->rowCount(); ++r) {
        auto* role = roles_->item(r, 2);
        if (role && (role->flags() & Qt::ItemIsUserCheckable) && role->checkState() == Qt::Unchecked)
            p.excluded.push_back(roles_->item(r, 0)->text().toStdString());
    }
    session_.setPrep(p);
}

} // namespace genrelab
