#pragma once
// The worst of many quantities' R-hat (largest) or ESS (smallest), by one rule for what
// cannot be computed. A quantity whose draws are all the same number has no R-hat or ESS
// (NaN, as in Stan and the posterior R package: nothing varies) and is left out: a pinned
// quantity cannot fail to mix. Any other NaN (fewer than 4 draws per chain, non-finite draws),
// or no quantity left at all, makes the worst NaN: the run cannot be judged. Starting the
// search from 0 would let `max R-hat <= 1.01` pass for a run with no R-hat at all.
#include <cmath>
#include <limits>

namespace genrelab {

class WorstDiagnostic {
public:
    enum class Worst { Largest, Smallest };
    explicit WorstDiagnostic(Worst worst) : worst_(worst) {}

    // value: the quantity's diagnostic; constantDraws: every draw of it is the same number.
    void add(double value, bool constantDraws) {
        if (!std::isnan(value)) {
            if (!found_ || (worst_ == Worst::Largest ? value > value_ : value < value_)) value_ = value;
            found_ = true;
        } else if (!constantDraws) {
            uncomputable_ = true;
        }
    }
    // NaN when the run cannot be judged.
    double value() const { return uncomputable_ || !found_ ? std::numeric_limits<double>::quiet_NaN() : value_; }

private:
    Worst worst_;
    double value_ = 0.0;
    bool found_ = false, uncomputable_ = false;
};

} // namespace genrelab
