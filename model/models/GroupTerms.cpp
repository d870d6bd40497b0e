#include "models/GroupTerms.h"

#include "models/LabelShares.h"
#include "prob/Distributions.h"
#include "prob/Samplers.h"
#include "util/Rng.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

namespace genrelab {
namespace {

void checkPositive(double value, const char* name) {
    if (!(value > 0.0) || !std::isfinite(value)) throw std::invalid_argument(std::string(name) + " must be a positive finite number");
}

Eigen::Index rowAt(const std::vector<Eigen::Index>* rows, Eigen::Index i) {
    return rows ? (*rows)[static_cast<std::size_t>(i)] : i;
}

// log HalfCauchy(exp(l) | scale) + l (the Jacobian of the log scale) and its derivative in l.
prob::Lp logScalePrior(double logValue, double scale) {
    const double value = std::exp(logValue);
    const auto h = prob::halfCauchy(value, scale);
    return {h.value + logValue, h.dx * value + 1.0};
}

// y += a x over one artist's or token's classes: a handful of values, too few for Eigen's
// dynamic-size expression setup to pay off, once per CSR entry.
inline void axpy(Eigen::Index n, double a, const double* x, double* y) {
    for (Eigen::Index c = 0; c < n; ++c) y[c] += a * x[c];
}
inline double dot(Eigen::Index n, const double* x, const double* y) {
    double sum = 0.0;
    for (Eigen::Index c = 0; c < n; ++c) sum += x[c] * y[c];
    return sum;
}

} // namespace

GroupTerms::GroupTerms(const ModelTerms& terms, std::shared_ptr<const ModelData> data) : terms_(terms), data_(std::move(data)) {
    checkPositive(terms_.tauArtist, "tau-artist");
    checkPositive(terms_.tauTitle, "tau-title");
    checkPositive(terms_.titleSlab, "the title slab scale");
    checkPositive(terms_.copyScale, "copy-scale");
    classes_ = data_->classes;
    const ModelGroups& groups = data_->groups;
    if (terms_.artistEffects) {
        if (groups.artists.rows() == 0 || groups.artistNames.empty())
            throw std::invalid_argument("artist effects need an artist column (--artist-column) with artists in the training rows");
        artists_ = static_cast<Eigen::Index>(groups.artistNames.size());
    }
    if (terms_.titleTokens) {
        if (groups.tokens.rows() == 0 || groups.tokenNames.empty())
            throw std::invalid_argument("title tokens need a title column (--title-column) whose training titles share tokens");
        tokens_ = static_cast<Eigen::Index>(groups.tokenNames.size());
    }
    if (terms_.songCopies && groups.songCopies.rows() == 0)
        throw std::invalid_argument("song copies need an artist column (--artist-column) and a title column (--title-column)");
    if (terms_.artistSongs && groups.artistSongs.rows() == 0)
        throw std::invalid_argument("artist songs need an artist column (--artist-column)");
    const auto countRows = [](const SparseRows& rows, Eigen::Index ids, std::vector<int>& count, std::vector<std::int32_t>& unseen) {
        count.assign(static_cast<std::size_t>(ids), 0);
        for (std::size_t r = 0; r < rows.rows(); ++r)
            for (std::int32_t id : rows.idsOf(r)) ++count[static_cast<std::size_t>(id)];
        for (std::size_t id = 0; id < count.size(); ++id)
            if (count[id] == 0) unseen.push_back(static_cast<std::int32_t>(id));
    };
    if (terms_.artistEffects) countRows(groups.artists, artists_, artistRows_, unseenArtists_);
    if (terms_.titleTokens) countRows(groups.tokens, tokens_, tokenRows_, unseenTokens_);
    // The training rows' class shares, dense once: the full-batch path reads them every step.
    if (terms_.songCopies) denseShares(groups.songCopies, nullptr, static_cast<Eigen::Index>(groups.songCopies.rows()), classes_, trainingCopyShares_);
    if (terms_.artistSongs)
        denseShares(groups.artistSongs, nullptr, static_cast<Eigen::Index>(groups.artistSongs.rows()), classes_, trainingArtistSongShares_);
    artistShareWork_.assign(artistRows_.size(), 0.0);
    tokenShareWork_.assign(tokenRows_.size(), 0.0);
    artistSeen_.assign((artistRows_.size() + 63) / 64, 0);
    tokenSeen_.assign((tokenRows_.size() + 63) / 64, 0);
}

void GroupTerms::addParameters(ParameterLayout& layout) {
    const auto& groups = data_->groups;
    if (terms_.artistEffects) {
        offArtistZ_ = layout.add("artist_z", classes_, artists_, Constraint::Real, data_->classNames, groups.artistNames);
        offArtistSigma_ = layout.add("sigma_artist", classes_, 1, Constraint::Positive, data_->classNames);
    }
    if (terms_.titleTokens) {
        offTokenZ_ = layout.add("token_z", classes_, tokens_, Constraint::Real, data_->classNames, groups.tokenNames);
        offTokenLocal_ = layout.add("token_local", tokens_, 1, Constraint::Positive, groups.tokenNames);
        offTitleGlobal_ = layout.add("title_global", 1, 1, Constraint::Positive);
    }
    if (terms_.songCopies) offCopy_ = layout.add("copy_weight", classes_, classes_, Constraint::Real, data_->classNames, data_->classNames);
    if (terms_.artistSongs)
        offArtistSongs_ = layout.add("artist_song_weight", classes_, classes_, Constraint::Real, data_->classNames, data_->classNames);
}

GroupTerms::ShareBlocks GroupTerms::shareBlocks() const {
    ShareBlocks blocks;
    if (terms_.songCopies) blocks.items[blocks.count++] = {offCopy_, &data_->groups.songCopies, &trainingCopyShares_};
    if (terms_.artistSongs) blocks.items[blocks.count++] = {offArtistSongs_, &data_->groups.artistSongs, &trainingArtistSongShares_};
    return blocks;
}

const Eigen::MatrixXd* GroupTerms::trainingShares(const SparseRows& shares) const {
    for (const ShareBlock& block : shareBlocks())
        if (block.rows == &shares) return block.dense;
    return nullptr;
}

void GroupTerms::addOutputs(ParameterLayout& layout) const {
    if (terms_.artistEffects) layout.add("sigma_artist", classes_, 1, Constraint::Real, data_->classNames);
    if (terms_.titleTokens) layout.add("title_global", 1, 1, Constraint::Real);
    if (terms_.songCopies) layout.add("copy_weight", classes_, classes_, Constraint::Real, data_->classNames, data_->classNames);
    if (terms_.artistSongs) layout.add("artist_song_weight", classes_, classes_, Constraint::Real, data_->classNames, data_->classNames);
}

Eigen::Index GroupTerms::outputSize() const {
    return (terms_.artistEffects ? classes_ : 0) + (terms_.titleTokens ? 1 : 0) + (terms_.songCopies ? classes_ * classes_ : 0) +
           (terms_.artistSongs ? classes_ * classes_ : 0);
}

void GroupTerms::outputs(const Eigen::VectorXd& theta, Eigen::Ref<Eigen::VectorXd> out) const {
    Eigen::Index k = 0;
    if (terms_.artistEffects) {
        out.segment(k, classes_) = theta.segment(offArtistSigma_, classes_).array().exp();
        k += classes_;
    }
    if (terms_.titleTokens) out[k++] = std::exp(theta[offTitleGlobal_]);
    for (const ShareBlock& block : shareBlocks()) {
        out.segment(k, classes_ * classes_) = theta.segment(block.offset, classes_ * classes_);
        k += classes_ * classes_;
    }
}

void GroupTerms::addOutputCoordinates(std::vector<Eigen::Index>& coordinates) const {
    const auto addRange = [&](Eigen::Index offset, Eigen::Index size) {
        for (Eigen::Index i = 0; i < size; ++i) coordinates.push_back(offset + i);
    };
    if (terms_.artistEffects) addRange(offArtistSigma_, classes_);
    if (terms_.titleTokens) addRange(offTitleGlobal_, 1);
    for (const ShareBlock& block : shareBlocks()) addRange(block.offset, classes_ * classes_);
}

Eigen::ArrayXd GroupTerms::artistScales(const Eigen::VectorXd& theta) const {
    if (!terms_.artistEffects) return {};
    return theta.segment(offArtistSigma_, classes_).array().exp();
}

void GroupTerms::tokenScale(const Eigen::VectorXd& theta, Eigen::Index t, double& scale, double& dScale) const {
    const double c2 = terms_.titleSlab * terms_.titleSlab;
    const double u = std::exp(theta[offTitleGlobal_] + theta[offTokenLocal_ + t]);
    const double u2 = u * u;
    // c u / sqrt(c^2 + u^2), written to stay finite for u beyond 1e150.
    scale = u2 < 1e300 ? terms_.titleSlab * u / std::sqrt(c2 + u2) : terms_.titleSlab;
    dScale = u2 < 1e300 ? scale * c2 / (c2 + u2) : 0.0;
}

const Eigen::VectorXd& GroupTerms::prepareTokenScales(const Eigen::VectorXd& theta, const BatchShares* shares) const {
    if (!terms_.titleTokens) return tokenScale_;
    tokenScale_.resize(tokens_);
    tokenScaleDeriv_.resize(tokens_);
    tokenScaleGrad_.setZero(tokens_);
    if (shares)
        for (std::int32_t t : shares->tokens) tokenScale(theta, t, tokenScale_[t], tokenScaleDeriv_[t]);
    else
        for (Eigen::Index t = 0; t < tokens_; ++t) tokenScale(theta, t, tokenScale_[t], tokenScaleDeriv_[t]);
    return tokenScale_;
}

void GroupTerms::offsets(const Eigen::VectorXd& theta, const SparseRows& artists, const SparseRows& tokens,
                         const SparseRows& songCopies, const SparseRows& artistSongs, const std::vector<Eigen::Index>* rows, Eigen::Index count, Eigen::MatrixXd& out,
                         const Eigen::VectorXd* tokenScale) const {
    out.setZero(classes_, count);
    if (terms_.artistEffects && artists.rows() > 0) {
        const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offArtistZ_, classes_, artists_);
        const Eigen::ArrayXd sigma = theta.segment(offArtistSigma_, classes_).array().exp();
        for (Eigen::Index i = 0; i < count; ++i) {
            const auto r = static_cast<std::size_t>(rowAt(rows, i));
            const auto ids = artists.idsOf(r);
            const auto weights = artists.valuesOf(r);
            for (std::size_t k = 0; k < ids.size(); ++k) axpy(classes_, weights[k], z.col(ids[k]).data(), out.col(i).data());
            out.col(i).array() *= sigma;
        }
    }
    if (terms_.titleTokens && tokens.rows() > 0) {
        const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offTokenZ_, classes_, tokens_);
        Eigen::VectorXd local;
        if (!tokenScale) {
            local.resize(tokens_);
            double unused;
            for (Eigen::Index t = 0; t < tokens_; ++t) this->tokenScale(theta, t, local[t], unused);
        }
        const Eigen::VectorXd& scale = tokenScale ? *tokenScale : local;
        for (Eigen::Index i = 0; i < count; ++i) {
            const auto r = static_cast<std::size_t>(rowAt(rows, i));
            const auto ids = tokens.idsOf(r);
            const auto values = tokens.valuesOf(r);
            for (std::size_t k = 0; k < ids.size(); ++k)
                axpy(classes_, values[k] * scale[ids[k]], z.col(ids[k]).data(), out.col(i).data());
        }
    }
    const auto addShares = [&](bool on, Eigen::Index offset, const SparseRows& shares) {
        if (!on || shares.rows() == 0) return;
        const Eigen::Map<const Eigen::MatrixXd> v(theta.data() + offset, classes_, classes_);
        addShareOffsets(v, shares, rows ? nullptr : trainingShares(shares), rows, count, out);
    };
    addShares(terms_.songCopies, offCopy_, songCopies);
    addShares(terms_.artistSongs, offArtistSongs_, artistSongs);
}

double GroupTerms::standardNormal(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, Eigen::Index offset, Eigen::Index size,
                                  double share) {
    const auto z = theta.segment(offset, size);
    grad.segment(offset, size) -= share * z;
    return share * (-0.5 * z.squaredNorm() - static_cast<double>(size) * prob::kHalfLog2Pi);
}

double GroupTerms::tokenLocalPrior(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, Eigen::Index t, double share) const {
    const auto p = logScalePrior(theta[offTokenLocal_ + t], 1.0);
    grad[offTokenLocal_ + t] += share * p.dx;
    return share * p.value;
}

void GroupTerms::batchShares(const std::vector<Eigen::Index>& rows, double scale, BatchShares& out) const {
    out.artists.clear();
    out.tokens.clear();
    out.artistShare.clear();
    out.tokenShare.clear();
    // Ids in ascending order, read off a bitmap: the batch's coordinates then come in memory order
    // (long runs for sparse SVI) without sorting, at a cost of one bit per id.
    const auto collect = [&](const SparseRows& sparse, const std::vector<int>& counts, std::vector<double>& work,
                             std::vector<std::uint64_t>& seen, std::vector<std::int32_t>& ids, std::vector<double>& shares) {
        for (Eigen::Index r : rows)
            for (std::int32_t id : sparse.idsOf(static_cast<std::size_t>(r))) {
                const auto i = static_cast<std::size_t>(id);
                seen[i >> 6] |= std::uint64_t{1} << (i & 63);
                work[i] += scale / counts[i];
            }
        for (std::size_t word = 0; word < seen.size(); ++word)
            for (std::uint64_t bits = seen[word]; bits != 0; bits &= bits - 1) {
                const std::size_t i = (word << 6) + static_cast<std::size_t>(std::countr_zero(bits));
                ids.push_back(static_cast<std::int32_t>(i));
                shares.push_back(work[i]);
                work[i] = 0.0;
            }
        std::fill(seen.begin(), seen.end(), std::uint64_t{0});
    };
    if (terms_.artistEffects) collect(data_->groups.artists, artistRows_, artistShareWork_, artistSeen_, out.artists, out.artistShare);
    if (terms_.titleTokens) collect(data_->groups.tokens, tokenRows_, tokenShareWork_, tokenSeen_, out.tokens, out.tokenShare);
}

void GroupTerms::batchCoordinates(const BatchShares& shares, std::vector<Eigen::Index>& coordinates, std::vector<double>& weights) const {
    // In ascending order (the layout's: artist_z, sigma_artist, token_z, token_local,
    // title_global; ids ascending within each), so that consecutive coordinates form long runs.
    const auto addRange = [&](Eigen::Index offset, Eigen::Index size, double share) {
        for (Eigen::Index i = 0; i < size; ++i) {
            coordinates.push_back(offset + i);
            weights.push_back(share);
        }
    };
    // The batch's ids merged with those every batch holds whole (share 1), both ascending.
    const auto forEachId = [](const std::vector<std::int32_t>& whole, const std::vector<std::int32_t>& ids,
                              const std::vector<double>& idShares, const auto& add) {
        std::size_t u = 0;
        for (std::size_t k = 0; k < ids.size(); ++k) {
            for (; u < whole.size() && whole[u] < ids[k]; ++u) add(whole[u], 1.0);
            add(ids[k], idShares[k]);
        }
        for (; u < whole.size(); ++u) add(whole[u], 1.0);
    };
    if (terms_.artistEffects) {
        forEachId(unseenArtists_, shares.artists, shares.artistShare,
                  [&](Eigen::Index a, double share) { addRange(offArtistZ_ + a * classes_, classes_, share); });
        addRange(offArtistSigma_, classes_, 1.0);
    }
    if (terms_.titleTokens) {
        forEachId(unseenTokens_, shares.tokens, shares.tokenShare,
                  [&](Eigen::Index t, double share) { addRange(offTokenZ_ + t * classes_, classes_, share); });
        forEachId(unseenTokens_, shares.tokens, shares.tokenShare, [&](Eigen::Index t, double share) { addRange(offTokenLocal_ + t, 1, share); });
        addRange(offTitleGlobal_, 1, 1.0);
    }
    for (const ShareBlock& block : shareBlocks()) addRange(block.offset, classes_ * classes_, 1.0);  // a few global weights, every batch whole
}

double GroupTerms::logPrior(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const BatchShares* shares) const {
    double lp = 0.0;
    if (terms_.artistEffects) {
        if (!shares) {
            lp += standardNormal(theta, grad, offArtistZ_, classes_ * artists_, 1.0);
        } else {
            for (std::int32_t a : unseenArtists_) lp += standardNormal(theta, grad, offArtistZ_ + a * classes_, classes_, 1.0);
            for (std::size_t k = 0; k < shares->artists.size(); ++k)
                lp += standardNormal(theta, grad, offArtistZ_ + shares->artists[k] * classes_, classes_, shares->artistShare[k]);
        }
        for (Eigen::Index c = 0; c < classes_; ++c) {
            const auto p = logScalePrior(theta[offArtistSigma_ + c], terms_.tauArtist);
            lp += p.value;
            grad[offArtistSigma_ + c] += p.dx;
        }
    }
    if (terms_.titleTokens) {
        if (!shares) {
            lp += standardNormal(theta, grad, offTokenZ_, classes_ * tokens_, 1.0);
            for (Eigen::Index t = 0; t < tokens_; ++t) lp += tokenLocalPrior(theta, grad, t, 1.0);
        } else {
            for (std::int32_t t : unseenTokens_) {
                lp += standardNormal(theta, grad, offTokenZ_ + t * classes_, classes_, 1.0);
                lp += tokenLocalPrior(theta, grad, t, 1.0);
            }
            for (std::size_t k = 0; k < shares->tokens.size(); ++k) {
                const Eigen::Index t = shares->tokens[k];
                lp += standardNormal(theta, grad, offTokenZ_ + t * classes_, classes_, shares->tokenShare[k]);
                lp += tokenLocalPrior(theta, grad, t, shares->tokenShare[k]);
            }
        }
        const auto p = logScalePrior(theta[offTitleGlobal_], terms_.tauTitle);
        lp += p.value;
        grad[offTitleGlobal_] += p.dx;
    }
    lp += copyPrior(theta, &grad);
    return lp;
}

double GroupTerms::copyPrior(const Eigen::VectorXd& theta, Eigen::VectorXd* grad) const {
    const double s = terms_.copyScale;
    const Eigen::Index n = classes_ * classes_;
    double lp = 0.0;
    for (const ShareBlock& block : shareBlocks()) {
        const auto v = theta.segment(block.offset, n);
        if (grad) grad->segment(block.offset, n) -= v / (s * s);
        lp += -0.5 * v.squaredNorm() / (s * s) - static_cast<double>(n) * (std::log(s) + prob::kHalfLog2Pi);
    }
    return lp;
}

double GroupTerms::sumLogTokenScales(const Eigen::VectorXd& theta) const {
    double logScales = 0.0, unused = 0.0;
    for (Eigen::Index t = 0; t < tokens_; ++t) {
        double scale = 0.0;
        tokenScale(theta, t, scale, unused);
        logScales += std::log(scale);
    }
    return logScales;
}

void GroupTerms::addLogPriorParts(const Eigen::VectorXd& theta, LogPriorParts& parts) const {
    const auto standardNormalSum = [&](Eigen::Index offset, Eigen::Index size) {
        return -0.5 * theta.segment(offset, size).squaredNorm() - static_cast<double>(size) * prob::kHalfLog2Pi;
    };
    if (terms_.artistEffects) {
        // Normal(gamma | 0, sigma_c) = Normal(z | 0, 1) - log sigma_c per artist; the Jacobian
        // of z -> gamma gives it back, and log sigma_c once more for sigma_c = exp(log sigma_c).
        const auto logSigma = theta.segment(offArtistSigma_, classes_);
        const double perArtist = static_cast<double>(artists_) * logSigma.sum();
        parts.artist += standardNormalSum(offArtistZ_, classes_ * artists_) - perArtist;
        for (Eigen::Index c = 0; c < classes_; ++c) parts.artist += prob::halfCauchy(std::exp(logSigma[c]), terms_.tauArtist).value;
        parts.jacobian += perArtist + logSigma.sum();
    }
    if (terms_.titleTokens) {
        const double perToken = static_cast<double>(classes_) * sumLogTokenScales(theta);
        parts.rest += standardNormalSum(offTokenZ_, classes_ * tokens_) - perToken;
        const auto logLocal = theta.segment(offTokenLocal_, tokens_);
        for (Eigen::Index t = 0; t < tokens_; ++t) parts.rest += prob::halfCauchy(std::exp(logLocal[t]), 1.0).value;
        parts.rest += prob::halfCauchy(std::exp(theta[offTitleGlobal_]), terms_.tauTitle).value;
        parts.jacobian += perToken + logLocal.sum() + theta[offTitleGlobal_];
    }
    parts.rest += copyPrior(theta, nullptr);
}

void GroupTerms::addHyperparameterTermCoordinates(std::vector<Eigen::Index>& coordinates) const {
    addOutputCoordinates(coordinates);  // the summaries are the coordinates a hyperparameter's term reads
}

double GroupTerms::hyperparameterTermsLogPrior(const Eigen::VectorXd& theta) const {
    // The terms of the log density in theta with a hyperparameter in them. The standard normals
    // of the artists' and tokens' z and the tokens' HalfCauchy(lambda_t | 1) have none, and the
    // title slab enters no prior term in theta: the tokens' -log s_t (Normal(w | 0, s_t)) and
    // their Jacobian's +log s_t cancel. It scales the token weights the likelihood reads
    // instead, so a changed slab is refused, not re-weighted (reweightingRefusal).
    double lp = 0.0;
    if (terms_.artistEffects)
        for (Eigen::Index c = 0; c < classes_; ++c) lp += prob::halfCauchy(std::exp(theta[offArtistSigma_ + c]), terms_.tauArtist).value;
    if (terms_.titleTokens) lp += prob::halfCauchy(std::exp(theta[offTitleGlobal_]), terms_.tauTitle).value;
    lp += copyPrior(theta, nullptr);
    return lp;
}

void GroupTerms::backward(const Eigen::VectorXd& theta, const std::vector<Eigen::Index>* rows, const Eigen::MatrixXd& offsetGradient,
                          Eigen::VectorXd& grad, const BatchShares* shares) const {
    const Eigen::Index count = offsetGradient.cols();
    const ModelGroups& groups = data_->groups;
    if (terms_.artistEffects) {
        // offset = sigma .* sum_k w_k z[:, a_k]: d/dz[:, a] = w sigma .* g; d/dlog sigma = sigma .* z .* w g.
        const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offArtistZ_, classes_, artists_);
        Eigen::Map<Eigen::MatrixXd> gz(grad.data() + offArtistZ_, classes_, artists_);
        const Eigen::ArrayXd sigma = theta.segment(offArtistSigma_, classes_).array().exp();
        Eigen::ArrayXd gLogSigma = Eigen::ArrayXd::Zero(classes_), g(classes_);
        for (Eigen::Index i = 0; i < count; ++i) {
            const auto r = static_cast<std::size_t>(rowAt(rows, i));
            const auto ids = groups.artists.idsOf(r);
            const auto weights = groups.artists.valuesOf(r);
            if (ids.empty()) continue;
            for (Eigen::Index c = 0; c < classes_; ++c) g[c] = offsetGradient(c, i) * sigma[c];
            for (std::size_t k = 0; k < ids.size(); ++k) {
                const double* zc = z.col(ids[k]).data();
                double* gzc = gz.col(ids[k]).data();
                for (Eigen::Index c = 0; c < classes_; ++c) {
                    gzc[c] += weights[k] * g[c];
                    gLogSigma[c] += weights[k] * g[c] * zc[c];
                }
            }
        }
        grad.segment(offArtistSigma_, classes_) += gLogSigma.matrix();
    }
    if (terms_.titleTokens) {
        // offset = sum_t v_t s_t z[:, t]: d/dz[:, t] = v s g; d/ds_t = v g . z[:, t]; s_t depends on
        // log tau + log lambda_t only, with d s / d log u = tokenScaleDeriv_.
        const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offTokenZ_, classes_, tokens_);
        Eigen::Map<Eigen::MatrixXd> gz(grad.data() + offTokenZ_, classes_, tokens_);
        for (Eigen::Index i = 0; i < count; ++i) {
            const auto r = static_cast<std::size_t>(rowAt(rows, i));
            const auto ids = groups.tokens.idsOf(r);
            const auto values = groups.tokens.valuesOf(r);
            for (std::size_t k = 0; k < ids.size(); ++k) {
                const Eigen::Index t = ids[k];
                axpy(classes_, values[k] * tokenScale_[t], offsetGradient.col(i).data(), gz.col(t).data());
                tokenScaleGrad_[t] += values[k] * dot(classes_, offsetGradient.col(i).data(), z.col(t).data());
            }
        }
        // Only the prepared tokens (the batch's) carry a gradient.
        const auto collect = [&](Eigen::Index t) {
            const double viaLogU = tokenScaleGrad_[t] * tokenScaleDeriv_[t];
            grad[offTokenLocal_ + t] += viaLogU;
            grad[offTitleGlobal_] += viaLogU;
        };
        if (shares)
            for (std::int32_t t : shares->tokens) collect(t);
        else
            for (Eigen::Index t = 0; t < tokens_; ++t) collect(t);
    }
    for (const ShareBlock& block : shareBlocks()) {
        Eigen::Map<Eigen::MatrixXd> gv(grad.data() + block.offset, classes_, classes_);
        addShareGradient(offsetGradient, *block.rows, rows ? nullptr : block.dense, rows, shareWork_, gv);
    }
}

void GroupTerms::samplePrior(Rng& rng, Eigen::VectorXd& theta) const {
    if (terms_.artistEffects) {
        for (Eigen::Index i = 0; i < classes_ * artists_; ++i) theta[offArtistZ_ + i] = rng.normal();
        for (Eigen::Index c = 0; c < classes_; ++c) theta[offArtistSigma_ + c] = std::log(prob::sampleHalfCauchy(rng, terms_.tauArtist));
    }
    if (terms_.titleTokens) {
        for (Eigen::Index i = 0; i < classes_ * tokens_; ++i) theta[offTokenZ_ + i] = rng.normal();
        for (Eigen::Index t = 0; t < tokens_; ++t) theta[offTokenLocal_ + t] = std::log(prob::sampleHalfCauchy(rng, 1.0));
        theta[offTitleGlobal_] = std::log(prob::sampleHalfCauchy(rng, terms_.tauTitle));
    }
    for (const ShareBlock& block : shareBlocks())
        for (Eigen::Index i = 0; i < classes_ * classes_; ++i) theta[block.offset + i] = terms_.copyScale * rng.normal();
}

Eigen::MatrixXd GroupTerms::artistOffsets(const Eigen::VectorXd& theta) const {
    if (!terms_.artistEffects) return {};
    const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offArtistZ_, classes_, artists_);
    const Eigen::VectorXd sigma = theta.segment(offArtistSigma_, classes_).array().exp();
    return sigma.asDiagonal() * z;
}

Eigen::MatrixXd GroupTerms::tokenWeights(const Eigen::VectorXd& theta) const {
    if (!terms_.titleTokens) return {};
    const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offTokenZ_, classes_, tokens_);
    Eigen::VectorXd scale(tokens_);
    double unused;
    for (Eigen::Index t = 0; t < tokens_; ++t) tokenScale(theta, t, scale[t], unused);
    return z * scale.asDiagonal();
}

Eigen::MatrixXd GroupTerms::copyWeights(const Eigen::VectorXd& theta) const {
    if (!terms_.songCopies) return {};
    return Eigen::Map<const Eigen::MatrixXd>(theta.data() + offCopy_, classes_, classes_);
}

Eigen::MatrixXd GroupTerms::artistSongWeights(const Eigen::VectorXd& theta) const {
    if (!terms_.artistSongs) return {};
    return Eigen::Map<const Eigen::MatrixXd>(theta.data() + offArtistSongs_, classes_, classes_);
}

} // namespace genrelab
