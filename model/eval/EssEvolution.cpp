#include "eval/EssEvolution.h"

#include "eval/Diagnostics.h"

#include <cmath>

namespace genrelab {

EssEvolution essEvolution(const Eigen::MatrixXd& draws, int cuts) {
    EssEvolution out;
    const Eigen::Index total = draws.rows();
    for (int k = 1; k <= cuts; ++k) {
        const auto n = static_cast<int>(std::llround(static_cast<double>(k) * static_cast<double>(total) / cuts));
        if (n < 4 || (!out.drawsPerChain.empty() && n == out.drawsPerChain.back())) continue;
        const Eigen::MatrixXd first = draws.topRows(n);
        out.drawsPerChain.push_back(n);
        out.bulk.push_back(essBulk(first));
        out.tail.push_back(essTail(first));
    }
    return out;
}

} // namespace genrelab
