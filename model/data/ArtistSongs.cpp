#include "data/ArtistSongs.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace genrelab {

ArtistSongs::ArtistSongs(const SparseRows& trainingArtists, std::vector<std::string> trainingSongKeys, std::vector<int> trainingLabels,
                         int classes)
    : trainingArtists_(trainingArtists), keys_(std::move(trainingSongKeys)), labels_(std::move(trainingLabels)), classes_(classes) {
    if (keys_.size() != labels_.size() || trainingArtists_.rows() != labels_.size())
        throw std::invalid_argument("artist songs need one artist row, song key and label per training row");
    std::int32_t artists = 0;
    for (std::int32_t a : trainingArtists_.ids) {
        if (a < 0) throw std::invalid_argument("artist songs: an artist id is negative");
        artists = std::max(artists, a + 1);
    }
    countsOfArtist_.assign(static_cast<std::size_t>(artists) * static_cast<std::size_t>(classes_), 0);
    const auto width = static_cast<std::size_t>(classes_);
    for (std::size_t r = 0; r < labels_.size(); ++r) {
        if (labels_[r] < 0 || labels_[r] >= classes_) throw std::invalid_argument("artist songs: a training label is out of range");
        const auto label = static_cast<std::size_t>(labels_[r]);
        for (std::int32_t a : trainingArtists_.idsOf(r)) ++countsOfArtist_[static_cast<std::size_t>(a) * width + label];
        if (keys_[r].empty()) continue;
        auto& counts = countsOfSong_[keys_[r]];
        counts.resize(width, 0);
        ++counts[label];
    }
}

void ArtistSongs::appendShares(std::span<const std::int32_t> artists, const std::vector<int>* songCounts, SparseRows& out) const {
    const auto classes = static_cast<std::size_t>(classes_);
    std::vector<int> counts(classes, 0);
    for (std::int32_t a : artists) {
        const auto at = static_cast<std::size_t>(a);
        if (at * classes >= countsOfArtist_.size()) continue;  // not a training artist
        for (std::size_t c = 0; c < classes; ++c) counts[c] += countsOfArtist_[at * classes + c];
        // Every row of the song names the same artist field, so each of its artists counted them.
        if (songCounts)
            for (std::size_t c = 0; c < classes; ++c) counts[c] -= (*songCounts)[c];
    }
    int total = 0;
    for (int& n : counts) total += (n = std::max(n, 0));
    std::vector<std::int32_t> ids;
    std::vector<double> values;
    for (std::size_t c = 0; c < classes && total > 0; ++c) {
        if (counts[c] <= 0) continue;
        ids.push_back(static_cast<std::int32_t>(c));
        values.push_back(static_cast<double>(counts[c]) / static_cast<double>(total));
    }
    out.appendRow(ids, values);
}

SparseRows ArtistSongs::ofTrainingRows() const {
    SparseRows out;
    std::vector<int> self(static_cast<std::size_t>(classes_), 0);
    for (std::size_t r = 0; r < keys_.size(); ++r) {
        const auto it = keys_[r].empty() ? countsOfSong_.end() : countsOfSong_.find(keys_[r]);
        if (it != countsOfSong_.end()) {
            appendShares(trainingArtists_.idsOf(r), &it->second, out);
            continue;
        }
        // A row without a title is a song of its own: it leaves out itself.
        self.assign(self.size(), 0);
        self[static_cast<std::size_t>(labels_[r])] = 1;
        appendShares(trainingArtists_.idsOf(r), &self, out);
    }
    return out;
}

SparseRows ArtistSongs::ofOtherRows(const SparseRows& artists, const std::vector<std::string>& songKeys) const {
    if (artists.rows() != songKeys.size()) throw std::invalid_argument("artist songs need one artist row per song key");
    SparseRows out;
    for (std::size_t r = 0; r < songKeys.size(); ++r) {
        const auto it = songKeys[r].empty() ? countsOfSong_.end() : countsOfSong_.find(songKeys[r]);
        appendShares(artists.idsOf(r), it == countsOfSong_.end() ? nullptr : &it->second, out);
    }
    return out;
}

} // namespace genrelab
