#include "models/TitleTokens.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace genrelab {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr std::size_t kMaxWordCodePoints = 64;

// UTF-8 to code points; a malformed or truncated sequence becomes one U+FFFD per bad byte.
std::u32string decodeUtf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) {
            out.push_back(kReplacement);
            ++i;
            continue;
        }
        char32_t cp = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
        bool valid = true;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next >> 6) != 0x2) {
                valid = false;
                break;
            }
            cp = (cp << 6) | (next & 0x3F);
        }
        const char32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : length == 4 ? 0x10000 : 0;
        if (!valid || cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            out.push_back(kReplacement);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += length;
    }
    return out;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

bool isQuote(char32_t cp) {
    return cp == '"' || cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D || cp == 0x00AB ||
           cp == 0x00BB || cp == 0x300C || cp == 0x300D;
}

bool isBracket(char32_t cp) {
    return cp == '(' || cp == ')' || cp == '[' || cp == ']' || cp == '{' || cp == '}' || cp == 0xFF08 || cp == 0xFF09 ||
           cp == 0x3010 || cp == 0x3011;
}

// Letters and digits without Unicode tables: ASCII alphanumerics, and every code point from
// U+00C0 on except the punctuation, symbol and space blocks a title meets (Latin-1's signs,
// general punctuation, CJK punctuation, fullwidth ASCII punctuation, the replacement character).
bool isWordCodePoint(char32_t cp) {
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows, dingbats
    if (cp >= 0x3000 && cp <= 0x303F) return false;   // CJK punctuation
    if (cp >= 0xFF00 && cp <= 0xFF0F) return false;   // fullwidth punctuation
    if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
    return cp != kReplacement;
}

char32_t lower(char32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;  // Latin-1 capitals
    return cp;
}

} // namespace

std::vector<std::string> titleTokens(std::string_view title) {
    const std::u32string text = decodeUtf8(title);
    std::vector<std::string> tokens;
    bool bracket = false, quote = false, nonLatin = false, anyWord = false;
    std::u32string word;
    const auto flush = [&] {
        if (word.empty()) return;
        anyWord = true;
        std::string w = "w:";
        for (char32_t cp : word) appendUtf8(w, cp);
        tokens.push_back(std::move(w));
        std::u32string padded = U"#" + word + U"#";
        for (std::size_t i = 0; i + 3 <= padded.size(); ++i) {
            std::string gram = "c:";
            for (std::size_t k = 0; k < 3; ++k) appendUtf8(gram, padded[i + k]);
            tokens.push_back(std::move(gram));
        }
        word.clear();
    };
    for (char32_t cp : text) {
        bracket = bracket || isBracket(cp);
        quote = quote || isQuote(cp);
        if (isWordCodePoint(cp)) {
            nonLatin = nonLatin || cp >= 0x250;
            if (word.size() < kMaxWordCodePoints) word.push_back(lower(cp));
        } else {
            flush();
        }
    }
    flush();
    if (bracket) tokens.emplace_back("m:bracket");
    if (quote) tokens.emplace_back("m:quote");
    if (nonLatin) tokens.emplace_back("m:non-latin");
    if (!anyWord) tokens.emplace_back("m:empty");
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
    return tokens;
}

TitleVocabulary::TitleVocabulary(const std::vector<std::string>& titles, int minCount, std::size_t maxTokens) {
    if (minCount < 1) throw std::invalid_argument("the title tokens' minimum count must be at least 1");
    std::map<std::string, int> counts;  // ordered: ties resolve by token
    for (const auto& title : titles)
        for (auto& token : titleTokens(title)) ++counts[std::move(token)];
    std::vector<std::pair<std::string, int>> kept;
    for (auto& [token, count] : counts)
        if (count >= minCount) kept.emplace_back(token, count);
    std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (kept.size() > maxTokens) kept.resize(maxTokens);
    for (auto& [token, count] : kept) {
        ids_.emplace(token, static_cast<std::int32_t>(tokens_.size()));
        tokens_.push_back(std::move(token));
    }
}

SparseRows TitleVocabulary::encode(const std::vector<std::string>& titles) const {
    SparseRows rows;
    std::vector<std::int32_t> ids;
    std::vector<double> values;
    for (const auto& title : titles) {
        ids.clear();
        for (const auto& token : titleTokens(title))
            if (const auto it = ids_.find(token); it != ids_.end()) ids.push_back(it->second);
        std::sort(ids.begin(), ids.end());
        values.assign(ids.size(), ids.empty() ? 0.0 : 1.0 / std::sqrt(static_cast<double>(ids.size())));
        rows.appendRow(ids, values);
    }
    return rows;
}

} // namespace genrelab
