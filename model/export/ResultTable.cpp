#include "export/ResultTable.h"

#include "data/CsvWriter.h"
#include "util/Format.h"
#include "util/Json.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace genrelab {

std::string cellText(const Cell& cell, int decimals) {
    if (const auto* s = std::get_if<std::string>(&cell)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&cell)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&cell)) {
        if (!std::isfinite(*d)) return std::isnan(*d) ? "NaN" : (*d > 0 ? "Inf" : "-Inf");
        return decimals < 0 ? shortestDouble(*d) : fixed(*d, decimals);
    }
    return "";
}

std::string toCsv(const ResultTable& table) {
    std::string out;
    for (std::size_t c = 0; c < table.columns.size(); ++c) out += (c ? "," : "") + csvField(table.columns[c]);
    out += "\n";
    for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + csvField(cellText(row[c]));
        out += "\n";
    }
    return out;
}

namespace {

// Tables for people show a missing number (an sd over one seed) as a dash, not "NaN".
std::string displayText(const Cell& cell, int decimals, const char* dash) {
    if (const auto* d = std::get_if<double>(&cell); d && std::isnan(*d)) return dash;
    return cellText(cell, decimals);
}

} // namespace

std::string toMarkdown(const ResultTable& table) {
    auto escape = [](std::string text) {
        std::string out;
        for (char ch : text) {
            if (ch == '|') out += "\\|";
            else if (ch == '\n') out += ' ';
            else out += ch;
        }
        return out;
    };
    std::string out;
    if (!table.title.empty()) out += "**" + escape(table.title) + "**\n\n";
    out += "|";
    for (const auto& c : table.columns) out += " " + escape(c) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < table.columns.size(); ++c) out += "---|";
    out += "\n";
    for (const auto& row : table.rows) {
        out += "|";
        for (const auto& cell : row) out += " " + escape(displayText(cell, table.decimals, "—")) + " |";
        out += "\n";
    }
    return out;
}

std::string latexEscape(const std::string& text) {
    std::string out;
    for (char ch : text) {
        switch (ch) {
        case '#': case '$': case '%': case '&': case '_': case '{': case '}': out += '\\'; out += ch; break;
        case '~': out += "\\textasciitilde{}"; break;
        case '^': out += "\\textasciicircum{}"; break;
        case '\\': out += "\\textbackslash{}"; break;
        default: out += ch;
        }
    }
    return out;
}

std::string toLatex(const ResultTable& table) {
    std::string align;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const bool numeric = !table.rows.empty() && c < table.rows.front().size() &&
                             !std::holds_alternative<std::string>(table.rows.front()[c]);
        align += numeric ? 'r' : 'l';
    }
    std::string out = "% requires \\usepackage{booktabs}\n\\begin{table}[ht]\n\\centering\n";
    if (!table.title.empty()) out += "\\caption{" + latexEscape(table.title) + "}\n";
    out += "\\begin{tabular}{" + align + "}\n\\toprule\n";
    for (std::size_t c = 0; c < table.columns.size(); ++c) out += (c ? " & " : "") + latexEscape(table.columns[c]);
    out += " \\\\\n\\midrule\n";
    for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) out += (c ? " & " : "") + latexEscape(displayText(row[c], table.decimals, "--"));
        out += " \\\\\n";
    }
    out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
    return out;
}

std::string toJson(const ResultTable& table) {
    JsonWriter json;
    json.beginArray();
    for (const auto& row : table.rows) {
        json.beginObject();
        for (std::size_t c = 0; c < row.size() && c < table.columns.size(); ++c) {
            json.key(table.columns[c]);
            const Cell& cell = row[c];
            if (const auto* s = std::get_if<std::string>(&cell)) json.value(*s);
            else if (const auto* i = std::get_if<std::int64_t>(&cell)) json.value(*i);
            else if (const auto* d = std::get_if<double>(&cell)) json.value(*d);
            else json.null();
        }
        json.endObject();
    }
    json.endArray();
    return json.str() + "\n";
}

std::string exportTable(const ResultTable& table, TableFormat format) {
    switch (format) {
    case TableFormat::Csv: return toCsv(table);
    case TableFormat::Markdown: return toMarkdown(table);
    case TableFormat::Latex: return toLatex(table);
    case TableFormat::Json: return toJson(table);
    }
    return {};
}

TableFormat tableFormatForPath(const std::string& path) {
    const auto dot = path.find_last_of('.');
    std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (ext == "csv") return TableFormat::Csv;
    if (ext == "md" || ext == "markdown") return TableFormat::Markdown;
    if (ext == "tex") return TableFormat::Latex;
    if (ext == "json") return TableFormat::Json;
    throw std::invalid_argument("unknown table format '" + ext + "' (csv, md, tex, json)");
}

} // namespace genrelab
