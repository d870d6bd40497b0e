#include "CliCommon.h"
#include "Commands.h"
#include "LooReport.h"
#include "SpecFile.h"

#include "data/Table.h"
#include "eval/LooCompare.h"
#include "export/LooTable.h"
#include "run/RunPipeline.h"
#include "run/RunSpecJson.h"

#include <QFileInfo>

#include <cstdio>
#include <stdexcept>

namespace genrelab::cli {

int runLooCompareCommand(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions({{"loo", "Compare runs by PSIS-LOO."},
                  {"data", "Use this CSV for every spec (else each spec's own data file).", "FILE"},
                  {"json", "Print the comparison as JSON."},
                  {"out", "Also write loo_compare.csv, .md, .tex and .json here.", "DIR"},
                  {"quiet", "No progress on stderr."}});
    p.addPositionalArgument("specs", "Run spec files (run --write-spec) or saved sessions: two or more, fitted to the same rows.",
                            "SPEC SPEC...");
    if (!parseOrExplain(p, args,
                        "genrelab-cli compare --loo: runs fitted to the same training rows compared by PSIS-LOO: elpd_loo, the\n"
                        "difference to the best run with its standard error, and stacking weights (as R's loo_compare and\n"
                        "loo_model_weights). Each spec is run in turn."))
        return p.isSet("help") ? Ok : UsageFailure;
    const QStringList specs = p.positionalArguments();
    if (specs.size() < 2) return usageError("compare --loo needs two spec files or more");
    return guarded([&]() -> int {
        if (p.isSet("out")) prepareOutputFolder(p.value("out"));
        std::vector<std::string> names, dataPaths;
        std::vector<RunResult> results;
        results.reserve(static_cast<std::size_t>(specs.size()));
        for (const QString& file : specs) {
            RunSpec spec = readSpecFile(toStd(file));
            if (p.isSet("data")) spec.dataPath = toStd(p.value("data"));
            if (!spec.dataPath) throw std::invalid_argument("the spec " + toStd(file) + " names no data file: give --data FILE");
            const Table table = readDataTable(*spec.dataPath, tableOptionsOf(spec));
            if (!p.isSet("quiet")) std::fprintf(stderr, "compare --loo: running %s\n", qPrintable(file));
            results.push_back(runPipeline(table, spec));
            names.push_back(toStd(QFileInfo(file).completeBaseName()));
            dataPaths.push_back(*spec.dataPath);
        }
        for (std::size_t k = 1; k < results.size(); ++k)
            if (dataPaths[k] != dataPaths[0] || results[k].data.split.train != results[0].data.split.train ||
                results[k].data.yTrain != results[0].data.yTrain)
                throw std::invalid_argument("'" + names[0] + "' and '" + names[k] +
                                            "' were fitted to different training rows (data file, split or dropped rows differ): "
                                            "LOO compares runs on the same rows only");
        std::vector<const LooResult*> loos;
        for (const RunResult& r : results) loos.push_back(&r.loo);
        const ResultTable table = looComparisonTable(compareLoo(names, loos));
        const std::string out = p.isSet("json") ? toJson(table) + "\n" : toMarkdown(table);
        std::fwrite(out.data(), 1, out.size(), stdout);
        if (p.isSet("out")) {
            std::vector<FileContent> files;
            addTableFiles(files, p.value("out"), "loo_compare", table);
            writeOutputFiles(p.value("out"), "loo_compare", files);
        }
        return Ok;
    });
}

} // namespace genrelab::cli
