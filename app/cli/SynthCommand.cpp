#include "CliCommon.h"
#include "Commands.h"

#include "data/Synth.h"

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <utility>

namespace genrelab::cli {

int runSynth(const QStringList& args) {
    QCommandLineParser parser;
    parser.addOption({"rows", "Number of rows (default 2000).", "N", "2000"});
    parser.addOption({"seed", "Random seed (default 1).", "S", "1"});
    parser.addOption({"out", "Output CSV file ('-' for stdout).", "FILE"});
    parser.addOption({"classes-out", "Also write the class-name file (default with --out FILE: FILE's stem + _classes.csv).",
                      "FILE"});
    parser.addOption({"schema", "kaggle (the music-genre file: 17 columns, 11 classes; default) or tracks (21 other columns: "
                                "an unnamed index, track_id, explicit, ..., track_genre as the target).", "NAME", "kaggle"});
    parser.addOption({"classes", "tracks: number of genres, in equal blocks of rows (default 114).", "N", "114"});
    parser.addOption({"booleans", "tracks: how 'explicit' is written: True/False (default), true/false, yes/no or 0/1.", "WORDS",
                      "True/False"});
    parser.addOption({"repeated-ids", "tracks: rows rows/2+j repeating row j's track (its track_id) under their own genre.", "N", "0"});
    parser.addOption({"placeholder-rows", "tracks: rows whose duration_ms, tempo and time_signature are 0.", "N", "0"});
    parser.addOption({"empty-text-rows", "tracks: rows whose artists, album_name and track_name are empty.", "N", "0"});
    parser.addOption({"spike-rows", "tracks: rows whose tempo is exactly 120.", "N", "0"});
    if (!parseOrExplain(parser, args, "genrelab-cli synth: a synthetic table with the Kaggle music-genre schema, or another "
                                      "export's columns with booleans, repeated ids and placeholder values."))
        return parser.isSet("help") ? Ok : UsageFailure;
    bool rowsOk = false, seedOk = false;
    const qulonglong rows = parser.value("rows").toULongLong(&rowsOk);
    const qulonglong seed = parser.value("seed").toULongLong(&seedOk);
    if (!rowsOk || rows == 0 || rows > 100'000'000) return usageError("--rows must be a whole number from 1 to 100000000");
    if (!seedOk) return usageError("--seed must be a non-negative whole number");
    if (!parser.isSet("out")) return usageError("synth needs --out FILE (or --out - for stdout)");

    SynthOptions options;
    options.rows = static_cast<std::size_t>(rows);
    options.seed = seed;
    const QString schema = parser.value("schema");
    if (schema == "tracks") options.schema = SynthSchema::Tracks;
    else if (schema != "kaggle") return usageError("--schema must be kaggle or tracks");
    const QString words = parser.value("booleans");
    if (words == "True/False") options.booleans = BooleanWords::TrueFalseCapital;
    else if (words == "true/false") options.booleans = BooleanWords::TrueFalse;
    else if (words == "yes/no") options.booleans = BooleanWords::YesNo;
    else if (words == "0/1") options.booleans = BooleanWords::ZeroOne;
    else return usageError("--booleans must be True/False, true/false, yes/no or 0/1");
    const std::pair<const char*, std::size_t*> counts[] = {{"classes", &options.classes},
                                                           {"repeated-ids", &options.repeatedIds},
                                                           {"placeholder-rows", &options.placeholderRows},
                                                           {"empty-text-rows", &options.emptyTextRows},
                                                           {"spike-rows", &options.spikeRows}};
    for (const auto& [name, field] : counts) {
        bool ok = false;
        const qulonglong value = parser.value(name).toULongLong(&ok);
        if (!ok) return usageError(QString("--%1 must be a non-negative whole number").arg(name));
        if (parser.isSet(name) && options.schema != SynthSchema::Tracks)
            return usageError(QString("--%1 applies to --schema tracks only").arg(name));
        *field = static_cast<std::size_t>(value);
    }
    std::string csv;
    try {
        csv = synthesizeMusicGenreCsv(options);
    } catch (const std::invalid_argument& error) {
        return usageError(error.what());
    }
    const std::string out = toStd(parser.value("out"));
    if (out == "-") {
        std::fwrite(csv.data(), 1, csv.size(), stdout);
        return Ok;
    }
    if (options.schema == SynthSchema::Tracks) {  // the genres are named in the file: no class-name file
        try {
            writeFilesAtomically({{out, csv}});
        } catch (const FileWriteError& error) {
            return dataError(error.what());
        }
        std::fprintf(stderr, "wrote %llu rows to %s\n", rows, out.c_str());
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
