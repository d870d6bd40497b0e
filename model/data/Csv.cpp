#include "data/Csv.h"

#include "data/DataError.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace genrelab {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// One pass over the text; fields are views into it unless they contain doubled quotes.
class CsvParser {
public:
    CsvParser(std::string_view text, const std::string& file, char delimiter, CsvDocument& doc)
        : text_(text), file_(file), delim_(delimiter), doc_(doc) {}

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
                if (!owned) owned = &doc_.unescaped.emplace_back(text_.substr(start, quote - start));
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

public:
    std::size_t currentFieldNumber_ = 0;  // only used to locate quote errors

private:
    std::string_view text_;
    const std::string& file_;
    char delim_;
    CsvDocument& doc_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

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

std::string readFileText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError({path, 0, 0, {}}, "cannot open the file (does it exist, and may it be read?)");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw DataError({path, 0, 0, {}}, "reading the file failed");
    return std::move(buffer).str();
}

CsvDocument parseCsv(std::string_view text, const std::string& file, const CsvOptions& options) {
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
        std::string name(fields[i]);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(0, 1);
        if (name.empty()) name = "column " + std::to_string(i + 1);
        if (auto [it, fresh] = seen.emplace(name, i + 1); !fresh)
            throw DataError({file, line, i + 1, name},
                            "duplicate column name (also column " + std::to_string(it->second) + ")");
        doc.header.push_back(std::move(name));
    }

    const std::size_t width = doc.header.size();
    // Room for a row per line end (quoted line ends only overestimate): one allocation, where a
    // guess from the file size would grow and copy a million rows' cells.
    doc.cells.reserve(width * (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1));
    while (parser.readRecord(fields, line)) {
        if (fields.size() != width) {
            const bool tooFew = fields.size() < width;
            const std::size_t column = tooFew ? fields.size() + 1 : width + 1;
            throw DataError({file, line, column, tooFew ? doc.header[column - 1] : std::string()},
                            "this row has " + std::to_string(fields.size()) + " fields, the header has " +
                                std::to_string(width) + (tooFew ? " (too few)" : " (too many)"));
        }
        doc.cells.insert(doc.cells.end(), fields.begin(), fields.end());
        doc.rowLine.push_back(line);
    }
    if (doc.rowLine.empty())
        throw DataError({file, doc.headerLine, 0, {}}, "the file has a header but no data rows");
    return doc;
}

} // namespace genrelab
