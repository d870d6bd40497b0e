#pragma once
// The training data a model conditions on, laid out for the hot loops: transposed (features x
// rows) for the MLP's GEMMs, and as kernel rows (features as columns over rows) for the
// regression kernel, each in double and in float.
#include "data/SparseRows.h"
#include "models/LinearSoftmaxKernel.h"

#include <Eigen/Core>

#include <memory>
#include <string>
#include <vector>

namespace genrelab {

struct PreparedData;

// The training rows' artists, title tokens, song copies and artist songs, for models with group terms
// (ModelTerms.h): ids into artistNames, tokenNames and the classes. Empty (no rows) where the data
// has none.
struct ModelGroups {
    SparseRows artists, tokens;
    SparseRows songCopies;  // per row, the class shares of its song's other training copies (SongCopies.h)
    SparseRows artistSongs;  // per row, the class shares of its artists' other training songs (ArtistSongs.h)
    std::vector<std::string> artistNames, tokenNames;
};

struct ModelData {
    Eigen::MatrixXd xt;           // features x rows
    Eigen::MatrixXf xtf;          // the same in float (the MLP's float arithmetic)
    Eigen::VectorXi y;            // class index per row, 0..classes-1
    KernelRows columns;           // the same rows for the fused softmax-regression kernel
    int classes = 0;
    std::vector<std::string> featureNames, classNames;
    ModelGroups groups;

    Eigen::Index rows() const { return xt.cols(); }
    Eigen::Index features() const { return xt.rows(); }
};

// From rows x features and labels; throws std::invalid_argument on a label out of range,
// non-finite features, or groups whose rows or ids do not fit.
std::shared_ptr<const ModelData> makeModelData(const Eigen::MatrixXd& x, const Eigen::VectorXi& y, int classes,
                                               std::vector<std::string> featureNames = {},
                                               std::vector<std::string> classNames = {}, ModelGroups groups = {});

std::shared_ptr<const ModelData> trainingData(const PreparedData& prepared, std::vector<std::string> classNames = {},
                                              ModelGroups groups = {});

} // namespace genrelab
