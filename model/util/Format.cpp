#include "util/Format.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace genrelab {

std::string shortestDouble(double value) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (ec != std::errc()) return "nan";
    return std::string(buffer, end);
}

std::string fixed(double value, int decimals) {
    // to_chars, not printf: printf follows LC_NUMERIC, which Qt sets from the environment.
    char buffer[400];  // 309 integer digits of DBL_MAX, a sign, a point and the decimals
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, std::clamp(decimals, 0, 60));
    if (ec != std::errc()) return "nan";
    return std::string(buffer, end);
}

std::string scientific(double value, int decimals) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific, std::clamp(decimals, 0, 30));
    if (ec != std::errc()) return "nan";
    return std::string(buffer, end);
}

std::string general(double value, int digits) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, std::clamp(digits, 1, 30));
    if (ec != std::errc()) return "nan";
    return std::string(buffer, end);
}

std::string grouped(std::int64_t count) {
    std::string digits = std::to_string(count < 0 ? -count : count);
    std::string out;
    const int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ',';
        out += digits[static_cast<std::size_t>(i)];
    }
    return count < 0 ? "-" + out : out;
}

std::string percent(double share) { return fixed(100.0 * share, 1) + "%"; }

std::string significant(double value, int digits) {
    if (value == 0.0 || !std::isfinite(value)) return shortestDouble(value);
    const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
    const double scale = std::pow(10.0, digits - 1 - magnitude);
    if (!std::isfinite(value * scale)) {  // a denormal (1e-320): its scale overflows, so scientific
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.*e", digits - 1, value);
        std::string text = buffer;
        const std::size_t e = text.find('e');
        std::string mantissa = text.substr(0, e);
        if (mantissa.find('.') != std::string::npos) {
            while (mantissa.back() == '0') mantissa.pop_back();
            if (mantissa.back() == '.') mantissa.pop_back();
        }
        return mantissa + text.substr(e);
    }
    const double rounded = std::round(value * scale) / scale;
    const int decimals = std::max(0, digits - 1 - magnitude);
    std::string text = fixed(rounded, decimals);
    if (text.find('.') != std::string::npos) {  // "100.000" -> "100", "0.05960" -> "0.0596"
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

std::string counted(std::size_t count, const std::string& singular, const std::string& plural) {
    return grouped(static_cast<std::int64_t>(count)) + " " + (count == 1 ? singular : plural);
}

} // namespace genrelab
