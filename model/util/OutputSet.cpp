#include "util/OutputSet.h"

#include "util/FolderLock.h"
#include "util/Json.h"

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <unistd.h>

namespace genrelab {
namespace {

constexpr const char* kManifestFormat = "genrelab-output-set-1";

std::string hex64(std::uint64_t value) {
    static const char* digits = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = digits[value & 0xF];
    return out;
}

std::string utcNow(const char* format) {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    std::array<char, 32> text{};
    std::strftime(text.data(), text.size(), format, &utc);
    return text.data();
}

// The name a manifest gives a file: relative to the set's folder when it is in it.
std::string nameInFolder(const std::string& folder, const std::string& path) {
    const std::filesystem::path file(path);
    const std::filesystem::path parent = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    std::error_code sameError;
    if (std::filesystem::equivalent(parent, folder.empty() ? std::filesystem::path(".") : std::filesystem::path(folder), sameError))
        return file.filename().string();
    return path;
}

std::string pathOf(const std::string& folder, const std::string& name) {
    if (std::filesystem::path(name).has_parent_path()) return name;
    return (folder.empty() ? std::string(".") : folder) + "/" + name;
}

bool readWhole(const std::string& path, std::string& bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    bytes = std::move(buffer).str();
    return !in.bad();
}

} // namespace

std::string newRunId() {
    std::random_device entropy;
    return utcNow("%Y%m%dT%H%M%SZ") + "-" + std::to_string(::getpid()) + "-" + hex64(entropy()).substr(8);
}

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string manifestPath(const std::string& folder, const std::string& name) {
    return pathOf(folder, name + ".manifest.json");
}

std::string writeOutputSet(const OutputSet& set, const std::function<void()>& alsoUnderLock) {
    const std::string runId = set.runId.empty() ? newRunId() : set.runId;
    JsonWriter json;
    json.beginObject().field("format", kManifestFormat).field("run_id", runId);
    json.key("command").beginArray();
    for (const auto& word : set.command) json.value(word);
    json.endArray();
    json.field("written", utcNow("%Y-%m-%dT%H:%M:%SZ"));
    json.key("files").beginArray();
    for (const auto& file : set.files)
        json.beginObject()
            .field("name", nameInFolder(set.folder, file.path))
            .field("bytes", file.bytes.size())
            .field("fnv1a64", hex64(fnv1a64(file.bytes)))
            .endObject();
    json.endArray().endObject();
    std::vector<FileContent> all = set.files;
    all.push_back({manifestPath(set.folder, set.name), json.str() + "\n"});  // renamed last
    const FolderLock lock(set.folder, FolderLock::Mode::Exclusive);
    writeFilesAtomically(all);
    if (alsoUnderLock) alsoUnderLock();
    return runId;
}

OutputSetCheck checkOutputSet(const std::string& folder, const std::string& name) {
    OutputSetCheck check;
    const FolderLock lock(folder, FolderLock::Mode::Shared);
    const std::string path = manifestPath(folder, name);
    std::string text;
    if (!readWhole(path, text)) {
        check.problems.push_back(path + ": no manifest");
        return check;
    }
    try {
        const auto manifest = nlohmann::json::parse(text);
        if (manifest.value("format", std::string()) != kManifestFormat) {
            check.problems.push_back(path + ": not a manifest of format " + kManifestFormat);
            return check;
        }
        check.runId = manifest.at("run_id").get<std::string>();
        check.command = manifest.at("command").get<std::vector<std::string>>();
        for (const auto& entry : manifest.at("files")) {
            const std::string file = entry.at("name").get<std::string>();
            check.files.push_back(file);
            std::string bytes;
            if (!readWhole(pathOf(folder, file), bytes)) {
                check.problems.push_back(file + ": missing");
                continue;
            }
            if (bytes.size() != entry.at("bytes").get<std::size_t>() || hex64(fnv1a64(bytes)) != entry.at("fnv1a64").get<std::string>())
                check.problems.push_back(file + ": not the file this manifest's run wrote");
        }
    } catch (const nlohmann::json::exception& error) {
        check.problems.push_back(path + ": a broken manifest: " + error.what());
    }
    return check;
}

} // namespace genrelab
