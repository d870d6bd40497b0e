#pragma once
// An axis of classes (or any named categories at 0, 1, 2, ...): one tick per category while the
// names fit along the axis, every n-th one when they do not, so 200 or 1,000 class names never
// print on top of each other. The stride follows the axis's length in pixels and its visible
// range, so zooming in shows every name again.
#include <qcustomplot.h>

#include <QStringList>

namespace genrelab {

class ClassAxisTicker : public QCPAxisTicker {
public:
    // axis: the axis this ticker is set on (its length and font decide how many names fit).
    explicit ClassAxisTicker(const QCPAxis* axis, QStringList names = {});
    void setNames(QStringList names) { names_ = std::move(names); }
    const QStringList& names() const { return names_; }
    // The distance between two labelled categories at the axis's present size and range (>= 1).
    int stride() const;

protected:
    double getTickStep(const QCPRange& range) override;
    int getSubTickCount(double tickStep) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;

private:
    int strideFor(const QCPRange& range) const;
    const QCPAxis* axis_;
    QStringList names_;
};

} // namespace genrelab
