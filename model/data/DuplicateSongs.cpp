#include "data/DuplicateSongs.h"

#include "util/Format.h"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace genrelab {
namespace {

// One cell as text that tells missing, numbers and words apart.
void appendCell(std::string& key, const Column& column, std::size_t row) {
    if (column.missing[row]) key += '\x1e';
    else if (column.kind == ColumnKind::Text) key += column.texts[row];
    else key += shortestDouble(column.numbers[row]);
    key += '\x1f';
}

// The counts for rows grouped into items (songs, or values of an identifier): itemOfRow holds
// an item id below `items` per row, or -1 for a row that is no repeat of anything.
DuplicateSongs findRepeatedItems(const Table& table, const std::vector<std::int64_t>& itemOfRow, std::size_t items) {
    DuplicateSongs d;
    const auto& classOfRow = table.classOfRow();
    for (int c : classOfRow) d.labeledRows += c >= 0;

    std::vector<std::vector<std::size_t>> rowsOfSong(items);
    for (std::size_t r = 0; r < table.rows(); ++r)
        if (itemOfRow[r] >= 0) rowsOfSong[static_cast<std::size_t>(itemOfRow[r])].push_back(r);

    // The columns compared for "identical": the measurements, so not the target, identifiers (a
    // running index differs on every row) or text columns (artist, title and any other words,
    // which differ in spelling more than in content).
    std::vector<std::size_t> compared;
    for (std::size_t c = 0; c < table.columnCount(); ++c)
        if (table.targetIndex() != c && isFeatureKind(table.column(c).kind)) compared.push_back(c);

    std::map<std::pair<int, int>, std::size_t> pairs;
    for (const auto& rows : rowsOfSong) {
        if (rows.size() < 2) continue;
        ++d.repeatedSongs;
        d.rowsInRepeatedSongs += rows.size();
        std::unordered_set<std::string> features;
        std::map<int, std::size_t> labels;
        for (std::size_t r : rows) {
            std::string key;
            for (std::size_t c : compared) appendCell(key, table.column(c), r);
            features.insert(std::move(key));
            if (classOfRow[r] >= 0) ++labels[classOfRow[r]];
        }
        if (features.size() == 1) ++d.identicalFeatureSongs;
        std::size_t labeled = 0, most = 0;
        for (const auto& [label, count] : labels) {
            labeled += count;
            most = std::max(most, count);
        }
        d.rowsCannotBeRight += labeled - most;
        if (labels.size() < 2) continue;
        ++d.conflictingSongs;
        for (auto a = labels.begin(); a != labels.end(); ++a)
            for (auto b = std::next(a); b != labels.end(); ++b) ++pairs[{a->first, b->first}];
    }
    if (d.labeledRows > 0) d.ceiling = 1.0 - static_cast<double>(d.rowsCannotBeRight) / static_cast<double>(d.labeledRows);
    for (const auto& [classes, songs] : pairs) d.conflictPairs.push_back({classes.first, classes.second, songs});
    std::stable_sort(d.conflictPairs.begin(), d.conflictPairs.end(),
                     [](const ConflictPair& a, const ConflictPair& b) { return a.songs > b.songs; });
    return d;
}

} // namespace

DuplicateSongs findDuplicateSongs(const Table& table, const RowGroups& groups) {
    if (!groups.hasArtists || !groups.hasTitles) return findRepeatedItems(table, std::vector<std::int64_t>(table.rows(), -1), 0);
    return findRepeatedItems(table, groups.songOfRow, groups.songs);
}

std::vector<std::size_t> identifierColumns(const Table& table) {
    std::vector<std::size_t> out;
    for (std::size_t c = 0; c < table.columnCount(); ++c) {
        const Column& column = table.column(c);
        if (table.targetIndex() == c) continue;
        if (column.kind == ColumnKind::Id || (column.kind == ColumnKind::Text && identifierName(column.name))) out.push_back(c);
    }
    return out;
}

DuplicateSongs findDuplicateIds(const Table& table, std::size_t idColumn) {
    const Column& column = table.column(idColumn);
    std::vector<std::int64_t> itemOfRow(table.rows(), -1);
    std::size_t items = 0;
    if (column.kind == ColumnKind::Text) {
        std::unordered_map<std::string_view, std::int64_t> ids;
        ids.reserve(table.rows());
        for (std::size_t r = 0; r < table.rows(); ++r)
            if (!column.missing[r]) itemOfRow[r] = ids.emplace(column.texts[r], static_cast<std::int64_t>(ids.size())).first->second;
        items = ids.size();
    } else {
        std::unordered_map<double, std::int64_t> ids;
        ids.reserve(table.rows());
        for (std::size_t r = 0; r < table.rows(); ++r)
            if (!column.missing[r]) itemOfRow[r] = ids.emplace(column.numbers[r], static_cast<std::int64_t>(ids.size())).first->second;
        items = ids.size();
    }
    return findRepeatedItems(table, itemOfRow, items);
}

std::size_t identicalRows(const Table& table) {
    std::unordered_set<std::string> seen;
    std::size_t repeats = 0;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        std::string key;
        for (const Column& column : table.columns()) appendCell(key, column, r);
        if (!seen.insert(std::move(key)).second) ++repeats;
    }
    return repeats;
}

std::vector<bool> laterRepeats(const RowGroups& groups) {
    std::vector<bool> later(groups.songOfRow.size(), false);
    std::vector<bool> seen(groups.songs, false);
    for (std::size_t r = 0; r < groups.songOfRow.size(); ++r) {
        const auto song = groups.songOfRow[r];
        if (song < 0) continue;
        if (seen[static_cast<std::size_t>(song)]) later[r] = true;
        seen[static_cast<std::size_t>(song)] = true;
    }
    return later;
}

SplitOverlap splitOverlap(const RowGroups& groups, const Split& split) {
    SplitOverlap o;
    o.testRows = split.test.size();
    std::unordered_set<std::int64_t> trainSongs;
    std::unordered_set<std::int32_t> trainArtists;
    for (std::size_t r : split.train) {
        if (!groups.songOfRow.empty() && groups.songOfRow[r] >= 0) trainSongs.insert(groups.songOfRow[r]);
        if (!groups.artistsOfRow.empty())
            for (std::int32_t a : groups.artistsOfRow[r]) trainArtists.insert(a);
    }
    for (std::size_t r : split.test) {
        if (!groups.songOfRow.empty() && groups.songOfRow[r] >= 0 && trainSongs.count(groups.songOfRow[r])) ++o.testRowsSeenSong;
        if (groups.artistsOfRow.empty()) continue;
        const auto& artists = groups.artistsOfRow[r];
        if (std::any_of(artists.begin(), artists.end(), [&](std::int32_t a) { return trainArtists.count(a) > 0; }))
            ++o.testRowsSeenArtist;
    }
    return o;
}

} // namespace genrelab
