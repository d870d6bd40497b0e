#include "ClassAxisTicker.h"

#include <QFontMetrics>

#include <algorithm>
#include <cmath>

namespace genrelab {

ClassAxisTicker::ClassAxisTicker(const QCPAxis* axis, QStringList names) : axis_(axis), names_(std::move(names)) {}

int ClassAxisTicker::stride() const { return strideFor(axis_->range()); }

int ClassAxisTicker::strideFor(const QCPRange& range) const {
    const bool horizontal = axis_->orientation() == Qt::Horizontal;
    const QRect rect = axis_->axisRect()->rect();
    const double pixels = std::max(1, horizontal ? rect.width() : rect.height());
    // A label needs its line height across the axis; rotated labels on a horizontal axis need a
    // little more, since their slanted boxes come closer to each other.
    const double rotated = std::fabs(std::sin(axis_->tickLabelRotation() * M_PI / 180.0));
    const double spacing = QFontMetrics(axis_->tickLabelFont()).height() * (horizontal && rotated < 0.9 ? 1.0 + rotated : 1.0) + 2.0;
    const double fit = std::max(1.0, std::floor(pixels / spacing));
    return std::max(1, static_cast<int>(std::ceil(range.size() / fit)));
}

double ClassAxisTicker::getTickStep(const QCPRange& range) { return strideFor(range); }

int ClassAxisTicker::getSubTickCount(double) { return 0; }

QString ClassAxisTicker::getTickLabel(double tick, const QLocale&, QChar, int) {
    const long index = std::lround(tick);
    return index >= 0 && index < names_.size() ? names_[static_cast<int>(index)] : QString::number(index);
}

QVector<double> ClassAxisTicker::createTickVector(double tickStep, const QCPRange& range) {
    const long step = std::max(1L, std::lround(tickStep));
    const long count = std::max<long>(static_cast<long>(names_.size()), 1);
    // Multiples of the stride, so the same categories keep their labels while the view pans.
    const long first = std::max(0L, static_cast<long>(std::ceil(range.lower / static_cast<double>(step))) * step);
    const long last = std::min(count - 1, static_cast<long>(std::floor(range.upper)));
    QVector<double> ticks;
    for (long i = first; i <= last; i += step) ticks << static_cast<double>(i);
    return ticks;
}

} // namespace genrelab
