#include "data/Prepare.h"

#include "data/DataError.h"
#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace genrelab {
namespace {

std::vector<std::size_t> inputColumnIndices(const Table& table, const PrepOptions& options) {
    std::vector<std::size_t> out;
    if (options.features.empty()) {
        for (std::size_t c : table.featureColumns())
            if (std::find(options.exclude.begin(), options.exclude.end(), table.column(c).name) == options.exclude.end())
                out.push_back(c);
    } else {
        for (const auto& name : options.features) {
            const auto index = table.indexOf(name);
            if (!index) throw DataError({table.source(), 0, 0, name}, "the feature column is not in the file");
            if (table.column(*index).kind != ColumnKind::Numeric || table.targetIndex() == index)
                throw DataError({table.source(), 0, *index + 1, name},
                                std::string("a feature must be a numeric column; this one is ") +
                                    (table.targetIndex() == index ? "the target" : std::string(columnKindName(table.column(*index).kind))));
            out.push_back(*index);
        }
    }
    if (out.empty()) throw DataError({table.source(), 0, 0, {}}, "no numeric feature columns to model with");
    return out;
}

Eigen::VectorXi labelsOf(const Table& table, const std::vector<std::size_t>& rows) {
    Eigen::VectorXi y(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) y[static_cast<Eigen::Index>(i)] = table.classOfRow()[rows[i]];
    return y;
}

} // namespace

std::string_view imputationName(Imputation imputation) {
    switch (imputation) {
    case Imputation::Mean: return "mean";
    case Imputation::Median: return "median";
    case Imputation::Constant: return "constant";
    case Imputation::DropRows: return "drop";
    }
    return "?";
}

Imputation imputationFromString(std::string_view text) {
    for (auto i : {Imputation::Mean, Imputation::Median, Imputation::Constant, Imputation::DropRows})
        if (imputationName(i) == text) return i;
    throw std::invalid_argument("unknown imputation '" + std::string(text) + "' (mean, median, constant, drop)");
}

FeatureTransform fitTransform(const Table& table, const std::vector<std::size_t>& trainRows, const PrepOptions& options) {
    FeatureTransform t;
    t.imputation = options.imputation;
    const auto inputs = inputColumnIndices(table, options);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const Column& column = table.column(inputs[i]);
        t.inputColumns.push_back(column.name);
        std::vector<double> present;
        present.reserve(trainRows.size());
        bool anyMissing = false;
        for (std::size_t r : trainRows) {
            if (column.missing[r]) anyMissing = true;
            else present.push_back(column.numbers[r]);
        }
        double fill = 0.0;
        if (!present.empty()) {
            if (options.imputation == Imputation::Median) fill = stats::median(present);
            else if (options.imputation == Imputation::Constant) fill = options.constant;
            else {
                double sum = 0;
                for (double v : present) sum += v;
                fill = sum / static_cast<double>(present.size());
            }
        } else if (options.imputation == Imputation::Constant) {
            fill = options.constant;
        }
        t.fillValue.push_back(fill);

        // Scaling statistics of the imputed training column, as a fitted imputer followed by a
        // scaler would see it.
        double center = 0.0, scale = 1.0;
        if (options.standardize) {
            double sum = 0, squares = 0;
            for (std::size_t r : trainRows) sum += column.missing[r] ? fill : column.numbers[r];
            const double n = static_cast<double>(trainRows.size());
            center = sum / n;
            for (std::size_t r : trainRows) {
                const double d = (column.missing[r] ? fill : column.numbers[r]) - center;
                squares += d * d;
            }
            const double sd = std::sqrt(squares / n);
            scale = sd > 0 ? sd : 1.0;  // a constant column is centered, not blown up
        }
        t.center.push_back(center);
        t.scale.push_back(scale);
        if (options.missingIndicators && anyMissing) t.indicatorOf.push_back(i);
    }
    t.featureNames = t.inputColumns;
    for (std::size_t i : t.indicatorOf) t.featureNames.push_back(t.inputColumns[i] + " missing");
    return t;
}

Eigen::MatrixXd FeatureTransform::apply(const Table& table, const std::vector<std::size_t>& rows) const {
    const auto n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd x(n, features());
    for (std::size_t i = 0; i < inputColumns.size(); ++i) {
        const auto index = table.indexOf(inputColumns[i]);
        if (!index) throw DataError({table.source(), 0, 0, inputColumns[i]}, "the model needs this column, but the file lacks it");
        const Column& column = table.column(*index);
        if (column.kind != ColumnKind::Numeric)
            throw DataError({table.source(), 0, *index + 1, column.name}, "the model needs this column to be numeric");
        const auto j = static_cast<Eigen::Index>(i);
        for (Eigen::Index k = 0; k < n; ++k) {
            const std::size_t r = rows[static_cast<std::size_t>(k)];
            if (column.missing[r] && imputation == Imputation::DropRows)
                throw DataError({table.source(), table.lineOfRow(r), *index + 1, column.name},
                                "missing value, and the chosen imputation drops such rows");
            const double v = column.missing[r] ? fillValue[i] : column.numbers[r];
            x(k, j) = (v - center[i]) / scale[i];
        }
    }
    for (std::size_t m = 0; m < indicatorOf.size(); ++m) {
        const Column& column = table.column(*table.indexOf(inputColumns[indicatorOf[m]]));
        const auto j = static_cast<Eigen::Index>(inputColumns.size() + m);
        for (Eigen::Index k = 0; k < n; ++k) x(k, j) = column.missing[rows[static_cast<std::size_t>(k)]] ? 1.0 : 0.0;
    }
    return x;
}

PreparedData prepareData(Table table, const PrepOptions& options, const SplitOptions& splitOptions) {
    if (!table.hasTarget())
        throw DataError({table.source(), 0, 0, {}}, "the file has no target column: name one to train a model");
    PreparedData data;
    data.unitRepairs = options.unitRepairs;
    if (options.repairUnits)
        for (std::size_t c : table.featureColumns())
            if (auto mix = detectUnitMix(table.column(c))) data.unitRepairs.push_back(repairFor(*mix));
    for (const auto& repair : data.unitRepairs) data.repairedValues += applyUnitRepair(table, repair);

    std::vector<int> eligible = table.classOfRow();
    if (options.imputation == Imputation::DropRows) {
        const auto inputs = inputColumnIndices(table, options);
        for (std::size_t r = 0; r < table.rows(); ++r) {
            if (eligible[r] < 0) continue;
            for (std::size_t c : inputs)
                if (table.column(c).missing[r]) { eligible[r] = -1; ++data.droppedRows; break; }
        }
    }
    std::vector<std::size_t> present(table.classLabels().size(), 0);
    for (int c : eligible)
        if (c >= 0) ++present[static_cast<std::size_t>(c)];
    const auto classesWithRows = std::count_if(present.begin(), present.end(), [](std::size_t n) { return n > 0; });
    if (classesWithRows < 2)
        throw DataError({table.source(), 0, 0, table.column(*table.targetIndex()).name},
                        "a classifier needs at least two classes with rows; this data has " + std::to_string(classesWithRows));

    data.split = stratifiedSplit(eligible, splitOptions);
    data.transform = fitTransform(table, data.split.train, options);
    data.classLabels = table.classLabels();
    data.xTrain = data.transform.apply(table, data.split.train);
    data.xValidation = data.transform.apply(table, data.split.validation);
    data.xTest = data.transform.apply(table, data.split.test);
    data.yTrain = labelsOf(table, data.split.train);
    data.yValidation = labelsOf(table, data.split.validation);
    data.yTest = labelsOf(table, data.split.test);
    return data;
}

} // namespace genrelab
