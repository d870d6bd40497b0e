#pragma once
// Rows of sparse entries in compressed form (CSR): row i holds ids[offsets[i] .. offsets[i+1])
// with the same-indexed values. Group memberships (a track's artists, weighted 1/k over the k
// artists its field names) and title tokens travel with a row's dense features in this form.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <stdexcept>
#include <vector>

namespace genrelab {

struct SparseRows {
    std::vector<std::size_t> offsets{0};
    std::vector<std::int32_t> ids;
    std::vector<double> values;

    std::size_t rows() const { return offsets.size() - 1; }
    std::size_t entries() const { return ids.size(); }
    std::span<const std::int32_t> idsOf(std::size_t row) const {
        return {ids.data() + offsets[row], offsets[row + 1] - offsets[row]};
    }
    std::span<const double> valuesOf(std::size_t row) const {
        return {values.data() + offsets[row], offsets[row + 1] - offsets[row]};
    }
    void appendRow(std::span<const std::int32_t> rowIds, std::span<const double> rowValues) {
        if (rowIds.size() != rowValues.size())
            throw std::invalid_argument("SparseRows: a row needs one value per id");
        ids.insert(ids.end(), rowIds.begin(), rowIds.end());
        values.insert(values.end(), rowValues.begin(), rowValues.end());
        offsets.push_back(ids.size());
    }
    // Rows first .. first + count - 1 as rows of their own (an empty SparseRows stays empty).
    SparseRows middleRows(std::size_t first, std::size_t count) const {
        SparseRows out;
        if (rows() == 0) return out;
        const std::size_t begin = offsets[first], end = offsets[first + count];
        out.ids.assign(ids.begin() + static_cast<std::ptrdiff_t>(begin), ids.begin() + static_cast<std::ptrdiff_t>(end));
        out.values.assign(values.begin() + static_cast<std::ptrdiff_t>(begin), values.begin() + static_cast<std::ptrdiff_t>(end));
        out.offsets.resize(count + 1);
        for (std::size_t i = 0; i <= count; ++i) out.offsets[i] = offsets[first + i] - begin;
        return out;
    }
    bool operator==(const SparseRows&) const = default;
};

// sqrt(u) / k for a field naming k artists of which `seen` are training artists, u = k - seen:
// the mean of u independent N(0, sigma) offsets over k is N(0, sigma sqrt(u) / k). A field naming
// no artist is one artist nobody knows (u = k = 1).
inline double unseenArtistSpread(std::size_t named, std::size_t seen) {
    if (named == 0) return 1.0;
    return std::sqrt(static_cast<double>(named - seen)) / static_cast<double>(named);
}

// What a row holds beyond its dense features, in the row order of one split's feature matrix.
// Empty (no rows) when no artist or title column is chosen.
struct GroupedRows {
    // Ids into PreparedData::artistVocabulary (artists of the training rows); each of a row's
    // seen artists weighs 1/k, k = artists its field names. A row with no seen artist has no entries.
    SparseRows artists;
    // Per row, the spread of its unseen artists' part of the mean offset (unseenArtistSpread()).
    std::vector<double> unseenArtistSpread;
    std::vector<std::string> titles;  // the title cell as read; empty where missing
    std::vector<std::string> songKeys;  // songKey() per row with an artist and a title column, else empty
    // Per row, the genres of its song's copies among the training rows (SongCopies.h); empty
    // (no rows) without an artist and a title column.
    SparseRows songCopies;
    // Per row, the genres of its artists' other songs among the training rows (ArtistSongs.h);
    // empty (no rows) without an artist column.
    SparseRows artistSongs;
};

} // namespace genrelab
