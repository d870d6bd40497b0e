#include "CliCommon.h"
#include "Commands.h"

#include "data/Synth.h"

#include <cstdio>
#include <filesystem>

namespace genrelab::cli {

int runSynth(const QStringList& args) {
    QCommandLineParser parser;
    parser.addOption({"rows", "Number of rows (default 2000).", "N", "2000"});
    parser.addOption({"seed", "Random seed (default 1).", "S", "1"});
    parser.addOption({"out", "Output CSV file ('-' for stdout).", "FILE"});
    parser.addOption({"classes-out", "Also write the class-name file (default with --out FILE: FILE's stem + _classes.csv).",
                      "FILE"});
    if (!parseOrExplain(parser, args, "genrelab-cli synth: a synthetic table with the Kaggle music-genre schema."))
        return parser.isSet("help") ? Ok : UsageFailure;
    bool rowsOk = false, seedOk = false;
    const qulonglong rows = parser.value("rows").toULongLong(&rowsOk);
    const qulonglong seed = parser.value("seed").toULongLong(&seedOk);
    if (!rowsOk || rows == 0 || rows > 100'000'000) return usageError("--rows must be a whole number from 1 to 100000000");
    if (!seedOk) return usageError("--seed must be a non-negative whole number");
    if (!parser.isSet("out")) return usageError("synth needs --out FILE (or --out - for stdout)");

    const std::string csv = synthesizeMusicGenreCsv({static_cast<std::size_t>(rows), seed});
    const std::string out = toStd(parser.value("out"));
    if (out == "-") {
        std::fwrite(csv.data(), 1, csv.size(), stdout);
        return Ok;
    }
    std::string classesOut = toStd(parser.value("classes-out"));
    if (classesOut.empty()) {
        const std::filesystem::path path(out);
        classesOut = (path.parent_path() / (path.stem().string() + "_classes.csv")).string();
    }
    try {
        writeFilesAtomically({{out, csv}, {classesOut, musicGenreClassNamesCsv()}});
    } catch (const FileWriteError& error) {
        return dataError(error.what());
    }
    std::fprintf(stderr, "wrote %llu rows to %s and the class names to %s\n", rows, out.c_str(), classesOut.c_str());
    return Ok;
}

} // namespace genrelab::cli
