#include "data/GroupedFindings.h"

#include "data/DuplicateSongs.h"
#include "data/RowGroups.h"
#include "data/Split.h"
#include "util/Format.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace genrelab {
namespace {

std::string count(std::size_t n) { return grouped(static_cast<std::int64_t>(n)); }
double number(std::size_t n) { return static_cast<double>(n); }

void addArtistFindings(const Table& table, const GroupOptions& options, const RowGroups& groups, QualityReport& report) {
    std::map<std::string, std::size_t> fields;  // artist cells as written, trimmed
    const Column& column = table.column(*table.indexOf(*options.artistColumn));
    std::size_t withArtist = 0;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        if (groups.artistsOfRow[r].empty()) continue;
        ++withArtist;
        if (column.kind == ColumnKind::Text) {
            const auto& text = column.texts[r];
            const auto first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
            ++fields[text.substr(first, last - first + 1)];
        }
    }
    std::vector<std::size_t> rowsOfArtist(groups.artistNames.size(), 0);
    for (const auto& ids : groups.artistsOfRow)
        for (auto a : ids) ++rowsOfArtist[static_cast<std::size_t>(a)];
    const auto single = static_cast<std::size_t>(std::count(rowsOfArtist.begin(), rowsOfArtist.end(), std::size_t{1}));
    const auto singleFields = static_cast<std::size_t>(std::count_if(fields.begin(), fields.end(), [](const auto& f) { return f.second == 1; }));
    Artifact a;
    a.column = *options.artistColumn;
    a.kind = "artists";
    a.rows = withArtist;
    a.note = counted(fields.size(), "distinct artist field", "distinct artist fields") + " as written (" + count(singleFields) +
             " with a single track); split on " + counted(options.artistSeparators.size(), "separator", "separators") +
             " and compared case-insensitively, " + counted(groups.artistNames.size(), "artist", "artists") + " (" + count(single) +
             " with a single track); " + counted(groups.multiArtistFields, "field names", "fields name") + " several artists; " +
             counted(table.rows() - withArtist, "row has", "rows have") + " no artist. An artist seen only once cannot be learnt from, only fall back to the population.";
    a.figures = {{"distinct_fields", number(fields.size())}, {"single_track_fields", number(singleFields)},
                 {"distinct", number(groups.artistNames.size())}, {"single_track", number(single)},
                 {"multi_artist_fields", number(groups.multiArtistFields)}};
    report.artifacts.push_back(std::move(a));
}

// The finding for repeated items (songs, identifier values): rows, identical features, labels
// that conflict, the accuracy ceiling. `items` names them ("12 songs (...)"), `item` one of them.
Artifact duplicateArtifact(const DuplicateSongs& d, const std::string& items, const std::string& item, const QualityReport& report) {
    Artifact a;
    a.kind = "duplicate_conflict";
    a.rows = d.rowsInRepeatedSongs;
    a.note = items + (d.repeatedSongs == 1 ? " occurs" : " occur") + " more than once, in " + counted(d.rowsInRepeatedSongs, "row", "rows") + "; " +
             counted(d.identicalFeatureSongs, "of them is", "of them are") + " identical in every numeric column";
    if (report.target) {
        a.note += "; " + counted(d.conflictingSongs, "carries", "carry") + " more than one class";
        std::string pairs;
        for (std::size_t i = 0; i < d.conflictPairs.size() && i < 5; ++i) {
            const auto& p = d.conflictPairs[i];
            pairs += (pairs.empty() ? "" : ", ") + report.classNames[static_cast<std::size_t>(p.classA)] + " / " +
                     report.classNames[static_cast<std::size_t>(p.classB)] + " (" + count(p.songs) + ")";
        }
        if (!pairs.empty()) a.note += ", most often " + pairs;
        if (d.conflictPairs.size() > 5) a.note += " and " + count(d.conflictPairs.size() - 5) + " more pairs";
        a.note += ". " + counted(d.rowsCannotBeRight, "row", "rows") + " (" + percent(1.0 - d.ceiling) +
                  ") cannot be right for any classifier that gives one class per " + item + ": accuracy is capped at " + fixed(d.ceiling, 3) +
                  ". Across a random split a repeated " + item + " is a test row seen in training, often under another label: " +
                  (item == "song" ? std::string("split by song") : "keep each " + item + "'s rows on one side of the split") +
                  " or drop the repeats to measure honestly.";
    } else {
        a.note += ".";
    }
    a.figures = {{"songs", number(d.repeatedSongs)},
                 {"identical_numeric", number(d.identicalFeatureSongs)},
                 {"conflicting", number(d.conflictingSongs)},
                 {"cannot_be_right", number(d.rowsCannotBeRight)},
                 {"ceiling", d.ceiling}};
    return a;
}

void addDuplicateFindings(const Table& table, const RowGroups& groups, QualityReport& report) {
    const std::size_t identical = identicalRows(table);
    if (identical > 0)
        report.artifacts.push_back({"", "duplicate_rows", identical,
                                    counted(identical, "row is", "rows are") + " identical in every column to an earlier row: each counts twice "
                                                       "in training, and across a split it is a test row already seen.",
                                    {}, {}, {}});
    if (!groups.hasArtists || !groups.hasTitles) return;
    const DuplicateSongs d = findDuplicateSongs(table, groups);
    if (d.repeatedSongs == 0) return;
    Artifact a = duplicateArtifact(d, counted(d.repeatedSongs, "song", "songs") + " (artist and title trimmed, compared case-insensitively)",
                                   "song", report);
    a.note.insert(a.note.find(';', a.note.find(" identical in every numeric column")), "; " + counted(identical, "row is", "rows are") + " identical in every column");
    a.figures.insert(a.figures.begin() + 2, {"identical_rows", number(identical)});
    report.artifacts.push_back(std::move(a));
}

void addSplitOverlap(const Table& table, const GroupInspection& inspection, const RowGroups& groups, QualityReport& report) {
    Artifact a;
    a.kind = "split_overlap";
    const std::string kind(splitKindName(inspection.split.kind));
    try {
        Split split;
        if (inspection.split.kind == SplitKind::Random) split = stratifiedSplit(table.classOfRow(), inspection.split);
        else if (inspection.split.kind == SplitKind::Song) split = groupedSplit(table.classOfRow(), songGroupOfRow(groups), inspection.split);
        else split = groupedSplit(table.classOfRow(), artistGroupOfRow(groups), inspection.split);
        const SplitOverlap o = splitOverlap(groups, split);
        const double n = static_cast<double>(std::max<std::size_t>(o.testRows, 1));
        a.rows = o.testRows;
        a.note = "On the " + kind + " split (seed " + std::to_string(inspection.split.seed) + ", " + count(o.testRows) + " test rows): ";
        if (groups.hasArtists && groups.hasTitles)
            a.note += count(o.testRowsSeenSong) + " test rows (" + percent(static_cast<double>(o.testRowsSeenSong) / n) +
                      ") have their song in training";
        if (groups.hasArtists)
            a.note += std::string(groups.hasTitles ? "; " : "") + count(o.testRowsSeenArtist) + " (" +
                      percent(static_cast<double>(o.testRowsSeenArtist) / n) + ") an artist seen in training";
        // How far the grouped split kept the class shares: the largest gap between a class's share
        // of the test rows and of all labeled rows.
        std::vector<std::size_t> all(report.classLabels.size(), 0), test(report.classLabels.size(), 0);
        for (int c : table.classOfRow())
            if (c >= 0) ++all[static_cast<std::size_t>(c)];
        for (std::size_t r : split.test) ++test[static_cast<std::size_t>(table.classOfRow()[r])];
        const double labeled = static_cast<double>(report.rows - report.unlabeledRows);
        double gap = 0;
        for (std::size_t c = 0; c < all.size(); ++c)
            gap = std::max(gap, std::fabs(static_cast<double>(test[c]) / n - static_cast<double>(all[c]) / labeled));
        a.note += "; each class's share of the test rows is within " + fixed(100.0 * gap, 2) + " percentage points of its share of the file.";
        a.figures = {{"test_rows", number(o.testRows)}, {"largest_class_share_gap", gap}};
        if (groups.hasArtists && groups.hasTitles) a.figures.push_back({"test_rows_seen_song", number(o.testRowsSeenSong)});
        a.figures.push_back({"test_rows_seen_artist", number(o.testRowsSeenArtist)});
    } catch (const std::invalid_argument& error) {
        a.note = "The " + kind + " split cannot be made: " + error.what() + ".";
    }
    report.artifacts.push_back(std::move(a));
}

} // namespace

void addGroupedFindings(const Table& table, const GroupInspection& inspection, QualityReport& report) {
    const RowGroups groups = groupRows(table, inspection.groups);
    if (groups.hasArtists) addArtistFindings(table, inspection.groups, groups, report);
    addDuplicateFindings(table, groups, report);
    if (report.target && groups.hasArtists) addSplitOverlap(table, inspection, groups, report);
}

// Repeated values of an identifier column: the rows of one item, as repeated songs are.
void addIdentifierFindings(const Table& table, QualityReport& report) {
    for (std::size_t c : identifierColumns(table)) {
        const DuplicateSongs d = findDuplicateIds(table, c);
        if (d.repeatedSongs == 0) continue;
        const std::string& name = table.column(c).name;
        Artifact a = duplicateArtifact(d, counted(d.repeatedSongs, "value", "values") + " of the identifier '" + name + "'", "item", report);
        a.column = name;
        report.artifacts.push_back(std::move(a));
    }
}

} // namespace genrelab
