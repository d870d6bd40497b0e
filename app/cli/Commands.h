#pragma once
#include <QStringList>

namespace genrelab::cli {

int runInspect(const QStringList& args);
int runSynth(const QStringList& args);
int runRun(const QStringList& args);

} // namespace genrelab::cli
