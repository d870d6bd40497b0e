#pragma once
// The data-quality report: what each column holds, and the artifacts that could fool a model
// (unit mixes, missing values that predict the class, codes hiding in empty cells).
#include "data/ClassNames.h"
#include "data/GroupOptions.h"
#include "data/Split.h"
#include "data/SuspiciousValues.h"
#include "data/Table.h"
#include "data/UnitMix.h"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace genrelab {

struct ColumnSummary {
    std::string name;
    ColumnKind kind = ColumnKind::Numeric;
    bool isTarget = false;
    std::size_t missing = 0;
    std::size_t present = 0;
    std::size_t distinct = 0;
    bool integerValued = false;               // numeric columns: every present value whole
    double min = 0, max = 0, mean = 0, sd = 0;  // numeric columns only; sd with n - 1
};

// How often a flag (e.g. "instrumentalness is missing") is set within one class.
struct ClassShare {
    std::string label;
    std::string name;
    std::size_t rows = 0;        // rows of the class
    std::size_t flagged = 0;     // of them, rows with the flag
    double rate() const { return rows ? static_cast<double>(flagged) / static_cast<double>(rows) : 0.0; }
};

// How much a categorical row property (a flag, a missing pattern) tells about the class.
struct ClassAssociation {
    double mutualInformationBits = 0;  // I(property; class) in bits, plug-in estimate
    double gStatistic = 0;             // 2 N I (in nats): chi-squared under independence
    double pValue = 1;                 // G-test
    double cramersV = 0;               // effect size, 0..1
};

struct Artifact {
    std::string column;        // "" for artifacts about rows or the whole table
    std::string kind;          // unit_mix, informative_unit, informative_missing, missing,
                               // missing_pattern, missing_may_be_zero, constant,
                               // missing_target, class_imbalance, single_class,
                               // all_missing, numeric_text (numbers and some words)
    std::size_t rows = 0;      // rows the artifact concerns
    std::string note;          // plain words for a person
    std::optional<ClassAssociation> association;
    std::vector<ClassShare> byClass;  // flag rate per class, where it applies
    // Named counts and shares of grouped findings (duplicate_conflict: songs, conflicting,
    // ceiling, ...), written as JSON fields of the artifact.
    std::vector<std::pair<std::string, double>> figures;
};

// What the grouped findings need: the group columns and the split whose overlap to measure.
struct GroupInspection {
    GroupOptions groups;
    SplitOptions split;  // the split whose test rows are checked against its training rows
};

struct QualityReport {
    std::string source;
    std::size_t rows = 0;
    char delimiter = ',';
    std::vector<ColumnSummary> columns;
    std::optional<std::string> target;
    std::vector<std::string> classLabels;
    std::vector<std::string> classNames;  // same order; the label where no name is known
    std::vector<std::size_t> classCounts;
    std::size_t unlabeledRows = 0;
    std::vector<UnitMix> unitMixes;
    std::vector<SuspiciousValue> suspiciousValues;  // each also a "suspicious_value" artifact
    std::vector<std::size_t> rowsWithoutText;      // rows whose every text field is empty
    std::vector<Artifact> artifacts;
};

// Always: repeated values of an identifier column ("duplicate_conflict" with the id column's
// name), suspicious values ("suspicious_value") and rows without text ("empty_text_rows").
// With an artist or title column in `inspection`, the report adds grouped findings: artists
// (kind "artists"), duplicate rows ("duplicate_rows"), repeated songs and their conflicting
// labels ("duplicate_conflict"), and the split's test rows seen in training ("split_overlap").
// Throws DataError for a group column the table lacks.
QualityReport inspectTable(const Table& table, const ClassNames& names = {}, const GroupInspection& inspection = {});

// Association of a per-row category (0..categories-1, -1 = skip) with the class of each row.
ClassAssociation associateWithClass(const std::vector<int>& category, int categories,
                                    const std::vector<int>& classOfRow, int classes);

} // namespace genrelab
