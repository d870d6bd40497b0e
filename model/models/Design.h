#pragma once
// The rows a model predicts for, as more than a dense feature vector: the dense features, each
// row's artists (ids into the training artists' vocabulary, weights summing to at most 1) and
// its title tokens (ids into the training titles' vocabulary), and how much of each row's artist
// offset is unknown (artists it names that training never saw) and the genres of its song's
// training copies. A model without group terms reads
// only x; the other parts may then be empty (no rows).
#include "data/SparseRows.h"

#include <Eigen/Core>

#include <utility>
#include <vector>

namespace genrelab {

struct Design {
    Eigen::MatrixXd x;     // rows x features
    SparseRows artists;    // rows, or empty
    SparseRows tokens;     // rows, or empty
    // Per row, sqrt(u) / k for a field naming k artists of which u are unseen (1 for a row naming
    // none): the unseen artists' part of the mean offset is N(0, sigma_artist * this), which
    // prediction integrates over. 0 where every named artist is seen. Empty: every row counts as
    // seen (the seen artists' mean offset alone).
    std::vector<double> unseenArtistSpread;
    // Per row, the class shares of its song's copies among the training rows (SongCopies.h), or empty.
    SparseRows songCopies;
    // Per row, the class shares of its artists' other songs among the training rows (ArtistSongs.h), or empty.
    SparseRows artistSongs;

    Eigen::Index rows() const { return x.rows(); }
    // Rows first .. first + count - 1, with their artists and tokens.
    Design middleRows(Eigen::Index first, Eigen::Index count) const {
        const auto f = static_cast<std::size_t>(first), n = static_cast<std::size_t>(count);
        std::vector<double> spread;
        if (!unseenArtistSpread.empty())
            spread.assign(unseenArtistSpread.begin() + first, unseenArtistSpread.begin() + first + count);
        return {x.middleRows(first, count), artists.middleRows(f, n), tokens.middleRows(f, n), std::move(spread),
                songCopies.middleRows(f, n), artistSongs.middleRows(f, n)};
    }
    // The rows `picked` (in that order), with every part a row carries (artists, tokens, song
    // copies, artist songs, unseen-artist spreads); a part empty here stays empty.
    Design rowsAt(const std::vector<Eigen::Index>& picked) const {
        Design out;
        out.x.resize(static_cast<Eigen::Index>(picked.size()), x.cols());
        for (std::size_t i = 0; i < picked.size(); ++i) out.x.row(static_cast<Eigen::Index>(i)) = x.row(picked[i]);
        for (auto [from, into] : {std::pair{&artists, &out.artists}, std::pair{&tokens, &out.tokens}, std::pair{&songCopies, &out.songCopies},
                                  std::pair{&artistSongs, &out.artistSongs}})
            if (from->rows() > 0)
                for (Eigen::Index r : picked) into->appendRow(from->idsOf(static_cast<std::size_t>(r)), from->valuesOf(static_cast<std::size_t>(r)));
        if (!unseenArtistSpread.empty())
            for (Eigen::Index r : picked) out.unseenArtistSpread.push_back(unseenArtistSpread[static_cast<std::size_t>(r)]);
        return out;
    }
};

} // namespace genrelab
