#include "data/ClassNames.h"

#include "data/DataError.h"
#include "data/Table.h"
#include "util/Format.h"

#include <filesystem>

namespace genrelab {

std::string ClassNames::nameOf(const std::string& label) const {
    auto it = names_.find(label);
    return it == names_.end() ? label : it->second;
}

std::vector<std::string> ClassNames::namesOf(const std::vector<std::string>& labels) const {
    std::vector<std::string> out;
    out.reserve(labels.size());
    for (const auto& label : labels) out.push_back(nameOf(label));
    return out;
}

ClassNames readClassNames(const std::string& path) {
    TableOptions options;
    options.target = std::nullopt;
    const Table table = readTable(path, options);
    if (table.columnCount() != 2)
        throw DataError({path, 1, 0, {}}, "a class-name file has two columns (label, name); this one has " +
                                              std::to_string(table.columnCount()));
    std::map<std::string, std::string> names;
    const Column& labels = table.column(0);
    const Column& texts = table.column(1);
    for (std::size_t r = 0; r < table.rows(); ++r) {
        std::string label = labels.kind == ColumnKind::Text ? labels.texts[r] : shortestDouble(labels.numbers[r]);
        std::string name = texts.kind == ColumnKind::Text ? texts.texts[r] : shortestDouble(texts.numbers[r]);
        if (labels.missing[r] || texts.missing[r])
            throw DataError({path, table.lineOfRow(r), labels.missing[r] ? 1u : 2u, {}}, "empty label or name");
        names[label] = name;
    }
    return ClassNames(std::move(names));
}

std::optional<std::string> findClassNamesFor(const std::string& dataPath) {
    namespace fs = std::filesystem;
    const fs::path path(dataPath);
    std::string stem = path.stem().string();
    std::vector<std::string> candidates = {stem + "_classes.csv"};
    for (const char* suffix : {"_train", "_test", "_sample"}) {
        const std::string s(suffix);
        if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0)
            candidates.push_back(stem.substr(0, stem.size() - s.size()) + "_classes.csv");
    }
    for (const auto& name : candidates) {
        const fs::path candidate = path.parent_path() / name;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    return std::nullopt;
}

} // namespace genrelab
