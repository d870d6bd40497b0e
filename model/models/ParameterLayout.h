#pragma once
// Names and shapes of a model's parameters in the unconstrained vector theta. Positive
// parameters are stored as their logarithm; constrain() maps theta back to natural values.
#include <Eigen/Core>

#include <string>
#include <vector>

namespace genrelab {

enum class Constraint { Real, Positive };

struct ParameterBlock {
    std::string name;            // "beta"
    Eigen::Index offset = 0;     // first index in theta
    Eigen::Index rows = 1, cols = 1;  // column-major shape: element (r, c) at offset + r + c*rows
    Constraint constraint = Constraint::Real;
    std::vector<std::string> rowNames, colNames;  // labels of the dimensions (features, classes)

    Eigen::Index size() const { return rows * cols; }
    // Index in theta (or in the outputs, for an output layout) of element (row, col).
    Eigen::Index index(Eigen::Index row, Eigen::Index col = 0) const { return offset + row + col * rows; }
    // The label of a row or column: its name, or its 1-based number where the block has none.
    std::string rowLabel(Eigen::Index row) const;
    std::string colLabel(Eigen::Index col) const;
};

class ParameterLayout {
public:
    // Adds a block after the previous ones and returns its offset.
    Eigen::Index add(std::string name, Eigen::Index rows, Eigen::Index cols, Constraint constraint,
                     std::vector<std::string> rowNames = {}, std::vector<std::string> colNames = {});

    Eigen::Index dim() const { return dim_; }
    const std::vector<ParameterBlock>& blocks() const { return blocks_; }
    const ParameterBlock* find(const std::string& name) const;

    // "beta[energy,Rock]", "sigma_beta[3]", "alpha[Pop]": one name per element of theta,
    // naming the natural (constrained) parameter.
    std::vector<std::string> elementNames() const;
    // Natural values: exp() on positive blocks.
    Eigen::VectorXd constrain(const Eigen::VectorXd& theta) const;

private:
    std::vector<ParameterBlock> blocks_;
    Eigen::Index dim_ = 0;
};

} // namespace genrelab
