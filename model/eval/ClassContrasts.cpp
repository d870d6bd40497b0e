#include "eval/ClassContrasts.h"

#include "util/Stats.h"

#include <limits>
#include <unordered_map>

namespace genrelab {

Eigen::MatrixXd centreOverClasses(const Eigen::MatrixXd& block) {
    return block.colwise() - block.rowwise().mean();
}

ClassContrasts classContrasts(const LogDensity& model, const Posterior& posterior) {
    ClassContrasts out;
    const ParameterLayout& layout = model.outputLayout();
    std::vector<const ParameterBlock*> blocks;
    for (const char* name : {"alpha", "beta"})
        if (const ParameterBlock* block = layout.find(name); block && block->size() > 0) blocks.push_back(block);
    if (blocks.empty()) return out;
    for (const ParameterBlock* block : blocks) {
        // alpha is a column over the classes; beta is features x classes.
        const bool column = block->cols == 1;
        const Eigen::Index rows = column ? 1 : block->rows, classes = column ? block->rows : block->cols;
        for (Eigen::Index c = 0; c < classes; ++c)
            for (Eigen::Index r = 0; r < rows; ++r)
                out.names.push_back(block->name + "[" + (column ? block->rowLabel(c) : block->rowLabel(r) + "," + block->colLabel(c)) + "] - mean");
    }
    const PooledDraws pooled = posterior.pooled();
    out.draws.resize(pooled.rows(), static_cast<Eigen::Index>(out.names.size()));
    for (Eigen::Index s = 0; s < pooled.rows(); ++s) {
        const Eigen::VectorXd natural = model.outputs(pooled.row(s).transpose());
        Eigen::Index at = 0;
        for (const ParameterBlock* block : blocks) {
            const bool column = block->cols == 1;
            const Eigen::Index rows = column ? 1 : block->rows, classes = column ? block->rows : block->cols;
            const Eigen::MatrixXd values = Eigen::Map<const Eigen::MatrixXd>(natural.data() + block->offset, rows, classes);
            const Eigen::MatrixXd centred = centreOverClasses(values);
            out.draws.row(s).segment(at, centred.size()) = Eigen::Map<const Eigen::RowVectorXd>(centred.data(), centred.size());
            at += centred.size();
        }
    }
    return out;
}

std::vector<ContrastAgreement> compareContrasts(const ClassContrasts& a, const ClassContrasts& b) {
    std::unordered_map<std::string, Eigen::Index> inB;
    for (std::size_t j = 0; j < b.names.size(); ++j) inB.emplace(b.names[j], static_cast<Eigen::Index>(j));
    std::vector<ContrastAgreement> out;
    for (std::size_t j = 0; j < a.names.size(); ++j) {
        const auto it = inB.find(a.names[j]);
        if (it == inB.end()) continue;
        const Eigen::VectorXd x = a.draws.col(static_cast<Eigen::Index>(j)), y = b.draws.col(it->second);
        ContrastAgreement row;
        row.name = a.names[j];
        row.meanA = stats::mean(x);
        row.meanB = stats::mean(y);
        row.sdA = x.size() > 1 ? stats::sampleSd(x) : std::numeric_limits<double>::quiet_NaN();
        row.sdB = y.size() > 1 ? stats::sampleSd(y) : std::numeric_limits<double>::quiet_NaN();
        // Against a reference without spread there is no scale to measure in.
        const bool scaled = row.sdB > 0.0;
        row.z = scaled ? (row.meanA - row.meanB) / row.sdB : std::numeric_limits<double>::quiet_NaN();
        row.sdRatio = scaled ? row.sdA / row.sdB : std::numeric_limits<double>::quiet_NaN();
        out.push_back(row);
    }
    return out;
}

} // namespace genrelab
