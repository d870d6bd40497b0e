#include "data/SongCopies.h"

#include <stdexcept>
#include <utility>

namespace genrelab {

SongCopies::SongCopies(std::vector<std::string> trainingKeys, std::vector<int> trainingLabels, int classes)
    : keys_(std::move(trainingKeys)), labels_(std::move(trainingLabels)), classes_(classes) {
    if (keys_.size() != labels_.size()) throw std::invalid_argument("song copies need one label per training song key");
    for (std::size_t r = 0; r < keys_.size(); ++r) {
        if (labels_[r] < 0 || labels_[r] >= classes_) throw std::invalid_argument("song copies: a training label is out of range");
        if (keys_[r].empty()) continue;
        auto& counts = countsOfSong_[keys_[r]];
        counts.resize(static_cast<std::size_t>(classes_), 0);
        ++counts[static_cast<std::size_t>(labels_[r])];
    }
}

void SongCopies::appendShares(const std::vector<int>* counts, int leaveOut, SparseRows& out) const {
    std::vector<std::int32_t> ids;
    std::vector<double> values;
    if (counts) {
        int total = -(leaveOut >= 0 ? 1 : 0);
        for (int n : *counts) total += n;
        for (int c = 0; c < classes_ && total > 0; ++c) {
            const int n = (*counts)[static_cast<std::size_t>(c)] - (c == leaveOut ? 1 : 0);
            if (n <= 0) continue;
            ids.push_back(c);
            values.push_back(static_cast<double>(n) / static_cast<double>(total));
        }
    }
    out.appendRow(ids, values);
}

SparseRows SongCopies::ofTrainingRows() const {
    SparseRows out;
    for (std::size_t r = 0; r < keys_.size(); ++r) {
        const auto it = keys_[r].empty() ? countsOfSong_.end() : countsOfSong_.find(keys_[r]);
        appendShares(it == countsOfSong_.end() ? nullptr : &it->second, labels_[r], out);
    }
    return out;
}

SparseRows SongCopies::ofOtherRows(const std::vector<std::string>& keys) const {
    SparseRows out;
    for (const auto& key : keys) {
        const auto it = key.empty() ? countsOfSong_.end() : countsOfSong_.find(key);
        appendShares(it == countsOfSong_.end() ? nullptr : &it->second, -1, out);
    }
    return out;
}

} // namespace genrelab
