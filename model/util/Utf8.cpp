#include "util/Utf8.h"

namespace genrelab {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed sequence starting at text[i], or 0 when none starts there
// (Unicode table 3-7). invalidPrefix receives how many bytes the ill-formed subpart spans.
std::size_t sequenceLength(std::string_view text, std::size_t i, std::size_t& invalidPrefix) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    invalidPrefix = 1;
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead == 0xE0) { length = 3; low = 0xA0; }
    else if (lead >= 0xE1 && lead <= 0xEC) length = 3;
    else if (lead == 0xED) { length = 3; high = 0x9F; }
    else if (lead >= 0xEE && lead <= 0xEF) length = 3;
    else if (lead == 0xF0) { length = 4; low = 0x90; }
    else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
    else if (lead == 0xF4) { length = 4; high = 0x8F; }
    else return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if (i + k >= text.size()) return 0;
        const unsigned char c = byte(i + k);
        const bool ok = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
        if (!ok) return 0;
        invalidPrefix = k + 1;
    }
    return length;
}

} // namespace

bool isValidUtf8(std::string_view text) {
    std::size_t invalid = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = sequenceLength(text, i, invalid);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string toValidUtf8(std::string_view text, std::size_t* replaced) {
    std::size_t count = 0;
    std::string out;
    if (isValidUtf8(text)) {
        out.assign(text);
    } else {
        out.reserve(text.size() + 8);
        for (std::size_t i = 0; i < text.size();) {
            std::size_t invalid = 0;
            const std::size_t n = sequenceLength(text, i, invalid);
            if (n > 0) {
                out.append(text.substr(i, n));
                i += n;
            } else {
                out.append(kReplacement);
                ++count;
                i += invalid;
            }
        }
    }
    if (replaced) *replaced = count;
    return out;
}

} // namespace genrelab
