#pragma once
// Random number streams that give the same numbers on every platform and standard library.
// std::shuffle and std::normal_distribution are implementation-defined, so seeds would not
// reproduce across compilers; xoshiro256** with our own transforms does.
#include <cstdint>
#include <vector>

namespace genrelab {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0, std::uint64_t stream = 0);

    std::uint64_t next();                  // 64 random bits
    double uniform();                      // [0, 1), 53 random bits
    double uniformOpen();                  // (0, 1): safe for log()
    std::uint64_t below(std::uint64_t n);  // uniform integer in [0, n), unbiased
    double normal();                       // standard normal (Marsaglia polar method)
    bool bernoulli(double p) { return uniform() < p; }

    // Everything that decides the stream from here on, for a file that resumes it bit for bit.
    struct State {
        std::uint64_t words[4] = {};
        double spareNormal = 0.0;
        bool hasSpare = false;
    };
    State state() const;
    static Rng fromState(const State& state);

    template <typename T>
    void shuffle(std::vector<T>& items) {  // Fisher-Yates with below(): reproducible
        for (std::size_t i = items.size(); i > 1; --i) {
            const std::size_t j = below(i);
            std::swap(items[i - 1], items[j]);
        }
    }

private:
    std::uint64_t s_[4];
    double spareNormal_ = 0.0;
    bool hasSpare_ = false;
};

} // namespace genrelab
