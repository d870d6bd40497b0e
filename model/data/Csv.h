#pragma once
// RFC 4180 CSV reading: quoted fields, doubled quotes, delimiters and newlines inside quotes,
// UTF-8 with or without BOM, LF or CRLF, delimiter detected among comma, semicolon and tab.
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

struct CsvOptions {
    char delimiter = 0;             // 0: detect from the header line
};

// The cells of a CSV file, row-major. Views point into the source text or, for fields that
// needed unescaping, into storage owned by the document: keep the source text alive.
struct CsvDocument {
    char delimiter = ',';
    std::vector<std::string> header;
    std::size_t headerLine = 1;
    std::vector<std::string_view> cells;   // rows() * columns() fields
    std::vector<std::size_t> rowLine;      // physical line on which each data row starts
    std::deque<std::string> unescaped;     // owned text of quoted fields with "" inside

    std::size_t columns() const { return header.size(); }
    std::size_t rows() const { return rowLine.size(); }
    std::string_view cell(std::size_t row, std::size_t column) const {
        return cells[row * header.size() + column];
    }
};

// Parses text; file names the source in error messages. Throws DataError on: empty input,
// a header with no rows, a row with too few or too many fields, an unterminated quote,
// text after a closing quote, duplicate or empty header names. Blank lines are skipped.
CsvDocument parseCsv(std::string_view text, const std::string& file, const CsvOptions& options = {});

// Reads a whole file into memory (throws DataError if it cannot be opened or read).
std::string readFileText(const std::string& path);

// The delimiter among ',', ';', '\t' that splits the first line (outside quotes) most often.
char detectDelimiter(std::string_view text);

} // namespace genrelab
