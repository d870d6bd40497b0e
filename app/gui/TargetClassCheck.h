#pragma once
// Before a column becomes the target: how many classes it would make. A text column of track
// names makes thousands; every class is a row and a column of the confusion matrix and a set of
// coefficients, so a target with hundreds of classes is confirmed first and one beyond
// kMaxTargetClasses is refused.
#include <QString>

#include <cstddef>

namespace genrelab {

struct Column;

// Above this many classes the app asks before making a column the target.
inline constexpr std::size_t kConfirmTargetClassesAbove = 100;
// Above this many classes the app refuses the column as a target.
inline constexpr std::size_t kMaxTargetClasses = 1000;

struct TargetClassCheck {
    enum class Verdict { Accept, Confirm, Refuse };
    std::size_t classes = 0;  // distinct present values of the column
    Verdict verdict = Verdict::Accept;
    QString message;          // what the confirmation or the refusal says; empty for Accept
};

TargetClassCheck checkTargetClasses(const Column& column);

} // namespace genrelab
