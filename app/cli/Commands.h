#pragma once
#include <QStringList>

namespace genrelab::cli {

int runInspect(const QStringList& args);
int runSynth(const QStringList& args);
int runRun(const QStringList& args);
int runExperimentsCommand(const QStringList& args);
int runSweepCommand(const QStringList& args);
int runCompareCommand(const QStringList& args);
int runLooCompareCommand(const QStringList& args);  // compare --loo
int runBenchCommand(const QStringList& args);
int runSbcCommand(const QStringList& args);

} // namespace genrelab::cli
