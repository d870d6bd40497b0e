#include "data/ReportFormat.h"

#include "util/Format.h"
#include "util/Json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace genrelab {
namespace {

std::string pad(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string padLeft(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

// Code points, not bytes: a name like "Música" takes one column per character.
std::size_t utf8Width(const std::string& text) {
    std::size_t width = 0;
    for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return width;
}

std::string padUtf8(const std::string& text, std::size_t width) {
    const std::size_t w = utf8Width(text);
    return w >= width ? text : text + std::string(width - w, ' ');
}

std::string padLeftUtf8(const std::string& text, std::size_t width) {
    const std::size_t w = utf8Width(text);
    return w >= width ? text : std::string(width - w, ' ') + text;
}

std::string number(double v) { return significant(v, 4); }

// A bound of a whole-number column exactly (an index up to 113999 is not "114000"); else 4 digits.
std::string bound(double v, bool integerValued) {
    return integerValued && std::fabs(v) < 1e15 ? shortestDouble(v) : number(v);
}

} // namespace

std::string reportToText(const QualityReport& report) {
    std::string out;
    out += "File     " + report.source + "\n";
    out += "Rows     " + grouped(static_cast<std::int64_t>(report.rows)) + "\n";
    out += "Columns  " + std::to_string(report.columns.size()) + "\n";
    out += "Target   " + (report.target ? *report.target : std::string("(none: unlabeled file)")) + "\n\n";

    std::size_t nameWidth = 7;  // "column" and a space
    for (const auto& c : report.columns) nameWidth = std::max(nameWidth, c.name.size() + 1);
    out += pad("column", nameWidth) + pad("kind", 9) + padLeft("missing", 8) + padLeft("distinct", 10) +
           padLeft("min", 12) + padLeft("max", 12) + padLeft("mean", 12) + padLeft("sd", 12) + "\n";
    for (const auto& c : report.columns) {
        std::string kind(columnKindName(c.kind));
        if (c.isTarget) kind = "target";
        out += pad(c.name, nameWidth) + pad(kind, 9) + padLeft(grouped(static_cast<std::int64_t>(c.missing)), 8) +
               padLeft(grouped(static_cast<std::int64_t>(c.distinct)), 10);
        if (c.kind != ColumnKind::Text && c.present > 0)
            out += padLeft(bound(c.min, c.integerValued), 12) + padLeft(bound(c.max, c.integerValued), 12) + padLeft(number(c.mean), 12) +
                   padLeft(number(c.sd), 12);
        out += "\n";
    }

    if (report.target) {
        out += "\nClasses (" + std::to_string(report.classLabels.size()) + ")\n";
        const std::size_t labeled = report.rows - report.unlabeledRows;
        // Many classes: the largest ones, then the rest in one line, so the text stays readable.
        constexpr std::size_t kListedClasses = 24, kLargestShown = 10;
        std::vector<std::size_t> order(report.classLabels.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        const bool many = order.size() > kListedClasses;
        if (many) {
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return report.classCounts[a] > report.classCounts[b]; });
            const auto [lo, hi] = std::minmax_element(report.classCounts.begin(), report.classCounts.end());
            out += "  " + (*lo == *hi ? "every class has " + grouped(static_cast<std::int64_t>(*hi)) + " rows"
                                      : "from " + grouped(static_cast<std::int64_t>(*lo)) + " to " + grouped(static_cast<std::int64_t>(*hi)) +
                                            " rows per class") +
                   "; the " + std::to_string(kLargestShown) + " largest:\n";
            order.resize(kLargestShown);
        }
        // Labels right-aligned to the widest shown ("  0" above " 10"), names after them, then the
        // counts in one column however long the names are.
        std::size_t labelWidth = 0, classNameWidth = 0;
        for (std::size_t i : order) {
            labelWidth = std::max(labelWidth, utf8Width(report.classLabels[i]));
            if (report.classNames[i] != report.classLabels[i]) classNameWidth = std::max(classNameWidth, utf8Width(report.classNames[i]));
        }
        for (std::size_t i : order) {
            std::string label = padLeftUtf8(report.classLabels[i], labelWidth);
            if (classNameWidth > 0) label += "  " + padUtf8(report.classNames[i] != report.classLabels[i] ? report.classNames[i] : std::string(), classNameWidth);
            const double share = labeled ? static_cast<double>(report.classCounts[i]) / static_cast<double>(labeled) : 0.0;
            out += "  " + padUtf8(label, 22) + padLeft(grouped(static_cast<std::int64_t>(report.classCounts[i])), 8) + "  " +
                   padLeft(percent(share), 6) + "  " + std::string(static_cast<std::size_t>(share * 60.0 + 0.5), '#') + "\n";
        }
        if (many) out += "  ... and " + std::to_string(report.classLabels.size() - kLargestShown) + " more classes (all in the JSON report)\n";
    }

    out += "\nFindings (" + std::to_string(report.artifacts.size()) + ")\n";
    for (const auto& a : report.artifacts) {
        out += "  [" + a.kind + "] ";
        if (!a.column.empty()) out += a.column + ": ";
        out += a.note + "\n";
    }
    return out;
}

std::string reportToJson(const QualityReport& report) {
    JsonWriter json;
    json.beginObject();
    json.field("source", report.source);
    json.field("rows", report.rows);
    json.key("columns").beginArray();
    for (const auto& c : report.columns) {
        json.beginObject();
        json.field("name", c.name);
        json.field("kind", columnKindName(c.kind));
        json.field("missing", c.missing);
        json.field("distinct", c.distinct);
        json.field("is_target", c.isTarget);
        if (c.kind != ColumnKind::Text && c.present > 0) {
            json.field("min", c.min).field("max", c.max).field("mean", c.mean).field("sd", c.sd);
            json.field("integer_valued", c.integerValued);
        }
        json.endObject();
    }
    json.endArray();
    json.key("target");
    if (report.target) json.value(*report.target);
    else json.null();
    json.key("class_counts").beginObject();
    for (std::size_t i = 0; i < report.classLabels.size(); ++i) json.field(report.classLabels[i], report.classCounts[i]);
    json.endObject();
    json.key("class_names").beginObject();
    for (std::size_t i = 0; i < report.classLabels.size(); ++i) json.field(report.classLabels[i], report.classNames[i]);
    json.endObject();
    json.field("unlabeled_rows", report.unlabeledRows);
    json.key("artifacts").beginArray();
    for (const auto& a : report.artifacts) {
        json.beginObject();
        json.field("column", a.column);
        json.field("kind", a.kind);
        json.field("rows", a.rows);
        json.field("note", a.note);
        if (a.association) {
            json.field("mutual_information_bits", a.association->mutualInformationBits);
            json.field("p_value", a.association->pValue);
            json.field("cramers_v", a.association->cramersV);
        }
        for (const auto& [name, value] : a.figures) json.field(name, value);
        if (!a.byClass.empty()) {
            json.key("rate_by_class").beginObject();
            for (const auto& s : a.byClass) json.field(s.label, s.rate());
            json.endObject();
        }
        json.endObject();
    }
    json.endArray();
    json.key("suspicious_values").beginArray();
    for (const auto& v : report.suspiciousValues) {
        json.beginObject();
        json.field("column", v.column).field("kind", v.kind).field("value", v.value).field("rows", v.rows.size());
        json.key("row_indices").beginArray();
        for (std::size_t r : v.rows) json.value(r);
        json.endArray();
        json.endObject();
    }
    json.endArray();
    json.key("rows_without_text").beginArray();
    for (std::size_t r : report.rowsWithoutText) json.value(r);
    json.endArray();
    json.key("unit_mixes").beginArray();
    for (const auto& m : report.unitMixes) {
        json.beginObject();
        json.field("column", m.column).field("threshold", m.threshold).field("factor", m.factor);
        json.field("small_unit", m.smallUnit).field("large_unit", m.largeUnit);
        json.field("small_rows", m.smallRows).field("large_rows", m.largeRows);
        json.endObject();
    }
    json.endArray();
    json.endObject();
    return json.str() + "\n";
}

} // namespace genrelab
