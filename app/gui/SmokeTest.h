#pragma once
// genrelab --smoke-test: the real program driven through what a user does first, on whatever
// platform it runs (scripts/smoke-xvfb.sh runs it under Xvfb with xcb). It opens the data, shows
// every section in turn, starts a NUTS run, cancels it once it streams, closes the window as a
// user does (settings written) and exits 0; any failure or a stall past the watchdog exits 1.
// Progress goes to stdout as "smoke: ..." lines.
#include <QString>

namespace genrelab {

class MainWindow;

int smokeTestMode(MainWindow& window, const QString& path, int watchdogSeconds = 120);

} // namespace genrelab
