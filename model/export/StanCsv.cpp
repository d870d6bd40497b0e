#include "export/StanCsv.h"

#include "util/Format.h"

#include <cmath>
#include <limits>

namespace genrelab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// CmdStan's configuration lines: "# " + two spaces per level + "name = value", and " (Default)"
// where the value is CmdStan's default.
class ConfigLines {
public:
    void group(int level, const std::string& name) { text_ += "# " + std::string(2 * level, ' ') + name + "\n"; }
    void value(int level, const std::string& name, const std::string& value, bool isDefault) {
        text_ += "# " + std::string(2 * level, ' ') + name + " = " + value + (isDefault ? " (Default)" : "") + "\n";
    }
    void number(int level, const std::string& name, double value, double cmdStanDefault) {
        this->value(level, name, shortestDouble(value), value == cmdStanDefault);
    }
    void flag(int level, const std::string& name, bool value, bool cmdStanDefault) {
        this->value(level, name, value ? "1" : "0", value == cmdStanDefault);
    }
    const std::string& text() const { return text_; }

private:
    std::string text_;
};

// Stan's NaN and infinities ("NaN", "inf", "-inf"); every other value reads back exactly.
std::string stanNumber(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    return shortestDouble(value);
}

std::string naturalValues(const LogDensity& model, const Eigen::VectorXd& theta) {
    std::string out;
    const Eigen::VectorXd natural = model.outputs(theta);
    for (Eigen::Index i = 0; i < natural.size(); ++i) out += "," + stanNumber(natural[i]);
    return out;
}

void sampleSettings(ConfigLines& c, const RunSpec& spec, std::size_t chains, std::size_t draws) {
    const NutsOptions& n = spec.nuts;
    const bool prior = spec.inference == InferenceKind::Prior;
    const int warmup = prior ? 0 : n.warmup;
    c.value(0, "method", "sample", true);
    c.group(1, "sample");
    c.number(2, "num_samples", static_cast<double>(draws), 1000);
    c.number(2, "num_warmup", warmup, 1000);
    c.flag(2, "save_warmup", false, false);
    c.number(2, "thin", 1, 1);
    c.group(2, "adapt");
    c.flag(3, "engaged", warmup > 0, true);
    c.number(3, "gamma", 0.05, 0.05);  // DualAveraging's, as Stan's
    c.number(3, "delta", n.targetAccept, 0.8);
    c.number(3, "kappa", 0.75, 0.75);
    c.number(3, "t0", 10, 10);
    c.number(3, "init_buffer", n.windows.initBuffer, 75);
    c.number(3, "term_buffer", n.windows.termBuffer, 50);
    c.number(3, "window", n.windows.baseWindow, 25);
    if (prior) {
        c.value(2, "algorithm", "fixed_param", false);
    } else {
        c.value(2, "algorithm", "hmc", true);
        c.group(3, "hmc");
        c.value(4, "engine", "nuts", true);
        c.group(5, "nuts");
        c.number(6, "max_depth", n.maxTreeDepth, 10);
        c.value(4, "metric", n.denseMetric ? "dense_e" : "diag_e", !n.denseMetric);
        c.value(4, "metric_file", "", true);
        c.number(4, "stepsize", n.initialStepSize, 1);
        c.number(4, "stepsize_jitter", 0, 0);
    }
    c.number(2, "num_chains", static_cast<double>(chains), 1);
}

void variationalSettings(ConfigLines& c, const RunSpec& spec, std::size_t draws) {
    const SviOptions& s = spec.svi;
    c.value(0, "method", "variational", false);
    c.group(1, "variational");
    c.value(2, "algorithm", "meanfield", true);
    c.group(3, "meanfield");
    c.number(2, "iter", static_cast<double>(s.steps), 10000);
    c.number(2, "grad_samples", s.particles, 1);
    c.number(2, "eta", s.learningRate, 1);  // Adam's learning rate; Stan's ADVI adapts its own step size
    c.group(2, "adapt");
    c.flag(3, "engaged", false, true);
    c.number(2, "tol_rel_obj", s.convergenceTolerance, 0.01);
    c.number(2, "eval_elbo", static_cast<double>(s.window), 100);
    c.number(2, "output_samples", static_cast<double>(draws), 1000);
}

void pathfinderSettings(ConfigLines& c, const RunSpec& spec, std::size_t draws) {
    const PathfinderOptions& p = spec.pathfinder;
    c.value(0, "method", "pathfinder", false);
    c.group(1, "pathfinder");
    c.number(2, "tol_grad", p.gradientTolerance, 1e-8);
    c.number(2, "history_size", p.history, 5);
    c.number(2, "num_psis_draws", static_cast<double>(draws), 1000);
    c.number(2, "num_paths", p.paths, 4);
    c.number(2, "max_lbfgs_iters", p.maxIterations, 1000);
    c.number(2, "num_draws", static_cast<double>(p.drawsPerPath), 1000);
    c.number(2, "num_elbo_draws", p.elboDraws, 25);
}

std::string drawsInWords(const RunSpec& spec) {
    switch (spec.inference) {
    case InferenceKind::Nuts:
        return std::string("NUTS draws after warmup (genrelab's sampler") +
               (spec.nutsInit == NutsInit::Pathfinder ? ", chains started at Pathfinder draws)" : ")");
    case InferenceKind::Prior: return "independent draws from the prior (no sampler: lp__ and accept_stat__ are 0, as for fixed_param)";
    case InferenceKind::Svi:
        return "draws from the fitted mean-field Gaussian guide (Adam, learning rate eta); first row: the guide's mean; "
               "log_p__: the model's log density; log_g__: the guide's, unnormalized as Stan's";
    case InferenceKind::Pathfinder:
        return "Pathfinder's draws kept by PSIS resampling of all paths' draws; lp_approx__ is NaN: not kept after resampling";
    }
    return {};
}

std::uint64_t seedOf(const RunSpec& spec) {
    switch (spec.inference) {
    case InferenceKind::Svi: return spec.svi.seed;
    case InferenceKind::Pathfinder: return spec.pathfinder.seed;
    case InferenceKind::Nuts:
    case InferenceKind::Prior: return spec.nuts.seed;
    }
    return 0;
}

std::string initOf(const RunSpec& spec) {
    if (spec.inference == InferenceKind::Nuts && spec.nutsInit == NutsInit::Pathfinder) return "pathfinder";
    return shortestDouble(spec.inference == InferenceKind::Pathfinder ? spec.pathfinder.initRadius : spec.nuts.initRadius);
}

void adaptationLines(std::string& out, const NutsChainState& state) {
    out += "# Adaptation terminated\n# Step size = " + stanNumber(state.stepSize) + "\n";
    if (state.denseInvMetric.size() > 0) {  // as Stan writes dense_e: one comment line per row
        out += "# Elements of inverse mass matrix:\n";
        for (Eigen::Index r = 0; r < state.denseInvMetric.rows(); ++r) {
            out += "# ";
            for (Eigen::Index i = 0; i < state.denseInvMetric.cols(); ++i) out += (i ? ", " : "") + stanNumber(state.denseInvMetric(r, i));
            out += "\n";
        }
    } else {
        out += "# Diagonal elements of inverse mass matrix:\n# ";
        for (Eigen::Index i = 0; i < state.invMetric.size(); ++i) out += (i ? ", " : "") + stanNumber(state.invMetric[i]);
        out += "\n";
    }
}

void sampleRows(std::string& out, const Chain& c, const LogDensity& model, bool fixedParam) {
    Eigen::VectorXd grad;
    const auto clone = model.clone();
    for (Eigen::Index s = 0; s < c.draws.rows(); ++s) {
        const Eigen::VectorXd theta = c.draws.row(s).transpose();
        if (fixedParam) {
            out += "0,0" + naturalValues(model, theta) + "\n";
            continue;
        }
        DrawStats st;
        if (static_cast<std::size_t>(s) < c.stats.size()) st = c.stats[static_cast<std::size_t>(s)];
        else st.logDensity = clone->logProbGrad(theta, grad);
        out += stanNumber(st.logDensity) + "," + stanNumber(st.acceptStat) + "," + stanNumber(st.stepSize) + "," +
               std::to_string(st.treeDepth) + "," + std::to_string(st.leapfrogSteps) + "," + (st.divergent ? "1" : "0") + "," +
               stanNumber(st.energy) + naturalValues(model, theta) + "\n";
    }
}

void variationalRows(std::string& out, const Chain& c, const LogDensity& model, const SviState* guide) {
    const bool known = guide && guide->mean.size() == c.draws.cols() && guide->logScale.size() == c.draws.cols();
    Eigen::VectorXd mean = Eigen::VectorXd::Constant(c.draws.cols(), kNaN);
    if (known) mean = guide->mean;
    out += "0,0,0" + naturalValues(model, mean) + "\n";
    Eigen::VectorXd grad;
    const auto clone = model.clone();
    for (Eigen::Index s = 0; s < c.draws.rows(); ++s) {
        const Eigen::VectorXd theta = c.draws.row(s).transpose();
        const double logG = known ? -0.5 * ((theta - guide->mean).array() / guide->logScale.array().exp()).square().sum() : kNaN;
        out += "0," + stanNumber(clone->logProbGrad(theta, grad)) + "," + stanNumber(logG) + naturalValues(model, theta) + "\n";
    }
}

void pathfinderRows(std::string& out, const Chain& c, const LogDensity& model) {
    Eigen::VectorXd grad;
    const auto clone = model.clone();
    for (Eigen::Index s = 0; s < c.draws.rows(); ++s) {
        const Eigen::VectorXd theta = c.draws.row(s).transpose();
        out += "NaN," + stanNumber(clone->logProbGrad(theta, grad)) + naturalValues(model, theta) + "\n";
    }
}

} // namespace

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

std::string stanCsvConfiguration(const RunSpec& spec, std::size_t chain, std::size_t chains, std::size_t draws, const StanCsvFile& file) {
    ConfigLines c;
    c.value(0, "stan_version_major", "2", false);
    c.value(0, "stan_version_minor", "32", false);
    c.value(0, "stan_version_patch", "2", false);
    c.value(0, "model", file.modelName, false);
    if (spec.inference == InferenceKind::Svi) variationalSettings(c, spec, draws);
    else if (spec.inference == InferenceKind::Pathfinder) pathfinderSettings(c, spec, draws);
    else sampleSettings(c, spec, chains, draws);
    c.value(0, "id", std::to_string(chain + 1), chain == 0);
    c.group(0, "data");
    c.value(1, "file", file.dataFile, file.dataFile.empty());
    const std::string init = initOf(spec);
    c.value(0, "init", init, init == "2");
    c.group(0, "random");
    c.value(1, "seed", std::to_string(seedOf(spec)), false);
    c.group(0, "output");
    c.value(1, "file", file.outputFile, file.outputFile == "output.csv");
    c.value(0, "genrelab_draws", drawsInWords(spec), false);
    return c.text();
}

std::string stanCsvElapsedTime(double warmupSeconds, double samplingSeconds) {
    if (std::isnan(warmupSeconds) || std::isnan(samplingSeconds)) return {};
    // CmdStan measures whole milliseconds and prints seconds with six significant digits.
    const double warmup = std::round(warmupSeconds * 1000.0) / 1000.0;
    const double sampling = std::round(samplingSeconds * 1000.0) / 1000.0;
    return "# \n#  Elapsed Time: " + general(warmup, 6) + " seconds (Warm-up)\n#                " + general(sampling, 6) +
           " seconds (Sampling)\n#                " + general(warmup + sampling, 6) + " seconds (Total)\n# \n";
}

std::string stanCsv(const RunSpec& spec, const Posterior& posterior, std::size_t chain, const LogDensity& model,
                    const StanCsvFile& file, const NutsChainState* nutsState, const SviState* sviState) {
    const Chain& c = posterior.chains.at(chain);
    std::string out = stanCsvConfiguration(spec, chain, posterior.chainCount(), static_cast<std::size_t>(c.draws.rows()), file);
    switch (spec.inference) {
    case InferenceKind::Svi: out += "lp__,log_p__,log_g__"; break;
    case InferenceKind::Pathfinder: out += "lp_approx__,lp__"; break;
    case InferenceKind::Prior: out += "lp__,accept_stat__"; break;
    case InferenceKind::Nuts: out += "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__"; break;
    }
    for (const auto& name : stanColumnNames(model.outputLayout())) out += "," + name;
    out += "\n";
    switch (spec.inference) {
    case InferenceKind::Svi: variationalRows(out, c, model, sviState); break;
    case InferenceKind::Pathfinder: pathfinderRows(out, c, model); break;
    case InferenceKind::Prior: sampleRows(out, c, model, true); break;
    case InferenceKind::Nuts:
        if (nutsState) adaptationLines(out, *nutsState);
        sampleRows(out, c, model, false);
        out += stanCsvElapsedTime(c.warmupSeconds, c.samplingSeconds);
        break;
    }
    return out;
}

} // namespace genrelab
