#include "CliCommon.h"
#include "Commands.h"

#include "data/ClassNames.h"
#include "data/DataError.h"
#include "data/QualityReport.h"
#include "data/ReportFormat.h"
#include "data/Table.h"

#include <cstdio>

namespace genrelab::cli {

int runInspect(const QStringList& args) {
    QCommandLineParser parser;
    parser.addPositionalArgument("FILE", "CSV file to inspect");
    parser.addOption({"target", "Name of the class column (default: Class, if present).", "NAME"});
    parser.addOption({"classes", "CSV mapping class labels to names (default: a *_classes.csv beside FILE).", "FILE"});
    parser.addOption({"json", "Print the report as JSON."});
    if (!parseOrExplain(parser, args, "genrelab-cli inspect: the data-quality report of a CSV file.")) {
        return parser.isSet("help") ? Ok : UsageFailure;
    }
    if (parser.positionalArguments().size() != 1) return usageError("inspect takes exactly one FILE");
    const std::string path = toStd(parser.positionalArguments().first());

    try {
        TableOptions options;
        if (parser.isSet("target")) options.target = toStd(parser.value("target"));
        const Table table = readDataTable(path, options);
        ClassNames names;
        if (parser.isSet("classes")) names = readClassNames(toStd(parser.value("classes")));
        else if (auto found = findClassNamesFor(path)) names = readClassNames(*found);
        const QualityReport report = inspectTable(table, names);
        const std::string text = parser.isSet("json") ? reportToJson(report) : reportToText(report);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return Ok;
    } catch (const DataError& error) {
        return dataError(error.what());
    }
}

} // namespace genrelab::cli
