#pragma once
// A result table with copy and "Save as CSV / Markdown / LaTeX / JSON" on its context menu.
#include "ResultTableModel.h"

#include <QTableView>

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

private:
    void showMenu(const QPoint& at);
    void updateEmptyMessage();
    ResultTableModel* model_;
    QLabel* empty_;
};

} // namespace genrelab
