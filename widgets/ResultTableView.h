#pragma once
// A result table with copy and "Save as CSV / Markdown / LaTeX / JSON" on its context menu.
#include "ResultTableModel.h"

#include <QTableView>

#include <cstddef>

class QLabel;

namespace genrelab {

class ResultTableView : public QTableView {
    Q_OBJECT
public:
    explicit ResultTableView(QWidget* parent = nullptr);
    ResultTableModel* tableModel() const { return model_; }
    void setTable(ResultTable table);
    // Shown centred in the view while the table has no rows: what fills it.
    void setEmptyMessage(const QString& text);
    QString emptyMessage() const;
    bool emptyMessageShown() const;
    // Writes the table; the format follows the extension. Empty string on success.
    QString saveAs(const QString& path) const;
    QString clipboardText() const;  // tab-separated, header first
    // Tables longer than this are fitted to their widest cells without measuring every row.
    static constexpr std::size_t kMeasuredRows = 200;
    // Per column, the rows measured in a longer table: those whose text is longest.
    static constexpr std::size_t kWidestRows = 8;

private:
    void showMenu(const QPoint& at);
    void updateEmptyMessage();
    void fitColumns();
    ResultTableModel* model_;
    QLabel* empty_;
};

} // namespace genrelab
