#include "export/StanCsvFiles.h"

#include "util/OutputSet.h"

#include <filesystem>
#include <system_error>

namespace genrelab {
namespace {

namespace fs = std::filesystem;

std::string chainPath(const fs::path& path, std::size_t chain) {
    const std::string extension = path.has_extension() ? path.extension().string() : ".csv";
    return (path.parent_path() / (path.stem().string() + "_" + std::to_string(chain) + extension)).string();
}

fs::path folderOf(const fs::path& path) { return path.has_parent_path() ? path.parent_path() : fs::path("."); }

} // namespace

std::vector<std::string> stanCsvChainPaths(const std::string& path, std::size_t chains) {
    if (chains == 1) return {path};
    std::vector<std::string> paths;
    for (std::size_t c = 1; c <= chains; ++c) paths.push_back(chainPath(path, c));
    return paths;
}

std::vector<FileContent> stanCsvFiles(const std::string& path, const RunSpec& spec, const RunResult& result,
                                      const std::string& dataPath) {
    const std::vector<std::string> paths = stanCsvChainPaths(path, result.posterior.chainCount());
    std::vector<FileContent> files;
    for (std::size_t c = 0; c < paths.size(); ++c) {
        const NutsChainState* state = c < result.nutsStates.size() ? &result.nutsStates[c] : nullptr;
        const SviState* guide = result.sviState ? &*result.sviState : nullptr;
        files.push_back({paths[c], stanCsv(spec, result.posterior, c, *result.model,
                                           {std::string(modelName(spec.model)), dataPath, paths[c]}, state, guide)});
    }
    return files;
}

std::vector<std::string> writeStanCsvDraws(const std::string& path, const RunSpec& spec, const RunResult& result,
                                           const std::string& dataPath, const std::vector<FileContent>& alsoWrite,
                                           const std::vector<std::string>& command) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (fs::exists(status) && !fs::is_regular_file(status)) {  // /dev/null, a FIFO, a pipe: every chain, one after another
        std::string all;
        for (std::size_t c = 0; c < result.posterior.chainCount(); ++c) {
            const NutsChainState* state = c < result.nutsStates.size() ? &result.nutsStates[c] : nullptr;
            all += stanCsv(spec, result.posterior, c, *result.model, {std::string(modelName(spec.model)), dataPath, path}, state,
                           result.sviState ? &*result.sviState : nullptr);
        }
        for (const FileContent& file : alsoWrite) writeFileAtomically(file.path, file.bytes);
        writeFileAtomically(path, all);
        return {};
    }
    const fs::path draws(path);
    OutputSet set;
    set.folder = folderOf(draws).string();
    set.name = draws.stem().string();
    set.files = stanCsvFiles(path, spec, result, dataPath);
    set.files.insert(set.files.end(), alsoWrite.begin(), alsoWrite.end());
    set.command = command;
    std::vector<std::string> removed;
    const std::size_t chains = result.posterior.chainCount();
    writeOutputSet(set, [&] {
        for (std::size_t k = chains > 1 ? chains + 1 : 1;; ++k) {
            const std::string stale = chainPath(draws, k);
            if (!fs::is_regular_file(stale, error)) break;
            if (!fs::remove(stale, error)) throw FileWriteError(stale, "cannot remove this draws file of an earlier run: " + error.message());
            removed.push_back(stale);
        }
    });
    return removed;
}

} // namespace genrelab
