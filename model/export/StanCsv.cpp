#include "export/StanCsv.h"

#include "util/Format.h"

namespace genrelab {

std::vector<std::string> stanColumnNames(const ParameterLayout& layout) {
    std::vector<std::string> names;
    for (const auto& b : layout.blocks())
        for (Eigen::Index c = 0; c < b.cols; ++c)
            for (Eigen::Index r = 0; r < b.rows; ++r) {
                if (b.size() == 1) names.push_back(b.name);
                else if (b.cols == 1) names.push_back(b.name + "." + std::to_string(r + 1));
                else names.push_back(b.name + "." + std::to_string(r + 1) + "." + std::to_string(c + 1));
            }
    return names;
}

std::string stanCsv(const Posterior& posterior, std::size_t chain, const LogDensity& model,
                    const std::vector<std::string>& commentLines, const NutsChainState* state) {
    std::string out;
    for (const auto& line : commentLines) out += "# " + line + "\n";
    out += "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__";
    for (const auto& name : stanColumnNames(model.outputLayout())) out += "," + name;
    out += "\n";
    if (state) {
        out += "# Adaptation terminated\n# Step size = " + shortestDouble(state->stepSize) + "\n";
        if (state->denseInvMetric.size() > 0) {  // as Stan writes dense_e: one comment line per row
            out += "# Elements of inverse mass matrix:\n";
            for (Eigen::Index r = 0; r < state->denseInvMetric.rows(); ++r) {
                out += "# ";
                for (Eigen::Index i = 0; i < state->denseInvMetric.cols(); ++i)
                    out += (i ? ", " : "") + shortestDouble(state->denseInvMetric(r, i));
                out += "\n";
            }
        } else {
            out += "# Diagonal elements of inverse mass matrix:\n# ";
            for (Eigen::Index i = 0; i < state->invMetric.size(); ++i) out += (i ? ", " : "") + shortestDouble(state->invMetric[i]);
            out += "\n";
        }
    }
    const Chain& c = posterior.chains.at(chain);
    Eigen::VectorXd grad;
    const auto clone = model.clone();
    for (Eigen::Index s = 0; s < c.draws.rows(); ++s) {
        const Eigen::VectorXd theta = c.draws.row(s).transpose();
        DrawStats st;
        if (static_cast<std::size_t>(s) < c.stats.size()) st = c.stats[static_cast<std::size_t>(s)];
        else st.logDensity = clone->logProbGrad(theta, grad);
        out += shortestDouble(st.logDensity) + "," + shortestDouble(st.acceptStat) + "," + shortestDouble(st.stepSize) + "," +
               std::to_string(st.treeDepth) + "," + std::to_string(st.leapfrogSteps) + "," + (st.divergent ? "1" : "0") + "," +
               shortestDouble(st.energy);
        const Eigen::VectorXd natural = model.outputs(theta);
        for (Eigen::Index i = 0; i < natural.size(); ++i) out += "," + shortestDouble(natural[i]);
        out += "\n";
    }
    return out;
}

} // namespace genrelab
