#include "ResultTableView.h"

#include "AtomicFile.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QVBoxLayout>
#include <QMenu>
#include <QMessageBox>

namespace genrelab {

ResultTableView::ResultTableView(QWidget* parent)
    : QTableView(parent), model_(new ResultTableModel(this)), empty_(new QLabel(viewport())) {
    setModel(model_);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    empty_->setStyleSheet("QLabel { color: #555555; padding: 12px; }");
    auto* layout = new QVBoxLayout(viewport());
    layout->addWidget(empty_);
    empty_->hide();
    setAlternatingRowColors(true);
    setContextMenuPolicy(Qt::CustomContextMenu);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    connect(this, &QWidget::customContextMenuRequested, this, &ResultTableView::showMenu);
}

void ResultTableView::setTable(ResultTable table) {
    model_->setTable(std::move(table));
    resizeColumnsToContents();
    updateEmptyMessage();
}

void ResultTableView::setEmptyMessage(const QString& text) {
    empty_->setText(text);
    updateEmptyMessage();
}

QString ResultTableView::emptyMessage() const { return empty_->text(); }

bool ResultTableView::emptyMessageShown() const { return !empty_->isHidden(); }

void ResultTableView::updateEmptyMessage() { empty_->setVisible(model_->rowCount() == 0 && !empty_->text().isEmpty()); }

QString ResultTableView::clipboardText() const {
    const ResultTable& t = model_->table();
    QString text;
    for (std::size_t c = 0; c < t.columns.size(); ++c) text += (c ? "\t" : "") + QString::fromStdString(t.columns[c]);
    text += "\n";
    for (const auto& row : t.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) text += (c ? "\t" : "") + QString::fromStdString(cellText(row[c]));
        text += "\n";
    }
    return text;
}

QString ResultTableView::saveAs(const QString& path) const {
    try {
        const TableFormat format = tableFormatForPath(path.toStdString());
        return writeFileAtomically(path, QByteArray::fromStdString(exportTable(model_->table(), format)));
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
}

void ResultTableView::showMenu(const QPoint& at) {
    QMenu menu(this);
    menu.addAction(tr("Copy"), this, [this] { QApplication::clipboard()->setText(clipboardText()); });
    menu.addSeparator();
    const QString base = QString::fromStdString(model_->table().title).replace(' ', '_').toLower();
    for (const auto& [label, ext] : {std::pair{"CSV", "csv"}, {"Markdown", "md"}, {"LaTeX", "tex"}, {"JSON", "json"}}) {
        const QString extension(ext);
        menu.addAction(tr("Save as %1…").arg(label), this, [this, base, extension] {
            const QString path = QFileDialog::getSaveFileName(this, tr("Save table"), base + "." + extension);
            if (path.isEmpty()) return;
            const QString error = saveAs(path);
            if (!error.isEmpty()) QMessageBox::warning(this, tr("Save table"), error);
        });
    }
    menu.exec(viewport()->mapToGlobal(at));
}

} // namespace genrelab
