#pragma once
// What the run spec's text forms share (RunSpecJson.cpp, RunSpecArguments.cpp,
// RunSpecToArguments.cpp): the bounds of every count and number, and the names of the choices.
// Internal to model/run.
#include "run/RunSpec.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab::runspec {

struct CountBounds {
    std::uint64_t min, max;
};
constexpr std::uint64_t kMaxSeed = std::numeric_limits<std::uint64_t>::max();
constexpr CountBounds kSteps{1, 1'000'000'000}, kBatch{0, 1'000'000'000}, kParticles{1, 100'000}, kGuideDraws{10, 100'000'000},
    kWarmup{0, 10'000'000}, kSamples{1, 10'000'000}, kChains{1, 1024}, kThreads{0, 1024}, kTreeDepth{1, 30},
    kPilotSteps{0, 1'000'000'000}, kTrainRows{1, 1'000'000'000'000}, kTestRows{0, 1'000'000'000'000}, kSeed{0, kMaxSeed},
    kHiddenUnits{1, 100'000}, kPredictiveDraws{1, 10'000'000}, kWindow{1, 1'000'000'000}, kPatience{1, 1'000'000},
    kWindowParam{0, 10'000'000}, kTitleMinCount{1, 1'000'000'000}, kTitleMaxTokens{1, 10'000'000},
    kPaths{1, 1024}, kHistory{1, 100}, kLbfgsIterations{1, 1'000'000}, kElboDraws{1, 100'000}, kPathDraws{1, 100'000'000}, kElboPatience{0, 1'000'000};

enum class Interval { Positive, Finite, NonNegative, UnitOpen, UnitHalfOpen };
inline bool inInterval(double v, Interval interval) {
    if (!std::isfinite(v)) return false;
    switch (interval) {
    case Interval::Positive: return v > 0.0;
    case Interval::Finite: return true;
    case Interval::NonNegative: return v >= 0.0;
    case Interval::UnitOpen: return v > 0.0 && v < 1.0;
    case Interval::UnitHalfOpen: return v >= 0.0 && v < 1.0;
    }
    return false;
}
inline std::string describe(Interval interval) {
    switch (interval) {
    case Interval::Positive: return "a positive number";
    case Interval::Finite: return "a finite number";
    case Interval::NonNegative: return "a number of at least 0";
    case Interval::UnitOpen: return "a number between 0 and 1 (exclusive)";
    case Interval::UnitHalfOpen: return "a number in [0, 1)";
    }
    return "a number";
}
inline std::string describe(CountBounds b) {
    return "a whole number of at least " + std::to_string(b.min) + " and at most " + std::to_string(b.max);
}

// Shortest text that reads back to the same double, whatever the locale.
inline std::string numberText(double v) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

inline std::string_view precisionName(KernelPrecision p) { return p == KernelPrecision::Double ? "double" : "float"; }
inline KernelPrecision precisionFromName(std::string_view name) {
    if (name == "float") return KernelPrecision::Float;
    if (name == "double") return KernelPrecision::Double;
    throw std::invalid_argument("takes float or double, not '" + std::string(name) + "'");
}
inline Activation activationFromName(std::string_view name) {
    if (name == "tanh") return Activation::Tanh;
    if (name == "relu") return Activation::Relu;
    throw std::invalid_argument("takes tanh or relu, not '" + std::string(name) + "'");
}
inline std::string_view unitTargetName(UnitTarget to) {
    return to == UnitTarget::SmallUnit ? "small" : to == UnitTarget::LargeUnit ? "large" : "majority";
}
inline UnitTarget unitTargetFromName(std::string_view name) {
    for (auto to : {UnitTarget::Majority, UnitTarget::SmallUnit, UnitTarget::LargeUnit})
        if (unitTargetName(to) == name) return to;
    throw std::invalid_argument("takes majority, small or large, not '" + std::string(name) + "'");
}
inline std::string_view metricName(bool dense) { return dense ? "dense" : "diag"; }
inline bool denseFromName(std::string_view name) {
    if (name == "diag") return false;
    if (name == "dense") return true;
    throw std::invalid_argument("takes diag or dense, not '" + std::string(name) + "'");
}

// Items joined with commas, as the command line's list options take them.
inline std::string joinList(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
}

// The command line's default for song copies: a grouped model (artist effects or title tokens)
// with an artist and a title column takes them, unless told --no-song-copies.
inline bool songCopiesByDefault(const RunSpec& s) {
    return (s.model.terms.artistEffects || s.model.terms.titleTokens) && s.prep.groups.artistColumn && s.prep.groups.titleColumn;
}

// The command line's default for artist songs: artist effects with an artist column take them,
// unless told --no-artist-songs.
inline bool artistSongsByDefault(const RunSpec& s) { return s.model.terms.artistEffects && s.prep.groups.artistColumn.has_value(); }

} // namespace genrelab::runspec
