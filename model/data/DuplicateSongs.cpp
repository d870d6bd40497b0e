#include "data/DuplicateSongs.h"

#include "util/Format.h"

#include <algorithm>
#include <map>
#include <string>
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

} // namespace

DuplicateSongs findDuplicateSongs(const Table& table, const RowGroups& groups) {
    DuplicateSongs d;
    const auto& classOfRow = table.classOfRow();
    for (int c : classOfRow) d.labeledRows += c >= 0;
    if (!groups.hasArtists || !groups.hasTitles) return d;

    std::vector<std::vector<std::size_t>> rowsOfSong(groups.songs);
    for (std::size_t r = 0; r < table.rows(); ++r)
        if (groups.songOfRow[r] >= 0) rowsOfSong[static_cast<std::size_t>(groups.songOfRow[r])].push_back(r);

    // The columns compared for "identical": all but the target and text columns (artist, title
    // and any other words, which differ in spelling more than in content).
    std::vector<std::size_t> compared;
    for (std::size_t c = 0; c < table.columnCount(); ++c)
        if (table.targetIndex() != c && table.column(c).kind != ColumnKind::Text) compared.push_back(c);

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
