#pragma once
// UTF-8 checking and repair: every string the project writes as JSON or shows must be valid
// UTF-8, whatever bytes a data file held.
#include <cstddef>
#include <string>
#include <string_view>

namespace genrelab {

// True when text is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view text);

// text with every ill-formed sequence replaced by U+FFFD (one per maximal ill-formed subpart,
// as Unicode recommends); valid text comes back unchanged. replaced, when given, receives the
// number of replacements.
std::string toValidUtf8(std::string_view text, std::size_t* replaced = nullptr);

} // namespace genrelab
