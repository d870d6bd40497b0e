#include "data/GroupOptions.h"

#include <stdexcept>

namespace genrelab {

std::string_view duplicatePolicyName(DuplicatePolicy policy) {
    switch (policy) {
    case DuplicatePolicy::Keep: return "keep";
    case DuplicatePolicy::Merge: return "merge";
    case DuplicatePolicy::Drop: return "drop";
    }
    return "?";
}

DuplicatePolicy duplicatePolicyFromName(std::string_view name) {
    for (auto policy : {DuplicatePolicy::Keep, DuplicatePolicy::Merge, DuplicatePolicy::Drop})
        if (duplicatePolicyName(policy) == name) return policy;
    throw std::invalid_argument("takes keep, merge or drop, not '" + std::string(name) + "'");
}

const std::vector<std::string>& defaultArtistSeparators() {
    static const std::vector<std::string> separators = {", ", " & ", " and ", "feat.", "ft.", "featuring"};
    return separators;
}

} // namespace genrelab
