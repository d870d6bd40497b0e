#pragma once
// A synthetic music-genre table with the real Kaggle schema and its quirks (class imbalance,
// genre-dependent missing cells, minutes mixed into a milliseconds column, key 0 left empty),
// drawn from per-class distributions whose parameters are listed in docs/DATA.md.
#include <cstddef>
#include <cstdint>
#include <string>

namespace genrelab {

struct SynthOptions {
    std::size_t rows = 2000;
    std::uint64_t seed = 1;
};

// The table as CSV text (comma-separated, header first, LF line ends).
std::string synthesizeMusicGenreCsv(const SynthOptions& options);

// The genre of each class id 0..10, as the Kaggle data set documents them, as a
// class-name CSV ("Class,Genre" then "0,Acoustic/Folk", ...).
std::string musicGenreClassNamesCsv();

} // namespace genrelab
