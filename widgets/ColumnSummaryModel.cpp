#include "ColumnSummaryModel.h"

#include "util/Format.h"

#include <QBrush>
#include <QColor>

namespace genrelab {

void ColumnSummaryModel::setSummaries(std::vector<ColumnSummary> summaries) {
    beginResetModel();
    summaries_ = std::move(summaries);
    endResetModel();
}

int ColumnSummaryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(summaries_.size());
}

int ColumnSummaryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ColumnSummaryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const ColumnSummary& s = summaries_[static_cast<std::size_t>(index.row())];
    const bool numeric = s.kind != ColumnKind::Text && s.present > 0;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name: return QString::fromStdString(s.name);
        case Kind: return s.isTarget ? QStringLiteral("target") : QString::fromStdString(std::string(columnKindName(s.kind)));
        case Missing: return QString::fromStdString(grouped(static_cast<std::int64_t>(s.missing)));
        case Distinct: return QString::fromStdString(grouped(static_cast<std::int64_t>(s.distinct)));
        case Min: return numeric ? QString::fromStdString(significant(s.min, 4)) : QVariant();
        case Max: return numeric ? QString::fromStdString(significant(s.max, 4)) : QVariant();
        case Mean: return numeric ? QString::fromStdString(significant(s.mean, 4)) : QVariant();
        case Sd: return numeric ? QString::fromStdString(significant(s.sd, 4)) : QVariant();
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Missing)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Missing && s.missing > 0) return QBrush(QColor(0xB0, 0x40, 0x00));
    if (role == Qt::ForegroundRole && index.column() == Kind && !isFeatureKind(s.kind)) return QBrush(Qt::gray);
    if (role == Qt::ToolTipRole && index.column() == Kind) {
        if (s.isTarget) return tr("The class to predict");
        if (s.kind == ColumnKind::Id) return tr("A running number: an identifier, not a feature");
        if (s.kind == ColumnKind::Text) return tr("Text: not used as a feature");
        if (s.kind == ColumnKind::Boolean) return tr("Two values (true/false, yes/no or 0/1): a 0/1 feature");
        return tr("A numeric feature");
    }
    return {};
}

QVariant ColumnSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    static const char* names[] = {"Column", "Kind", "Missing", "Distinct", "Min", "Max", "Mean", "SD"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace genrelab
