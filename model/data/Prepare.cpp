#include "data/Prepare.h"

#include "data/ArtistSongs.h"
#include "data/DataError.h"
#include "data/RowGroups.h"
#include "data/SongCopies.h"
#include "util/Format.h"
#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <tuple>

namespace genrelab {
namespace {

// Why a numeric column gives a model nothing (every cell empty, or one value throughout), or
// nothing when it is informative. A constant column with empty cells stays when missing
// indicators are asked for: its indicator may carry what the values do not.
std::optional<DroppedColumn> uninformative(const Column& column, const PrepOptions& options) {
    if (column.missingCount == column.missing.size()) return DroppedColumn{column.name, "all_missing", "every cell is empty"};
    std::optional<double> first;
    for (std::size_t r = 0; r < column.numbers.size(); ++r) {
        if (column.missing[r]) continue;
        if (!first) first = column.numbers[r];
        else if (column.numbers[r] != *first) return std::nullopt;
    }
    if ((options.missingIndicators || options.artifactFeatures) && column.missingCount > 0) return std::nullopt;
    return DroppedColumn{column.name, "constant", "every present value is " + shortestDouble(*first)};
}

bool excluded(const PrepOptions& options, const std::string& name) {
    return std::find(options.exclude.begin(), options.exclude.end(), name) != options.exclude.end();
}

// "artist", "title" or empty: the group role of a column, which keeps it out of the features.
std::string groupRole(const PrepOptions& options, const std::string& name) {
    if (options.groups.artistColumn == name) return "artist";
    if (options.groups.titleColumn == name) return "title";
    return {};
}

bool isArtifactColumn(const std::string& name) { return name.rfind(kArtifactPrefix, 0) == 0; }

// Mean and population sd of finite values, finite even where plain sums overflow: computed
// on the values divided by the largest magnitude, then scaled back.
std::pair<double, double> scaledMoments(const std::vector<double>& values) {
    double largest = 0.0;
    for (double v : values) largest = std::max(largest, std::fabs(v));
    if (values.empty() || largest == 0.0) return {0.0, 0.0};
    const double n = static_cast<double>(values.size());
    double sum = 0.0;
    for (double v : values) sum += v / largest;
    const double mean = sum / n;
    double squares = 0.0;
    for (double v : values) squares += (v / largest - mean) * (v / largest - mean);
    return {largest * mean, largest * std::sqrt(squares / n)};
}

std::vector<std::size_t> inputColumnIndices(const Table& table, const PrepOptions& options) {
    std::vector<std::size_t> out;
    if (options.features.empty()) {
        for (std::size_t c : table.featureColumns())
            if (!excluded(options, table.column(c).name) && groupRole(options, table.column(c).name).empty() &&
                !uninformative(table.column(c), options))
                out.push_back(c);
        if (out.empty()) {
            std::string dropped;
            for (const auto& d : droppedColumns(table, options)) dropped += (dropped.empty() ? "" : "; ") + d.name + ": " + d.detail;
            throw DataError({table.source(), 0, 0, {}}, "no numeric feature columns to model with" +
                                                            (dropped.empty() ? std::string() : " (left out: " + dropped + ")"));
        }
    } else {
        for (const auto& name : options.features) {
            const auto index = table.indexOf(name);
            if (!index) throw DataError({table.source(), 0, 0, name}, "the feature column is not in the file");
            if (!isFeatureKind(table.column(*index).kind) || table.targetIndex() == index)
                throw DataError({table.source(), 0, *index + 1, name},
                                std::string("a feature must be a numeric column; this one is ") +
                                    (table.targetIndex() == index ? "the target" : std::string(columnKindName(table.column(*index).kind))));
            out.push_back(*index);
        }
        if (options.artifactFeatures)  // the flags prepareData adds, which no feature list can name beforehand
            for (std::size_t c : table.featureColumns())
                if (isArtifactColumn(table.column(c).name) && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    if (out.empty()) throw DataError({table.source(), 0, 0, {}}, "no numeric feature columns to model with");
    return out;
}

Eigen::VectorXi labelsOf(const Table& table, const std::vector<std::size_t>& rows) {
    Eigen::VectorXi y(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) y[static_cast<Eigen::Index>(i)] = table.classOfRow()[rows[i]];
    return y;
}

// A model fitted on one class learns nothing about telling classes apart, and its test
// accuracy is the share of that class: refuse it, naming the classes the rows hold.
void requireTwoTrainingClasses(const Table& table, const std::vector<std::size_t>& trainRows) {
    std::vector<bool> seen(table.classLabels().size(), false);
    for (std::size_t r : trainRows) seen[static_cast<std::size_t>(table.classOfRow()[r])] = true;
    std::string present;
    for (std::size_t c = 0; c < seen.size(); ++c)
        if (seen[c]) present += (present.empty() ? "" : ", ") + table.classLabels()[c];
    const auto count = std::count(seen.begin(), seen.end(), true);
    if (count >= 2) return;
    throw std::invalid_argument("the " + std::to_string(trainRows.size()) + " training row(s) hold " + std::to_string(count) +
                                " class (" + present + "); a classifier needs at least two classes in training: use more training rows");
}

std::vector<std::string> splitNotes(const Table& table, const std::vector<std::size_t>& rowsOfClass, const Split& split) {
    std::vector<std::size_t> inTrain(rowsOfClass.size(), 0), inTest(rowsOfClass.size(), 0);
    for (std::size_t r : split.train) ++inTrain[static_cast<std::size_t>(table.classOfRow()[r])];
    for (std::size_t r : split.test) ++inTest[static_cast<std::size_t>(table.classOfRow()[r])];
    std::vector<std::string> notes;
    for (std::size_t c = 0; c < rowsOfClass.size(); ++c) {
        if (rowsOfClass[c] == 0) continue;
        const std::string name = "class '" + table.classLabels()[c] + "'";
        if (inTrain[c] == 0)
            notes.push_back(name + " has no training rows (its " + std::to_string(rowsOfClass[c]) +
                            " row(s) fell elsewhere): the model cannot learn to predict it");
        if (inTest[c] == 0 && !split.test.empty())
            notes.push_back(name + " has no test rows (its " + std::to_string(rowsOfClass[c]) +
                            " row(s) fell elsewhere): it is not evaluated");
    }
    return notes;
}

// Artist memberships over the training rows' artists (weight 1/k for each seen artist of a
// field naming k), the spread of the unseen ones, and titles, per split.
void fillGroupedRows(const RowGroups& groups, PreparedData& data) {
    std::vector<std::int32_t> vocabularyId(groups.artistNames.size(), -1);
    for (std::size_t r : data.split.train)
        for (std::int32_t a : groups.artistsOfRow[r]) {
            auto& id = vocabularyId[static_cast<std::size_t>(a)];
            if (id >= 0) continue;
            id = static_cast<std::int32_t>(data.artistVocabulary.size());
            data.artistVocabulary.push_back(groups.artistNames[static_cast<std::size_t>(a)]);
        }
    auto fill = [&](const std::vector<std::size_t>& rows, GroupedRows& out) {
        std::vector<std::int32_t> ids;
        std::vector<double> values;
        for (std::size_t r : rows) {
            ids.clear();
            values.clear();
            const auto& artists = groups.artistsOfRow[r];
            for (std::int32_t a : artists)
                if (const auto id = vocabularyId[static_cast<std::size_t>(a)]; id >= 0) {
                    ids.push_back(id);
                    values.push_back(1.0 / static_cast<double>(artists.size()));
                }
            out.artists.appendRow(ids, values);
            out.unseenArtistSpread.push_back(unseenArtistSpread(artists.size(), ids.size()));
            out.titles.push_back(groups.titles[r]);
            out.songKeys.push_back(groups.songKeys[r]);
        }
    };
    fill(data.split.train, data.groupsTrain);
    fill(data.split.validation, data.groupsValidation);
    fill(data.split.test, data.groupsTest);
    const std::vector<int> labels(data.yTrain.data(), data.yTrain.data() + data.yTrain.size());
    if (!groups.hasArtists) return;
    const ArtistSongs artistSongs(data.groupsTrain.artists, data.groupsTrain.songKeys, labels, data.classes());
    data.groupsTrain.artistSongs = artistSongs.ofTrainingRows();
    data.groupsValidation.artistSongs = artistSongs.ofOtherRows(data.groupsValidation.artists, data.groupsValidation.songKeys);
    data.groupsTest.artistSongs = artistSongs.ofOtherRows(data.groupsTest.artists, data.groupsTest.songKeys);
    if (!groups.hasTitles) return;
    const SongCopies copies(data.groupsTrain.songKeys, labels, data.classes());
    data.groupsTrain.songCopies = copies.ofTrainingRows();
    data.groupsValidation.songCopies = copies.ofOtherRows(data.groupsValidation.songKeys);
    data.groupsTest.songCopies = copies.ofOtherRows(data.groupsTest.songKeys);
}

} // namespace

std::vector<UnitFlag> detectUnitFlags(const Table& table) {
    std::vector<UnitFlag> flags;
    for (std::size_t c : table.featureColumns()) {
        if (isArtifactColumn(table.column(c).name)) continue;
        if (const auto mix = detectUnitMix(table.column(c)))
            flags.push_back({mix->column, mix->threshold, std::string(kArtifactPrefix) + mix->column + " in " + mix->smallUnit});
    }
    return flags;
}

void addUnitFlagColumns(Table& table, const std::vector<UnitFlag>& flags) {
    for (const UnitFlag& f : flags) {
        const auto index = table.indexOf(f.column);
        if (!index || table.indexOf(f.name)) continue;  // a missing source column is reported where the model needs it
        const Column& source = table.column(*index);
        if (source.kind != ColumnKind::Numeric) continue;
        Column flag;
        flag.name = f.name;
        flag.missing.assign(table.rows(), false);
        for (std::size_t r = 0; r < table.rows(); ++r)  // as UnitMix's isSmall: present, positive, below the threshold
            flag.numbers.push_back(!source.missing[r] && source.numbers[r] > 0 && source.numbers[r] < f.threshold ? 1.0 : 0.0);
        table.addColumn(std::move(flag));
    }
}

std::vector<DroppedColumn> droppedColumns(const Table& table, const PrepOptions& options) {
    std::vector<DroppedColumn> out;
    if (!options.features.empty()) return out;
    for (std::size_t c = 0; c < table.columnCount(); ++c) {
        const Column& column = table.column(c);
        if (table.targetIndex() == c || excluded(options, column.name)) continue;
        if (const std::string role = groupRole(options, column.name); !role.empty()) {
            out.push_back({column.name, role, "the " + role + " column: it groups rows (splits, duplicates, artist and title terms), it is not a feature"});
        } else if (column.kind == ColumnKind::Id) {
            out.push_back({column.name, "identifier", "a row number or unique identifier, not a property of the track"});
        } else if (column.kind == ColumnKind::Text) {
            const std::size_t present = column.missing.size() - column.missingCount;
            const std::size_t numbers = numberLikeCells(column);
            std::string detail = "its cells are words, not numbers";
            if (numbers > 0) {
                std::string firstWord;
                double value = 0.0;
                for (std::size_t r = 0; r < column.texts.size() && firstWord.empty(); ++r)
                    if (!column.missing[r] && !parseNumber(column.texts[r], value) && !parseNumber(column.texts[r], value, true))
                        firstWord = column.texts[r];
                detail = grouped(static_cast<std::int64_t>(present - numbers)) + " of its " + grouped(static_cast<std::int64_t>(present)) +
                         " present cells are not numbers (first: '" + firstWord + "'), so the column is text";
            }
            out.push_back({column.name, "text", detail});
        } else if (auto dropped = uninformative(column, options)) {
            out.push_back(std::move(*dropped));
        }
    }
    return out;
}

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
                if (!std::isfinite(fill)) fill = stats::mean(present);  // the sum overflowed
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
            double sd = std::sqrt(squares / n);
            if (!std::isfinite(center) || !std::isfinite(sd)) {  // values near 1e308 overflow the plain sums
                std::vector<double> imputed;
                imputed.reserve(trainRows.size());
                for (std::size_t r : trainRows) imputed.push_back(column.missing[r] ? fill : column.numbers[r]);
                std::tie(center, sd) = scaledMoments(imputed);
            }
            if (!std::isfinite(center) || !std::isfinite(sd))
                throw DataError({table.source(), 0, inputs[i] + 1, column.name}, "the column's mean or sd is not a finite number");
            scale = sd > 0 ? sd : 1.0;  // a constant column is centered, not blown up
        }
        t.center.push_back(center);
        t.scale.push_back(scale);
        if ((options.missingIndicators || options.artifactFeatures) && anyMissing) t.indicatorOf.push_back(i);
    }
    t.featureNames = t.inputColumns;
    const std::string indicatorPrefix = options.artifactFeatures ? std::string(kArtifactPrefix) : std::string();
    for (std::size_t i : t.indicatorOf) t.featureNames.push_back(indicatorPrefix + t.inputColumns[i] + " missing");
    return t;
}

Eigen::MatrixXd FeatureTransform::apply(const Table& table, const std::vector<std::size_t>& rows) const {
    const auto n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd x(n, features());
    for (std::size_t i = 0; i < inputColumns.size(); ++i) {
        const auto index = table.indexOf(inputColumns[i]);
        if (!index) throw DataError({table.source(), 0, 0, inputColumns[i]}, "the model needs this column, but the file lacks it");
        const Column& column = table.column(*index);
        if (!isFeatureKind(column.kind))
            throw DataError({table.source(), 0, *index + 1, column.name}, "the model needs this column to be numeric");
        const auto j = static_cast<Eigen::Index>(i);
        for (Eigen::Index k = 0; k < n; ++k) {
            const std::size_t r = rows[static_cast<std::size_t>(k)];
            if (column.missing[r] && imputation == Imputation::DropRows)
                throw DataError({table.source(), table.lineOfRow(r), *index + 1, column.name},
                                "missing value, and the chosen imputation drops such rows");
            const double v = column.missing[r] ? fillValue[i] : column.numbers[r];
            const double offset = v - center[i];  // overflows for values of opposite sign near 1e308
            x(k, j) = std::isfinite(offset) ? offset / scale[i] : v / scale[i] - center[i] / scale[i];
            if (!std::isfinite(x(k, j)))
                throw DataError({table.source(), table.lineOfRow(r), *index + 1, column.name},
                                "the value " + shortestDouble(v) + " is not finite once standardized (center " + shortestDouble(center[i]) +
                                    ", scale " + shortestDouble(scale[i]) + ")");
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
    if (options.suspiciousAsMissing) {
        data.suspiciousValues = findSuspiciousValues(table);
        data.suspiciousMarked = markSuspiciousMissing(table, data.suspiciousValues);
    }
    if (options.artifactFeatures) {
        data.unitFlags = detectUnitFlags(table);
        addUnitFlagColumns(table, data.unitFlags);
    }
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
    const GroupOptions& g = options.groups;
    const bool grouped = g.artistColumn || g.titleColumn;
    const RowGroups groups = grouped ? groupRows(table, g) : RowGroups{};
    data.duplicates = g.duplicates;
    if (g.duplicates == DuplicatePolicy::Merge)
        throw std::invalid_argument("duplicates 'merge' (one multi-label row per repeated song) is not supported yet: the models "
                                    "take one class per row; use keep or drop");
    if (g.duplicates == DuplicatePolicy::Drop) {
        if (!groups.hasArtists || !groups.hasTitles)
            throw std::invalid_argument("duplicates 'drop' needs an artist column and a title column to tell songs apart");
        const auto later = laterRepeats(groups);
        for (std::size_t r = 0; r < table.rows(); ++r)
            if (later[r] && eligible[r] >= 0) { eligible[r] = -1; ++data.duplicateRowsDropped; }
    }
    std::vector<std::size_t> present(table.classLabels().size(), 0);
    for (int c : eligible)
        if (c >= 0) ++present[static_cast<std::size_t>(c)];
    const auto classesWithRows = std::count_if(present.begin(), present.end(), [](std::size_t n) { return n > 0; });
    if (classesWithRows < 2)
        throw DataError({table.source(), 0, 0, table.column(*table.targetIndex()).name},
                        "a classifier needs at least two classes with rows; this data has " + std::to_string(classesWithRows));

    data.droppedColumns = droppedColumns(table, options);
    data.splitKind = splitOptions.kind;
    switch (splitOptions.kind) {
    case SplitKind::Random: data.split = stratifiedSplit(eligible, splitOptions); break;
    case SplitKind::Song:
        if (!groups.hasArtists || !groups.hasTitles)
            throw std::invalid_argument("the song split needs an artist column and a title column");
        data.split = groupedSplit(eligible, songGroupOfRow(groups), splitOptions);
        break;
    case SplitKind::Artist:
        if (!groups.hasArtists) throw std::invalid_argument("the artist split needs an artist column");
        data.split = groupedSplit(eligible, artistGroupOfRow(groups), splitOptions);
        break;
    }
    requireTwoTrainingClasses(table, data.split.train);
    data.splitNotes = splitNotes(table, present, data.split);
    data.transform = fitTransform(table, data.split.train, options);
    data.classLabels = table.classLabels();
    data.xTrain = data.transform.apply(table, data.split.train);
    data.xValidation = data.transform.apply(table, data.split.validation);
    data.xTest = data.transform.apply(table, data.split.test);
    data.yTrain = labelsOf(table, data.split.train);
    data.yValidation = labelsOf(table, data.split.validation);
    data.yTest = labelsOf(table, data.split.test);
    if (grouped) {
        if (groups.hasArtists) data.overlap = splitOverlap(groups, data.split);
        fillGroupedRows(groups, data);
    }
    return data;
}

std::string describeSuspiciousMarked(const PreparedData& data) {
    if (data.suspiciousValues.empty()) return "none found";
    std::string text = grouped(static_cast<std::int64_t>(data.suspiciousMarked)) + (data.suspiciousMarked == 1 ? " cell" : " cells") +
                       " read as missing: ";
    for (std::size_t i = 0; i < data.suspiciousValues.size(); ++i) {
        const SuspiciousValue& s = data.suspiciousValues[i];
        if (i == 6) {
            text += ", and " + std::to_string(data.suspiciousValues.size() - i) + " more values";
            break;
        }
        text += (i ? ", " : "") + s.column + " " + shortestDouble(s.value) + " (" + grouped(static_cast<std::int64_t>(s.rows.size())) +
                (s.rows.size() == 1 ? " row)" : " rows)");
    }
    return text;
}

} // namespace genrelab
