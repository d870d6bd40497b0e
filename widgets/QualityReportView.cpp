#include "QualityReportView.h"

#include "ClassBalanceChart.h"
#include "ColumnSummaryModel.h"
#include "FindingsView.h"
#include "util/Format.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace genrelab {

QualityReportView::QualityReportView(QWidget* parent)
    : QWidget(parent), headline_(new QLabel(this)), columnTable_(new QTableView(this)),
      columnModel_(new ColumnSummaryModel(this)), classChart_(new ClassBalanceChart(this)), findings_(new FindingsView(this)) {
    headline_->setTextFormat(Qt::RichText);
    headline_->setWordWrap(true);
    headline_->setText(tr("No file open."));
    columnTable_->setModel(columnModel_);
    columnTable_->setAlternatingRowColors(true);
    columnTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    columnTable_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);

    auto* left = new QSplitter(Qt::Vertical, this);
    left->addWidget(columnTable_);
    left->addWidget(classChart_);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);

    auto* findingsBox = new QWidget(this);
    auto* findingsLayout = new QVBoxLayout(findingsBox);
    findingsLayout->setContentsMargins(0, 0, 0, 0);
    auto* findingsTitle = new QLabel(tr("<b>Findings</b> — what the data hides"), findingsBox);
    findingsLayout->addWidget(findingsTitle);
    findingsLayout->addWidget(findings_);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(findingsBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(headline_);
    layout->addWidget(split, 1);
}

QString QualityReportView::headline() const { return headline_->text(); }

void QualityReportView::setReport(const QualityReport& report) {
    const QString file = QFileInfo(QString::fromStdString(report.source)).fileName();
    QString text = QString("<b>%1</b> — %2 rows, %3 columns").arg(file.toHtmlEscaped(),
        QString::fromStdString(grouped(static_cast<std::int64_t>(report.rows)))).arg(report.columns.size());
    if (report.target)
        text += tr(", target <b>%1</b> with %2 classes").arg(QString::fromStdString(*report.target).toHtmlEscaped()).arg(report.classLabels.size());
    else
        text += tr(", no target column (unlabeled)");
    text += tr(", %1 findings").arg(report.artifacts.size());
    headline_->setText(text);
    columnModel_->setSummaries(report.columns);
    columnTable_->resizeColumnsToContents();
    classChart_->setClasses(report.classNames, report.classCounts);
    findings_->setArtifacts(report.artifacts);
}

} // namespace genrelab
