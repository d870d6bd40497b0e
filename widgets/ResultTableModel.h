#pragma once
// A ResultTable shown in a view (no copy into item models).
#include "export/ResultTable.h"

#include <QAbstractTableModel>

#include <functional>

namespace genrelab {

// The one place an app table turns a cell into text: numbers with the table's decimals, a NaN
// (an uncomputable number) as "n/a", never "NaN" or 0; an empty cell stays empty.
QString tableCellText(const Cell& cell, int decimals);

class ResultTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit ResultTableModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}
    void setTable(ResultTable table);
    const ResultTable& table() const { return table_; }
    // Optional colouring of cells (e.g. R-hat over 1.01 in red).
    void setCellColour(std::function<QVariant(int row, int column, const Cell&)> colour) { colour_ = std::move(colour); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ResultTable table_;
    std::function<QVariant(int, int, const Cell&)> colour_;
};

} // namespace genrelab
