#include "eval/GroupEffects.h"

#include "models/GroupedModel.h"

#include <algorithm>
#include <cmath>

namespace genrelab {
namespace {

std::vector<Eigen::Index> evenlySpaced(Eigen::Index total, std::size_t maxDraws) {
    const auto used = std::min<Eigen::Index>(total, static_cast<Eigen::Index>(maxDraws));
    std::vector<Eigen::Index> rows;
    for (Eigen::Index k = 0; k < used; ++k) rows.push_back(k * total / used);
    return rows;
}

} // namespace

ArtistShrinkage artistShrinkage(const LogDensity& model, const Posterior& posterior, const SparseRows& trainArtists,
                                const Eigen::VectorXi& yTrain, std::size_t maxDraws) {
    ArtistShrinkage out;
    const auto* grouped = dynamic_cast<const GroupedModel*>(&model);
    const ParameterBlock* block = model.layout().find("artist_z");
    if (!grouped || !block || trainArtists.rows() != static_cast<std::size_t>(yTrain.size())) return out;
    const Eigen::Index classes = block->rows, artists = block->cols;
    for (Eigen::Index a = 0; a < artists; ++a) out.artists.push_back(block->colLabel(a));
    for (Eigen::Index c = 0; c < classes; ++c) out.classes.push_back(block->rowLabel(c));
    out.tracks = Eigen::VectorXd::Zero(artists);
    out.rawShare = Eigen::MatrixXd::Zero(artists, classes);
    out.populationShare = Eigen::VectorXd::Zero(classes);
    for (std::size_t r = 0; r < trainArtists.rows(); ++r) {
        const int y = yTrain[static_cast<Eigen::Index>(r)];
        out.populationShare[y] += 1;
        for (const std::int32_t a : trainArtists.idsOf(r)) {
            out.tracks[a] += 1;
            out.rawShare(a, y) += 1;
        }
    }
    if (yTrain.size() > 0) out.populationShare /= static_cast<double>(yTrain.size());
    for (Eigen::Index a = 0; a < artists; ++a)
        if (out.tracks[a] > 0) out.rawShare.row(a) /= out.tracks[a];
    out.offset = Eigen::MatrixXd::Zero(artists, classes);
    const PooledDraws pooled = posterior.pooled();
    const auto draws = evenlySpaced(pooled.rows(), maxDraws);
    for (const Eigen::Index s : draws) out.offset += grouped->terms().artistOffsets(pooled.row(s).transpose()).transpose();
    out.draws = draws.size();
    if (!draws.empty()) out.offset /= static_cast<double>(draws.size());
    else out.offset.setConstant(std::nan(""));
    return out;
}

std::vector<TitleCue> largestTitleCues(const LogDensity& model, const Posterior& posterior, std::size_t count, std::size_t maxDraws) {
    const auto* grouped = dynamic_cast<const GroupedModel*>(&model);
    const ParameterBlock* block = model.layout().find("token_z");
    if (!grouped || !block) return {};
    const PooledDraws pooled = posterior.pooled();
    const auto draws = evenlySpaced(pooled.rows(), maxDraws);
    if (draws.empty()) return {};
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(block->rows, block->cols), squares = sum;  // classes x tokens
    for (const Eigen::Index s : draws) {
        const Eigen::MatrixXd w = grouped->terms().tokenWeights(pooled.row(s).transpose());
        sum += w;
        squares += w.cwiseAbs2();
    }
    const double n = static_cast<double>(draws.size());
    const Eigen::MatrixXd mean = sum / n;
    std::vector<TitleCue> cues;
    for (Eigen::Index t = 0; t < mean.cols(); ++t)
        for (Eigen::Index c = 0; c < mean.rows(); ++c) {
            const double variance = n > 1 ? std::max(0.0, (squares(c, t) - n * mean(c, t) * mean(c, t)) / (n - 1)) : std::nan("");
            cues.push_back({block->colLabel(t), block->rowLabel(c), static_cast<int>(c), mean(c, t), std::sqrt(variance)});
        }
    const auto larger = [](const TitleCue& a, const TitleCue& b) {
        if (std::abs(a.weight) != std::abs(b.weight)) return std::abs(a.weight) > std::abs(b.weight);
        return a.token != b.token ? a.token < b.token : a.className < b.className;
    };
    const std::size_t kept = std::min(count, cues.size());
    std::partial_sort(cues.begin(), cues.begin() + static_cast<std::ptrdiff_t>(kept), cues.end(), larger);
    cues.resize(kept);
    return cues;
}

} // namespace genrelab
