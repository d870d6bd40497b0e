#pragma once
// Writing CSV that RFC 4180 readers (ours, spreadsheets, pandas) read back exactly.
#include <string>
#include <string_view>

namespace genrelab {

// The field as it must appear in a CSV line: quoted when it holds the delimiter, a quote,
// a line break or leading/trailing spaces; inner quotes doubled.
std::string csvField(std::string_view text, char delimiter = ',');

} // namespace genrelab
