#include "data/CsvWriter.h"

namespace genrelab {

std::string csvField(std::string_view text, char delimiter) {
    const bool needsQuotes = text.find_first_of(std::string{delimiter, '"', '\n', '\r'}) != std::string_view::npos ||
                             (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!needsQuotes) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

} // namespace genrelab
