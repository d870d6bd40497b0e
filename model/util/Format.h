#pragma once
// Number formatting shared by reports, JSON and CSV writers. Every function writes the same
// bytes in every locale (a point for the decimals), as the C locale's printf would.
#include <cstddef>
#include <cstdint>
#include <string>

namespace genrelab {

// Shortest text that reads back to the same double ("0.1", "234596", "1e-06").
std::string shortestDouble(double value);
// Fixed decimals: fixed(0.24321, 1) == "0.2".
std::string fixed(double value, int decimals);
// printf's %.*e: scientific(0.000123, 1) == "1.2e-04".
std::string scientific(double value, int decimals);
// printf's %.*g: general(0.0123456, 3) == "0.0123", general(1e-7, 3) == "1e-07".
std::string general(double value, int digits);
// Thousands separators for counts a person reads: 17996 -> "17,996".
std::string grouped(std::int64_t count);
// A share as a percentage with one decimal: percent(0.2432) == "24.3%".
std::string percent(double share);
// Significant digits, trailing zeros dropped: significant(221345.7, 3) == "221000",
// significant(0.0596, 4) == "0.0596", significant(100.0, 4) == "100".
std::string significant(double value, int digits);
// A count with its noun, singular for one: counted(1, "row has", "rows have") == "1 row has",
// counted(17996, "row", "rows") == "17,996 rows".
std::string counted(std::size_t count, const std::string& singular, const std::string& plural);

} // namespace genrelab
