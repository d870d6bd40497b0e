#include "data/Split.h"

#include "util/Format.h"
#include "util/Rng.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace genrelab {
namespace {

constexpr std::uint64_t kGroupOrderStream = 0x67726f7570;  // "group": apart from the per-class streams

struct RowGroup {
    std::vector<std::size_t> rows;
    std::vector<std::size_t> perClass;
};

// One stage of the split: `count` rows (unset: every group still unassigned) into `into`.
struct Stage {
    std::vector<std::size_t>* into;
    std::optional<std::size_t> count;
};

std::string rowsText(std::size_t n) { return grouped(static_cast<std::int64_t>(n)); }

} // namespace

std::string_view splitKindName(SplitKind kind) {
    switch (kind) {
    case SplitKind::Random: return "random";
    case SplitKind::Song: return "song";
    case SplitKind::Artist: return "artist";
    }
    return "?";
}

SplitKind splitKindFromName(std::string_view name) {
    for (auto kind : {SplitKind::Random, SplitKind::Song, SplitKind::Artist})
        if (splitKindName(kind) == name) return kind;
    throw std::invalid_argument("takes random, song or artist, not '" + std::string(name) + "'");
}

Split groupedSplit(const std::vector<int>& classOfRow, const std::vector<std::size_t>& groupOfRow, const SplitOptions& options) {
    if (groupOfRow.size() != classOfRow.size()) throw std::invalid_argument("groupedSplit: one group per row is needed");
    if (options.testFraction < 0 || options.testFraction >= 1 || options.validationFraction < 0 || options.validationFraction >= 1)
        throw std::invalid_argument("split fractions must lie in [0, 1)");
    int classes = 0;
    for (int c : classOfRow) classes = std::max(classes, c + 1);
    const auto classCount = static_cast<std::size_t>(classes);

    std::vector<RowGroup> groups;
    std::unordered_map<std::size_t, std::size_t> indexOfGroup;  // groups in order of their first row
    std::size_t labeled = 0;
    for (std::size_t r = 0; r < classOfRow.size(); ++r) {
        if (classOfRow[r] < 0) continue;
        const auto [it, fresh] = indexOfGroup.emplace(groupOfRow[r], groups.size());
        if (fresh) groups.push_back({{}, std::vector<std::size_t>(classCount, 0)});
        groups[it->second].rows.push_back(r);
        ++groups[it->second].perClass[static_cast<std::size_t>(classOfRow[r])];
        ++labeled;
    }
    std::vector<std::size_t> order(groups.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    Rng rng(options.seed, kGroupOrderStream);
    rng.shuffle(order);

    auto countFor = [&](std::optional<std::size_t> rows, double fraction) {
        return rows ? *rows : static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(labeled) - 1e-9));
    };
    Split split;
    std::vector<Stage> stages;
    const std::size_t validationCount = countFor(options.validationRows, options.validationFraction);
    if (options.testIsRest) {
        if (!options.trainRows) throw std::invalid_argument("testing on the rest needs a training size");
        if (*options.trainRows + validationCount > labeled)
            throw std::invalid_argument("asked for " + rowsText(*options.trainRows) + " training rows, but only " + rowsText(labeled) +
                                        " are labeled");
        stages = {{&split.train, *options.trainRows}, {&split.validation, validationCount}, {&split.test, std::nullopt}};
    } else {
        const std::size_t testCount = countFor(options.testRows, options.testFraction);
        if (testCount + validationCount > labeled)
            throw std::invalid_argument("test (" + rowsText(testCount) + ") and validation (" + rowsText(validationCount) +
                                        ") rows exceed the " + rowsText(labeled) + " labeled rows");
        const std::size_t rest = labeled - testCount - validationCount;
        if (options.trainRows && *options.trainRows > rest)
            throw std::invalid_argument("asked for " + rowsText(*options.trainRows) + " training rows, but only " + rowsText(rest) +
                                        " remain after the test and validation rows");
        stages = {{&split.test, testCount}, {&split.validation, validationCount}, {&split.train, options.trainRows}};
    }

    std::vector<bool> assigned(groups.size(), false);
    std::vector<std::size_t> remaining(classCount, 0);
    for (const auto& g : groups)
        for (std::size_t c = 0; c < classCount; ++c) remaining[c] += g.perClass[c];
    auto assign = [&](std::size_t k, std::vector<std::size_t>& into) {
        assigned[k] = true;
        into.insert(into.end(), groups[k].rows.begin(), groups[k].rows.end());
        for (std::size_t c = 0; c < classCount; ++c) remaining[c] -= groups[k].perClass[c];
    };
    for (const Stage& stage : stages) {
        if (!stage.count) {
            for (std::size_t k : order)
                if (!assigned[k]) assign(k, *stage.into);
            continue;
        }
        std::vector<std::size_t> need = proportionalAllocation(remaining, *stage.count);
        std::size_t wanted = *stage.count;
        auto take = [&](std::size_t k) {
            for (std::size_t c = 0; c < classCount; ++c) {
                const std::size_t filled = std::min(groups[k].perClass[c], need[c]);
                need[c] -= filled;
                wanted -= filled;
            }
            assign(k, *stage.into);
        };
        for (std::size_t k : order) {  // groups that fit the quotas whole
            if (wanted == 0) break;
            if (assigned[k]) continue;
            bool fits = true;
            for (std::size_t c = 0; c < classCount && fits; ++c) fits = groups[k].perClass[c] <= need[c];
            if (fits) take(k);
        }
        for (std::size_t k : order) {  // then groups that fill at least as many rows as they exceed
            if (wanted == 0) break;
            if (assigned[k]) continue;
            std::size_t filled = 0;
            for (std::size_t c = 0; c < classCount; ++c) filled += std::min(groups[k].perClass[c], need[c]);
            if (filled > 0 && 2 * filled >= groups[k].rows.size()) take(k);
        }
        for (std::size_t k : order) {  // then groups that fill some quota and keep the stage within its size
            if (wanted == 0) break;
            if (assigned[k] || stage.into->size() + groups[k].rows.size() > *stage.count) continue;
            std::size_t filled = 0;
            for (std::size_t c = 0; c < classCount; ++c) filled += std::min(groups[k].perClass[c], need[c]);
            if (filled > 0) take(k);
        }
    }
    if (split.train.empty()) throw std::invalid_argument("the training split would be empty");
    for (auto* part : {&split.train, &split.validation, &split.test}) std::sort(part->begin(), part->end());
    return split;
}

} // namespace genrelab
