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

#include <algorithm>
#include <cmath>

namespace genrelab {

namespace {

// A cell's length in characters as ResultTableModel shows it, without formatting the number
// where its length follows from its magnitude (fixed decimals).
std::size_t shownLength(const Cell& cell, int decimals) {
    if (const auto* s = std::get_if<std::string>(&cell)) return s->size();
    if (const auto* i = std::get_if<std::int64_t>(&cell)) return std::to_string(*i).size();
    if (const auto* d = std::get_if<double>(&cell)) {
        if (std::isnan(*d)) return 3;  // "n/a"
        if (!std::isfinite(*d) || decimals < 0) return cellText(cell, decimals).size();
        const double magnitude = std::abs(*d);
        const std::size_t whole = magnitude < 1.0 ? 1 : static_cast<std::size_t>(std::floor(std::log10(magnitude))) + 1;
        return (*d < 0 ? 1 : 0) + whole + (decimals > 0 ? 1 + static_cast<std::size_t>(decimals) : 0);
    }
    return 0;
}

} // namespace

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
    fitColumns();
    updateEmptyMessage();
}

// resizeColumnsToContents() asks the delegate for up to 1,000 rows per column (the header's
// resizeContentsPrecision): 7-17 ms of the GUI thread for the LOO-PIT table (14,396 rows) or the
// pair plot's draws. A longer table measures, per column, the header, its first rows and the
// kWidestRows rows whose text is longest (digits are equally wide, so a number's length ranks its
// width): the same widths where the widest cells are among Qt's 1,000 rows, and a widest cell
// further down counts too, at the cost of a pass over the cells' lengths.
void ResultTableView::fitColumns() {
    const ResultTable& table = model_->table();
    if (table.rows.size() <= kMeasuredRows) {
        resizeColumnsToContents();
        return;
    }
    QHeaderView* header = horizontalHeader();
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    const int columns = model_->columnCount();
    const int lastStretched = header->stretchLastSection() ? columns - 1 : -1;  // the header sizes it
    std::vector<std::pair<std::size_t, std::size_t>> lengths;  // (length, row)
    for (int c = 0; c < columns; ++c) {
        if (c == lastStretched || isColumnHidden(c)) continue;
        lengths.clear();
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            const auto& row = table.rows[r];
            const auto column = static_cast<std::size_t>(c);
            lengths.emplace_back(column < row.size() ? shownLength(row[column], table.decimals) : 0, r);
        }
        const std::size_t widest = std::min(kWidestRows, lengths.size());
        std::partial_sort(lengths.begin(), lengths.begin() + static_cast<std::ptrdiff_t>(widest), lengths.end(),
                          [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
        lengths.resize(widest);
        for (std::size_t r = 0; r < std::min(kWidestRows, table.rows.size()); ++r) lengths.emplace_back(0, r);
        int width = header->sectionSizeHint(c);
        for (const auto& [length, row] : lengths) {
            const QModelIndex index = model_->index(static_cast<int>(row), c);
            width = std::max(width, itemDelegateForIndex(index)->sizeHint(option, index).width() + (showGrid() ? 1 : 0));
        }
        setColumnWidth(c, std::clamp(width, header->minimumSectionSize(), header->maximumSectionSize()));
    }
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
