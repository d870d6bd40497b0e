#include "ClampingSpinBox.h"

#include <QLocale>

namespace genrelab {
namespace {

// The number in a box's text without its prefix and suffix; false when it is not a whole number.
bool wholeNumber(const QSpinBox& box, const QString& text, qlonglong& number) {
    QString digits = text;
    if (!box.prefix().isEmpty() && digits.startsWith(box.prefix())) digits.remove(0, box.prefix().size());
    if (!box.suffix().isEmpty() && digits.endsWith(box.suffix())) digits.chop(box.suffix().size());
    bool ok = false;
    number = box.locale().toLongLong(digits.trimmed(), &ok);
    return ok;
}

} // namespace

ClampingSpinBox::ClampingSpinBox(int minimum, int maximum, QWidget* parent) : QSpinBox(parent) {
    setRange(minimum, maximum);
    setKeyboardTracking(false);
    setToolTip(tr("From %1 to %2.").arg(minimum).arg(maximum));
}

QValidator::State ClampingSpinBox::validate(QString& text, int& position) const {
    const QValidator::State state = QSpinBox::validate(text, position);
    qlonglong number = 0;
    // Out of range but a number: keep typing; fixup sets the bound when the edit ends.
    if (state == QValidator::Invalid && wholeNumber(*this, text, number) && (number > maximum() || number < minimum()))
        return QValidator::Intermediate;
    return state;
}

void ClampingSpinBox::fixup(QString& text) const {
    qlonglong number = 0;
    if (wholeNumber(*this, text, number) && (number > maximum() || number < minimum())) {
        const int bound = number > maximum() ? maximum() : minimum();
        text = textFromValue(bound);
        // fixup is const in QSpinBox; the signal only reports what happened to the edit.
        emit const_cast<ClampingSpinBox*>(this)->clamped(number, bound);
        return;
    }
    QSpinBox::fixup(text);
}

} // namespace genrelab
