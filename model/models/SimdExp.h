#pragma once
// exp(x) for x <= 0 on whole SIMD packets: the softmax's shifted logits. Eigen's pexp for
// doubles divides (a Padé form) and builds 2^n from 128-bit halves; with AVX2 and FMA these
// are about twice as fast. Elsewhere they fall back to Eigen's pexp.
//
// x = n ln2 + r with |r| <= ln2/2; exp(r) by its Taylor polynomial (degree 12 for double,
// truncation < 2e-16; degree 7 for float, < 3e-9) evaluated by Estrin's scheme (a short
// dependency chain); 2^n added into the exponent bits. Largest error over 2^24 evenly spaced
// inputs of [-708, 0] and [-86, 0] against exp in long double (tst_kernel): 3.53 ULP for double
// (the truncation is up to ~1.5 ULP of results below 1), 1.75 for float; Eigen's pexp, 1.70
// and 1.28. Far below what a sum of class probabilities notices. Below the smallest normal exponent
// (x < -708 or -86) they return the tiny exp of that bound instead of 0, which no sum of
// probabilities notices. NaN stays NaN (it is max's second operand).
#include <Eigen/Core>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

namespace genrelab::simd {

namespace ei = Eigen::internal;

#if defined(__AVX2__) && defined(__FMA__) && !defined(EIGEN_DONT_VECTORIZE)
inline __m256d expNonPositive(__m256d x) {
    const auto c = [](double v) { return _mm256_set1_pd(v); };
    const __m256d clamped = _mm256_max_pd(c(-708.0), x);
    const __m256d n = _mm256_round_pd(_mm256_mul_pd(clamped, c(1.4426950408889634)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256d r = _mm256_fnmadd_pd(n, c(6.93147180369123816490e-01), clamped);
    r = _mm256_fnmadd_pd(n, c(1.90821492927058770002e-10), r);
    const __m256d r2 = _mm256_mul_pd(r, r), r4 = _mm256_mul_pd(r2, r2), r8 = _mm256_mul_pd(r4, r4);
    const __m256d a0 = _mm256_fmadd_pd(r, c(1.0), c(1.0)), a1 = _mm256_fmadd_pd(r, c(1.0 / 6), c(0.5));
    const __m256d a2 = _mm256_fmadd_pd(r, c(1.0 / 120), c(1.0 / 24)), a3 = _mm256_fmadd_pd(r, c(1.0 / 5040), c(1.0 / 720));
    const __m256d a4 = _mm256_fmadd_pd(r, c(1.0 / 362880), c(1.0 / 40320));
    const __m256d a5 = _mm256_fmadd_pd(r, c(1.0 / 39916800), c(1.0 / 3628800));
    const __m256d b0 = _mm256_fmadd_pd(a1, r2, a0), b1 = _mm256_fmadd_pd(a3, r2, a2), b2 = _mm256_fmadd_pd(a5, r2, a4);
    const __m256d low = _mm256_fmadd_pd(b1, r4, b0), high = _mm256_fmadd_pd(c(1.0 / 479001600), r4, b2);
    const __m256d p = _mm256_fmadd_pd(high, r8, low);
    // n + 1.5 * 2^52 holds n in its low mantissa bits; shifted by 52 it is n in the exponent field.
    const __m256i exponent = _mm256_slli_epi64(_mm256_castpd_si256(_mm256_add_pd(n, c(0x1.8p52))), 52);
    return _mm256_castsi256_pd(_mm256_add_epi64(_mm256_castpd_si256(p), exponent));
}

inline __m256 expNonPositive(__m256 x) {
    const auto c = [](float v) { return _mm256_set1_ps(v); };
    const __m256 clamped = _mm256_max_ps(c(-86.0f), x);
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(clamped, c(1.44269504f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, c(0.693359375f), clamped);
    r = _mm256_fnmadd_ps(n, c(-2.12194440e-4f), r);
    const __m256 r2 = _mm256_mul_ps(r, r), r4 = _mm256_mul_ps(r2, r2);
    const __m256 a0 = _mm256_fmadd_ps(r, c(1.0f), c(1.0f)), a1 = _mm256_fmadd_ps(r, c(1.0f / 6), c(0.5f));
    const __m256 a2 = _mm256_fmadd_ps(r, c(1.0f / 120), c(1.0f / 24)), a3 = _mm256_fmadd_ps(r, c(1.0f / 5040), c(1.0f / 720));
    const __m256 b0 = _mm256_fmadd_ps(a1, r2, a0), b1 = _mm256_fmadd_ps(a3, r2, a2);
    const __m256 p = _mm256_fmadd_ps(b1, r4, b0);
    const __m256i exponent = _mm256_slli_epi32(_mm256_castps_si256(_mm256_add_ps(n, c(0x1.8p23f))), 23);
    return _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(p), exponent));
}
#if defined(__AVX512F__)
// The same operations on AVX-512's 16 floats or 8 doubles: lane for lane the numbers of the AVX2
// functions above (LinearSoftmaxKernel::logLikelihoods relies on it).
inline __m512d expNonPositive(__m512d x) {
    const auto c = [](double v) { return _mm512_set1_pd(v); };
    const __m512d clamped = _mm512_max_pd(c(-708.0), x);
    const __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(clamped, c(1.4426950408889634)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512d r = _mm512_fnmadd_pd(n, c(6.93147180369123816490e-01), clamped);
    r = _mm512_fnmadd_pd(n, c(1.90821492927058770002e-10), r);
    const __m512d r2 = _mm512_mul_pd(r, r), r4 = _mm512_mul_pd(r2, r2), r8 = _mm512_mul_pd(r4, r4);
    const __m512d a0 = _mm512_fmadd_pd(r, c(1.0), c(1.0)), a1 = _mm512_fmadd_pd(r, c(1.0 / 6), c(0.5));
    const __m512d a2 = _mm512_fmadd_pd(r, c(1.0 / 120), c(1.0 / 24)), a3 = _mm512_fmadd_pd(r, c(1.0 / 5040), c(1.0 / 720));
    const __m512d a4 = _mm512_fmadd_pd(r, c(1.0 / 362880), c(1.0 / 40320));
    const __m512d a5 = _mm512_fmadd_pd(r, c(1.0 / 39916800), c(1.0 / 3628800));
    const __m512d b0 = _mm512_fmadd_pd(a1, r2, a0), b1 = _mm512_fmadd_pd(a3, r2, a2), b2 = _mm512_fmadd_pd(a5, r2, a4);
    const __m512d low = _mm512_fmadd_pd(b1, r4, b0), high = _mm512_fmadd_pd(c(1.0 / 479001600), r4, b2);
    const __m512d p = _mm512_fmadd_pd(high, r8, low);
    const __m512i exponent = _mm512_slli_epi64(_mm512_castpd_si512(_mm512_add_pd(n, c(0x1.8p52))), 52);
    return _mm512_castsi512_pd(_mm512_add_epi64(_mm512_castpd_si512(p), exponent));
}

inline __m512 expNonPositive(__m512 x) {
    const auto c = [](float v) { return _mm512_set1_ps(v); };
    const __m512 clamped = _mm512_max_ps(c(-86.0f), x);
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(clamped, c(1.44269504f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, c(0.693359375f), clamped);
    r = _mm512_fnmadd_ps(n, c(-2.12194440e-4f), r);
    const __m512 r2 = _mm512_mul_ps(r, r), r4 = _mm512_mul_ps(r2, r2);
    const __m512 a0 = _mm512_fmadd_ps(r, c(1.0f), c(1.0f)), a1 = _mm512_fmadd_ps(r, c(1.0f / 6), c(0.5f));
    const __m512 a2 = _mm512_fmadd_ps(r, c(1.0f / 120), c(1.0f / 24)), a3 = _mm512_fmadd_ps(r, c(1.0f / 5040), c(1.0f / 720));
    const __m512 b0 = _mm512_fmadd_ps(a1, r2, a0), b1 = _mm512_fmadd_ps(a3, r2, a2);
    const __m512 p = _mm512_fmadd_ps(b1, r4, b0);
    const __m512i exponent = _mm512_slli_epi32(_mm512_castps_si512(_mm512_add_ps(n, c(0x1.8p23f))), 23);
    return _mm512_castsi512_ps(_mm512_add_epi32(_mm512_castps_si512(p), exponent));
}
#endif
#else
template <typename Packet>
inline Packet expNonPositive(const Packet& x) {
    return ei::pexp(x);
}
#endif

} // namespace genrelab::simd
