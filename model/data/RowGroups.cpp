#include "data/RowGroups.h"

#include "data/DataError.h"
#include "util/Format.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace genrelab {
namespace {

bool isWordByte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// Where separator matches field at position `at`, by the rule in GroupOptions.h.
bool matchesAt(std::string_view field, std::size_t at, std::string_view separator) {
    if (separator.empty() || at + separator.size() > field.size()) return false;
    for (std::size_t i = 0; i < separator.size(); ++i)
        if (lower(field[at + i]) != lower(separator[i])) return false;
    if (isWordByte(separator.front()) && at > 0 && isWordByte(field[at - 1])) return false;
    const std::size_t end = at + separator.size();
    if (isWordByte(separator.back()) && end < field.size() && isWordByte(field[end])) return false;
    return true;
}

std::string cellText(const Column& column, std::size_t row) {
    if (column.missing[row]) return {};
    if (column.kind == ColumnKind::Text) return column.texts[row];
    return shortestDouble(column.numbers[row]);
}

const Column& chosenColumn(const Table& table, const std::string& name, const char* role) {
    if (const auto index = table.indexOf(name)) return table.column(*index);
    std::string columns;
    for (const Column& c : table.columns()) columns += (columns.empty() ? "" : ", ") + c.name;
    throw DataError({table.source(), 0, 0, name},
                    std::string("the ") + role + " column is not in the file (its columns: " + columns + ")");
}

// Union-find over artist ids, path halving.
std::size_t findRoot(std::vector<std::size_t>& parent, std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

} // namespace

std::string foldedKey(std::string_view text) {
    std::string key(trimmed(text));
    for (char& c : key) c = lower(c);
    return key;
}

std::vector<std::string> splitArtistField(std::string_view field, const std::vector<std::string>& separators) {
    std::vector<std::string> parts, keys;
    auto add = [&](std::string_view part) {
        const std::string name(trimmed(part));
        // Only spaces and ASCII punctuation ("&", "-") name no one; any other byte (a letter, a
        // digit, a non-Latin script) makes a name.
        if (std::all_of(name.begin(), name.end(), [](char c) { return c == ' ' || c == '\t' || (c > ' ' && c < 0x7f && !isWordByte(c)); }))
            return;
        std::string key = foldedKey(name);
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) return;
        keys.push_back(std::move(key));
        parts.push_back(name);
    };
    std::size_t start = 0;
    for (std::size_t at = 0; at < field.size();) {
        std::size_t matched = 0;
        for (const auto& separator : separators)  // the longest separator matching here wins
            if (separator.size() > matched && matchesAt(field, at, separator)) matched = separator.size();
        if (matched == 0) {
            ++at;
            continue;
        }
        add(field.substr(start, at - start));
        at += matched;
        start = at;
    }
    add(field.substr(start));
    return parts;
}

std::string songKey(std::string_view artistField, std::string_view title) {
    const std::string artistKey = foldedKey(artistField), titleKey = foldedKey(title);
    if (artistKey.empty() || titleKey.empty()) return {};
    // A unit separator cannot occur in either cell of a text file, so the pair is unambiguous.
    return artistKey + '\x1f' + titleKey;
}

RowGroups groupRows(const Table& table, const GroupOptions& options) {
    RowGroups g;
    const std::size_t rows = table.rows();
    g.artistsOfRow.resize(rows);
    g.titles.resize(rows);
    g.songOfRow.assign(rows, -1);
    g.songKeys.resize(rows);
    const Column* artist = options.artistColumn ? &chosenColumn(table, *options.artistColumn, "artist") : nullptr;
    const Column* title = options.titleColumn ? &chosenColumn(table, *options.titleColumn, "title") : nullptr;
    g.hasArtists = artist != nullptr;
    g.hasTitles = title != nullptr;

    std::unordered_map<std::string, std::int32_t> artistIds;
    std::unordered_map<std::string, std::int64_t> songIds;
    for (std::size_t r = 0; r < rows; ++r) {
        const std::string field = artist ? cellText(*artist, r) : std::string();
        if (artist) {
            const auto names = splitArtistField(field, options.artistSeparators);
            if (names.size() > 1) ++g.multiArtistFields;
            for (const auto& name : names) {
                const auto [it, fresh] = artistIds.emplace(foldedKey(name), static_cast<std::int32_t>(g.artistNames.size()));
                if (fresh) g.artistNames.push_back(name);
                g.artistsOfRow[r].push_back(it->second);
            }
        }
        if (title) g.titles[r] = cellText(*title, r);
        if (artist && title) {
            g.songKeys[r] = songKey(field, g.titles[r]);
            if (g.songKeys[r].empty()) continue;
            const auto [it, fresh] = songIds.emplace(g.songKeys[r], static_cast<std::int64_t>(g.songs));
            if (fresh) ++g.songs;
            g.songOfRow[r] = it->second;
        }
    }
    return g;
}

std::vector<std::size_t> songGroupOfRow(const RowGroups& groups) {
    const std::size_t rows = groups.songOfRow.size();
    if (!groups.hasArtists || !groups.hasTitles)
        throw std::invalid_argument("a song split needs an artist column and a title column");
    std::vector<std::size_t> out(rows);
    for (std::size_t r = 0; r < rows; ++r)  // songs first, then one group per row without a song
        out[r] = groups.songOfRow[r] >= 0 ? static_cast<std::size_t>(groups.songOfRow[r]) : groups.songs + r;
    return out;
}

std::vector<std::size_t> artistGroupOfRow(const RowGroups& groups) {
    if (!groups.hasArtists) throw std::invalid_argument("an artist split needs an artist column");
    const std::size_t artists = groups.artistNames.size(), rows = groups.artistsOfRow.size();
    std::vector<std::size_t> parent(artists);
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    for (const auto& ids : groups.artistsOfRow)
        for (std::size_t i = 1; i < ids.size(); ++i) {
            const std::size_t a = findRoot(parent, static_cast<std::size_t>(ids[0]));
            const std::size_t b = findRoot(parent, static_cast<std::size_t>(ids[i]));
            if (a != b) parent[std::max(a, b)] = std::min(a, b);
        }
    std::vector<std::size_t> out(rows);
    for (std::size_t r = 0; r < rows; ++r)
        out[r] = groups.artistsOfRow[r].empty() ? artists + r : findRoot(parent, static_cast<std::size_t>(groups.artistsOfRow[r][0]));
    return out;
}

} // namespace genrelab
