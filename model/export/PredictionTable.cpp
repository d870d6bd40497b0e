#include "export/PredictionTable.h"

#include "util/Stats.h"

#include <algorithm>
#include <cmath>

namespace genrelab {

std::vector<Eigen::Index> evenlySpacedDraws(Eigen::Index total, std::size_t maxDraws) {
    const auto used = static_cast<Eigen::Index>(std::min<std::size_t>(maxDraws, static_cast<std::size_t>(total)));
    std::vector<Eigen::Index> rows;
    for (Eigen::Index k = 0; k < used; ++k) rows.push_back(k * total / used);
    return rows;
}

namespace {

Cell identifyingCell(const Column& column, std::size_t row) {
    if (column.missing[row]) return std::monostate{};
    if (column.kind == ColumnKind::Text) return column.texts[row];
    const double v = column.numbers[row];
    if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
    return v;
}

} // namespace

std::vector<std::size_t> identifyingColumns(const Table& table) {
    std::vector<std::size_t> out;
    for (std::size_t c = 0; c < table.columnCount(); ++c) {
        const ColumnKind kind = table.column(c).kind;
        if (table.targetIndex() != c && (kind == ColumnKind::Id || kind == ColumnKind::Text)) out.push_back(c);
    }
    return out;
}

double entropyNats(const Eigen::Ref<const Eigen::RowVectorXd>& probabilities) {
    double h = 0;
    for (Eigen::Index c = 0; c < probabilities.size(); ++c)
        if (probabilities[c] > 0) h -= probabilities[c] * std::log(probabilities[c]);
    return h;
}

PredictionTable predictionTable(const RunResult& r, const RunSpec& spec, const Table& table, const std::vector<std::string>& names,
                                const PredictionTableOptions& options, const PredictionProgress& progress) {
    PredictionTable out;
    const NewRows newRows = newRowsDesign(r, spec, table);
    out.groups = newRows.groups;
    const Design& x = newRows.design;
    const Eigen::Index rows = x.rows();
    const auto classes = static_cast<Eigen::Index>(r.data.classLabels.size());

    const PooledDraws pooled = r.posterior.pooled();
    const double perDraw = std::max(1.0, static_cast<double>(rows) * static_cast<double>(std::max<Eigen::Index>(classes, 1)));
    const double byTime = options.evaluationBudget / perDraw;
    const double byMemory = options.storedValueBudget / std::max(1.0, static_cast<double>(rows));
    const auto maxDraws = static_cast<std::size_t>(std::clamp(std::min(byTime, byMemory), static_cast<double>(options.minDraws),
                                                              static_cast<double>(options.maxDraws)));
    const std::vector<Eigen::Index> draws = evenlySpacedDraws(pooled.rows(), maxDraws);
    out.drawsUsed = draws.size();
    const std::size_t rowSteps = (static_cast<std::size_t>(rows) + kPredictionRowsPerStep - 1) / kPredictionRowsPerStep;
    const std::size_t totalSteps = 2 * draws.size() + rowSteps;
    std::size_t stepsDone = 0;
    const auto step = [&] {  // before each step: stop if asked; after the last, the report says all done
        if (progress.cancel.cancelled()) throw PredictionCancelled();
        if (progress.report) progress.report(stepsDone, totalSteps);
        ++stepsDone;
    };

    // The mean over draws, accumulated draw by draw (every draw's matrix for 100,000 rows and
    // 200 classes would not fit in memory); then a second pass keeps the top class's probability per draw.
    Eigen::MatrixXd mean = Eigen::MatrixXd::Zero(rows, classes);
    for (const Eigen::Index draw : draws) {
        step();
        mean += r.model->classProbabilities(pooled.row(draw).transpose(), x);
    }
    if (!draws.empty()) mean /= static_cast<double>(draws.size());
    Eigen::VectorXi best(rows);
    for (Eigen::Index i = 0; i < rows; ++i) mean.row(i).maxCoeff(&best[i]);
    Eigen::MatrixXd topPerDraw(rows, static_cast<Eigen::Index>(draws.size()));
    for (std::size_t k = 0; k < draws.size(); ++k) {
        step();
        const Eigen::MatrixXd p = r.model->classProbabilities(pooled.row(draws[k]).transpose(), x);
        for (Eigen::Index i = 0; i < rows; ++i) topPerDraw(i, static_cast<Eigen::Index>(k)) = p(i, best[i]);
    }

    const auto nameOf = [&names](Eigen::Index c) { return static_cast<std::size_t>(c) < names.size() ? names[static_cast<std::size_t>(c)] : std::to_string(c); };
    const auto top = static_cast<Eigen::Index>(std::min<std::size_t>(options.topClasses, static_cast<std::size_t>(classes)));
    const bool perClassColumns = static_cast<std::size_t>(classes) <= options.maxProbabilityColumns;
    const std::vector<std::size_t> identifying = identifyingColumns(table);
    ResultTable& t = out.table;
    t.title = "Predictions";
    t.columns = {"line"};
    for (const std::size_t c : identifying) t.columns.push_back(table.column(c).name);
    for (const char* name : {"predicted genre", "probability", "probability 5%", "probability 95%", "entropy (nats)"}) t.columns.emplace_back(name);
    if (perClassColumns)
        for (Eigen::Index c = 0; c < classes; ++c) t.columns.push_back("p(" + nameOf(c) + ")");
    else
        for (Eigen::Index k = 2; k <= top; ++k) {
            t.columns.push_back("genre " + std::to_string(k));
            t.columns.push_back("probability " + std::to_string(k));
        }
    // What each row's artists and title added: offsets of seen artists, the artist prior's average, or the population.
    if (out.groups.artistTerm) t.columns.emplace_back("artists");
    if (out.groups.titleTerm) t.columns.emplace_back("title tokens known");

    std::vector<Eigen::Index> order(static_cast<std::size_t>(classes));
    std::vector<double> values(draws.size());
    for (Eigen::Index i = 0; i < rows; ++i) {
        const auto row = static_cast<std::size_t>(i);
        if (row % kPredictionRowsPerStep == 0) step();
        std::vector<Cell> cells{static_cast<std::int64_t>(table.lineOfRow(row))};
        for (const std::size_t c : identifying) cells.push_back(identifyingCell(table.column(c), row));
        for (std::size_t k = 0; k < draws.size(); ++k) values[k] = topPerDraw(i, static_cast<Eigen::Index>(k));
        const std::vector<double> interval = stats::quantiles(values, std::vector<double>{0.05, 0.95});
        cells.emplace_back(nameOf(best[i]));
        cells.emplace_back(mean(i, best[i]));
        cells.emplace_back(interval[0]);
        cells.emplace_back(interval[1]);
        cells.emplace_back(entropyNats(mean.row(i)));
        if (perClassColumns) {
            for (Eigen::Index c = 0; c < classes; ++c) cells.emplace_back(mean(i, c));
        } else {
            for (Eigen::Index c = 0; c < classes; ++c) order[static_cast<std::size_t>(c)] = c;
            std::partial_sort(order.begin(), order.begin() + top, order.end(),
                              [&](Eigen::Index a, Eigen::Index b) { return mean(i, a) > mean(i, b) || (mean(i, a) == mean(i, b) && a < b); });
            for (Eigen::Index k = 1; k < top; ++k) {
                cells.emplace_back(nameOf(order[static_cast<std::size_t>(k)]));
                cells.emplace_back(mean(i, order[static_cast<std::size_t>(k)]));
            }
        }
        if (out.groups.artistTerm) cells.emplace_back(artistUse(out.groups, row));
        if (out.groups.titleTerm) cells.emplace_back(static_cast<std::int64_t>(out.groups.tokensKnown[row]));
        t.addRow(std::move(cells));
    }
    if (progress.cancel.cancelled()) throw PredictionCancelled();
    if (progress.report) progress.report(totalSteps, totalSteps);
    return out;
}

} // namespace genrelab
