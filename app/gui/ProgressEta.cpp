#include "ProgressEta.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace genrelab {
namespace {
QString tr(const char* text) { return QCoreApplication::translate("ProgressEta", text); }
} // namespace

QString ProgressEta::duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "n/a";
    const auto total = static_cast<long long>(std::llround(seconds));
    const long long h = total / 3600, m = (total / 60) % 60, s = total % 60;
    const auto two = [](long long v) { return QString::number(v).rightJustified(2, '0'); };
    return h > 0 ? QString("%1:%2:%3").arg(h).arg(two(m), two(s)) : QString("%1:%2").arg(m).arg(two(s));
}

QString ProgressEta::describe(std::size_t done, std::size_t total, double elapsedSeconds) {
    if (total == 0) return tr("working · %1").arg(duration(elapsedSeconds));
    done = std::min(done, total);
    QString text = tr("%1 of %2 · %3").arg(done).arg(total).arg(duration(elapsedSeconds));
    if (done == total) return text;
    if (done == 0 || elapsedSeconds <= 0) return text + tr(" · time left unknown");
    const double left = elapsedSeconds / static_cast<double>(done) * static_cast<double>(total - done);
    return text + tr(" · about %1 left").arg(duration(left));
}

} // namespace genrelab
