#pragma once
// The text of a long job's progress bar: how much is done, the time taken and the time left at
// the average rate so far ("3 of 25 · 0:12 · about 1:28 left"). The time left is unknown until
// one unit is done; it assumes the units left take as long as those done, which the text says
// with "about" (the experiments run their longest units first, so it errs long).
#include <QString>

#include <cstddef>

namespace genrelab {

struct ProgressEta {
    static QString describe(std::size_t done, std::size_t total, double elapsedSeconds);
    static QString duration(double seconds);  // "0:07", "12:30", "1:02:03"; "n/a" when not a time
};

} // namespace genrelab
