#pragma once
// The raw data table as a model over the core's Table: no copy, fast at 18k rows.
#include <QAbstractTableModel>

#include <memory>

namespace genrelab {

class Table;

class RawTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit RawTableModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}
    void setTable(std::shared_ptr<const Table> table);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const Table> table_;
};

} // namespace genrelab
