#pragma once
// RFC 4180 CSV reading: quoted fields, doubled quotes, delimiters and newlines inside quotes,
// UTF-8 with or without BOM, LF or CRLF, delimiter detected among comma, semicolon and tab.
#include <cstddef>
#include <cstdint>
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
    std::size_t repairedHeaderNames = 0;   // names whose bytes were not UTF-8 (each read as U+FFFD)

    std::size_t columns() const { return header.size(); }
    std::size_t rows() const { return rowLine.size(); }
    std::string_view cell(std::size_t row, std::size_t column) const {
        return cells[row * header.size() + column];
    }
};

// Parses text; file names the source in error messages. Throws DataError on: empty input,
// text that is not UTF-8 (see checkTextEncoding), a header with no rows, a row with too few or too many fields, an unterminated quote,
// text after a closing quote, duplicate or empty header names. Blank lines are skipped.
CsvDocument parseCsv(std::string_view text, const std::string& file, const CsvOptions& options = {});

// How much readFileText reads, and how long it waits on a pipe.
struct ReadLimits {
    std::uint64_t maxBytes = std::uint64_t{2} << 30;  // 2 GiB; /dev/zero or an endless pipe stops here
    int pipeWaitMilliseconds = 5000;                  // a FIFO or device silent this long is given up on
};

// Reads a whole file into memory. A regular file is read if it holds at most maxBytes. A FIFO,
// pipe or character device is read until its writer closes it, at most maxBytes, giving up
// when nothing arrives for pipeWaitMilliseconds (a FIFO nobody writes to); its first bytes are
// checked with checkTextEncoding as they arrive, so /dev/zero fails at once. Throws DataError
// naming the file: missing, unreadable, a folder, too large, silent, or not text.
std::string readFileText(const std::string& path, const ReadLimits& limits = {});

// Throws DataError unless text can be UTF-8: a UTF-16 or UTF-32 file (by its byte-order mark,
// or by the pattern of NUL bytes when it has none) is named as such with the advice to save it
// as UTF-8; any other NUL byte is named with its line. Bytes that are merely not valid UTF-8
// pass; the table replaces them (see Table::invalidUtf8).
void checkTextEncoding(std::string_view text, const std::string& file);

// The delimiter among ',', ';', '\t' that splits the first line (outside quotes) most often.
char detectDelimiter(std::string_view text);

} // namespace genrelab
