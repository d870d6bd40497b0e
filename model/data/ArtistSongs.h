#pragma once
// The genres of a track's artists' *other songs* in the training rows. A hierarchical artist offset
// is fitted on every training row of the artist, the row itself included, so it explains its own
// rows better than it predicts a new track; read with a diagonal Normal prior it also leaves a seen
// artist's predictions under-confident. These shares are read the way a new track meets them:
//   a training row: the training rows of its artists, less every row of its own song (itself and
//                   its copies, which the song-copy term carries),
//   any other row:  the training rows of its artists, less the training rows of its own song.
// Per row the result is a sparse row over classes: each class's share among those rows (a row of
// several artists counts each artist's rows). A row with no such row has no entries.
#include "data/SparseRows.h"

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace genrelab {

class ArtistSongs {
public:
    // trainingArtists: per training row its artists (ids into the training artist vocabulary);
    // trainingSongKeys: songKey() per training row (empty: no title, the row is its only copy).
    // Throws std::invalid_argument when the three differ in length or a label or id is out of range.
    ArtistSongs(const SparseRows& trainingArtists, std::vector<std::string> trainingSongKeys, std::vector<int> trainingLabels,
                int classes);

    SparseRows ofTrainingRows() const;
    // artists: ids into the same vocabulary (unseen artists are simply absent), one row per key.
    SparseRows ofOtherRows(const SparseRows& artists, const std::vector<std::string>& songKeys) const;

private:
    // Appends the shares of the row's artists' counts less `copies` times its song's counts.
    void appendShares(std::span<const std::int32_t> artists, const std::vector<int>* songCounts, SparseRows& out) const;

    SparseRows trainingArtists_;
    std::vector<std::string> keys_;
    std::vector<int> labels_;
    int classes_ = 0;
    std::vector<int> countsOfArtist_;  // artists x classes, row-major
    std::unordered_map<std::string, std::vector<int>> countsOfSong_;
};

} // namespace genrelab
