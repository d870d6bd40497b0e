#pragma once
// Title tokens: the cues a track title carries, as sparse features. A title is read as UTF-8
// code points (malformed bytes become U+FFFD, never split a code point); it yields
//   words              "w:remix" (runs of letters and digits, ASCII lowercased; other scripts kept)
//   character 3-grams  "c:#re", "c:rem", ... of each word padded with '#' (code points, not bytes)
//   markers            "m:bracket" (any of ()[]{}), "m:quote" (any of " ' and the typographic
//                      quotes), "m:non-latin" (a letter beyond Latin, U+0250 and up), "m:empty"
// each at most once per title. A vocabulary learnt on the training titles (tokens in at least
// minCount titles, the maxTokens most frequent) turns titles into sparse rows, each row's values
// 1/sqrt(k) over its k known tokens (unit length, so a long title does not add up larger offsets).
#include "data/SparseRows.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace genrelab {

// The distinct tokens of one title, sorted. Words longer than 64 code points are cut there (a
// 10,000-character run makes one word, not 10,000 n-grams).
std::vector<std::string> titleTokens(std::string_view title);

class TitleVocabulary {
public:
    TitleVocabulary() = default;
    // Tokens that occur in at least minCount of the titles, the maxTokens most frequent (ties by
    // token, so the vocabulary does not depend on the row order).
    TitleVocabulary(const std::vector<std::string>& titles, int minCount, std::size_t maxTokens);

    std::size_t size() const { return tokens_.size(); }
    const std::vector<std::string>& tokens() const { return tokens_; }
    // Titles as rows of known tokens (ids into tokens()), values 1/sqrt(k); unknown tokens are left out.
    SparseRows encode(const std::vector<std::string>& titles) const;

private:
    std::vector<std::string> tokens_;
    std::unordered_map<std::string, std::int32_t> ids_;
};

} // namespace genrelab
