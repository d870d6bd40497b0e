#pragma once
// The artists and the song of every row of a table, by the rules of GroupOptions: what the
// grouped splits, the duplicate findings and the prepared artist memberships share.
#include "data/GroupOptions.h"
#include "data/Table.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

struct RowGroups {
    bool hasArtists = false;  // an artist column is chosen
    bool hasTitles = false;   // a title column is chosen
    // Per artist id: the name as first written (trimmed). Artists are told apart by their folded
    // name (foldedKey), so "KALI" and "Kali" are one artist.
    std::vector<std::string> artistNames;
    // Per row: the distinct artists its field names, in field order. Empty for an empty cell.
    std::vector<std::vector<std::int32_t>> artistsOfRow;
    std::vector<std::string> titles;  // per row: the title cell as read; empty where missing
    // Per row: a song id, or -1 where the artist or the title is missing (such a row is no
    // repeat of anything). A song is the artist field and the title, both folded (foldedKey).
    std::vector<std::int64_t> songOfRow;
    std::vector<std::string> songKeys;  // per row: songKey(), empty where songOfRow is -1
    std::size_t songs = 0;
    std::size_t multiArtistFields = 0;  // rows whose field names two or more artists
};

// Throws DataError naming a chosen column the table does not have, and listing its columns.
RowGroups groupRows(const Table& table, const GroupOptions& options);

// The artists one field names, trimmed, in order, each once (compared folded).
std::vector<std::string> splitArtistField(std::string_view field, const std::vector<std::string>& separators);

// Trimmed of spaces and tabs, ASCII letters lower-cased; other bytes (accents, non-Latin
// scripts) compare as written.
std::string foldedKey(std::string_view text);

// The key that tells songs apart: the artist field and the title, both folded; empty when either
// is empty (such a row is no song).
std::string songKey(std::string_view artistField, std::string_view title);

// Per row: the group the grouped splits keep on one side. By song: rows of one song share a
// group; by artist: rows linked through a shared artist (a field naming several artists links
// them all) share one. A row without a song (or without an artist) is a group of its own.
std::vector<std::size_t> songGroupOfRow(const RowGroups& groups);
std::vector<std::size_t> artistGroupOfRow(const RowGroups& groups);

} // namespace genrelab
