#pragma once
// The data-quality report on one screen: a header line, the columns table, the class balance
// chart and the findings.
#include "data/QualityReport.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace genrelab {

class ClassBalanceChart;
class ColumnSummaryModel;
class FindingsView;

class QualityReportView : public QWidget {
    Q_OBJECT
public:
    explicit QualityReportView(QWidget* parent = nullptr);
    void setReport(const QualityReport& report);

    ColumnSummaryModel* columnModel() const { return columnModel_; }
    FindingsView* findings() const { return findings_; }
    ClassBalanceChart* classChart() const { return classChart_; }
    QString headline() const;

private:
    QLabel* headline_;
    QTableView* columnTable_;
    ColumnSummaryModel* columnModel_;
    ClassBalanceChart* classChart_;
    FindingsView* findings_;
};

} // namespace genrelab
