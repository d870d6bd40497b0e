#pragma once
// The per-column part of the data-quality report as a table model (no copy into item models).
#include "data/QualityReport.h"

#include <QAbstractTableModel>

namespace genrelab {

class ColumnSummaryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Kind, Missing, Distinct, Min, Max, Mean, Sd, ColumnCount };

    explicit ColumnSummaryModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

    void setSummaries(std::vector<ColumnSummary> summaries);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<ColumnSummary> summaries_;
    std::size_t rows_ = 0;
};

} // namespace genrelab
