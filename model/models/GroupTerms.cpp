#include "models/GroupTerms.h"

#include "prob/Distributions.h"
#include "prob/Samplers.h"
#include "util/Rng.h"

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

} // namespace

GroupTerms::GroupTerms(const ModelTerms& terms, std::shared_ptr<const ModelData> data) : terms_(terms), data_(std::move(data)) {
    checkPositive(terms_.tauArtist, "tau-artist");
    checkPositive(terms_.tauTitle, "tau-title");
    checkPositive(terms_.titleSlab, "the title slab scale");
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
}

void GroupTerms::addOutputs(ParameterLayout& layout) const {
    if (terms_.artistEffects) layout.add("sigma_artist", classes_, 1, Constraint::Real, data_->classNames);
    if (terms_.titleTokens) layout.add("title_global", 1, 1, Constraint::Real);
}

Eigen::Index GroupTerms::outputSize() const { return (terms_.artistEffects ? classes_ : 0) + (terms_.titleTokens ? 1 : 0); }

void GroupTerms::outputs(const Eigen::VectorXd& theta, Eigen::Ref<Eigen::VectorXd> out) const {
    Eigen::Index k = 0;
    if (terms_.artistEffects) {
        out.segment(k, classes_) = theta.segment(offArtistSigma_, classes_).array().exp();
        k += classes_;
    }
    if (terms_.titleTokens) out[k] = std::exp(theta[offTitleGlobal_]);
}

void GroupTerms::tokenScales(const Eigen::VectorXd& theta, Eigen::VectorXd& scale, Eigen::VectorXd* dScale) const {
    const double c2 = terms_.titleSlab * terms_.titleSlab, logGlobal = theta[offTitleGlobal_];
    scale.resize(tokens_);
    if (dScale) dScale->resize(tokens_);
    for (Eigen::Index t = 0; t < tokens_; ++t) {
        const double u = std::exp(logGlobal + theta[offTokenLocal_ + t]);
        const double u2 = u * u;
        // c u / sqrt(c^2 + u^2), written to stay finite for u beyond 1e154.
        const double s = u2 < 1e300 ? terms_.titleSlab * u / std::sqrt(c2 + u2) : terms_.titleSlab;
        scale[t] = s;
        if (dScale) (*dScale)[t] = u2 < 1e300 ? s * c2 / (c2 + u2) : 0.0;
    }
}

void GroupTerms::offsets(const Eigen::VectorXd& theta, const SparseRows& artists, const SparseRows& tokens,
                         const std::vector<Eigen::Index>* rows, Eigen::Index count, Eigen::MatrixXd& out) const {
    out.setZero(classes_, count);
    if (terms_.artistEffects && artists.rows() > 0) {
        const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offArtistZ_, classes_, artists_);
        const Eigen::ArrayXd sigma = theta.segment(offArtistSigma_, classes_).array().exp();
        for (Eigen::Index i = 0; i < count; ++i) {
            const auto r = static_cast<std::size_t>(rowAt(rows, i));
            const auto ids = artists.idsOf(r);
            const auto weights = artists.valuesOf(r);
            for (std::size_t k = 0; k < ids.size(); ++k) out.col(i).array() += weights[k] * z.col(ids[k]).array();
            out.col(i).array() *= sigma;
        }
    }
    if (terms_.titleTokens && tokens.rows() > 0) {
        const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offTokenZ_, classes_, tokens_);
        Eigen::VectorXd scale;
        tokenScales(theta, scale, nullptr);
        for (Eigen::Index i = 0; i < count; ++i) {
            const auto r = static_cast<std::size_t>(rowAt(rows, i));
            const auto ids = tokens.idsOf(r);
            const auto values = tokens.valuesOf(r);
            for (std::size_t k = 0; k < ids.size(); ++k) out.col(i) += (values[k] * scale[ids[k]]) * z.col(ids[k]);
        }
    }
}

double GroupTerms::logPrior(const Eigen::VectorXd& theta, Eigen::VectorXd& grad) const {
    double lp = 0.0;
    const auto standardNormal = [&](Eigen::Index offset, Eigen::Index size) {
        const auto z = theta.segment(offset, size);
        lp += -0.5 * z.squaredNorm() - static_cast<double>(size) * prob::kHalfLog2Pi;
        grad.segment(offset, size) -= z;
    };
    if (terms_.artistEffects) {
        standardNormal(offArtistZ_, classes_ * artists_);
        for (Eigen::Index c = 0; c < classes_; ++c) {
            const auto p = logScalePrior(theta[offArtistSigma_ + c], terms_.tauArtist);
            lp += p.value;
            grad[offArtistSigma_ + c] += p.dx;
        }
    }
    if (terms_.titleTokens) {
        standardNormal(offTokenZ_, classes_ * tokens_);
        for (Eigen::Index t = 0; t < tokens_; ++t) {
            const auto p = logScalePrior(theta[offTokenLocal_ + t], 1.0);
            lp += p.value;
            grad[offTokenLocal_ + t] += p.dx;
        }
        const auto p = logScalePrior(theta[offTitleGlobal_], terms_.tauTitle);
        lp += p.value;
        grad[offTitleGlobal_] += p.dx;
    }
    return lp;
}

void GroupTerms::backward(const Eigen::VectorXd& theta, const std::vector<Eigen::Index>* rows, const Eigen::MatrixXd& offsetGradient,
                          Eigen::VectorXd& grad) const {
    const Eigen::Index count = offsetGradient.cols();
    const ModelGroups& groups = data_->groups;
    if (terms_.artistEffects) {
        // offset = sigma .* sum_k w_k z[:, a_k]: d/dz[:, a] = w sigma .* g; d/dlog sigma = sigma .* z .* w g.
        const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offArtistZ_, classes_, artists_);
        Eigen::Map<Eigen::MatrixXd> gz(grad.data() + offArtistZ_, classes_, artists_);
        const Eigen::ArrayXd sigma = theta.segment(offArtistSigma_, classes_).array().exp();
        Eigen::ArrayXd gLogSigma = Eigen::ArrayXd::Zero(classes_);
        for (Eigen::Index i = 0; i < count; ++i) {
            const auto r = static_cast<std::size_t>(rowAt(rows, i));
            const auto ids = groups.artists.idsOf(r);
            const auto weights = groups.artists.valuesOf(r);
            if (ids.empty()) continue;
            const Eigen::ArrayXd g = offsetGradient.col(i).array() * sigma;
            for (std::size_t k = 0; k < ids.size(); ++k) {
                gz.col(ids[k]).array() += weights[k] * g;
                gLogSigma += weights[k] * g * z.col(ids[k]).array();
            }
        }
        grad.segment(offArtistSigma_, classes_) += gLogSigma.matrix();
    }
    if (terms_.titleTokens) {
        // offset = sum_t v_t s_t z[:, t]: d/dz[:, t] = v s g; d/ds_t = v g . z[:, t]; s_t depends on
        // log tau + log lambda_t only, with d s / d log u = tokenScaleDeriv_.
        const Eigen::Map<const Eigen::MatrixXd> z(theta.data() + offTokenZ_, classes_, tokens_);
        Eigen::Map<Eigen::MatrixXd> gz(grad.data() + offTokenZ_, classes_, tokens_);
        tokenScales(theta, tokenScale_, &tokenScaleDeriv_);
        tokenScaleGrad_.setZero(tokens_);
        for (Eigen::Index i = 0; i < count; ++i) {
            const auto r = static_cast<std::size_t>(rowAt(rows, i));
            const auto ids = groups.tokens.idsOf(r);
            const auto values = groups.tokens.valuesOf(r);
            for (std::size_t k = 0; k < ids.size(); ++k) {
                const Eigen::Index t = ids[k];
                gz.col(t) += (values[k] * tokenScale_[t]) * offsetGradient.col(i);
                tokenScaleGrad_[t] += values[k] * offsetGradient.col(i).dot(z.col(t));
            }
        }
        const Eigen::VectorXd viaLogU = tokenScaleGrad_.cwiseProduct(tokenScaleDeriv_);
        grad.segment(offTokenLocal_, tokens_) += viaLogU;
        grad[offTitleGlobal_] += viaLogU.sum();
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
    Eigen::VectorXd scale;
    tokenScales(theta, scale, nullptr);
    return z * scale.asDiagonal();
}

} // namespace genrelab
