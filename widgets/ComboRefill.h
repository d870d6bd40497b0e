#pragma once
// Refilling a choice list (features, parameters, classes) without losing the user's choice.
#include <QComboBox>
#include <QStringList>

#include <memory>

namespace genrelab {

class Table;

// Replaces the items, keeps the current text when it is still there (else the first item),
// and emits no change signals on the way.
inline void refillKeepingChoice(QComboBox* box, const QStringList& items) {
    const QSignalBlocker block(box);
    const QString previous = box->currentText();
    box->clear();
    box->addItems(items);
    const int again = box->findText(previous);
    box->setCurrentIndex(again >= 0 ? again : (items.isEmpty() ? -1 : 0));
}

// The names of a table's feature columns (numeric, not the target, not an identifier).
QStringList featureNames(const Table& table);

} // namespace genrelab
