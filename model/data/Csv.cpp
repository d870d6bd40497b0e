#include "data/Csv.h"

#include "data/DataError.h"
#include "util/Format.h"
#include "util/ParallelFor.h"
#include "util/Utf8.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <fstream>
#include <sstream>
#include <exception>
#include <mutex>
#include <unordered_map>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace genrelab {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// One pass over the text; fields are views into it unless they contain doubled quotes.
class CsvParser {
public:
    // unescapedLock, when given, guards doc.unescaped against another parser adding to it.
    CsvParser(std::string_view text, const std::string& file, char delimiter, CsvDocument& doc, std::size_t firstLine = 1,
              std::mutex* unescapedLock = nullptr)
        : text_(text), file_(file), delim_(delimiter), doc_(doc), unescapedLock_(unescapedLock), line_(firstLine) {}

    std::size_t position() const { return pos_; }
    std::size_t line() const { return line_; }
    void skipTo(std::size_t position) { pos_ = position; }  // a record boundary, on the current line

    // Reads one record into fields. Returns false at end of input. Blank lines are skipped.
    bool readRecord(std::vector<std::string_view>& fields, std::size_t& startLine) {
        fields.clear();
        while (pos_ < text_.size() && isLineEnd(text_[pos_])) skipLineEnd();
        if (pos_ >= text_.size()) return false;
        startLine = line_;
        for (;;) {
            currentFieldNumber_ = fields.size() + 1;
            fields.push_back(readField());
            if (pos_ >= text_.size()) return true;
            const char c = text_[pos_];
            if (c == delim_) {
                ++pos_;
                if (pos_ >= text_.size()) { fields.emplace_back(); return true; }
                continue;
            }
            skipLineEnd();
            return true;
        }
    }

private:
    static bool isLineEnd(char c) { return c == '\n' || c == '\r'; }

    void skipLineEnd() {
        if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        ++line_;
    }

    std::string_view readField() {
        if (pos_ < text_.size() && text_[pos_] == '"') return readQuoted();
        const std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != delim_ && !isLineEnd(text_[pos_])) ++pos_;
        return text_.substr(start, pos_ - start);
    }

    std::string_view readQuoted() {
        const std::size_t openLine = line_;
        const std::size_t fieldNumber = currentFieldNumber_;
        ++pos_;  // opening quote
        const std::size_t start = pos_;
        std::string* owned = nullptr;
        for (;;) {
            const std::size_t quote = text_.find('"', pos_);
            if (quote == std::string_view::npos)
                throw DataError({file_, openLine, 0, {}},
                                "a quoted field opened here is never closed (missing '\"')");
            for (std::size_t i = pos_; i < quote; ++i)
                if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) ++line_;
            if (quote + 1 < text_.size() && text_[quote + 1] == '"') {
                if (!owned) owned = &keepUnescaped(text_.substr(start, quote - start));
                else owned->append(text_.substr(pos_, quote - pos_));
                owned->push_back('"');
                pos_ = quote + 2;
                continue;
            }
            std::string_view value;
            if (owned) {
                owned->append(text_.substr(pos_, quote - pos_));
                value = *owned;
            } else {
                value = text_.substr(start, quote - start);
            }
            pos_ = quote + 1;
            if (pos_ < text_.size() && text_[pos_] != delim_ && !isLineEnd(text_[pos_]))
                throw DataError({file_, line_, fieldNumber, {}},
                                "unexpected text after a closing quote (a quote inside a quoted field must be doubled: \"\")");
            return value;
        }
    }

    // A deque's elements stay where they are as it grows: views into them stay valid.
    std::string& keepUnescaped(std::string_view text) {
        if (!unescapedLock_) return doc_.unescaped.emplace_back(text);
        const std::lock_guard<std::mutex> hold(*unescapedLock_);
        return doc_.unescaped.emplace_back(text);
    }

public:
    std::size_t currentFieldNumber_ = 0;  // only used to locate quote errors

private:
    std::string_view text_;
    const std::string& file_;
    char delim_;
    CsvDocument& doc_;
    std::mutex* unescapedLock_;
    std::size_t pos_ = 0;
    std::size_t line_;
};

// Data rows, each checked to have the header's number of fields.
struct ParsedRows {
    std::vector<std::string_view> cells;
    std::vector<std::size_t> rowLine;
};

// Stops at the first record that starts at or after stopAt.
void parseRows(CsvParser& parser, std::size_t width, const std::vector<std::string>& header, const std::string& file,
               ParsedRows& into, std::size_t stopAt = std::string_view::npos) {
    std::vector<std::string_view> fields;
    std::size_t line = 0;
    while (parser.position() < stopAt && parser.readRecord(fields, line)) {
        if (fields.size() != width) {
            const bool tooFew = fields.size() < width;
            const std::size_t column = tooFew ? fields.size() + 1 : width + 1;
            throw DataError({file, line, column, tooFew ? header[column - 1] : std::string()},
                            "this row has " + std::to_string(fields.size()) + " fields, the header has " +
                                std::to_string(width) + (tooFew ? " (too few)" : " (too many)"));
        }
        into.cells.insert(into.cells.end(), fields.begin(), fields.end());
        into.rowLine.push_back(line);
    }
}

// Below this many bytes of rows one thread parses them all.
constexpr std::size_t kParallelRowsBytes = std::size_t{4} << 20;

// Reads the rows of `parser` (positioned after the header) into doc on two threads. The back
// half, from the first line end past the middle, is read ahead on a second thread as if a
// record started there; the calling thread reads the front up to that point. When the front's
// last record ends exactly there (the line end was not inside a quoted field), the back half's
// rows are the file's; otherwise, or when the back half fails, the calling thread reads on from
// where it stands, so rows and errors are those of one pass.
void parseRowsInHalves(CsvParser& parser, std::string_view text, const std::string& file, CsvDocument& doc) {
    const std::size_t width = doc.header.size();
    const std::size_t bodyStart = parser.position();
    const std::size_t middle = text.find('\n', bodyStart + (text.size() - bodyStart) / 2);
    ParsedRows front, back;
    if (middle == std::string_view::npos || middle + 1 >= text.size()) {
        parseRows(parser, width, doc.header, file, front);
    } else {
        const std::size_t backStart = middle + 1;
        const std::string_view backText = text.substr(backStart);
        std::mutex unescapedLock;
        CsvParser frontParser(text, file, doc.delimiter, doc, parser.line(), &unescapedLock);
        frontParser.skipTo(bodyStart);
        std::exception_ptr frontError, backError;
        parallelFor(2, 2, [&](std::size_t half, const CancellationToken&) {
            try {
                if (half == 0) {
                    // Room for every row: the back half's cells are appended without moving these.
                    const auto lines = static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(bodyStart), text.end(), '\n'));
                    front.cells.reserve(width * (lines + 1));
                    parseRows(frontParser, width, doc.header, file, front, backStart);
                } else {
                    back.cells.reserve(width * (static_cast<std::size_t>(std::count(backText.begin(), backText.end(), '\n')) + 1));
                    CsvParser backParser(backText, file, doc.delimiter, doc, 1, &unescapedLock);
                    parseRows(backParser, width, doc.header, file, back);
                }
            } catch (...) {
                (half == 0 ? frontError : backError) = std::current_exception();
            }
        });
        if (frontError) std::rethrow_exception(frontError);
        if (frontParser.position() == backStart && !backError) {
            for (std::size_t& line : back.rowLine) line += frontParser.line() - 1;  // counted from 1 in the back half
            front.cells.insert(front.cells.end(), back.cells.begin(), back.cells.end());
            front.rowLine.insert(front.rowLine.end(), back.rowLine.begin(), back.rowLine.end());
        } else {
            ParsedRows().cells.swap(back.cells);
            parseRows(frontParser, width, doc.header, file, front);
        }
    }
    doc.cells = std::move(front.cells);
    doc.rowLine = std::move(front.rowLine);
}

} // namespace

char detectDelimiter(std::string_view text) {
    std::size_t counts[3] = {0, 0, 0};
    const char candidates[3] = {',', ';', '\t'};
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        for (int i = 0; i < 3; ++i)
            if (c == candidates[i]) ++counts[i];
    }
    int best = 0;
    for (int i = 1; i < 3; ++i)
        if (counts[i] > counts[best]) best = i;
    return candidates[best];
}

namespace {

// Enough of a file's start to tell UTF-16 and UTF-32 from UTF-8 by their NUL bytes.
constexpr std::size_t kEncodingHead = 4096;

std::string sizeText(std::uint64_t bytes) {
    for (const auto& [shift, unit] : {std::pair{30, " GiB"}, {20, " MiB"}})
        if (bytes >= (std::uint64_t{1} << shift) && bytes % (std::uint64_t{1} << shift) == 0) return std::to_string(bytes >> shift) + unit;
    return std::to_string(bytes) + " bytes";
}

[[noreturn]] void readFailure(const std::string& path, const std::string& message) {
    throw DataError({path, 0, 0, {}}, message);
}

[[noreturn]] void systemFailure(const std::string& path, const std::string& what, int error) {
    readFailure(path, what + ": " + std::generic_category().message(error));
}

class Descriptor {
public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() { if (fd_ >= 0) ::close(fd_); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// The name of the encoding whose NUL-byte pattern head shows (ASCII text in UTF-16 has a NUL
// in every other byte, in UTF-32 three in every four), or empty when it shows none.
std::string encodingByNulPattern(std::string_view head) {
    const std::size_t n = head.size() - head.size() % 4;
    if (n < 4) return {};
    std::size_t zeros[4] = {0, 0, 0, 0};
    for (std::size_t i = 0; i < n; ++i)
        if (head[i] == '\0') ++zeros[i % 4];
    const std::size_t quarter = n / 4;
    const auto mostly = [&](std::size_t k) { return zeros[k] * 10 >= quarter * 9; };
    const auto rarely = [&](std::size_t k) { return zeros[k] * 10 <= quarter; };
    if (mostly(1) && mostly(2) && mostly(3) && rarely(0)) return "UTF-32 (little-endian)";
    if (mostly(0) && mostly(1) && mostly(2) && rarely(3)) return "UTF-32 (big-endian)";
    if (mostly(1) && mostly(3) && rarely(0) && rarely(2)) return "UTF-16 (little-endian)";
    if (mostly(0) && mostly(2) && rarely(1) && rarely(3)) return "UTF-16 (big-endian)";
    return {};
}

} // namespace

void checkTextEncoding(std::string_view text, const std::string& file) {
    std::string encoding;
    if (text.substr(0, 4) == std::string_view("\xFF\xFE\0\0", 4)) encoding = "UTF-32 (little-endian)";
    else if (text.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)) encoding = "UTF-32 (big-endian)";
    else if (text.substr(0, 2) == "\xFF\xFE") encoding = "UTF-16 (little-endian)";
    else if (text.substr(0, 2) == "\xFE\xFF") encoding = "UTF-16 (big-endian)";
    const std::size_t nul = text.find('\0');
    if (encoding.empty() && nul != std::string_view::npos) encoding = encodingByNulPattern(text.substr(0, kEncodingHead));
    if (!encoding.empty())
        throw DataError({file, 0, 0, {}}, "the file is " + encoding + ", not UTF-8; save it as UTF-8 (CSV UTF-8) and open it again");
    if (nul == std::string_view::npos) return;
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
    throw DataError({file, line, 0, {}}, "a NUL byte (byte " + std::to_string(nul + 1) +
                                             "): this is not a text file, or not one in UTF-8");
}

std::string readFileText(const std::string& path, const ReadLimits& limits) {
    // Non-blocking: opening a FIFO nobody writes to must not wait forever.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        if (error == ENOENT) readFailure(path, "no such file");
        if (error == EACCES) readFailure(path, "the file may not be read (permission denied)");
        systemFailure(path, "cannot open the file", error);
    }
    Descriptor file(fd);
    struct stat info {};
    if (::fstat(fd, &info) != 0) systemFailure(path, "cannot read the file", errno);
    if (S_ISDIR(info.st_mode)) readFailure(path, "is a folder (directory), not a data file");
    const bool regular = S_ISREG(info.st_mode);
    if (regular && static_cast<std::uint64_t>(info.st_size) > limits.maxBytes)
        readFailure(path, "the file has " + std::to_string(info.st_size) + " bytes; files of at most " +
                              sizeText(limits.maxBytes) + " are read");
    std::string text;
    if (regular) text.reserve(static_cast<std::size_t>(info.st_size));
    bool headChecked = false;
    char buffer[1 << 16];
    for (;;) {
        if (!regular) {
            pollfd waiting{fd, POLLIN, 0};
            const int ready = ::poll(&waiting, 1, limits.pipeWaitMilliseconds);
            if (ready < 0) {
                if (errno == EINTR) continue;
                systemFailure(path, "waiting for the file's bytes failed", errno);
            }
            if (ready == 0)
                readFailure(path, "nothing arrived for " + fixed(limits.pipeWaitMilliseconds / 1000.0, 1) +
                                      " s (a FIFO or device that nobody writes to?); " + std::to_string(text.size()) +
                                      " bytes had been read");
        }
        const std::size_t room = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof buffer, limits.maxBytes + 1 - text.size()));
        const ssize_t n = ::read(fd, buffer, room);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            systemFailure(path, "reading the file failed", errno);
        }
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (!headChecked && text.size() >= kEncodingHead) {
            checkTextEncoding(std::string_view(text).substr(0, kEncodingHead), path);
            headChecked = true;
        }
        if (text.size() > limits.maxBytes)
            readFailure(path, "more than " + sizeText(limits.maxBytes) + " to read; files of at most " + sizeText(limits.maxBytes) +
                                  " are read (an endless device such as /dev/zero?)");
    }
    return text;
}

CsvDocument parseCsv(std::string_view text, const std::string& file, const CsvOptions& options) {
    checkTextEncoding(text, file);
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw DataError({file, 0, 0, {}}, "the file is empty (no header, no rows)");

    CsvDocument doc;
    doc.delimiter = options.delimiter ? options.delimiter : detectDelimiter(text);
    CsvParser parser(text, file, doc.delimiter, doc);

    std::vector<std::string_view> fields;
    std::size_t line = 0;
    parser.readRecord(fields, line);
    doc.headerLine = line;
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::size_t replaced = 0;
        std::string name = toValidUtf8(fields[i], &replaced);  // shown and written as JSON: must be UTF-8
        if (replaced > 0) ++doc.repairedHeaderNames;
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(0, 1);
        if (name.empty()) name = "column " + std::to_string(i + 1);
        if (auto [it, fresh] = seen.emplace(name, i + 1); !fresh)
            throw DataError({file, line, i + 1, name},
                            "duplicate column name (also column " + std::to_string(it->second) + ")");
        doc.header.push_back(std::move(name));
    }

    if (text.size() - parser.position() >= kParallelRowsBytes) {
        parseRowsInHalves(parser, text, file, doc);
    } else {
        // Room for a row per line end (quoted line ends only overestimate): one allocation, where a
        // guess from the file size would grow and copy a million rows' cells.
        ParsedRows rows;
        rows.cells.reserve(doc.header.size() * (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1));
        parseRows(parser, doc.header.size(), doc.header, file, rows);
        doc.cells = std::move(rows.cells);
        doc.rowLine = std::move(rows.rowLine);
    }
    if (doc.rowLine.empty())
        throw DataError({file, doc.headerLine, 0, {}}, "the file has a header but no data rows");
    return doc;
}

} // namespace genrelab
