#pragma once
// For the model tests over every model and group term: a small grouped sample (30 rows, 3
// features, 3 classes; rows name 0-2 of 5 artists, 0-3 of 4 tokens and, every fifth, a song copy
// of another class) and the coordinates each model takes.
#include "models/ModelData.h"
#include "util/Rng.h"

#include <Eigen/Core>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab::testing {

// The coordinates a model can be fitted in (the MLP has one form; the regressions four), by name.
inline std::vector<std::string> coordinatesOf(std::string_view model) {
    if (model == "mlp") return {"non-centered"};
    return {"non-centered", "centered", "partially-centered", "shift"};
}

struct Sample {
    Eigen::MatrixXd x;
    Eigen::VectorXi y;
    ModelGroups groups;
};

inline Sample groupedSample() {
    Rng rng(5);
    Sample s;
    const int rows = 30, classes = 3;
    s.x.resize(rows, 3);
    s.y.resize(rows);
    for (int a = 0; a < 5; ++a) s.groups.artistNames.push_back("artist " + std::to_string(a));
    for (int t = 0; t < 4; ++t) s.groups.tokenNames.push_back("w:t" + std::to_string(t));
    for (int n = 0; n < rows; ++n) {
        for (int d = 0; d < 3; ++d) s.x(n, d) = rng.normal();
        s.y[n] = n % classes;
        std::vector<std::int32_t> artists;
        if (n % 4 != 3) artists.push_back(static_cast<std::int32_t>(n % 5));
        if (n % 6 == 0) artists.push_back(static_cast<std::int32_t>((n + 2) % 5));
        std::sort(artists.begin(), artists.end());
        s.groups.artists.appendRow(artists, std::vector<double>(artists.size(), artists.empty() ? 0.0 : 1.0 / static_cast<double>(artists.size())));
        std::vector<std::int32_t> tokens;
        for (int t = 0; t < 4; ++t)
            if ((n + t) % 3 == 0) tokens.push_back(t);
        s.groups.tokens.appendRow(tokens, std::vector<double>(tokens.size(), 0.5));
        std::vector<std::int32_t> copies;
        if (n % 5 == 0) copies.push_back((n + 1) % classes);
        s.groups.songCopies.appendRow(copies, std::vector<double>(copies.size(), 1.0));
    }
    return s;
}

} // namespace genrelab::testing
