#include "ResultTableModel.h"

#include <cmath>

namespace genrelab {

QString tableCellText(const Cell& cell, int decimals) {
    if (const auto* d = std::get_if<double>(&cell); d && std::isnan(*d)) return QObject::tr("n/a");
    return QString::fromStdString(cellText(cell, decimals));
}

void ResultTableModel::setTable(ResultTable table) {
    beginResetModel();
    table_ = std::move(table);
    endResetModel();
}

int ResultTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(table_.rows.size()); }

int ResultTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(table_.columns.size());
}

QVariant ResultTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
    const auto& row = table_.rows[static_cast<std::size_t>(index.row())];
    if (static_cast<std::size_t>(index.column()) >= row.size()) return {};
    const Cell& cell = row[static_cast<std::size_t>(index.column())];
    if (role == Qt::DisplayRole) return tableCellText(cell, table_.decimals);
    if (role == Qt::TextAlignmentRole && !std::holds_alternative<std::string>(cell))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::BackgroundRole && colour_) return colour_(index.row(), index.column(), cell);
    if (role == Qt::UserRole) {  // the raw value, for sorting and tests
        if (const auto* d = std::get_if<double>(&cell)) return *d;
        if (const auto* i = std::get_if<std::int64_t>(&cell)) return static_cast<qlonglong>(*i);
        if (const auto* s = std::get_if<std::string>(&cell)) return QString::fromStdString(*s);
    }
    return {};
}

QVariant ResultTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    return section >= 0 && section < columnCount() ? QString::fromStdString(table_.columns[static_cast<std::size_t>(section)]) : QVariant();
}

} // namespace genrelab
