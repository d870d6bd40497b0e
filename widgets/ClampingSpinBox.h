#pragma once
// A whole-number box that lets a number beyond its range be typed and, on Enter or leaving the
// box, sets the nearest bound and says so (clamped). A plain QSpinBox drops every keystroke
// that would cross its range: 3000 typed into a box of 1..16 silently gives 3.
#include <QSpinBox>

namespace genrelab {

class ClampingSpinBox : public QSpinBox {
    Q_OBJECT
public:
    ClampingSpinBox(int minimum, int maximum, QWidget* parent = nullptr);

    QValidator::State validate(QString& text, int& position) const override;
    void fixup(QString& text) const override;

signals:
    // The number typed was outside the range; the box holds `value`, the nearest bound.
    void clamped(qlonglong typed, int value);
};

} // namespace genrelab
