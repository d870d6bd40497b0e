#include "data/QualityReport.h"

#include "data/GroupedFindings.h"
#include "data/SuspiciousValues.h"
#include "prob/SpecialFunctions.h"
#include "util/Format.h"
#include "util/ParallelFor.h"
#include "util/Stats.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_set>

namespace genrelab {
namespace {

// The number of distinct present values, counted in an open-addressing table of their bit
// patterns: a node-based set allocates per value, seconds on a million rows. -0 counts as 0,
// as the values compare.
std::size_t distinctNumbers(const Column& column, std::size_t present) {
    constexpr std::uint64_t kEmpty = ~std::uint64_t{0};  // a NaN pattern; counted on its own if it occurs
    std::size_t capacity = 16;
    while (capacity < 2 * present) capacity *= 2;
    std::vector<std::uint64_t> slots(capacity, kEmpty);
    std::size_t distinct = 0;
    bool emptyPatternSeen = false;
    for (std::size_t r = 0; r < column.numbers.size(); ++r) {
        if (column.missing[r]) continue;
        const double v = column.numbers[r];
        const std::uint64_t bits = std::bit_cast<std::uint64_t>(v == 0.0 ? 0.0 : v);
        if (bits == kEmpty) {
            distinct += !emptyPatternSeen;
            emptyPatternSeen = true;
            continue;
        }
        std::uint64_t h = bits;  // splitmix64's finalizer spreads nearby doubles over the table
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
        h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
        h ^= h >> 31;
        for (std::size_t i = h & (capacity - 1);; i = (i + 1) & (capacity - 1)) {
            if (slots[i] == bits) break;
            if (slots[i] == kEmpty) {
                slots[i] = bits;
                ++distinct;
                break;
            }
        }
    }
    return distinct;
}

constexpr double kSignificance = 1e-3;

ColumnSummary summarize(const Column& column, bool isTarget) {
    ColumnSummary s;
    s.name = column.name;
    s.kind = column.kind;
    s.isTarget = isTarget;
    s.missing = column.missingCount;
    s.present = column.missing.size() - column.missingCount;
    if (column.kind == ColumnKind::Text) {
        std::unordered_set<std::string_view> distinct;  // views of the column's texts: no copies
        distinct.reserve(s.present);
        for (std::size_t r = 0; r < column.texts.size(); ++r)
            if (!column.missing[r]) distinct.insert(column.texts[r]);
        s.distinct = distinct.size();
        return s;
    }
    s.distinct = distinctNumbers(column, s.present);
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    bool whole = true;
    for (std::size_t r = 0; r < column.numbers.size(); ++r) {
        if (column.missing[r]) continue;
        const double v = column.numbers[r];
        sum += v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        whole = whole && v == std::floor(v);
    }
    s.integerValued = s.present > 0 && whole;
    if (s.present == 0) return s;
    s.min = lo;
    s.max = hi;
    s.mean = sum / static_cast<double>(s.present);
    double squares = 0;
    for (std::size_t r = 0; r < column.numbers.size(); ++r)
        if (!column.missing[r]) squares += (column.numbers[r] - s.mean) * (column.numbers[r] - s.mean);
    s.sd = s.present > 1 ? std::sqrt(squares / static_cast<double>(s.present - 1)) : 0.0;
    if (!std::isfinite(s.mean) || !std::isfinite(s.sd)) {  // values near the largest double overflow the plain sums
        std::vector<double> present;
        for (std::size_t r = 0; r < column.numbers.size(); ++r)
            if (!column.missing[r]) present.push_back(column.numbers[r]);
        s.mean = stats::mean(present);
        if (s.present > 1) s.sd = stats::sampleSd(present);
    }
    return s;
}

std::vector<ClassShare> sharesByClass(const std::vector<bool>& flag, const std::vector<int>& classOfRow,
                                      const QualityReport& report) {
    std::vector<ClassShare> shares(report.classLabels.size());
    for (std::size_t c = 0; c < shares.size(); ++c) {
        shares[c].label = report.classLabels[c];
        shares[c].name = report.classNames[c];
    }
    for (std::size_t r = 0; r < flag.size(); ++r) {
        if (classOfRow[r] < 0) continue;
        ClassShare& share = shares[static_cast<std::size_t>(classOfRow[r])];
        ++share.rows;
        if (flag[r]) ++share.flagged;
    }
    return shares;
}

std::string pText(double p) {
    if (p < 1e-300) return "p < 1e-300";
    if (p < 1e-3) return "p = " + scientific(p, 1);
    return "p = " + fixed(p, 3);
}

std::string strength(double v) { return v < 0.1 ? "weak" : v < 0.3 ? "moderate" : "strong"; }

// A list of class names that stays short with any number of classes: up to kWhole names in
// full; a longer list names its first kShown (the ones that matter, as the caller ordered
// them), then "and N more".
class ClassList {
public:
    void add(const std::string& item) { items_.push_back(item); }
    bool empty() const { return items_.empty(); }
    std::string str() const {
        const std::size_t shown = items_.size() <= kWhole ? items_.size() : kShown;
        std::string text;
        for (std::size_t i = 0; i < shown; ++i) text += (i ? ", " : "") + items_[i];
        if (shown < items_.size()) text += " and " + std::to_string(items_.size() - shown) + " more";
        return text;
    }

private:
    static constexpr std::size_t kWhole = 8, kShown = 4;
    std::vector<std::string> items_;
};

// "most in HipHop (60.1%), Country (53.5%); rarely in Instrumental (0.2%); never in Blues";
// each list in full up to eight classes, else its first four (highest rates first) and "and N more".
std::string describeShares(std::vector<ClassShare> shares, double overall) {
    std::stable_sort(shares.begin(), shares.end(), [](const ClassShare& a, const ClassShare& b) { return a.rate() > b.rate(); });
    ClassList most, also, rare, never;
    for (const auto& s : shares) {
        if (s.rows == 0) continue;
        const std::string item = s.name + " (" + percent(s.rate()) + ")";
        if (s.flagged == 0) never.add(s.name);
        else if (s.rate() >= 1.5 * overall) most.add(item);
        else if (s.rate() <= overall / 3.0) rare.add(item);
        else also.add(item);
    }
    if (most.empty() && rare.empty() && never.empty()) {
        const auto& hi = shares.front();
        const auto& lo = shares.back();
        return "per class from " + percent(lo.rate()) + " (" + lo.name + ") to " + percent(hi.rate()) + " (" + hi.name + ")";
    }
    std::string text;
    if (!most.empty()) text += "most in " + most.str();
    if (!also.empty() && also.str().size() < 200) text += (text.empty() ? "" : "; ") + std::string("also in ") + also.str();
    if (!rare.empty()) text += (text.empty() ? "" : "; ") + std::string("rarely in ") + rare.str();
    if (!never.empty()) text += (text.empty() ? "" : "; ") + std::string("never in ") + never.str();
    return text;
}

std::string associationText(const ClassAssociation& a) {
    return "mutual information with the class " + significant(a.mutualInformationBits, 2) + " bits, Cramer's V " +
           fixed(a.cramersV, 2) + " (" + strength(a.cramersV) + "), G-test " + pText(a.pValue);
}

// A per-row flag as an artifact, with its association to the class when the file is labeled.
Artifact flagArtifact(const std::string& column, const std::string& what, const std::vector<bool>& flag,
                      const std::vector<int>& classOfRow, const QualityReport& report,
                      const std::string& informativeKind, const std::string& plainKind, const std::string& consequence) {
    Artifact a;
    a.column = column;
    a.rows = static_cast<std::size_t>(std::count(flag.begin(), flag.end(), true));
    const double overall = static_cast<double>(a.rows) / static_cast<double>(flag.size());
    a.note = what + " in " + grouped(static_cast<std::int64_t>(a.rows)) + " of " +
             grouped(static_cast<std::int64_t>(flag.size())) + " rows (" + percent(overall) + ")";
    a.kind = plainKind;
    if (report.target && report.classLabels.size() > 1) {
        std::vector<int> category(flag.size());
        for (std::size_t r = 0; r < flag.size(); ++r) category[r] = flag[r] ? 1 : 0;
        a.association = associateWithClass(category, 2, classOfRow, static_cast<int>(report.classLabels.size()));
        a.byClass = sharesByClass(flag, classOfRow, report);
        a.note += "; " + describeShares(a.byClass, overall) + "; " + associationText(*a.association);
        if (a.association->pValue < kSignificance) {
            a.kind = informativeKind;
            a.note += ". " + consequence;
        } else {
            a.note += ". It says little about the class.";
        }
    } else {
        a.note += ".";
    }
    return a;
}

void addMissingPattern(const Table& table, QualityReport& report) {
    std::vector<std::size_t> withMissing;
    for (std::size_t c = 0; c < table.columnCount(); ++c)
        if (table.column(c).missingCount > 0 && table.targetIndex() != c) withMissing.push_back(c);
    if (withMissing.size() < 2 || withMissing.size() > 20) return;
    std::map<std::uint32_t, int> patternIds;
    std::vector<int> category(table.rows());
    std::vector<std::uint32_t> patterns;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        std::uint32_t bits = 0;
        for (std::size_t i = 0; i < withMissing.size(); ++i)
            if (table.column(withMissing[i]).missing[r]) bits |= 1u << i;
        auto [it, fresh] = patternIds.emplace(bits, static_cast<int>(patternIds.size()));
        if (fresh) patterns.push_back(bits);
        category[r] = it->second;
    }
    Artifact a;
    a.kind = "missing_pattern";
    a.rows = static_cast<std::size_t>(std::count_if(category.begin(), category.end(), [&](int k) { return patterns[static_cast<std::size_t>(k)] != 0; }));
    a.note = counted(patterns.size(), "pattern", "different patterns") + " of missing cells over " +
             counted(withMissing.size(), "column", "columns") + "; " + counted(a.rows, "row misses", "rows miss") + " at least one value";
    if (report.target && report.classLabels.size() > 1) {
        a.association = associateWithClass(category, static_cast<int>(patterns.size()), table.classOfRow(),
                                           static_cast<int>(report.classLabels.size()));
        a.note += "; the pattern as a whole: " + associationText(*a.association);
    }
    a.note += ".";
    report.artifacts.push_back(std::move(a));
}

void addClassFindings(const Table& table, QualityReport& report) {
    if (!report.target) return;
    if (report.unlabeledRows > 0) {
        Artifact a{*report.target, "missing_target", report.unlabeledRows,
                   counted(report.unlabeledRows, "row has no class: it is", "rows have no class: they are") +
                       " left out of training and evaluation.", {}, {}, {}};
        report.artifacts.push_back(std::move(a));
    }
    const auto& counts = report.classCounts;
    if (counts.size() == 1) {
        report.artifacts.push_back({*report.target, "single_class", counts[0],
                                    "Every labeled row has the class '" + report.classNames[0] +
                                        "': there is nothing to classify until rows of another class are added.",
                                    {}, {}, {}});
        return;
    }
    if (counts.size() < 2) return;
    const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
    if (*lo > 0 && static_cast<double>(*hi) >= 3.0 * static_cast<double>(*lo)) {
        const auto big = static_cast<std::size_t>(hi - counts.begin()), small = static_cast<std::size_t>(lo - counts.begin());
        report.artifacts.push_back(
            {*report.target, "class_imbalance", *lo,
             report.classNames[big] + " has " + grouped(static_cast<std::int64_t>(*hi)) + " rows, " +
                 report.classNames[small] + " " + grouped(static_cast<std::int64_t>(*lo)) + " (" +
                 fixed(static_cast<double>(*hi) / static_cast<double>(*lo), 1) +
                 "x fewer): always guessing the largest class already scores " +
                 percent(static_cast<double>(*hi) / static_cast<double>(table.rows() - report.unlabeledRows)) +
                 "; judge models by macro F1 and per-class recall too.",
             {}, {}, {}});
    }
}

void addSuspiciousFindings(const Table& table, QualityReport& report) {
    report.suspiciousValues = findSuspiciousValues(table);
    for (const SuspiciousValue& s : report.suspiciousValues) {
        Artifact a;
        a.column = s.column;
        a.kind = "suspicious_value";
        a.rows = s.rows.size();
        a.note = s.reason + " (" + describeLines(table, s.rows) + "). Read them as missing: --suspicious-as-missing.";
        a.figures = {{"value", s.value}};
        report.artifacts.push_back(std::move(a));
    }
    report.rowsWithoutText = rowsWithoutText(table);
    if (report.rowsWithoutText.empty()) return;
    std::string columns;
    std::size_t textColumns = 0;
    for (std::size_t c = 0; c < table.columnCount(); ++c)
        if (table.column(c).kind == ColumnKind::Text && table.targetIndex() != c && !identifierName(table.column(c).name)) {
            if (textColumns++ < 4) columns += (columns.empty() ? "" : ", ") + table.column(c).name;
        }
    if (textColumns > 4) columns += " and " + std::to_string(textColumns - 4) + " more";
    Artifact a;
    a.kind = "empty_text_rows";
    a.rows = report.rowsWithoutText.size();
    a.note = grouped(static_cast<std::int64_t>(a.rows)) + (a.rows == 1 ? " row has" : " rows have") + " every text field (" + columns + ") empty (" +
             describeLines(table, report.rowsWithoutText) + "): a row that names nothing is likely a placeholder, and its numbers may be too.";
    report.artifacts.push_back(std::move(a));
}

} // namespace

ClassAssociation associateWithClass(const std::vector<int>& category, int categories,
                                    const std::vector<int>& classOfRow, int classes) {
    std::vector<double> joint(static_cast<std::size_t>(categories * classes), 0.0);
    double n = 0;
    for (std::size_t r = 0; r < category.size(); ++r) {
        if (category[r] < 0 || classOfRow[r] < 0) continue;
        joint[static_cast<std::size_t>(category[r] * classes + classOfRow[r])] += 1.0;
        n += 1.0;
    }
    ClassAssociation a;
    if (n == 0) return a;
    std::vector<double> rowSum(static_cast<std::size_t>(categories), 0.0), colSum(static_cast<std::size_t>(classes), 0.0);
    for (int i = 0; i < categories; ++i)
        for (int j = 0; j < classes; ++j) {
            const double v = joint[static_cast<std::size_t>(i * classes + j)];
            rowSum[static_cast<std::size_t>(i)] += v;
            colSum[static_cast<std::size_t>(j)] += v;
        }
    double miNats = 0, chi2 = 0;
    int usedRows = 0, usedCols = 0;
    for (double v : rowSum) usedRows += v > 0;
    for (double v : colSum) usedCols += v > 0;
    for (int i = 0; i < categories; ++i)
        for (int j = 0; j < classes; ++j) {
            const double observed = joint[static_cast<std::size_t>(i * classes + j)];
            const double expected = rowSum[static_cast<std::size_t>(i)] * colSum[static_cast<std::size_t>(j)] / n;
            if (observed > 0) miNats += observed / n * std::log(observed / expected);
            if (expected > 0) chi2 += (observed - expected) * (observed - expected) / expected;
        }
    a.mutualInformationBits = std::max(0.0, miNats / std::log(2.0));
    a.gStatistic = 2.0 * n * std::max(0.0, miNats);
    const int df = (usedRows - 1) * (usedCols - 1);
    a.pValue = df > 0 ? chiSquaredSurvival(a.gStatistic, df) : 1.0;
    const int k = std::min(usedRows, usedCols) - 1;
    a.cramersV = k > 0 ? std::sqrt(chi2 / (n * k)) : 0.0;
    return a;
}

QualityReport inspectTable(const Table& table, const ClassNames& names, const GroupInspection& inspection) {
    QualityReport report;
    report.source = table.source();
    report.rows = table.rows();
    // Columns are independent: their summaries and unit-mix searches (a sort where a gap may be)
    // spread over the cores; the findings below follow in column order.
    std::vector<std::optional<UnitMix>> mixes(table.columnCount());
    report.columns.resize(table.columnCount());
    parallelFor(table.columnCount(), 0, [&](std::size_t c, const CancellationToken&) {
        report.columns[c] = summarize(table.column(c), table.targetIndex() == c);
        if (table.targetIndex() != c) mixes[c] = detectUnitMix(table.column(c));
    });
    if (table.hasTarget()) {
        report.target = table.column(*table.targetIndex()).name;
        report.classLabels = table.classLabels();
        report.classNames = names.namesOf(report.classLabels);
        report.classCounts = table.classCounts();
        report.unlabeledRows = static_cast<std::size_t>(std::count(table.classOfRow().begin(), table.classOfRow().end(), -1));
    }
    const auto& classOfRow = table.classOfRow();

    for (std::size_t c = 0; c < table.columnCount(); ++c) {
        if (table.targetIndex() == c) continue;
        const Column& column = table.column(c);
        const ColumnSummary& s = report.columns[c];
        if (auto& mix = mixes[c]) {
            const bool toLarge = mix->smallRows <= mix->largeRows;
            Artifact a;
            a.column = column.name;
            a.kind = "unit_mix";
            a.rows = mix->smallRows;
            a.note = grouped(static_cast<std::int64_t>(mix->smallRows)) + " values below " + significant(mix->threshold, 2) +
                     " (median " + significant(mix->smallMedian, 3) + ") look like " + mix->smallUnit + ", the other " +
                     grouped(static_cast<std::int64_t>(mix->largeRows)) + " (median " + significant(mix->largeMedian, 3) +
                     ") like " + mix->largeUnit + ": two clusters a factor ~" + significant(mix->factor, 2) +
                     " apart. Repair: " + (toLarge ? "multiply the small values by " : "divide the large values by ") +
                     significant(mix->factor, 2) + " to have " + (toLarge ? mix->largeUnit : mix->smallUnit) + " throughout.";
            report.artifacts.push_back(std::move(a));
            report.artifacts.push_back(flagArtifact(column.name, "values in " + mix->smallUnit, mix->isSmall, classOfRow, report,
                                                    "informative_unit", "unit_flag",
                                                    "The unit itself predicts the class: repair it, or keep the flag "
                                                    "as a feature knowingly."));
            report.unitMixes.push_back(std::move(*mix));
        }
        if (column.missingCount > 0 && column.missingCount < table.rows()) {
            report.artifacts.push_back(flagArtifact(column.name, "missing", column.missing, classOfRow, report,
                                                    "informative_missing", "missing",
                                                    "Imputing hides this signal; a missing-indicator feature "
                                                    "keeps it in the open."));
        }
        if (column.kind == ColumnKind::Numeric && s.integerValued && s.min == 1.0 && column.missingCount > 0) {
            report.artifacts.push_back({column.name, "missing_may_be_zero", column.missingCount,
                                        "whole numbers from 1 to " + significant(s.max, 6) + ", 0 never appears, and " +
                                            counted(column.missingCount, "cell is", "cells are") +
                                            " empty: an empty cell may stand for 0 rather than for unknown.",
                                        {}, {}, {}});
        }
        if (isFeatureKind(column.kind) && s.present > 0 && s.distinct == 1) {
            report.artifacts.push_back({column.name, "constant", s.present,
                                        "every present value is " + shortestDouble(s.min) +
                                            ": the column carries no information and is left out of the features.",
                                        {}, {}, {}});
        }
        if (column.kind != ColumnKind::Id && s.present == 0 && table.rows() > 0) {
            report.artifacts.push_back({column.name, "all_missing", column.missingCount,
                                        "every cell is empty: the column is left out of the features.", {}, {}, {}});
        }
        if (column.kind == ColumnKind::Text && s.present > 0) {
            // Mostly numbers with some words: a numeric column the words turned to text.
            const std::size_t numbers = numberLikeCells(column);
            if (2 * numbers >= s.present)
                report.artifacts.push_back({column.name, "numeric_text", s.present - numbers,
                                            grouped(static_cast<std::int64_t>(numbers)) + " of " +
                                                grouped(static_cast<std::int64_t>(s.present)) + " present cells are numbers, but " +
                                                grouped(static_cast<std::int64_t>(s.present - numbers)) +
                                                " are not, so the column is read as text and left out of the features. "
                                                "Mark those cells as missing (empty) to model it.",
                                            {}, {}, {}});
        }
    }
    addMissingPattern(table, report);
    addClassFindings(table, report);
    addIdentifierFindings(table, report);
    addSuspiciousFindings(table, report);
    if (inspection.groups.artistColumn || inspection.groups.titleColumn) addGroupedFindings(table, inspection, report);
    return report;
}

} // namespace genrelab
