#include "data/Table.h"

#include "data/Csv.h"
#include "data/DataError.h"
#include "util/Format.h"
#include "util/ParallelFor.h"
#include "util/Utf8.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_set>

namespace genrelab {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// A column of integers that is either named like an identifier or counts the rows
// (0,1,2,... or 1,2,3,...). Short columns must be named: 1,2,3 in a tiny file is as likely a
// feature as a row number. A named column may repeat some values (one track listed under
// several genres): the repeats are a finding about rows, not a reason to model the id as a
// number; but more rows than distinct values, twice over, make a code, not an identifier.
bool looksLikeIdentifier(const Column& column) {
    if (column.missingCount > 0 || column.numbers.empty()) return false;
    const bool named = identifierName(column.name);
    const auto& v = column.numbers;
    bool running = v.size() >= 10 && (v[0] == 0.0 || v[0] == 1.0);
    for (std::size_t i = 0; i < v.size() && running; ++i) running = v[i] == v[0] + static_cast<double>(i);
    if (running) return true;
    if (!named || !std::all_of(v.begin(), v.end(), [](double x) { return x == std::floor(x); })) return false;
    const std::unordered_set<double> distinct(v.begin(), v.end());
    return 2 * distinct.size() > v.size();
}

// 1 for true/yes, 0 for false/no (any case); -1 for anything else.
int booleanWord(std::string_view cell) {
    if (cell.size() < 2 || cell.size() > 5) return -1;
    const std::string word = lower(cell);
    if (word == "true" || word == "yes") return 1;
    if (word == "false" || word == "no") return 0;
    return -1;
}

// A column the number pass left as text becomes Boolean when every present cell is a boolean
// word; its numbers are then 0/1. Kept apart from the number pass so either changes alone.
bool typeBooleanWords(const CsvDocument& doc, std::size_t c, Column& column) {
    const std::size_t rows = doc.rows();
    for (std::size_t r = 0; r < rows; ++r)
        if (!column.missing[r] && booleanWord(trim(doc.cell(r, c))) < 0) return false;
    if (column.missingCount == rows) return false;
    column.numbers.assign(rows, kMissing);
    for (std::size_t r = 0; r < rows; ++r)
        if (!column.missing[r]) column.numbers[r] = booleanWord(trim(doc.cell(r, c)));
    column.kind = ColumnKind::Boolean;
    return true;
}

// A numeric column whose present values are 0 and 1, both of them, is Boolean.
bool zeroOneValues(const Column& column) {
    bool zero = false, one = false;
    for (std::size_t r = 0; r < column.numbers.size(); ++r) {
        if (column.missing[r]) continue;
        const double v = column.numbers[r];
        if (v == 0.0) zero = true;
        else if (v == 1.0) one = true;
        else return false;
    }
    return zero && one;
}

struct ParsedColumn {
    std::size_t parsed = 0, failed = 0;
    std::size_t firstFailure = 0;
};

// The power of ten of a decimal number's first significant digit (1e-400: -400, 12.5e3: 4),
// for telling an underflow from an overflow. Digits and an optional exponent only.
long long decimalMagnitude(std::string_view number) {
    if (!number.empty() && number.front() == '-') number.remove_prefix(1);
    const std::size_t e = number.find_first_of("eE");
    long long exponent = 0;
    if (e != std::string_view::npos) {
        std::string_view digits = number.substr(e + 1);
        if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), exponent);
        if (ec == std::errc::result_out_of_range) exponent = digits.front() == '-' ? -1'000'000'000 : 1'000'000'000;
        number = number.substr(0, e);
    }
    const std::size_t point = std::min(number.find('.'), number.size());
    const std::size_t first = number.find_first_of("123456789");
    if (first == std::string_view::npos) return exponent;
    const auto position = first < point ? static_cast<long long>(point - first) - 1 : -static_cast<long long>(first - point);
    return exponent + position;
}

// from_chars with the rule for numbers beyond a double: too small (1e-400) is the nearest
// double, a signed zero; too large (1e999) is infinite, which the caller refuses.
std::from_chars_result numberFromChars(const char* begin, const char* end, double& value) {
    auto result = std::from_chars(begin, end, value);
    if (result.ec == std::errc::result_out_of_range) {
        const bool negative = *begin == '-';
        value = decimalMagnitude({begin, static_cast<std::size_t>(result.ptr - begin)}) < 0 ? (negative ? -0.0 : 0.0)
              : negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        result.ec = std::errc();
    }
    return result;
}

} // namespace

std::string_view columnKindName(ColumnKind kind) {
    switch (kind) {
    case ColumnKind::Numeric: return "numeric";
    case ColumnKind::Text: return "text";
    case ColumnKind::Id: return "id";
    case ColumnKind::Boolean: return "boolean";
    }
    return "?";
}

bool parseNumber(std::string_view text, double& value, bool decimalComma) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    if (decimalComma && text.find(',') != std::string_view::npos && text.find('.') == std::string_view::npos) {
        char buffer[64];
        if (text.size() >= sizeof buffer) return false;
        std::copy(text.begin(), text.end(), buffer);
        std::replace(buffer, buffer + text.size(), ',', '.');
        auto [end, ec] = numberFromChars(buffer, buffer + text.size(), value);
        return ec == std::errc() && end == buffer + text.size();
    }
    auto [end, ec] = numberFromChars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

bool identifierName(std::string_view name) {
    static const std::unordered_set<std::string> idNames = {"id", "index", "row", "row_id", "rowid", "unnamed: 0", "column 1"};
    const std::string folded = lower(trim(name));
    if (idNames.count(folded) > 0) return true;
    if (folded.size() < 3 || folded.substr(folded.size() - 2) != "id") return false;
    const char before = folded[folded.size() - 3];
    const std::string_view written = trim(name);
    const bool camel = written[written.size() - 2] == 'I' && std::islower(static_cast<unsigned char>(written[written.size() - 3]));
    return before == '_' || before == ' ' || before == '-' || camel;  // track_id, Song ID, trackId (not VALID)
}

std::size_t numberLikeCells(const Column& column) {
    std::size_t count = 0;
    double value = 0.0;
    for (std::size_t r = 0; r < column.texts.size(); ++r)
        if (!column.missing[r] && (parseNumber(column.texts[r], value) || parseNumber(column.texts[r], value, true))) ++count;
    return count;
}

void Table::addColumn(Column column) {
    if (column.missing.size() != rows_ || (column.kind == ColumnKind::Text ? column.texts.size() : column.numbers.size()) != rows_)
        throw std::invalid_argument("a column added to a table needs one cell per row");
    if (indexOf(column.name)) throw std::invalid_argument("the table already has a column '" + column.name + "'");
    columns_.push_back(std::move(column));
}

std::optional<std::size_t> Table::indexOf(std::string_view name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i].name == name) return i;
    return std::nullopt;
}

std::vector<std::size_t> Table::classCounts() const {
    std::vector<std::size_t> counts(classLabels_.size(), 0);
    for (int c : classOfRow_)
        if (c >= 0) ++counts[static_cast<std::size_t>(c)];
    return counts;
}

std::vector<std::size_t> Table::featureColumns() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (isFeatureKind(columns_[i].kind) && target_ != i) out.push_back(i);
    return out;
}

Table parseTable(std::string_view text, const std::string& sourceName, const TableOptions& options) {
    const CsvDocument doc = parseCsv(text, sourceName, CsvOptions{options.delimiter});
    const std::size_t rows = doc.rows();
    const bool decimalComma = doc.delimiter == ';';

    Table table;
    table.source_ = sourceName;
    table.rows_ = rows;
    table.rowLine_ = doc.rowLine;
    table.invalidUtf8_.count = doc.repairedHeaderNames;

    if (options.target && std::find(doc.header.begin(), doc.header.end(), *options.target) == doc.header.end())
        throw DataError({sourceName, doc.headerLine, 0, *options.target},
                        "no column has the target name; the columns are: " + [&] {
                            std::string list;
                            for (const auto& h : doc.header) list += (list.empty() ? "" : ", ") + h;
                            return list;
                        }());
    for (const auto& name : options.numericColumns)
        if (std::find(doc.header.begin(), doc.header.end(), name) == doc.header.end())
            throw DataError({sourceName, doc.headerLine, 0, name}, "a column required to be numeric is not in the file");
    const std::string targetName = options.target.value_or("Class");

    std::unordered_set<std::string> missingTokens(options.missingTokens.begin(), options.missingTokens.end());
    // Looking a cell up costs a string; only cells starting like a token can be one.
    bool tokenStart[256] = {};
    for (const auto& token : options.missingTokens)
        if (!token.empty()) tokenStart[static_cast<unsigned char>(token.front())] = true;
    // The cells lie row by row: walking one column down a million rows would miss the cache on
    // every cell, so rows are taken in blocks and every column parsed within a block.
    constexpr std::size_t kRowBlock = 2048;
    const std::size_t columns = doc.columns();
    table.columns_.resize(columns);
    std::vector<ParsedColumn> parsed(columns);
    std::vector<bool> forcedText(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        Column& column = table.columns_[c];
        column.name = doc.header[c];
        column.missing.assign(rows, false);
        column.numbers.assign(rows, kMissing);
        forcedText[c] = contains(options.textColumns, column.name);
    }
    // Blocks are typed on all cores, each counting into its own ParsedColumn; the sums and the
    // first failure (of the first block that has one) are the same as one pass in row order.
    // A block's rows fill whole words of the missing flags (std::vector<bool>): no two threads
    // write one word.
    static_assert(kRowBlock % 64 == 0, "a block's missing flags are whole words");
    const std::size_t blocks = (rows + kRowBlock - 1) / kRowBlock;
    std::vector<ParsedColumn> blockStats(blocks * columns);
    std::vector<std::size_t> blockMissing(blocks * columns, 0);
    parallelFor(blocks, 0, [&](std::size_t block, const CancellationToken&) {
        const std::size_t first = block * kRowBlock, last = std::min(rows, first + kRowBlock);
        for (std::size_t c = 0; c < columns; ++c) {
            Column& column = table.columns_[c];
            ParsedColumn& stats = blockStats[block * columns + c];
            std::size_t& missing = blockMissing[block * columns + c];
            for (std::size_t r = first; r < last; ++r) {
                const std::string_view cell = trim(doc.cell(r, c));
                if (cell.empty() || (tokenStart[static_cast<unsigned char>(cell.front())] && missingTokens.count(std::string(cell)))) {
                    column.missing[r] = true;
                    ++missing;
                    continue;
                }
                if (forcedText[c]) continue;
                double value = 0.0;
                if (parseNumber(cell, value, decimalComma)) {
                    column.numbers[r] = value;
                    ++stats.parsed;
                } else if (stats.failed++ == 0) {
                    stats.firstFailure = r;
                }
            }
        }
    });
    for (std::size_t block = 0; block < blocks; ++block)
        for (std::size_t c = 0; c < columns; ++c) {
            const ParsedColumn& part = blockStats[block * columns + c];
            ParsedColumn& stats = parsed[c];
            if (part.failed > 0 && stats.failed == 0) stats.firstFailure = part.firstFailure;
            stats.parsed += part.parsed;
            stats.failed += part.failed;
            table.columns_[c].missingCount += blockMissing[block * columns + c];
        }
    std::vector<std::size_t> textColumns;
    for (std::size_t c = 0; c < columns; ++c) {
        Column& column = table.columns_[c];
        const ParsedColumn& stats = parsed[c];
        const bool forcedNumeric = contains(options.numericColumns, column.name);
        // A column is numeric when every present cell is a number. When nearly all are, a
        // stray word is far likelier a data error than a text column: report it, do not guess.
        const bool nearlyNumeric = stats.failed > 0 && stats.parsed >= 3 * stats.failed &&
                                   stats.failed <= std::max<std::size_t>(1, (stats.parsed + stats.failed) / 100);
        if (!forcedText[c] && stats.failed > 0 && (forcedNumeric || nearlyNumeric)) {
            const std::size_t r = stats.firstFailure;
            throw DataError({sourceName, doc.rowLine[r], c + 1, column.name},
                            "'" + std::string(trim(doc.cell(r, c))) + "' is not a number, in a numeric column (" +
                                grouped(static_cast<std::int64_t>(stats.parsed)) + " of its cells are numbers)");
        }
        if (!forcedText[c] && stats.failed > 0 && column.name != targetName && typeBooleanWords(doc, c, column)) continue;
        if (forcedText[c] || stats.failed > 0) {
            column.kind = ColumnKind::Text;
            std::vector<double>().swap(column.numbers);  // frees the memory too: a text column holds no numbers
            column.texts.resize(rows);
            textColumns.push_back(c);
            continue;
        }
        for (std::size_t r = 0; r < rows; ++r) {
            const double v = column.numbers[r];
            if (!column.missing[r] && !std::isfinite(v))
                throw DataError({sourceName, doc.rowLine[r], c + 1, column.name},
                                "'" + std::string(trim(doc.cell(r, c))) + "' is " +
                                    (std::isnan(v) ? "not a number (NaN); leave the cell empty if the value is missing"
                                                   : "infinite; only finite numbers can be modelled"));
        }
        if (column.name != targetName && looksLikeIdentifier(column)) column.kind = ColumnKind::Id;
        else if (column.name != targetName && zeroOneValues(column)) column.kind = ColumnKind::Boolean;
    }
    // Invalid UTF-8 becomes U+FFFD and is counted; the first repaired cell named is the first in
    // column order, then row order (a repaired header name, counted earlier, comes before all).
    // Per block on all cores: the count and the first repaired (column, row) of the block.
    Utf8Repairs& repairs = table.invalidUtf8_;
    const bool headerNamedFirst = repairs.count > 0;
    constexpr std::pair<std::size_t, std::size_t> kNone{std::numeric_limits<std::size_t>::max(), 0};
    std::vector<std::size_t> repairedInBlock(blocks, 0);
    std::vector<std::pair<std::size_t, std::size_t>> firstInBlock(blocks, kNone);
    if (!textColumns.empty())
        parallelFor(blocks, 0, [&](std::size_t block, const CancellationToken&) {
            const std::size_t first = block * kRowBlock, last = std::min(rows, first + kRowBlock);
            for (std::size_t c : textColumns) {
                Column& column = table.columns_[c];
                for (std::size_t r = first; r < last; ++r) {
                    if (column.missing[r]) continue;
                    std::size_t replaced = 0;
                    column.texts[r] = toValidUtf8(trim(doc.cell(r, c)), &replaced);
                    if (replaced == 0) continue;
                    ++repairedInBlock[block];
                    firstInBlock[block] = std::min(firstInBlock[block], std::pair{c, r});
                }
            }
        });
    std::pair<std::size_t, std::size_t> firstRepaired = kNone;
    for (std::size_t block = 0; block < blocks; ++block) {
        repairs.count += repairedInBlock[block];
        firstRepaired = std::min(firstRepaired, firstInBlock[block]);
    }
    if (!headerNamedFirst && firstRepaired != kNone) {
        repairs.firstLine = doc.rowLine[firstRepaired.second];
        repairs.firstColumn = table.columns_[firstRepaired.first].name;
    }

    if (auto target = table.indexOf(targetName)) {
        table.target_ = target;
        const Column& column = table.columns_[*target];
        table.classOfRow_.assign(rows, -1);
        if (column.kind == ColumnKind::Text) {
            std::map<std::string, int> labels;
            for (std::size_t r = 0; r < rows; ++r)
                if (!column.missing[r]) labels.emplace(column.texts[r], 0);
            for (auto& [label, index] : labels) {
                index = static_cast<int>(table.classLabels_.size());
                table.classLabels_.push_back(label);
            }
            for (std::size_t r = 0; r < rows; ++r)
                if (!column.missing[r]) table.classOfRow_[r] = labels.at(column.texts[r]);
        } else {
            std::map<double, int> labels;
            for (std::size_t r = 0; r < rows; ++r)
                if (!column.missing[r]) labels.emplace(column.numbers[r], 0);
            for (auto& [value, index] : labels) {
                index = static_cast<int>(table.classLabels_.size());
                table.classLabels_.push_back(shortestDouble(value));
            }
            for (std::size_t r = 0; r < rows; ++r)
                if (!column.missing[r]) table.classOfRow_[r] = labels.at(column.numbers[r]);
        }
    } else {
        table.classOfRow_.assign(rows, -1);
    }
    return table;
}

std::string describeUtf8Repairs(const Table& table) {
    const Utf8Repairs& repairs = table.invalidUtf8();
    if (repairs.count == 0) return {};
    const std::string where = repairs.firstLine == 0 ? "the header"
                                                     : "line " + std::to_string(repairs.firstLine) + ", column '" + repairs.firstColumn + "'";
    return std::to_string(repairs.count) + (repairs.count == 1 ? " name or cell" : " names or cells") + " of " + table.source() +
           (repairs.count == 1 ? " is" : " are") + " not valid UTF-8 (first in " + where +
           "); each invalid byte sequence reads as U+FFFD";
}

Table readTable(const std::string& path, const TableOptions& options) {
    const std::string text = readFileText(path);
    return parseTable(text, path, options);
}

} // namespace genrelab
