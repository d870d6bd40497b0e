// libFuzzer target for the CSV reader and the typing of its columns: every input is parsed
// with each option set below, and every table that comes back is checked for the promises
// Table.h makes and inspected as `genrelab-cli inspect` would. A DataError is the reader's
// refusal and is fine; any other exception, a crash or a sanitizer report is a finding.
#include "data/DataError.h"
#include "data/QualityReport.h"
#include "data/Table.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

void checkTable(const Table& table) {
    const std::size_t rows = table.rows();
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
    }
    const auto classes = static_cast<int>(table.classLabels().size());
    for (int c : table.classOfRow()) require(c >= -1 && c < classes, "class index within the labels");
    if (!table.hasTarget()) require(classes == 0, "an unlabeled table has no class labels");
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
        try {
            const Table table = parseTable(text, "fuzz.csv", sets[s]);
            checkTable(table);
            if (s == 0) inspectTable(table);
        } catch (const DataError&) {
            // the reader refused the input with a message: the expected outcome for most inputs
        }
    }
    return 0;
}
