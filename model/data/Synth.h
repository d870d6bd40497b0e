#pragma once
// A synthetic music-genre table with the real Kaggle schema and its quirks (class imbalance,
// genre-dependent missing cells, minutes mixed into a milliseconds column, key 0 left empty),
// drawn from per-class distributions whose parameters are listed in docs/DATA.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace genrelab {

// Kaggle: the music-genre file's 17 columns and 11 classes. Tracks: another export of track
// features (an unnamed running index, track_id, artists, album_name, track_name, popularity,
// duration_ms, explicit, the audio features, time_signature and the target track_genre: 21
// columns), classes in equal blocks of rows in file order, with the anomalies below on request.
enum class SynthSchema { Kaggle, Tracks };
// How the tracks schema writes its boolean column 'explicit'.
enum class BooleanWords { TrueFalseCapital, TrueFalse, YesNo, ZeroOne };  // True/False, true/false, yes/no, 0/1

struct SynthOptions {
    std::size_t rows = 2000;
    std::uint64_t seed = 1;
    SynthSchema schema = SynthSchema::Kaggle;
    // The tracks schema only:
    std::size_t classes = 114;
    BooleanWords booleans = BooleanWords::TrueFalseCapital;
    std::size_t repeatedIds = 0;      // rows rows/2 + j repeat row j's track (id, names, features) under their own genre
    std::size_t placeholderRows = 0;  // rows whose duration_ms, tempo and time_signature are 0
    std::size_t emptyTextRows = 0;    // rows whose artists, album_name and track_name are empty
    std::size_t spikeRows = 0;        // rows whose tempo is exactly 120
};

// The rows of each anomaly, as synthesizeMusicGenreCsv places them (0-based table rows, in
// order): repeats first, then the others spread evenly over the rows no anomaly took yet.
struct SynthAnomalyRows {
    std::vector<std::size_t> repeatSources, repeatTargets, placeholders, emptyTexts, spikes;
};
// Throws std::invalid_argument when the anomalies do not fit the rows (2 x repeatedIds above the
// rows, all of them together above the rows) or classes is 0 or above the rows.
SynthAnomalyRows synthAnomalyRows(const SynthOptions& options);

// The tracks schema's genre of class index k of `classes` (labels sort in class order).
std::string synthGenreName(std::size_t k, std::size_t classes);

// The table as CSV text (comma-separated, header first, LF line ends).
std::string synthesizeMusicGenreCsv(const SynthOptions& options);

// The genre of each class id 0..10, as the Kaggle data set documents them, as a
// class-name CSV ("Class,Genre" then "0,Acoustic/Folk", ...).
std::string musicGenreClassNamesCsv();

} // namespace genrelab
