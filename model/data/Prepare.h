#pragma once
// From a typed table to model-ready matrices: feature choice, unit repair, imputation,
// optional missing indicators, standardization. Every statistic is learnt on the training
// rows only and then applied unchanged to validation, test and new (prediction) rows.
#include "data/DuplicateSongs.h"
#include "data/GroupOptions.h"
#include "data/SparseRows.h"
#include "data/SuspiciousValues.h"
#include "data/Split.h"
#include "data/Table.h"
#include "data/UnitMix.h"

#include <Eigen/Core>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

enum class Imputation { Mean, Median, Constant, DropRows };
std::string_view imputationName(Imputation imputation);  // "mean", "median", "constant", "drop"
Imputation imputationFromString(std::string_view text);  // throws std::invalid_argument

// A column of the file left out of the default feature set, and why.
struct DroppedColumn {
    std::string name;
    std::string reason;  // text, identifier, constant, all_missing
    std::string detail;  // plain words for a person
};

struct PrepOptions {
    // Empty: every numeric column but the target, identifiers, constant and all-missing columns.
    std::vector<std::string> features;
    std::vector<std::string> exclude;   // left out of the default feature set
    Imputation imputation = Imputation::Mean;
    double constant = 0.0;              // the fill value for Imputation::Constant
    bool missingIndicators = false;     // one 0/1 feature per input column with missing cells
    bool standardize = true;            // (x - mean) / sd, population sd of the training rows
    std::vector<UnitRepair> unitRepairs;
    // Repairs every feature column the table shows to mix units (UnitMix.h), after unitRepairs:
    // a choice that holds for any table, resolved when the data is prepared.
    bool repairUnits = false;
    // Artists, titles and repeated songs (GroupOptions.h). Group columns are never features.
    GroupOptions groups;
    // Collection artifacts as features: a 0/1 flag per column the table shows to mix units (read
    // before any repair) and a missing indicator per input column with missing cells, named
    // "artifact: ..." so every table shows them as what they are, not music.
    bool artifactFeatures = false;
    // Values the table itself shows to be placeholders (SuspiciousValues.h: isolated zeros,
    // spikes) read as missing, before anything else: imputed, or flagged by missing indicators.
    bool suspiciousAsMissing = false;
    bool operator==(const PrepOptions&) const = default;
};

// Learnt on training rows; applies to any table with the same input columns.
struct FeatureTransform {
    std::vector<std::string> inputColumns;
    std::vector<double> fillValue;       // per input column
    std::vector<double> center, scale;   // per input column (0 and 1 when not standardizing)
    std::vector<std::size_t> indicatorOf;  // per indicator feature: its input column
    std::vector<std::string> featureNames; // inputs, then "<input> missing"
    Imputation imputation = Imputation::Mean;

    Eigen::Index features() const { return static_cast<Eigen::Index>(featureNames.size()); }
    // Rows x features. Throws DataError if the table lacks an input column or, with
    // Imputation::DropRows, a row has a missing cell (drop such rows beforehand).
    Eigen::MatrixXd apply(const Table& table, const std::vector<std::size_t>& rows) const;
};

// The columns the default feature set leaves out (none when options.features names them):
// every column but the target and those excluded by name that is not a feature.
std::vector<DroppedColumn> droppedColumns(const Table& table, const PrepOptions& options);

// Mean and sd are computed so that finite values near the largest double (1e308) give finite
// statistics; a standardized value that is still not finite is a DataError naming its column.
FeatureTransform fitTransform(const Table& table, const std::vector<std::size_t>& trainRows, const PrepOptions& options);

// The prefix of every collection-artifact feature's name.
inline constexpr std::string_view kArtifactPrefix = "artifact: ";

// A collection-artifact flag: 1 where the column's value is present, positive and below the
// threshold (the small unit of a unit mix), read before any unit repair.
struct UnitFlag {
    std::string column;
    double threshold = 0;
    std::string name;  // "artifact: <column> in <small unit>"
};
// The flags of every feature column the table shows to mix units.
std::vector<UnitFlag> detectUnitFlags(const Table& table);
// Adds each flag as a 0/1 numeric column named flag.name (prepareData does this for training
// rows; new rows to predict need the same columns before their unit repairs).
void addUnitFlagColumns(Table& table, const std::vector<UnitFlag>& flags);

struct PreparedData {
    FeatureTransform transform;
    Split split;
    Eigen::MatrixXd xTrain, xValidation, xTest;
    Eigen::VectorXi yTrain, yValidation, yTest;
    std::vector<std::string> classLabels;
    std::size_t droppedRows = 0;     // rows left out by Imputation::DropRows
    std::size_t repairedValues = 0;  // cells converted by unit repairs
    // PrepOptions::suspiciousAsMissing: the values found and the cells they turned missing.
    std::vector<SuspiciousValue> suspiciousValues;
    std::size_t suspiciousMarked = 0;
    std::vector<UnitFlag> unitFlags;      // artifact features added (PrepOptions::artifactFeatures)
    std::vector<UnitRepair> unitRepairs;  // the repairs applied (explicit and detected), for new rows
    std::vector<DroppedColumn> droppedColumns;  // columns of the file that are not features, with the reason
    // Artists and titles per split, row for row with xTrain / xValidation / xTest (empty unless
    // group columns are chosen). The vocabulary holds the artists of the training rows only.
    GroupedRows groupsTrain, groupsValidation, groupsTest;
    std::vector<std::string> artistVocabulary;
    SplitKind splitKind = SplitKind::Random;
    DuplicatePolicy duplicates = DuplicatePolicy::Keep;
    std::size_t duplicateRowsDropped = 0;  // later rows of repeated songs, by DuplicatePolicy::Drop
    // With an artist column (and a title column for songs): test rows sharing with training.
    std::optional<SplitOverlap> overlap;
    // Facts about the split a reader must know, each naming its class: a class with rows but no
    // test rows (it is not evaluated) or no training rows (the model cannot predict it).
    std::vector<std::string> splitNotes;

    int classes() const { return static_cast<int>(classLabels.size()); }
};

// "3 cells read as missing: tempo 0 (2 rows), duration_ms 0 (1 row)", or "none found".
std::string describeSuspiciousMarked(const PreparedData& data);

// The whole pipeline. Throws DataError for data that cannot be modelled (no target, fewer than
// two classes, unknown or text feature columns, a group column the file lacks) and
// std::invalid_argument for impossible splits, including training rows that hold fewer than two
// classes, a grouped split or a duplicate policy without the columns it needs, and merging.
PreparedData prepareData(Table table, const PrepOptions& options, const SplitOptions& split);

} // namespace genrelab
