#include "export/RunTables.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace genrelab {

ResultTable metricsTable(const RunSpec& spec, const RunResult& r) {
    ResultTable t;
    // The split and the duplicate policy decide what "test" means, so the title says them.
    t.title = std::string(modelName(spec.model)) + " by " + std::string(inferenceName(spec.inference)) + " (" +
              std::string(splitKindName(r.data.splitKind)) + " split, duplicates " + std::string(duplicatePolicyName(r.data.duplicates)) + ")";
    // Validation last and only with validation rows: "test" keeps its column either way.
    const bool validation = r.data.xValidation.rows() > 0;
    t.columns = {"metric", "train", "test"};
    if (validation) t.columns.push_back("validation");
    auto add = [&](const char* name, double PredictiveMetrics::*metric) {
        std::vector<Cell> row{std::string(name), r.train.*metric, r.test.*metric};
        if (validation) row.emplace_back(r.validation.*metric);
        t.addRow(std::move(row));
    };
    add("accuracy", &PredictiveMetrics::accuracy);
    add("top-2 accuracy", &PredictiveMetrics::top2Accuracy);
    add("macro F1", &PredictiveMetrics::macroF1);
    add("log predictive density (nats/row)", &PredictiveMetrics::logPredictive);
    add("Brier score", &PredictiveMetrics::brier);
    add("expected calibration error", &PredictiveMetrics::ece);
    std::vector<Cell> rows{std::string("rows"), static_cast<std::int64_t>(r.data.xTrain.rows()), static_cast<std::int64_t>(r.data.xTest.rows())};
    if (validation) rows.emplace_back(static_cast<std::int64_t>(r.data.xValidation.rows()));
    t.addRow(std::move(rows));
    return t;
}

ResultTable reliabilityTable(const RunResult& r) {
    ResultTable t;
    t.title = "Reliability diagram (" + std::to_string(kCalibrationBins) + " equal-width bins of the top-class probability)";
    t.columns = {"split", "bin from", "bin to", "rows", "mean confidence", "accuracy"};
    for (const auto& [name, m] : {std::pair<const char*, const PredictiveMetrics*>{"train", &r.train}, {"validation", &r.validation}, {"test", &r.test}}) {
        long rows = 0;
        for (const ReliabilityBin& bin : m->reliability) rows += bin.count;
        if (rows == 0) continue;  // a split without rows has no diagram
        for (const ReliabilityBin& bin : m->reliability)
            t.addRow({std::string(name), bin.lower, bin.upper, static_cast<std::int64_t>(bin.count), bin.meanConfidence, bin.accuracy});
    }
    return t;
}

ResultTable perClassTable(const RunResult& r, const std::vector<std::string>& names) {
    ResultTable t;
    t.title = "Per-class test metrics";
    t.columns = {"class", "precision", "recall", "F1", "support"};
    for (std::size_t c = 0; c < r.test.perClass.size(); ++c) {
        const auto& k = r.test.perClass[c];
        t.addRow({c < names.size() ? names[c] : std::to_string(c), k.precision, k.recall, k.f1, static_cast<std::int64_t>(k.support)});
    }
    return t;
}

ResultTable confusionTable(const RunResult& r, const std::vector<std::string>& names) {
    ResultTable t;
    t.title = "Confusion matrix (rows: true class, columns: predicted)";
    t.columns.push_back("true \\ predicted");
    for (Eigen::Index c = 0; c < r.test.confusion.cols(); ++c)
        t.columns.push_back(static_cast<std::size_t>(c) < names.size() ? names[static_cast<std::size_t>(c)] : std::to_string(c));
    for (Eigen::Index i = 0; i < r.test.confusion.rows(); ++i) {
        std::vector<Cell> row{t.columns[static_cast<std::size_t>(i) + 1]};
        for (Eigen::Index j = 0; j < r.test.confusion.cols(); ++j) row.emplace_back(static_cast<std::int64_t>(r.test.confusion(i, j)));
        t.addRow(std::move(row));
    }
    return t;
}

ResultTable parameterTable(const RunResult& r) {
    ResultTable t;
    t.title = "Posterior summaries";
    t.columns = {"parameter", "mean", "sd", "q5", "q50", "q95", "rhat", "ess_bulk", "ess_tail", "mcse_mean"};
    for (const auto& s : r.summaries)
        t.addRow({s.name, s.mean, s.sd, s.q5, s.q50, s.q95, s.rhat, s.essBulk, s.essTail, s.mcseMean});
    return t;
}

Eigen::VectorXd predictiveEntropy(const Eigen::MatrixXd& p) {
    Eigen::VectorXd h(p.rows());
    for (Eigen::Index n = 0; n < p.rows(); ++n) {
        double e = 0;
        for (Eigen::Index c = 0; c < p.cols(); ++c)
            if (p(n, c) > 0) e -= p(n, c) * std::log(p(n, c));
        h[n] = e;
    }
    return h;
}

ResultTable uncertainTracksTable(const RunResult& r, const std::vector<std::string>& names, std::size_t count,
                                 const std::vector<std::string>& trackLabels) {
    ResultTable t;
    t.title = "Most uncertain test tracks";
    t.columns = {"row", "track", "true class", "predicted", "p(predicted)", "entropy (nats)"};
    const Eigen::MatrixXd& p = r.testPredictive.probabilities;
    if (p.rows() == 0) return t;
    const Eigen::VectorXd h = predictiveEntropy(p);
    std::vector<Eigen::Index> order(static_cast<std::size_t>(h.size()));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return h[a] > h[b]; });
    auto name = [&](int c) { return static_cast<std::size_t>(c) < names.size() ? names[static_cast<std::size_t>(c)] : std::to_string(c); };
    for (std::size_t i = 0; i < std::min<std::size_t>(count, order.size()); ++i) {
        const Eigen::Index n = order[i];
        const std::size_t tableRow = r.data.split.test[static_cast<std::size_t>(n)];
        Eigen::Index predicted;
        const double top = p.row(n).maxCoeff(&predicted);
        t.addRow({static_cast<std::int64_t>(tableRow + 1), tableRow < trackLabels.size() ? trackLabels[tableRow] : std::string(),
                  name(r.data.yTest[n]), name(static_cast<int>(predicted)), top, h[n]});
    }
    return t;
}

} // namespace genrelab
