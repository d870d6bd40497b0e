#include "models/ParameterLayout.h"

#include <cmath>

namespace genrelab {
namespace {

std::string label(const std::vector<std::string>& labels, Eigen::Index i) {
    return static_cast<std::size_t>(i) < labels.size() ? labels[static_cast<std::size_t>(i)] : std::to_string(i + 1);
}

} // namespace

std::string ParameterBlock::rowLabel(Eigen::Index row) const { return label(rowNames, row); }
std::string ParameterBlock::colLabel(Eigen::Index col) const { return label(colNames, col); }

Eigen::Index ParameterLayout::add(std::string name, Eigen::Index rows, Eigen::Index cols, Constraint constraint,
                                  std::vector<std::string> rowNames, std::vector<std::string> colNames) {
    ParameterBlock block;
    block.name = std::move(name);
    block.offset = dim_;
    block.rows = rows;
    block.cols = cols;
    block.constraint = constraint;
    block.rowNames = std::move(rowNames);
    block.colNames = std::move(colNames);
    dim_ += rows * cols;
    blocks_.push_back(std::move(block));
    return blocks_.back().offset;
}

const ParameterBlock* ParameterLayout::find(const std::string& name) const {
    for (const auto& block : blocks_)
        if (block.name == name) return &block;
    return nullptr;
}

std::vector<std::string> ParameterLayout::elementNames() const {
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(dim_));
    for (const auto& b : blocks_)
        for (Eigen::Index c = 0; c < b.cols; ++c)
            for (Eigen::Index r = 0; r < b.rows; ++r) {
                if (b.size() == 1) names.push_back(b.name);
                else if (b.cols == 1) names.push_back(b.name + "[" + b.rowLabel(r) + "]");
                else if (b.rows == 1) names.push_back(b.name + "[" + b.colLabel(c) + "]");
                else names.push_back(b.name + "[" + b.rowLabel(r) + "," + b.colLabel(c) + "]");
            }
    return names;
}

Eigen::VectorXd ParameterLayout::constrain(const Eigen::VectorXd& theta) const {
    Eigen::VectorXd out = theta;
    for (const auto& b : blocks_)
        if (b.constraint == Constraint::Positive) out.segment(b.offset, b.size()) = theta.segment(b.offset, b.size()).array().exp();
    return out;
}

} // namespace genrelab
