#pragma once

#include <QString>
#include <QtTest/QtTest>

// A bound on CPU time (the GUI thread's work per tick or per slider move, a re-weighting on the
// worker) holds in optimised builds. A sanitized build (GENRELAB_TIME_BOUNDS_CHECKED=0) runs the
// same code 3-10 times slower in ways that differ per kernel, so there the figure is printed, not
// checked: it would measure the sanitizer.
#define VERIFY_TIME_BOUND(milliseconds, boundMilliseconds, what)                                                          \
    do {                                                                                                                 \
        const double measuredMs_ = (milliseconds);                                                                       \
        const double boundMs_ = (boundMilliseconds);                                                                     \
        const QString text_ = QString("%1: %2 ms (bound %3 ms)").arg(QString(what)).arg(measuredMs_, 0, 'f', 1).arg(boundMs_); \
        if (GENRELAB_TIME_BOUNDS_CHECKED) {                                                                              \
            QVERIFY2(measuredMs_ <= boundMs_, qPrintable(text_));                                                        \
        } else {                                                                                                         \
            qInfo("%s, not checked in a sanitized build", qPrintable(text_));                                            \
        }                                                                                                                \
    } while (false)
