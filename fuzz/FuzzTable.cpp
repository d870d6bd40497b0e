// libFuzzer target for the CSV reader and the typing of its columns: every input is parsed
// with each option set below, twice. Every table that comes back is checked for the promises
// Table.h makes and inspected as `genrelab-cli inspect` would; a DataError is the reader's
// refusal and is fine when it names the file and a line of it. The second parse must give the
// same table or the same refusal (typing depends on the bytes only). Any other exception, a
// broken promise (abort), a crash or a sanitizer report is a finding.
#include "data/DataError.h"
#include "data/QualityReport.h"
#include "data/Table.h"
#include "util/Utf8.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace genrelab;

namespace {

// Stops the run with a message libFuzzer shows beside the input that broke the promise.
void require(bool holds, const char* promise) {
    if (!holds) {
        std::fprintf(stderr, "broken promise: %s\n", promise);
        std::abort();
    }
}

constexpr const char* kSource = "fuzz.csv";

// At least the physical lines of the text (a line end is LF, CRLF or a lone CR): a DataError's
// line and every row's line lie within them.
std::size_t physicalLines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n') + std::count(text.begin(), text.end(), '\r')) + 1;
}

void checkTable(const Table& table, std::string_view text) {
    const std::size_t rows = table.rows();
    require(table.source() == kSource, "the table names its source");
    require(table.columnCount() >= 1, "a table has a column");
    std::set<std::string> names;
    for (const Column& column : table.columns()) {
        require(!column.name.empty(), "a column has a name");
        require(isValidUtf8(column.name), "a column name is UTF-8");
        require(names.insert(column.name).second, "column names are unique");
    }
    for (std::size_t r = 1; r < rows; ++r) require(table.lineOfRow(r) > table.lineOfRow(r - 1), "rows in line order");
    if (rows > 0) require(table.lineOfRow(rows - 1) <= physicalLines(text), "a row's line lies in the text");
    if (table.targetIndex()) require(*table.targetIndex() < table.columnCount(), "the target is a column");
    for (const std::string& label : table.classLabels()) require(isValidUtf8(label), "a class label is UTF-8");
    require(table.classOfRow().size() == rows, "one class index per row");
    for (std::size_t r = 0; r < rows; ++r) require(table.lineOfRow(r) >= 2, "a data row starts after the header");
    for (const Column& column : table.columns()) {
        require(column.missing.size() == rows, "one missing flag per row");
        std::size_t missing = 0;
        for (std::size_t r = 0; r < rows; ++r) missing += column.missing[r] ? 1 : 0;
        require(missing == column.missingCount, "missingCount counts the missing flags");
        if (column.kind == ColumnKind::Text) {
            require(column.texts.size() == rows && column.numbers.empty(), "a text column holds texts only");
            continue;
        }
        require(column.numbers.size() == rows && column.texts.empty(), "a numeric column holds numbers only");
        for (std::size_t r = 0; r < rows; ++r)
            require(column.missing[r] ? std::isnan(column.numbers[r]) : std::isfinite(column.numbers[r]),
                    "a numeric cell is NaN exactly when missing, else finite");
        if (column.kind == ColumnKind::Boolean)
            for (std::size_t r = 0; r < rows; ++r)
                require(column.missing[r] || column.numbers[r] == 0.0 || column.numbers[r] == 1.0, "a boolean cell is 0 or 1");
    }
    const auto classes = static_cast<int>(table.classLabels().size());
    for (int c : table.classOfRow()) require(c >= -1 && c < classes, "class index within the labels");
    if (!table.hasTarget()) require(classes == 0, "an unlabeled table has no class labels");
}

void checkRefusal(const DataError& error, std::string_view text) {
    require(error.where().file == kSource, "a refusal names the file");
    require(error.where().line <= physicalLines(text), "a refusal's line lies in the text");
    require(!error.message().empty() && std::strlen(error.what()) > 0, "a refusal says why");
}

bool sameNumbers(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool sameTable(const Table& a, const Table& b) {
    if (a.rows() != b.rows() || a.columnCount() != b.columnCount() || a.targetIndex() != b.targetIndex() ||
        a.classLabels() != b.classLabels() || a.classOfRow() != b.classOfRow() || a.invalidUtf8().count != b.invalidUtf8().count)
        return false;
    for (std::size_t r = 0; r < a.rows(); ++r)
        if (a.lineOfRow(r) != b.lineOfRow(r)) return false;
    for (std::size_t c = 0; c < a.columnCount(); ++c) {
        const Column &x = a.column(c), &y = b.column(c);
        if (x.name != y.name || x.kind != y.kind || x.missing != y.missing || x.texts != y.texts || !sameNumbers(x.numbers, y.numbers))
            return false;
    }
    return true;
}

// A parse's outcome: the table, or the refusal's location and message.
struct Outcome {
    std::optional<Table> table;
    std::string refusal;
};

Outcome parseOnce(std::string_view text, const TableOptions& options) {
    Outcome outcome;
    try {
        outcome.table = parseTable(text, kSource, options);
    } catch (const DataError& error) {
        // the reader refused the input with a message: the expected outcome for most inputs
        checkRefusal(error, text);
        outcome.refusal = std::to_string(error.where().line) + ":" + std::to_string(error.where().column) + ":" +
                          error.where().columnName + ":" + error.message();
    }
    return outcome;
}

std::vector<TableOptions> optionSets() {
    std::vector<TableOptions> sets(4);
    sets[1].delimiter = ';';                 // decimal commas
    sets[1].target = "Class";
    sets[2].delimiter = '\t';
    sets[2].missingTokens = {"?", "-", ""};
    sets[2].numericColumns = {"a"};
    sets[2].textColumns = {"b", "Class"};
    sets[3].delimiter = ',';
    sets[3].target = "a";
    sets[3].missingTokens = {};
    sets[3].textColumns = {"name"};
    return sets;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<TableOptions> sets = optionSets();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (std::size_t s = 0; s < sets.size(); ++s) {
        const Outcome first = parseOnce(text, sets[s]);
        const Outcome second = parseOnce(text, sets[s]);
        require(first.table.has_value() == second.table.has_value() && first.refusal == second.refusal,
                "the same bytes give the same outcome");
        if (!first.table) continue;
        require(sameTable(*first.table, *second.table), "the same bytes give the same table");
        checkTable(*first.table, text);
        if (s == 0) inspectTable(*first.table);
    }
    return 0;
}
