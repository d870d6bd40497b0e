#include "CliCommon.h"

#include "data/DataError.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace genrelab::cli {

std::string toStd(const QString& text) { return text.toStdString(); }

void addTableFiles(std::vector<FileContent>& files, const QString& dir, const QString& stem, const ResultTable& table) {
    for (const auto& [ext, format] : {std::pair{"csv", TableFormat::Csv}, {"md", TableFormat::Markdown}, {"tex", TableFormat::Latex},
                                      {"json", TableFormat::Json}})
        files.push_back({toStd(QDir(dir).filePath(stem + "." + ext)), exportTable(table, format)});
}

void writeOutputFiles(const QString& dir, const std::string& name, const std::vector<FileContent>& files,
                      const std::function<void()>& alsoUnderLock) {
    OutputSet set;
    set.folder = toStd(dir);
    set.name = name;
    set.files = files;
    for (const QString& word : QCoreApplication::arguments()) set.command.push_back(toStd(word));
    writeOutputSet(set, alsoUnderLock);
}

Table readDataTable(const std::string& path, const TableOptions& options) {
    Table table = readTable(path, options);
    if (const std::string note = describeUtf8Repairs(table); !note.empty()) std::fprintf(stderr, "genrelab-cli: note: %s\n", note.c_str());
    return table;
}

bool parseOrExplain(QCommandLineParser& parser, const QStringList& args, const QString& usage) {
    parser.setApplicationDescription(usage);
    parser.addHelpOption();
    QStringList forParser = args;
    forParser.removeAt(1);  // the subcommand
    if (!parser.parse(forParser)) {
        std::fprintf(stderr, "genrelab-cli: %s\n\n%s", qPrintable(parser.errorText()), qPrintable(parser.helpText()));
        return false;
    }
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return false;
    }
    return true;
}

int guarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const DataError& error) {
        return dataError(error.what());
    } catch (const FileWriteError& error) {
        return dataError(error.what());
    } catch (const std::invalid_argument& error) {
        return usageError(QString::fromStdString(error.what()));
    }
}

int usageError(const QString& message) {
    std::fprintf(stderr, "genrelab-cli: %s\n", qPrintable(message));
    return UsageFailure;
}

int dataError(const std::string& message) {
    std::fprintf(stderr, "genrelab-cli: %s\n", message.c_str());
    return DataFailure;
}

void prepareOutputFolder(const QString& dir) {
    if (!QDir().mkpath(dir)) throw DataError({toStd(dir), 0, 0, {}}, "cannot create the output folder");
    if (!QFileInfo(dir).isWritable()) throw DataError({toStd(dir), 0, 0, {}}, "the output folder is not writable");
}

void prepareOutputFile(const QString& file) {
    const QFileInfo info(file);
    if (info.isDir()) throw DataError({toStd(file), 0, 0, {}}, "is a folder, not a file name");
    if (info.exists() && !info.isFile()) return;  // a device or FIFO is written in place: its folder need not be writable
    prepareOutputFolder(info.absolutePath());
}

} // namespace genrelab::cli
