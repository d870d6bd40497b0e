#include "data/SuspiciousValues.h"

#include "util/Format.h"
#include "util/Stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

namespace genrelab {
namespace {

constexpr std::size_t kMinimumPresent = 20;

std::vector<std::size_t> rowsHolding(const Column& column, double value) {
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < column.numbers.size(); ++r)
        if (!column.missing[r] && column.numbers[r] == value) rows.push_back(r);
    return rows;
}

std::string count(std::size_t n) { return grouped(static_cast<std::int64_t>(n)); }

void findInColumn(const Column& column, std::vector<SuspiciousValue>& out) {
    std::vector<double> sorted;
    sorted.reserve(column.numbers.size() - column.missingCount);
    for (std::size_t r = 0; r < column.numbers.size(); ++r)
        if (!column.missing[r]) sorted.push_back(column.numbers[r]);
    if (sorted.size() < kMinimumPresent) return;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t n = sorted.size();

    const auto positives = std::upper_bound(sorted.begin(), sorted.end(), 0.0);
    const auto zeros = static_cast<std::size_t>(positives - std::lower_bound(sorted.begin(), sorted.end(), 0.0));
    if (sorted.front() >= 0.0 && zeros > 0 && positives != sorted.end() && zeros <= std::max<std::size_t>(1, n / 100)) {
        const std::span<const double> positive(positives, sorted.end());
        const double smallest = positive.front(), median = stats::medianOfSorted(positive);
        if (smallest >= 0.05 * median) {
            SuspiciousValue s{column.name, "isolated_zero", 0.0, rowsHolding(column, 0.0), {}};
            s.reason = counted(zeros, "row holds", "rows hold") + " exactly 0 while every other value is at least " + significant(smallest, 4) +
                       " (median " + significant(median, 4) + "): a 0 so far below the rest reads as a placeholder for unknown";
            out.push_back(std::move(s));
        }
    }

    std::size_t distinct = 0;
    for (std::size_t i = 0; i < n; ++i) distinct += i == 0 || sorted[i] != sorted[i - 1];
    if (distinct < 100) return;
    const double average = static_cast<double>(n) / static_cast<double>(distinct);
    const double needed = std::max({20.0, 0.005 * static_cast<double>(n), 20.0 * average});
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && sorted[j] == sorted[i]) ++j;
        const std::size_t held = j - i;
        if (sorted[i] != sorted.front() && sorted[i] != sorted.back() && static_cast<double>(held) >= needed) {
            SuspiciousValue s{column.name, "spike", sorted[i], rowsHolding(column, sorted[i]), {}};
            s.reason = count(held) + " rows (" + percent(static_cast<double>(held) / static_cast<double>(n)) + ") hold exactly " +
                       shortestDouble(sorted[i]) + ", " + significant(static_cast<double>(held) / average, 2) +
                       " times as many as an average value of this column (" + count(distinct) +
                       " distinct values): a spike reads as a default written in place of a measurement";
            out.push_back(std::move(s));
        }
        i = j;
    }
}

} // namespace

std::vector<SuspiciousValue> findSuspiciousValues(const Table& table) {
    std::vector<SuspiciousValue> out;
    for (std::size_t c = 0; c < table.columnCount(); ++c)
        if (table.column(c).kind == ColumnKind::Numeric && table.targetIndex() != c) findInColumn(table.column(c), out);
    return out;
}

std::vector<std::size_t> rowsWithoutText(const Table& table) {
    std::vector<const Column*> texts;
    for (std::size_t c = 0; c < table.columnCount(); ++c)
        if (table.column(c).kind == ColumnKind::Text && table.targetIndex() != c && !identifierName(table.column(c).name))
            texts.push_back(&table.column(c));
    std::vector<std::size_t> rows;
    if (texts.empty()) return rows;
    for (std::size_t r = 0; r < table.rows(); ++r)
        if (std::all_of(texts.begin(), texts.end(), [r](const Column* column) { return column->missing[r]; })) rows.push_back(r);
    return rows;
}

std::size_t markSuspiciousMissing(Table& table, const std::vector<SuspiciousValue>& found) {
    std::size_t marked = 0;
    for (const SuspiciousValue& s : found) {
        const auto index = table.indexOf(s.column);
        if (!index) continue;
        Column& column = table.column(*index);
        for (std::size_t r : s.rows) {
            if (column.missing[r]) continue;
            column.missing[r] = true;
            column.numbers[r] = std::numeric_limits<double>::quiet_NaN();
            ++column.missingCount;
            ++marked;
        }
    }
    return marked;
}

std::string describeLines(const Table& table, const std::vector<std::size_t>& rows, std::size_t shown) {
    std::string text = rows.size() == 1 ? "line " : "lines ";
    for (std::size_t i = 0; i < rows.size() && i < shown; ++i) {
        if (i > 0) text += i + 1 == rows.size() ? " and " : ", ";
        text += std::to_string(table.lineOfRow(rows[i]));
    }
    if (rows.size() > shown) text += " and " + count(rows.size() - shown) + " more";
    return text;
}

} // namespace genrelab
