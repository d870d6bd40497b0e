#include "models/LinearSoftmaxKernel.h"

#include "models/SimdExp.h"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

namespace genrelab {
namespace {

namespace ei = Eigen::internal;
constexpr Eigen::Index kClassTile = 4;    // classes per register tile
constexpr Eigen::Index kBlockRows = 128;  // logits of one block stay in L1 with its features
static_assert(kBlockRows % kKernelRowTile == 0, "blocks hold whole row tiles");

Eigen::Index paddedRows(Eigen::Index rows) { return (rows + kKernelRowTile - 1) / kKernelRowTile * kKernelRowTile; }

// One block of rows in Scalar arithmetic. Sums that span blocks (the log likelihood and the
// gradient) leave each block in double, so float only ever adds up one block's rows.
// At most 256 bits a packet: with AVX-512 Eigen's widest packet would hold 16 floats, more than a
// row tile's half, and SimdExp's exp is written for AVX2 registers. Eigen's half packet is then
// the AVX2 one, so the kernel computes the same numbers on AVX2 and AVX-512 machines.
template <typename Scalar>
using KernelPacket = std::conditional_t<(ei::unpacket_traits<typename ei::packet_traits<Scalar>::type>::size * sizeof(Scalar) > 32),
                                        typename ei::unpacket_traits<typename ei::packet_traits<Scalar>::type>::half,
                                        typename ei::packet_traits<Scalar>::type>;

template <typename Scalar>
struct Block {
    using Packet = KernelPacket<Scalar>;
    static constexpr Eigen::Index kLanes = ei::unpacket_traits<Packet>::size;
    static_assert(kKernelRowTile % (2 * kLanes) == 0, "a row tile is two packets or more");

    const Scalar* x;           // first row of the block in feature 0; feature d at x + d * stride
    Eigen::Index stride, features, classes, paddedClasses, rows;
    Scalar* logits;            // paddedClasses x kBlockRows

    static Packet load(const Scalar* p) { return ei::ploadu<Packet>(p); }
    static Packet splat(Scalar v) { return ei::pset1<Packet>(v); }
    static void addInto(double* lanes, const Packet& p) {
        alignas(64) Scalar values[kLanes];
        ei::pstoreu(values, p);
        for (Eigen::Index i = 0; i < kLanes; ++i) lanes[i] += static_cast<double>(values[i]);
    }
    static double sumLanes(const double* lanes) {
        double sum = 0.0;
        for (Eigen::Index i = 0; i < kLanes; ++i) sum += lanes[i];
        return sum;
    }

    // logits[c][r] = alpha[c] + sum_d x[d][r] beta[d][c]: two row packets by four classes of
    // accumulators in registers. beta is paddedClasses x features, classes fastest.
    void computeLogits(const Scalar* beta, const Scalar* alpha) const {
        for (Eigen::Index r = 0; r < rows; r += 2 * kLanes) {
            for (Eigen::Index c0 = 0; c0 < paddedClasses; c0 += kClassTile) {
                Packet acc[2][kClassTile];
                for (Eigen::Index j = 0; j < kClassTile; ++j) acc[0][j] = acc[1][j] = splat(alpha[c0 + j]);
                for (Eigen::Index d = 0; d < features; ++d) {
                    const Scalar* column = x + d * stride + r;
                    const Packet x0 = load(column), x1 = load(column + kLanes);
                    const Scalar* b = beta + d * paddedClasses + c0;
                    for (Eigen::Index j = 0; j < kClassTile; ++j) {
                        const Packet bj = splat(b[j]);
                        acc[0][j] = ei::pmadd(x0, bj, acc[0][j]);
                        acc[1][j] = ei::pmadd(x1, bj, acc[1][j]);
                    }
                }
                for (Eigen::Index j = 0; j < kClassTile; ++j) {
                    Scalar* out = logits + (c0 + j) * kBlockRows + r;
                    ei::pstoreu(out, acc[0][j]);
                    ei::pstoreu(out + kLanes, acc[1][j]);
                }
            }
        }
    }

    // Logits -> residuals onehot(y) - softmax; returns the block's log likelihood. Padding rows
    // (label -1) get zero residuals and add nothing. Three short passes rather than one: the
    // exps of the middle pass are independent of each other, so the CPU overlaps them.
    double softmaxResiduals(const Scalar* label, double* gradAlpha) const {
        const Packet zero = splat(0), one = splat(1);
        Packet total = zero;
        alignas(64) Scalar rowMax[kBlockRows];
        for (Eigen::Index r = 0; r < rows; r += kLanes) {
            const Packet y = load(label + r);
            Packet max = load(logits + r), picked = zero, classIndex = zero;
            for (Eigen::Index c = 0; c < classes; ++c, classIndex = ei::padd(classIndex, one)) {
                const Packet logit = load(logits + c * kBlockRows + r);
                max = ei::pmax(max, logit);
                picked = ei::pselect(ei::pcmp_eq(y, classIndex), logit, picked);
            }
            ei::pstoreu(rowMax + r, max);
            // log softmax at the label = (l_y - max) - log sum exp(l - max): exact where exp underflows.
            total = ei::padd(total, ei::pselect(ei::pcmp_le(zero, y), ei::psub(picked, max), zero));
        }
        for (Eigen::Index c = 0; c < classes; ++c) {
            Scalar* l = logits + c * kBlockRows;
            for (Eigen::Index r = 0; r < rows; r += kLanes)
                ei::pstoreu(l + r, simd::expNonPositive(ei::psub(load(l + r), load(rowMax + r))));
        }
        Packet alphaSums[64];  // classes beyond 64 flush per row packet instead
        const bool keepSums = classes <= 64;
        for (Eigen::Index c = 0; keepSums && c < classes; ++c) alphaSums[c] = zero;
        for (Eigen::Index r = 0; r < rows; r += kLanes) {
            const Packet y = load(label + r);
            Packet sum = zero;
            for (Eigen::Index c = 0; c < classes; ++c) sum = ei::padd(sum, load(logits + c * kBlockRows + r));
            const Packet valid = ei::pcmp_le(zero, y);
            total = ei::psub(total, ei::pselect(valid, ei::plog(sum), zero));
            const Packet minusInverse = ei::pselect(valid, ei::pdiv(splat(-1), sum), zero);
            Packet classIndex = zero;
            for (Eigen::Index c = 0; c < classes; ++c, classIndex = ei::padd(classIndex, one)) {
                Scalar* l = logits + c * kBlockRows + r;
                const Packet hit = ei::pselect(ei::pcmp_eq(y, classIndex), one, zero);
                const Packet residual = ei::pmadd(load(l), minusInverse, hit);
                ei::pstoreu(l, residual);
                if (keepSums) alphaSums[c] = ei::padd(alphaSums[c], residual);
                else addInto(gradAlpha + c * kLanes, residual);
            }
            for (Eigen::Index c = classes; c < paddedClasses; ++c) ei::pstoreu(logits + c * kBlockRows + r, zero);
        }
        for (Eigen::Index c = 0; keepSums && c < classes; ++c) addInto(gradAlpha + c * kLanes, alphaSums[c]);
        double lanes[kLanes] = {};
        addInto(lanes, total);
        return sumLanes(lanes);
    }

    // The block's log likelihood from each row's l_y - max and sum exp(l - max) (rowTerms),
    // added up in softmaxResiduals' order: its value to the last bit.
    double logLikelihood(const Scalar* label, const Scalar* shifted, const Scalar* sums) const {
        const Packet zero = splat(0);
        Packet total = zero;
        for (Eigen::Index r = 0; r < rows; r += kLanes)
            total = ei::padd(total, ei::pselect(ei::pcmp_le(zero, load(label + r)), load(shifted + r), zero));
        for (Eigen::Index r = 0; r < rows; r += kLanes)
            total = ei::psub(total, ei::pselect(ei::pcmp_le(zero, load(label + r)), ei::plog(load(sums + r)), zero));
        double lanes[kLanes] = {};
        addInto(lanes, total);
        return sumLanes(lanes);
    }

    // gradBeta[d][c] += sum_r x[d][r] residual[c][r] for features d0, d0 + 1 and four classes:
    // eight packet accumulators, named so the compiler keeps them in registers (as an array
    // GCC spilled them every iteration), added to the per-lane double sums after the block.
    void gradientTile(Eigen::Index d0, bool twoFeatures, Eigen::Index c0, double* gradBeta) const {
        Packet a00 = splat(0), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        const Scalar* r0 = logits + c0 * kBlockRows;
        const Scalar* x0 = x + d0 * stride;
        const Scalar* x1 = twoFeatures ? x0 + stride : x0;  // one feature: the same column twice, counted once
        for (Eigen::Index r = 0; r < rows; r += kLanes) {
            const Packet e0 = load(r0 + r), e1 = load(r0 + kBlockRows + r), e2 = load(r0 + 2 * kBlockRows + r),
                         e3 = load(r0 + 3 * kBlockRows + r);
            const Packet f0 = load(x0 + r), f1 = load(x1 + r);
            a00 = ei::pmadd(f0, e0, a00), a01 = ei::pmadd(f0, e1, a01), a02 = ei::pmadd(f0, e2, a02), a03 = ei::pmadd(f0, e3, a03);
            a10 = ei::pmadd(f1, e0, a10), a11 = ei::pmadd(f1, e1, a11), a12 = ei::pmadd(f1, e2, a12), a13 = ei::pmadd(f1, e3, a13);
        }
        double* g0 = gradBeta + (d0 * paddedClasses + c0) * kLanes;
        addInto(g0, a00), addInto(g0 + kLanes, a01), addInto(g0 + 2 * kLanes, a02), addInto(g0 + 3 * kLanes, a03);
        if (!twoFeatures) return;
        double* g1 = g0 + paddedClasses * kLanes;
        addInto(g1, a10), addInto(g1 + kLanes, a11), addInto(g1 + 2 * kLanes, a12), addInto(g1 + 3 * kLanes, a13);
    }

    void gradient(double* gradBeta) const {
        for (Eigen::Index c0 = 0; c0 < paddedClasses; c0 += kClassTile) {
            for (Eigen::Index d0 = 0; d0 < features; d0 += 2) gradientTile(d0, d0 + 1 < features, c0, gradBeta);
        }
    }
};

template <typename Scalar>
double evaluateIn(const Eigen::Matrix<Scalar, -1, -1>& x, const Eigen::Matrix<Scalar, -1, 1>& label,
                  const Eigen::Ref<const Eigen::MatrixXd>& beta, const Eigen::Ref<const Eigen::VectorXd>& alpha,
                  Eigen::Ref<Eigen::MatrixXd> gradBeta, Eigen::Ref<Eigen::VectorXd> gradAlpha,
                  KernelWorkspace<Scalar>& work, Eigen::Index realRows, const Eigen::MatrixXd* logitOffsets,
                  Eigen::MatrixXd* residuals) {
    using B = Block<Scalar>;
    const Eigen::Index features = beta.rows(), classes = beta.cols();
    const Eigen::Index paddedClasses = (classes + kClassTile - 1) / kClassTile * kClassTile;
    work.beta.setZero(paddedClasses, features);
    work.beta.topRows(classes) = beta.transpose().template cast<Scalar>();
    work.alpha.setZero(paddedClasses);
    work.alpha.head(classes) = alpha.template cast<Scalar>();
    work.logits.resize(paddedClasses * kBlockRows);
    work.gradBeta.assign(static_cast<std::size_t>(features * paddedClasses * B::kLanes), 0.0);
    work.gradAlpha.assign(static_cast<std::size_t>(paddedClasses * B::kLanes), 0.0);

    const Eigen::Index stride = x.rows();
    double total = 0.0;
    for (Eigen::Index start = 0; start < stride; start += kBlockRows) {
        const B block{x.data() + start, stride, features, classes, paddedClasses, std::min(kBlockRows, stride - start),
                      work.logits.data()};
        block.computeLogits(work.beta.data(), work.alpha.data());
        // Offsets and residuals of the real rows only; the padding keeps label -1 and adds nothing.
        const Eigen::Index blockReal = std::max<Eigen::Index>(0, std::min(block.rows, realRows - start));
        if (logitOffsets)
            for (Eigen::Index c = 0; c < classes; ++c) {
                Scalar* l = work.logits.data() + c * kBlockRows;
                for (Eigen::Index r = 0; r < blockReal; ++r) l[r] += static_cast<Scalar>((*logitOffsets)(c, start + r));
            }
        total += block.softmaxResiduals(label.data() + start, work.gradAlpha.data());
        if (residuals)
            for (Eigen::Index r = 0; r < blockReal; ++r)
                for (Eigen::Index c = 0; c < classes; ++c)
                    (*residuals)(c, start + r) = static_cast<double>(work.logits[static_cast<std::size_t>(c * kBlockRows + r)]);
        block.gradient(work.gradBeta.data());
    }
    for (Eigen::Index c = 0; c < classes; ++c) {
        gradAlpha[c] = B::sumLanes(work.gradAlpha.data() + c * B::kLanes);
        for (Eigen::Index d = 0; d < features; ++d)
            gradBeta(d, c) = B::sumLanes(work.gradBeta.data() + (d * paddedClasses + c) * B::kLanes);
    }
    return total;
}

// The widest packet the CPU has (AVX-512's where there is one), for logLikelihoods' per-row work.
template <typename Scalar>
using WidePacket = typename ei::packet_traits<Scalar>::type;

// One coefficient set over one block: each row's logits (into the block's buffer), their max m,
// l_y - m into shifted and sum exp(l - m) into sums. Every operation acts on one lane alone, so
// each row's numbers are the same whatever the packet's width: an AVX-512 machine computes
// what an AVX2 one does, twice as fast, and the sums across rows (Block::logLikelihood) keep the
// kernel's own packets.
template <typename Scalar>
void rowTerms(const Block<Scalar>& block, const Scalar* beta, const Scalar* alpha, const Scalar* label, Scalar* shifted,
              Scalar* sums) {
    using P = WidePacket<Scalar>;
    constexpr Eigen::Index kWide = ei::unpacket_traits<P>::size;
    static_assert(kKernelRowTile % kWide == 0, "a row tile is whole wide packets");
    const P zero = ei::pset1<P>(0), one = ei::pset1<P>(1);
    for (Eigen::Index r = 0; r < block.rows; r += kWide) {
        for (Eigen::Index c0 = 0; c0 < block.paddedClasses; c0 += kClassTile) {
            P a0 = ei::pset1<P>(alpha[c0]), a1 = ei::pset1<P>(alpha[c0 + 1]), a2 = ei::pset1<P>(alpha[c0 + 2]),
              a3 = ei::pset1<P>(alpha[c0 + 3]);
            for (Eigen::Index d = 0; d < block.features; ++d) {
                const P xd = ei::ploadu<P>(block.x + d * block.stride + r);
                const Scalar* b = beta + d * block.paddedClasses + c0;
                a0 = ei::pmadd(xd, ei::pset1<P>(b[0]), a0), a1 = ei::pmadd(xd, ei::pset1<P>(b[1]), a1);
                a2 = ei::pmadd(xd, ei::pset1<P>(b[2]), a2), a3 = ei::pmadd(xd, ei::pset1<P>(b[3]), a3);
            }
            Scalar* out = block.logits + c0 * kBlockRows + r;
            ei::pstoreu(out, a0), ei::pstoreu(out + kBlockRows, a1), ei::pstoreu(out + 2 * kBlockRows, a2),
                ei::pstoreu(out + 3 * kBlockRows, a3);
        }
        const P y = ei::ploadu<P>(label + r);
        P max = ei::ploadu<P>(block.logits + r), picked = zero, classIndex = zero;
        for (Eigen::Index c = 0; c < block.classes; ++c, classIndex = ei::padd(classIndex, one)) {
            const P logit = ei::ploadu<P>(block.logits + c * kBlockRows + r);
            max = ei::pmax(max, logit);
            picked = ei::pselect(ei::pcmp_eq(y, classIndex), logit, picked);
        }
        P sum = zero;
        for (Eigen::Index c = 0; c < block.classes; ++c)
            sum = ei::padd(sum, simd::expNonPositive(ei::psub(ei::ploadu<P>(block.logits + c * kBlockRows + r), max)));
        ei::pstoreu(shifted + r, ei::psub(picked, max));
        ei::pstoreu(sums + r, sum);
    }
}

template <typename Scalar>
void logLikelihoodsIn(const Eigen::Matrix<Scalar, -1, -1>& x, const Eigen::Matrix<Scalar, -1, 1>& label,
                      const Eigen::Ref<const Eigen::MatrixXd>& betas, const Eigen::Ref<const Eigen::MatrixXd>& alphas,
                      Eigen::Ref<Eigen::VectorXd> out, KernelWorkspace<Scalar>& work) {
    using B = Block<Scalar>;
    const Eigen::Index features = betas.rows(), classes = alphas.rows(), sets = alphas.cols();
    const Eigen::Index paddedClasses = (classes + kClassTile - 1) / kClassTile * kClassTile;
    // Set j's beta at columns j * features of work.beta, its alpha at j * paddedClasses of work.alpha.
    work.beta.setZero(paddedClasses, features * sets);
    work.alpha.setZero(paddedClasses * sets);
    for (Eigen::Index j = 0; j < sets; ++j) {
        work.beta.block(0, j * features, classes, features) = betas.middleCols(j * classes, classes).transpose().template cast<Scalar>();
        work.alpha.segment(j * paddedClasses, classes) = alphas.col(j).template cast<Scalar>();
    }
    // The logits, then each row's two terms after them.
    work.logits.resize((paddedClasses + 2) * kBlockRows);
    Scalar* shifted = work.logits.data() + paddedClasses * kBlockRows;
    Scalar* sums = shifted + kBlockRows;
    out.setZero();
    const Eigen::Index stride = x.rows();
    for (Eigen::Index start = 0; start < stride; start += kBlockRows) {
        const B block{x.data() + start, stride, features, classes, paddedClasses, std::min(kBlockRows, stride - start),
                      work.logits.data()};
        for (Eigen::Index j = 0; j < sets; ++j) {
            rowTerms(block, work.beta.data() + j * features * paddedClasses, work.alpha.data() + j * paddedClasses,
                     label.data() + start, shifted, sums);
            out[j] += block.logLikelihood(label.data() + start, shifted, sums);
        }
    }
}

} // namespace

std::string_view kernelPrecisionName(KernelPrecision precision) {
    return precision == KernelPrecision::Float ? "float" : "double";
}

KernelRows makeKernelRows(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXi>& y) {
    KernelRows out;
    out.rows = x.rows();
    const Eigen::Index padded = paddedRows(out.rows);
    out.x = Eigen::MatrixXd::Zero(padded, x.cols());
    out.x.topRows(out.rows) = x;
    out.label = Eigen::VectorXd::Constant(padded, -1.0);
    out.label.head(out.rows) = y.cast<double>();
    out.xf = out.x.cast<float>();
    out.labelf = out.label.cast<float>();
    return out;
}

void gatherKernelRows(const RowMajorRows& from, const std::vector<Eigen::Index>& rows, KernelRows& into,
                      KernelPrecision precision) {
    const auto n = static_cast<Eigen::Index>(rows.size());
    const Eigen::Index padded = paddedRows(n);
    const Eigen::Index features = from.xt.rows();
    // Rows this far ahead are asked for early: the reads of a batch are random over the whole
    // table, and overlapping their cache misses is what keeps a gather's time flat in the rows.
    constexpr Eigen::Index kPrefetchAhead = 16;
    const auto gather = [&](const auto& source, auto& targetX, auto& targetLabel, auto zero) {
        using Scalar = decltype(zero);
        targetX.resize(padded, features);
        targetLabel.resize(padded);
        const Scalar* base = source.data();
        const std::size_t rowBytes = static_cast<std::size_t>(features) * sizeof(Scalar);
        for (Eigen::Index i = 0; i < n; ++i) {
            if (i + kPrefetchAhead < n) {
                const Eigen::Index ahead = rows[static_cast<std::size_t>(i + kPrefetchAhead)];
                const char* row = reinterpret_cast<const char*>(base + ahead * features);
                for (std::size_t byte = 0; byte < rowBytes; byte += 64) __builtin_prefetch(row + byte);
                __builtin_prefetch(row + rowBytes - 1);
                __builtin_prefetch(from.y.data() + ahead);
            }
            const Eigen::Index r = rows[static_cast<std::size_t>(i)];
            const Scalar* row = base + r * features;
            for (Eigen::Index d = 0; d < features; ++d) targetX(i, d) = row[d];
            targetLabel[i] = static_cast<Scalar>(from.y[r]);
        }
        for (Eigen::Index d = 0; d < features; ++d)
            for (Eigen::Index i = n; i < padded; ++i) targetX(i, d) = zero;
        for (Eigen::Index i = n; i < padded; ++i) targetLabel[i] = static_cast<Scalar>(-1);
    };
    into.rows = n;
    if (precision == KernelPrecision::Double) gather(from.xt, into.x, into.label, 0.0);
    else gather(from.xtf, into.xf, into.labelf, 0.0f);
}

double LinearSoftmaxKernel::evaluate(const KernelRows& rows, const Eigen::Ref<const Eigen::MatrixXd>& beta,
                                     const Eigen::Ref<const Eigen::VectorXd>& alpha, Eigen::Ref<Eigen::MatrixXd> gradBeta,
                                     Eigen::Ref<Eigen::VectorXd> gradAlpha, KernelPrecision precision,
                                     const Eigen::MatrixXd* logitOffsets, Eigen::MatrixXd* residuals) {
    const Eigen::Index classes = beta.cols();
    if (logitOffsets && (logitOffsets->rows() != classes || logitOffsets->cols() != rows.rows))
        throw std::invalid_argument("the logit offsets must be classes x rows");
    if (residuals) residuals->resize(classes, rows.rows);
    if (precision == KernelPrecision::Float)
        return evaluateIn(rows.xf, rows.labelf, beta, alpha, gradBeta, gradAlpha, float_, rows.rows, logitOffsets, residuals);
    return evaluateIn(rows.x, rows.label, beta, alpha, gradBeta, gradAlpha, double_, rows.rows, logitOffsets, residuals);
}

void LinearSoftmaxKernel::logLikelihoods(const KernelRows& rows, const Eigen::Ref<const Eigen::MatrixXd>& betas,
                                         const Eigen::Ref<const Eigen::MatrixXd>& alphas, Eigen::Ref<Eigen::VectorXd> out,
                                         KernelPrecision precision) {
    if (betas.cols() != alphas.rows() * alphas.cols() || out.size() != alphas.cols())
        throw std::invalid_argument("logLikelihoods: betas must be features x (sets * classes), alphas classes x sets, out one per set");
    if (precision == KernelPrecision::Float) logLikelihoodsIn(rows.xf, rows.labelf, betas, alphas, out, float_);
    else logLikelihoodsIn(rows.x, rows.label, betas, alphas, out, double_);
}

} // namespace genrelab
