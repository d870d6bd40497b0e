#pragma once
// The rows a model predicts for, as more than a dense feature vector: the dense features, each
// row's artists (ids into the training artists' vocabulary, weights summing to at most 1) and
// its title tokens (ids into the training titles' vocabulary). A model without group terms reads
// only x; the sparse parts may then be empty (no rows).
#include "data/SparseRows.h"

#include <Eigen/Core>

namespace genrelab {

struct Design {
    Eigen::MatrixXd x;     // rows x features
    SparseRows artists;    // rows, or empty
    SparseRows tokens;     // rows, or empty

    Eigen::Index rows() const { return x.rows(); }
    // Rows first .. first + count - 1, with their artists and tokens.
    Design middleRows(Eigen::Index first, Eigen::Index count) const {
        const auto f = static_cast<std::size_t>(first), n = static_cast<std::size_t>(count);
        return {x.middleRows(first, count), artists.middleRows(f, n), tokens.middleRows(f, n)};
    }
};

} // namespace genrelab
