#include "SliderSpin.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSlider>

#include <cmath>

namespace genrelab {
namespace {
constexpr int kSteps = 1000;
}

SliderSpin::SliderSpin(double minimum, double maximum, double value, int decimals, QWidget* parent)
    : QWidget(parent), minimum_(minimum), maximum_(maximum), slider_(new QSlider(Qt::Horizontal, this)),
      spin_(new QDoubleSpinBox(this)) {
    slider_->setRange(0, kSteps);
    spin_->setRange(minimum, maximum);
    spin_->setDecimals(decimals);
    spin_->setSingleStep(std::pow(10.0, -std::max(0, decimals - 1)));
    spin_->setKeyboardTracking(false);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider_, 1);
    layout->addWidget(spin_);
    setValue(value);
    connect(slider_, &QSlider::valueChanged, this, [this](int position) {
        const double v = fromSlider(position);
        const QSignalBlocker block(spin_);
        spin_->setValue(v);
        emit valueChanged(spin_->value());
    });
    connect(spin_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        const QSignalBlocker block(slider_);
        slider_->setValue(toSlider(v));
        emit valueChanged(v);
    });
}

double SliderSpin::value() const { return spin_->value(); }

void SliderSpin::setValue(double value) {
    const QSignalBlocker blockSpin(spin_), blockSlider(slider_);
    spin_->setValue(value);
    slider_->setValue(toSlider(spin_->value()));
}

int SliderSpin::toSlider(double value) const {
    const double t = std::log(value / minimum_) / std::log(maximum_ / minimum_);
    return static_cast<int>(std::lround(t * kSteps));
}

double SliderSpin::fromSlider(int position) const {
    return minimum_ * std::pow(maximum_ / minimum_, static_cast<double>(position) / kSteps);
}

} // namespace genrelab
