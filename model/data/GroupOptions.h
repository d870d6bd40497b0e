#pragma once
// Which columns name a track's artists and its title, how an artist field names several
// artists, and what to do with songs the file holds more than once. Nothing here is chosen
// from a file's contents: a spec that sets no column uses no groups.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

// keep: every row as read; drop: the first row (in file order) of each repeated song stays and
// the others are left out; merge: one multi-label row per song (not supported by the models).
enum class DuplicatePolicy { Keep, Merge, Drop };
std::string_view duplicatePolicyName(DuplicatePolicy policy);     // "keep", "merge", "drop"
DuplicatePolicy duplicatePolicyFromName(std::string_view name);   // throws std::invalid_argument

// Separators between the artists of one field, matched case-insensitively (ASCII letters). A
// separator that starts (ends) with a letter or digit matches only where the character before
// (after) it is not one, so " and " never splits "Sandy" and "ft." never splits "Loft.". Each
// part is trimmed of spaces; parts of only spaces and ASCII punctuation are dropped (an empty
// artist cell names no artist); a name given twice in a field counts once.
const std::vector<std::string>& defaultArtistSeparators();  // ", ", " & ", " and ", "feat.", "ft.", "featuring"

struct GroupOptions {
    std::optional<std::string> artistColumn;
    std::optional<std::string> titleColumn;
    std::vector<std::string> artistSeparators = defaultArtistSeparators();
    DuplicatePolicy duplicates = DuplicatePolicy::Keep;
    bool operator==(const GroupOptions&) const = default;
};

} // namespace genrelab
