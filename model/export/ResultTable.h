#pragma once
// A table of results (rows of runs, columns of metrics) and its exports: CSV, Markdown,
// LaTeX (booktabs) and JSON. Every table in the app and the CLI goes out through these.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace genrelab {

using Cell = std::variant<std::monostate, std::string, double, std::int64_t>;

struct ResultTable {
    std::string title;
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
    int decimals = 4;  // for doubles in Markdown and LaTeX (CSV and JSON keep full precision)

    void addRow(std::vector<Cell> row) { rows.push_back(std::move(row)); }
};

std::string cellText(const Cell& cell, int decimals = -1);  // -1: shortest round-trip form

std::string toCsv(const ResultTable& table);
std::string toMarkdown(const ResultTable& table);
std::string toLatex(const ResultTable& table);   // booktabs; escapes # $ % & _ { } ~ ^ backslash
std::string toJson(const ResultTable& table);    // array of objects, column -> value
std::string latexEscape(const std::string& text);

enum class TableFormat { Csv, Markdown, Latex, Json };
std::string exportTable(const ResultTable& table, TableFormat format);
TableFormat tableFormatForPath(const std::string& path);  // by extension; throws std::invalid_argument

} // namespace genrelab
