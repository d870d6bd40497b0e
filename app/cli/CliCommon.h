#pragma once
// What every genrelab-cli subcommand shares: argument parsing conventions and error exits.
#include <QCommandLineParser>
#include <QStringList>

#include "export/ResultTable.h"
#include "data/Table.h"
#include "util/AtomicFile.h"  // the writer every command uses
#include "util/OutputSet.h"

#include <functional>
#include <string>

namespace genrelab::cli {

// Exit codes: 0 success, 1 the data or a file is wrong, 2 the command line is wrong.
enum ExitCode { Ok = 0, DataFailure = 1, UsageFailure = 2 };

// Parses args (args[0] is the program, args[1] the subcommand); on a usage error prints it
// with the help text to stderr and returns false.
bool parseOrExplain(QCommandLineParser& parser, const QStringList& args, const QString& usage);

int usageError(const QString& message);
int dataError(const std::string& message);

// Checked before a long run, so that its results are not lost to an unwritable path: creates
// the folder (or the folder a file goes into) and throws DataError unless files can be written there.
void prepareOutputFolder(const QString& dir);
void prepareOutputFile(const QString& file);

std::string toStd(const QString& text);

// Writes table as DIR/STEM.csv, .md, .tex and .json, all or none.
void writeTables(const QString& dir, const QString& stem, const ResultTable& table);
// The table in every format (csv, md, tex, json), as files of dir/stem.*.
void addTableFiles(std::vector<FileContent>& files, const QString& dir, const QString& stem, const ResultTable& table);

// A run's files in dir, written as one output set with its manifest <name>.manifest.json
// (util/OutputSet.h), naming this process's command line.
void writeOutputFiles(const QString& dir, const std::string& name, const std::vector<FileContent>& files,
                      const std::function<void()>& alsoUnderLock = {});

// readTable, and a note on stderr when names or cells were not UTF-8 (they read as U+FFFD).
Table readDataTable(const std::string& path, const TableOptions& options = {});

// Runs a command body: a DataError or FileWriteError exits 1 with its message, std::invalid_argument exits 2.
int guarded(const std::function<int()>& body);

} // namespace genrelab::cli
