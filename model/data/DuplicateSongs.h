#pragma once
// Songs the file holds more than once, and what they cost: rows that repeat, labels that
// conflict, the accuracy no one-genre-per-song classifier can pass, and how many test rows of a
// split share a song or an artist with training.
#include "data/RowGroups.h"
#include "data/Split.h"
#include "data/Table.h"

#include <cstddef>
#include <limits>
#include <vector>

namespace genrelab {

struct ConflictPair {
    int classA = 0, classB = 0;  // class indices, classA < classB
    std::size_t songs = 0;       // repeated songs carrying both classes
};

struct DuplicateSongs {
    std::size_t repeatedSongs = 0;         // songs with two or more rows
    std::size_t rowsInRepeatedSongs = 0;
    // Repeated songs whose rows agree in every numeric and boolean column but the class (text
    // columns and identifiers are not compared).
    std::size_t identicalFeatureSongs = 0;
    std::size_t conflictingSongs = 0;      // repeated songs with more than one class
    // Labeled rows beyond the count of their song's most common class: wrong for any classifier
    // that gives one class per song. A row without a song counts as a song of its own.
    std::size_t rowsCannotBeRight = 0;
    std::size_t labeledRows = 0;
    double ceiling = std::numeric_limits<double>::quiet_NaN();  // 1 - rowsCannotBeRight / labeledRows
    std::vector<ConflictPair> conflictPairs;  // most songs first, then by class indices
};

// Needs groups with artists and titles (else every count is 0 and the ceiling NaN).
DuplicateSongs findDuplicateSongs(const Table& table, const RowGroups& groups);

// Identifier columns: kind Id, and text columns named like one (identifierName), not the target.
std::vector<std::size_t> identifierColumns(const Table& table);

// The same counts with rows grouped by the value of an identifier column instead of by song:
// one track id listed in several rows is one item repeated, whatever its labels.
DuplicateSongs findDuplicateIds(const Table& table, std::size_t idColumn);

// Rows identical in every column (the class included) to an earlier row.
std::size_t identicalRows(const Table& table);

// Per row: true for a row of a song that an earlier row (in file order) already holds.
std::vector<bool> laterRepeats(const RowGroups& groups);

struct SplitOverlap {
    std::size_t testRows = 0;
    std::size_t testRowsSeenSong = 0;    // test rows whose song has a training row
    std::size_t testRowsSeenArtist = 0;  // test rows with at least one artist in a training row
};
SplitOverlap splitOverlap(const RowGroups& groups, const Split& split);

} // namespace genrelab
