#pragma once
// A result table with copy and "Save as CSV / Markdown / LaTeX / JSON" on its context menu.
#include "ResultTableModel.h"

#include <QTableView>

namespace genrelab {

class ResultTableView : public QTableView {
    Q_OBJECT
public:
    explicit ResultTableView(QWidget* parent = nullptr);
    ResultTableModel* tableModel() const { return model_; }
    void setTable(ResultTable table);
    // Writes the table; the format follows the extension. Empty string on success.
    QString saveAs(const QString& path) const;
    QString clipboardText() const;  // tab-separated, header first

private:
    void showMenu(const QPoint& at);
    ResultTableModel* model_;
};

} // namespace genrelab
