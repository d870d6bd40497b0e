#include "RawTableModel.h"

#include "data/Table.h"
#include "util/Format.h"

#include <QBrush>
#include <QColor>

namespace genrelab {

void RawTableModel::setTable(std::shared_ptr<const Table> table) {
    beginResetModel();
    table_ = std::move(table);
    endResetModel();
}

int RawTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !table_ ? 0 : static_cast<int>(table_->rows());
}

int RawTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() || !table_ ? 0 : static_cast<int>(table_->columnCount());
}

QVariant RawTableModel::data(const QModelIndex& index, int role) const {
    if (!table_ || !index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
    const Column& c = table_->column(static_cast<std::size_t>(index.column()));
    const auto r = static_cast<std::size_t>(index.row());
    const bool missing = c.missing[r];
    if (role == Qt::DisplayRole) {
        if (missing) return QStringLiteral("—");
        return c.kind == ColumnKind::Text ? QString::fromStdString(c.texts[r]) : QString::fromStdString(shortestDouble(c.numbers[r]));
    }
    if (role == Qt::BackgroundRole && missing) return QBrush(QColor(0xff, 0xf3, 0xe0));
    if (role == Qt::TextAlignmentRole && c.kind != ColumnKind::Text) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && missing) return tr("missing");
    return {};
}

QVariant RawTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || !table_) return {};
    if (orientation == Qt::Vertical) return static_cast<qulonglong>(table_->lineOfRow(static_cast<std::size_t>(section)));
    return section < columnCount() ? QString::fromStdString(table_->column(static_cast<std::size_t>(section)).name) : QVariant();
}

} // namespace genrelab
