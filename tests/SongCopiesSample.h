#pragma once
// Shared by the song-copy and artist-song tests: a small table of songs in several copies under
// mixed labels, its run spec, and a sparse row as (id, value) pairs.
#include "data/Csv.h"
#include "data/SparseRows.h"
#include "data/Table.h"
#include "models/ModelSpec.h"
#include "run/RunSpec.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace genrelab::testing {

inline std::vector<std::pair<std::int32_t, double>> rowOf(const SparseRows& rows, std::size_t r) {
    std::vector<std::pair<std::int32_t, double>> out;
    for (std::size_t k = 0; k < rows.idsOf(r).size(); ++k) out.emplace_back(rows.idsOf(r)[k], rows.valuesOf(r)[k]);
    return out;
}

inline std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// 120 rows in pairs (2k: class p, 2k+1: class q, then r and s in the next pairs); the song of
// row r is r % 30, so each song has four copies under mixed labels; its artist is the song % 7.
// swappedPairs: the pairs whose two labels trade places.
inline Table pairTable(const std::vector<std::size_t>& swappedPairs) {
    std::string csv = "Artist,Title,x,z,Class\n";
    const char* names[] = {"p", "q", "r", "s"};
    for (std::size_t r = 0; r < 120; ++r) {
        const std::size_t pair = r / 2;
        std::size_t label = (pair % 2) * 2 + (r % 2);
        if (std::find(swappedPairs.begin(), swappedPairs.end(), pair) != swappedPairs.end()) label ^= 1u;
        const std::size_t song = r % 30;
        csv += quoted("Artist " + std::to_string(song % 7)) + "," + quoted("Song " + std::to_string(song)) + "," +
               std::to_string((r * 37) % 23) + "," + std::to_string((r * 11) % 13) + "," + names[label] + "\n";
    }
    return parseTable(csv, "pairs.csv");
}

inline RunSpec pairSpec() {
    RunSpec spec;
    spec.prep.groups.artistColumn = "Artist";
    spec.prep.groups.titleColumn = "Title";
    spec.split.testRows = 40;
    spec.split.seed = 3;
    setModelByName(spec.model, "flat");
    spec.model.terms.artistEffects = true;
    spec.model.terms.songCopies = true;
    spec.svi.steps = 300;
    spec.guideDraws = 40;
    spec.predictiveDraws = 20;
    return spec;
}

} // namespace genrelab::testing
