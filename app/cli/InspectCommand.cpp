#include "CliCommon.h"
#include "Commands.h"

#include "data/ClassNames.h"
#include "data/DataError.h"
#include "data/QualityReport.h"
#include "data/ReportFormat.h"
#include "data/Table.h"
#include "run/RunSpec.h"

#include <stdexcept>

#include <cstdio>

namespace genrelab::cli {

int runInspect(const QStringList& args) {
    QCommandLineParser parser;
    parser.addPositionalArgument("FILE", "CSV file to inspect");
    parser.addOption({"target", "Name of the class column (default: Class, if present).", "NAME"});
    parser.addOption({"classes", "CSV mapping class labels to names (default: a *_classes.csv beside FILE).", "FILE"});
    parser.addOption({"json", "Print the report as JSON."});
    parser.addOption({"artist-column", "Column naming each track's artists: adds artist, duplicate-song and split findings.", "NAME"});
    parser.addOption({"title-column", "Column holding each track's title (with --artist-column: repeated songs).", "NAME"});
    parser.addOption({"artist-separator", "Separator between the artists of one field; repeat for several (replaces the default list).", "SEP"});
    parser.addOption({"split", "The split whose test rows are checked against training: random, song or artist (default random).", "KIND"});
    parser.addOption({"split-seed", "Seed of that split (default 1, as run's).", "S"});
    parser.addOption({"test-size", "Test rows of that split (default: 20%).", "N"});
    if (!parseOrExplain(parser, args, "genrelab-cli inspect: the data-quality report of a CSV file.")) {
        return parser.isSet("help") ? Ok : UsageFailure;
    }
    if (parser.positionalArguments().size() != 1) return usageError("inspect takes exactly one FILE");
    const std::string path = toStd(parser.positionalArguments().first());

    try {
        TableOptions options;
        if (parser.isSet("target")) options.target = toStd(parser.value("target"));
        // The same mapping as run's options, so inspect and run read groups and splits alike.
        std::vector<std::string> groupArgs;
        for (const char* name : {"artist-column", "title-column", "artist-separator", "split", "split-seed", "test-size"})
            for (const QString& value : parser.values(name)) {
                groupArgs.push_back(std::string("--") + name);
                groupArgs.push_back(toStd(value));
            }
        const RunSpec groupSpec = specFromArguments(groupArgs, RunSpec{});
        GroupInspection grouped{groupSpec.prep.groups, groupSpec.split};
        for (const auto& column : {grouped.groups.artistColumn, grouped.groups.titleColumn})
            if (column) options.textColumns.push_back(*column);
        const Table table = readDataTable(path, options);
        ClassNames names;
        if (parser.isSet("classes")) names = readClassNames(toStd(parser.value("classes")));
        else if (auto found = findClassNamesFor(path)) names = readClassNames(*found);
        const QualityReport report = inspectTable(table, names, grouped);
        const std::string text = parser.isSet("json") ? reportToJson(report) : reportToText(report);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return Ok;
    } catch (const DataError& error) {
        return dataError(error.what());
    } catch (const std::invalid_argument& error) {
        return usageError(QString::fromStdString(error.what()));
    }
}

} // namespace genrelab::cli
