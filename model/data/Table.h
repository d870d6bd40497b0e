#pragma once
// A typed table read from CSV: numeric columns as doubles (NaN = missing), text columns as
// strings, an identifier column recognised and kept out of the features, the target's labels.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

// Boolean: every present cell one of two values, true/false, yes/no (any case) or 0/1; held as
// 0/1 numbers and modelled as a numeric feature.
enum class ColumnKind { Numeric, Text, Id, Boolean };
std::string_view columnKindName(ColumnKind kind);  // "numeric", "text", "id", "boolean"
// Kinds whose cells are numbers a model can take (Numeric and Boolean).
inline bool isFeatureKind(ColumnKind kind) { return kind == ColumnKind::Numeric || kind == ColumnKind::Boolean; }

struct Column {
    std::string name;
    ColumnKind kind = ColumnKind::Numeric;
    std::vector<double> numbers;      // Numeric, Boolean (0/1) and Id columns; NaN where missing
    std::vector<std::string> texts;   // Text columns; empty string where missing
    std::vector<bool> missing;        // one flag per row, for every kind
    std::size_t missingCount = 0;
};

// Header names and text cells whose bytes were not valid UTF-8: each ill-formed sequence reads
// as U+FFFD, so every name and label can be shown and written as JSON.
struct Utf8Repairs {
    std::size_t count = 0;      // names and cells repaired
    std::size_t firstLine = 0;  // a repaired cell's line (0: a header name was repaired)
    std::string firstColumn;    // that cell's column
};

struct TableOptions {
    // The class column. Unset: "Class" if the file has it, else the file is unlabeled.
    // Set: it must exist, or reading fails.
    std::optional<std::string> target;
    char delimiter = 0;  // 0: detect
    // Cells that mean "missing" besides the empty one (compared after trimming spaces).
    std::vector<std::string> missingTokens = {"NA", "N/A", "NaN", "nan", "null", "NULL", "None"};
    // Columns that must be numeric: any cell that is not a number is an error.
    std::vector<std::string> numericColumns;
    // Columns that must be text, even if every cell looks like a number.
    std::vector<std::string> textColumns;
};

class Table {
public:
    const std::string& source() const { return source_; }
    std::size_t rows() const { return rows_; }
    std::size_t columnCount() const { return columns_.size(); }
    const std::vector<Column>& columns() const { return columns_; }
    const Column& column(std::size_t index) const { return columns_.at(index); }
    Column& column(std::size_t index) { return columns_.at(index); }
    std::optional<std::size_t> indexOf(std::string_view name) const;
    std::size_t lineOfRow(std::size_t row) const { return rowLine_.at(row); }

    // The target, when the file has one.
    std::optional<std::size_t> targetIndex() const { return target_; }
    bool hasTarget() const { return target_.has_value(); }
    // Class labels in order (numerically sorted when all are numbers: "0", "1", ..., "10").
    const std::vector<std::string>& classLabels() const { return classLabels_; }
    // Index into classLabels() per row; -1 where the label is missing or the file is unlabeled.
    const std::vector<int>& classOfRow() const { return classOfRow_; }
    std::vector<std::size_t> classCounts() const;

    // Numeric and Boolean columns other than the target: the candidate features.
    std::vector<std::size_t> featureColumns() const;

    const Utf8Repairs& invalidUtf8() const { return invalidUtf8_; }

    // Appends a column derived from the others (one cell per row, a name not yet used).
    // Throws std::invalid_argument otherwise.
    void addColumn(Column column);

private:
    friend Table parseTable(std::string_view, const std::string&, const TableOptions&);
    std::string source_;
    std::size_t rows_ = 0;
    std::vector<Column> columns_;
    std::vector<std::size_t> rowLine_;
    std::optional<std::size_t> target_;
    std::vector<std::string> classLabels_;
    std::vector<int> classOfRow_;
    Utf8Repairs invalidUtf8_;
};

// "3 names or cells of data.csv are not valid UTF-8 (first in line 2, column 'artist'); each
// invalid byte sequence reads as U+FFFD", or empty when there was none: said once per file.
std::string describeUtf8Repairs(const Table& table);

// Parses CSV text into a typed table. Throws DataError naming file, line and column.
Table parseTable(std::string_view text, const std::string& sourceName, const TableOptions& options = {});
// Reads and parses a file.
Table readTable(const std::string& path, const TableOptions& options = {});

// Parses a number the way the table does: trims spaces, accepts a leading '+', and a decimal
// comma when decimalComma is set. Returns false unless the whole text is one number; "inf"
// and "nan" come back as such and the caller decides what they mean. Beyond a double's range,
// a number too small (1e-400) is its nearest double, a signed zero, as numbers between the
// denormals are rounded; a number too large (1e999) comes back infinite.
bool parseNumber(std::string_view text, double& value, bool decimalComma = false);

// True for a column name that reads as an identifier: "id", "index", "Unnamed: 0", or a name
// ending in "id" as a word ("track_id", "Song ID", "trackId").
bool identifierName(std::string_view name);

// Present cells of a text column that read as numbers (with a decimal point or comma): many
// of them mean a numeric column turned to text by a few words.
std::size_t numberLikeCells(const Column& column);

} // namespace genrelab
