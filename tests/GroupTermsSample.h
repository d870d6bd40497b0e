#pragma once
// Shared by the group-term tests: rows with dense features, artists (some rows two artists at
// 1/2 each, some none) and title tokens, labelled from planted artist offsets and a title cue;
// and a model spec in double precision (finite differences need it).
#include "models/ModelData.h"
#include "models/ModelSpec.h"
#include "util/Rng.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab::testing {

// Rows with dense features, artists (some rows two artists at 1/2 each, some none) and tokens.
struct GroupedSample {
    Eigen::MatrixXd x;
    Eigen::VectorXi y;
    ModelGroups groups;
    Eigen::MatrixXd plantedArtist;  // classes x artists
    int cueToken = 0, cueClass = 0;
};

// Labels from softmax(x b + planted artist offset + cue): each artist favours one class by
// `strength`; token 0 ("w:remix") pushes toward class cueClass by `cue`; the other tokens are noise.
inline GroupedSample groupedSample(int rows, int artists, int tokens, int classes, double strength, double cue, std::uint64_t seed) {
    Rng rng(seed);
    GroupedSample s;
    const int features = 2;
    s.x.resize(rows, features);
    s.y.resize(rows);
    s.plantedArtist = Eigen::MatrixXd::Zero(classes, artists);
    for (int a = 0; a < artists; ++a) s.plantedArtist(a % classes, a) = strength;
    s.cueClass = classes - 1;
    for (int a = 0; a < artists; ++a) s.groups.artistNames.push_back("artist " + std::to_string(a));
    s.groups.tokenNames.push_back("w:remix");
    for (int t = 1; t < tokens; ++t) s.groups.tokenNames.push_back("w:noise" + std::to_string(t));
    Eigen::MatrixXd b(features, classes);
    for (int d = 0; d < features; ++d)
        for (int c = 0; c < classes; ++c) b(d, c) = 0.5 * rng.normal();
    for (int n = 0; n < rows; ++n) {
        for (int d = 0; d < features; ++d) s.x(n, d) = rng.normal();
        Eigen::VectorXd logits = (s.x.row(n) * b).transpose();
        std::vector<std::int32_t> ids;
        std::vector<double> weights;
        if (n % 7 != 6) {  // every 7th row has no (seen) artist
            ids.push_back(static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(artists))));
            if (n % 5 == 0) {
                const auto second = static_cast<std::int32_t>((ids[0] + 1) % artists);
                ids.push_back(second);
            }
            std::sort(ids.begin(), ids.end());
            weights.assign(ids.size(), 1.0 / static_cast<double>(ids.size()));
            for (std::size_t k = 0; k < ids.size(); ++k) logits += weights[k] * s.plantedArtist.col(ids[k]);
        }
        s.groups.artists.appendRow(ids, weights);
        std::vector<std::int32_t> tokenIds;
        for (int t = 0; t < tokens; ++t)
            if (rng.bernoulli(t == 0 ? 0.2 : 0.3)) tokenIds.push_back(t);
        const std::vector<double> values(tokenIds.size(), tokenIds.empty() ? 0.0 : 1.0 / std::sqrt(static_cast<double>(tokenIds.size())));
        for (std::size_t k = 0; k < tokenIds.size(); ++k)
            if (tokenIds[k] == 0) logits[s.cueClass] += cue * values[k];
        s.groups.tokens.appendRow(tokenIds, values);
        Eigen::VectorXd p = (logits.array() - logits.maxCoeff()).exp();
        p /= p.sum();
        double u = rng.uniform(), acc = 0.0;
        int label = classes - 1;
        for (int c = 0; c < classes; ++c)
            if ((acc += p[c]) > u) {
                label = c;
                break;
            }
        s.y[n] = label;
    }
    return s;
}

inline ModelSpec groupedSpec(std::string_view name, bool artists, bool titles) {
    ModelSpec spec;
    setModelByName(spec, name);
    spec.regression.precision = spec.mlp.precision = KernelPrecision::Double;  // finite differences need double
    spec.mlp.hidden = {4};
    spec.terms.artistEffects = artists;
    spec.terms.titleTokens = titles;
    return spec;
}

} // namespace genrelab::testing
