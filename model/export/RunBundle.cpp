#include "export/RunBundle.h"

#include "export/PredictionTable.h"
#include "export/RunTables.h"
#include "util/Format.h"
#include "util/OutputSet.h"

#include <filesystem>
#include <system_error>

namespace genrelab {
namespace {

constexpr std::size_t kUncertainTracks = 25;

// A word for sh in single quotes (a quote inside becomes '\'').
std::string shellQuoted(const std::string& word) {
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

std::vector<std::pair<std::string, ResultTable>> bundleTables(const RunSpec& spec, const RunResult& r, const std::vector<std::string>& trackLabels) {
    return {{"metrics", metricsTable(spec, r)},
            {"parameters", parameterTable(r)},
            {"per_class", perClassTable(r, spec.classNames)},
            {"reliability", reliabilityTable(r)},
            {"uncertain_tracks", uncertainTracksTable(r, spec.classNames, kUncertainTracks, trackLabels)}};
}

std::vector<std::string> trackLabelsOf(const Table& table) {
    const std::vector<std::size_t> columns = identifyingColumns(table);
    if (columns.empty()) return {};
    std::vector<std::string> labels(table.rows());
    for (std::size_t row = 0; row < table.rows(); ++row)
        for (const std::size_t c : columns) {
            const Column& column = table.column(c);
            if (column.missing[row]) continue;
            const std::string cell = column.kind == ColumnKind::Text ? column.texts[row] : shortestDouble(column.numbers[row]);
            labels[row] += (labels[row].empty() ? "" : " — ") + cell;
        }
    return labels;
}

std::string rerunScript(const RunBundle& b, const RunEnding& ending, std::size_t drawsPerChain) {
    // A NUTS chain's k-th draw depends only on its seed and index, not on where it stopped or
    // was extended: planning exactly the draws the run kept (its first phase's, then each
    // extension's as made) gives the same draws, whenever and however the run stopped.
    std::size_t extended = 0;
    for (int more : b.extensions) extended += static_cast<std::size_t>(more);
    const bool nuts = b.spec.inference == InferenceKind::Nuts;
    const bool replayed = nuts && drawsPerChain > extended;
    const std::size_t firstDraws = replayed ? drawsPerChain - extended : 0;
    std::string run = "\"$cli\" run --spec spec.json";
    if (replayed && firstDraws != static_cast<std::size_t>(b.spec.nuts.samples)) run += " --samples " + std::to_string(firstDraws);
    for (int more : b.extensions) run += " --extend " + std::to_string(more);
    run += " --bundle rerun --quiet";
    std::string compared;
    for (const auto& [name, table] : bundleTables(RunSpec{}, RunResult{}, {})) compared += (compared.empty() ? "" : " ") + name;
    std::string s =
        "#!/bin/sh\n"
        "# Reruns this bundle's run headless, every step of it, into rerun/ and compares the rerun's\n"
        "# tables with tables/ byte for byte (their cells hold no timings; seconds are in versions.txt\n"
        "# and the session). genrelab-cli: $GENRELAB_CLI, else beside the program that wrote the\n"
        "# bundle, else on PATH. Run it from anywhere: it works inside its own folder.\n";
    const std::string kept = std::to_string(drawsPerChain) + " draws per chain";
    if (ending.reason == StopReason::Converged && replayed)
        s += "# This run stopped when converged at " + std::to_string(ending.convergedAtDrawsPerChain) + " draws per chain (the app's live\n"
             "# check decided when) and kept " + kept + ": the rerun plans exactly those draws, which are the same.\n";
    else if (ending.reason == StopReason::Cancelled && replayed)
        s += "# This run was cancelled and kept " + kept + ": the rerun plans exactly those draws, which are the same.\n";
    else if (ending.reason == StopReason::Converged)
        s += "# This run stopped when converged at " + std::to_string(ending.convergedAtDrawsPerChain) +
             " draws per chain, before its planned draws: the rerun\n# draws them all, so its tables are expected to differ.\n";
    else if (ending.reason == StopReason::Cancelled)
        s += "# This run was cancelled before its planned steps: the rerun makes them all, so its tables are\n"
             "# expected to differ.\n";
    s += "set -u\n"
         "cd \"$(dirname \"$0\")\" || exit 2\n"
         "cli=\"${GENRELAB_CLI:-}\"\n"
         "if [ -z \"$cli\" ]; then\n"
         "  for candidate in " + shellQuoted(b.programFolder + "/genrelab-cli") + " " + shellQuoted(b.programFolder + "/../cli/genrelab-cli") + "; do\n"
         "    if [ -x \"$candidate\" ]; then cli=\"$candidate\"; break; fi\n"
         "  done\n"
         "fi\n"
         "if [ -z \"$cli\" ]; then cli=\"$(command -v genrelab-cli || true)\"; fi\n"
         "if [ -z \"$cli\" ] || [ ! -x \"$cli\" ]; then\n"
         "  echo \"rerun.sh: genrelab-cli not found; set GENRELAB_CLI=/path/to/genrelab-cli\" >&2\n"
         "  exit 2\n"
         "fi\n"
         "sha256sum -c data.sha256 || { echo \"rerun.sh: the data file is not the one this bundle was made from\" >&2; exit 1; }\n"
         "rm -rf rerun\n" +
         run + " || { echo \"rerun.sh: the rerun failed\" >&2; exit 1; }\n"
         "differ=\"\"\n"
         "for table in " + compared + "; do\n"
         "  for ext in csv md tex json; do\n"
         "    cmp -s \"tables/$table.$ext\" \"rerun/tables/$table.$ext\" || differ=\"$differ tables/$table.$ext\"\n"
         "  done\n"
         "done\n"
         "if [ -z \"$differ\" ]; then\n"
         "  echo \"match: the rerun's tables (rerun/tables) equal the bundle's byte for byte\"\n"
         "else\n"
         "  echo \"differ: the rerun's tables differ from the bundle's:$differ\"\n"
         "  exit 1\n"
         "fi\n";
    return s;
}

std::vector<std::pair<std::string, std::string>> bundleFiles(const RunBundle& b, const RunResult& result, const std::vector<std::string>& trackLabels) {
    std::vector<std::pair<std::string, std::string>> files;
    // The data's absolute path, so that `sha256sum -c` works from inside the bundle.
    files.emplace_back("data.sha256", b.dataSha256 + "  " + b.spec.dataPath.value_or("") + "\n");
    files.emplace_back("spec.json", specToJson(b.spec));
    files.emplace_back("versions.txt", b.versions);
    files.emplace_back("rerun.sh", rerunScript(b, result.ending, result.posterior.drawsPerChain()));
    for (const auto& [name, table] : bundleTables(b.spec, result, trackLabels))
        for (const auto& [ext, format] : {std::pair{"csv", TableFormat::Csv}, {"md", TableFormat::Markdown}, {"tex", TableFormat::Latex},
                                          {"json", TableFormat::Json}})
            files.emplace_back("tables/" + name + "." + ext, exportTable(table, format));
    return files;
}

void writeBundleFiles(const std::string& folder, const std::vector<std::pair<std::string, std::string>>& files,
                      const std::vector<std::string>& command) {
    namespace fs = std::filesystem;
    for (const auto& [name, bytes] : files) {
        std::error_code error;
        const fs::path parent = (fs::path(folder) / name).parent_path();
        fs::create_directories(parent, error);
        if (error) throw FileWriteError(parent.string(), "cannot create the folder: " + error.message());
    }
    OutputSet set;
    set.folder = folder;
    set.name = "bundle";
    for (const auto& [name, bytes] : files) set.files.push_back({(fs::path(folder) / name).string(), bytes});
    set.command = command;
    writeOutputSet(set);
    std::error_code ignored;  // a bundle on a file system without modes still reruns with `sh rerun.sh`
    fs::permissions(fs::path(folder) / "rerun.sh", fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add, ignored);
}

} // namespace genrelab
