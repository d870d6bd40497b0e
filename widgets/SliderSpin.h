#pragma once
// A slider and a spin box editing one positive number together; the slider moves on a log scale
// so 0.1 and 30 are both reachable. Values outside [minimum, maximum] cannot be entered.
#include <QWidget>

class QSlider;
class QDoubleSpinBox;

namespace genrelab {

class SliderSpin : public QWidget {
    Q_OBJECT
public:
    SliderSpin(double minimum, double maximum, double value, int decimals, QWidget* parent = nullptr);
    double value() const;
    void setValue(double value);
    QSlider* slider() const { return slider_; }
    QDoubleSpinBox* spin() const { return spin_; }

signals:
    void valueChanged(double value);

private:
    int toSlider(double value) const;
    double fromSlider(int position) const;
    double minimum_, maximum_;
    QSlider* slider_;
    QDoubleSpinBox* spin_;
};

} // namespace genrelab
