#pragma once
// The genres a song carries elsewhere in the training rows. The file holds songs (artist and
// title, folded) several times, mostly under different genres; a row's other copies and their
// labels are information a model may use, read from training labels only:
//   a training row: its song's other training rows (never itself),
//   any other row (validation, test, a new file): its song's training rows.
// Per row the result is a sparse row over classes: each class's share of those copies. A row
// whose song has no such copy (or that has no song) has no entries.
#include "data/SparseRows.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace genrelab {

class SongCopies {
public:
    // trainingKeys: songKey() per training row (empty: no song); trainingLabels: its class index.
    // Throws std::invalid_argument when the two differ in length or a label is outside 0..classes-1.
    SongCopies(std::vector<std::string> trainingKeys, std::vector<int> trainingLabels, int classes);

    SparseRows ofTrainingRows() const;
    SparseRows ofOtherRows(const std::vector<std::string>& keys) const;

private:
    // Appends the shares of counts, less one copy of leaveOut (-1: none), as one row.
    void appendShares(const std::vector<int>* counts, int leaveOut, SparseRows& out) const;

    std::vector<std::string> keys_;
    std::vector<int> labels_;
    int classes_ = 0;
    std::unordered_map<std::string, std::vector<int>> countsOfSong_;  // per song key: training rows per class
};

} // namespace genrelab
