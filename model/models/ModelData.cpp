#include "models/ModelData.h"

#include "data/Prepare.h"

#include <cmath>
#include <stdexcept>

namespace genrelab {
namespace {

void checkGroupRows(const SparseRows& rows, std::size_t names, Eigen::Index dataRows, const char* what) {
    if (rows.rows() == 0) return;
    if (static_cast<Eigen::Index>(rows.rows()) != dataRows)
        throw std::invalid_argument(std::string("the ") + what + " have " + std::to_string(rows.rows()) + " rows, the features " +
                                    std::to_string(dataRows));
    for (std::int32_t id : rows.ids)
        if (id < 0 || static_cast<std::size_t>(id) >= names)
            throw std::invalid_argument(std::string("an id of the ") + what + " lies outside their " + std::to_string(names) + " names");
    for (double v : rows.values)
        if (!std::isfinite(v)) throw std::invalid_argument(std::string("the ") + what + " hold a weight that is not finite");
}

} // namespace

std::shared_ptr<const ModelData> makeModelData(const Eigen::MatrixXd& x, const Eigen::VectorXi& y, int classes,
                                               std::vector<std::string> featureNames, std::vector<std::string> classNames,
                                               ModelGroups groups) {
    if (x.rows() != y.size()) throw std::invalid_argument("features and labels have different numbers of rows");
    if (classes < 2) throw std::invalid_argument("a classifier needs at least two classes");
    if (!x.allFinite()) throw std::invalid_argument("features contain NaN or infinite values");
    for (Eigen::Index i = 0; i < y.size(); ++i)
        if (y[i] < 0 || y[i] >= classes) throw std::invalid_argument("a label lies outside 0.." + std::to_string(classes - 1));
    checkGroupRows(groups.artists, groups.artistNames.size(), x.rows(), "artist rows");
    checkGroupRows(groups.tokens, groups.tokenNames.size(), x.rows(), "title token rows");
    checkGroupRows(groups.songCopies, static_cast<std::size_t>(classes), x.rows(), "song-copy rows");
    checkGroupRows(groups.artistSongs, static_cast<std::size_t>(classes), x.rows(), "artist-song rows");
    auto data = std::make_shared<ModelData>();
    data->groups = std::move(groups);
    data->xt = x.transpose();
    data->xtf = data->xt.cast<float>();
    data->y = y;
    data->columns = makeKernelRows(x, y);
    data->classes = classes;
    data->featureNames = std::move(featureNames);
    data->classNames = std::move(classNames);
    if (data->featureNames.empty())
        for (Eigen::Index d = 0; d < x.cols(); ++d) data->featureNames.push_back("x" + std::to_string(d + 1));
    if (data->classNames.empty())
        for (int c = 0; c < classes; ++c) data->classNames.push_back(std::to_string(c));
    return data;
}

std::shared_ptr<const ModelData> trainingData(const PreparedData& prepared, std::vector<std::string> classNames,
                                              ModelGroups groups) {
    if (classNames.empty()) classNames = prepared.classLabels;
    return makeModelData(prepared.xTrain, prepared.yTrain, prepared.classes(), prepared.transform.featureNames,
                         std::move(classNames), std::move(groups));
}

} // namespace genrelab
