#pragma once
// The parameters, priors and arithmetic of a model's group terms (ModelTerms.h): per-row logit
// offsets from each row's artists and title tokens, their prior, and the way back from the
// likelihood's d/d(offsets) to the parameters. Every pass over rows touches only the rows'
// own artists and tokens (CSR), so a minibatch costs its entries, not the number of artists.
//
// Parameters, after the base model's (column-major, classes fastest, so one artist's or one
// token's class offsets are contiguous):
//   artist_z      classes x artists   (artist effects)
//   sigma_artist  classes, positive
//   token_z       classes x tokens    (title tokens)
//   token_local   tokens, positive    the horseshoe's lambda_t
//   title_global  1, positive         the horseshoe's tau_title
//   copy_weight   classes x classes   (song copies: logit class x the copies' class)
//   artist_song_weight  classes x classes  (artist songs: logit class x the other songs' class)
#include "models/LogDensity.h"
#include "models/ModelData.h"
#include "models/ModelTerms.h"
#include "models/ParameterLayout.h"

#include <Eigen/Core>

#include <array>
#include <memory>
#include <utility>
#include <vector>

namespace genrelab {

class Rng;

class GroupTerms {
public:
    // Throws std::invalid_argument for invalid hyperparameters, or for a term the data has no
    // rows for (artist effects without artist rows, title tokens without token rows).
    GroupTerms(const ModelTerms& terms, std::shared_ptr<const ModelData> data);

    const ModelTerms& terms() const { return terms_; }
    // Appends the terms' parameters to a layout (call once, after the base model's blocks).
    void addParameters(ParameterLayout& layout);
    // Appends the summaries a person reads: sigma_artist[c], title_global (not 80,000 offsets)
    // and the copy weights.
    void addOutputs(ParameterLayout& layout) const;
    void outputs(const Eigen::VectorXd& theta, Eigen::Ref<Eigen::VectorXd> out) const;  // in addOutputs' order
    void addOutputCoordinates(std::vector<Eigen::Index>& coordinates) const;            // the ones outputs() reads
    Eigen::Index outputSize() const;

    // Offsets (classes x rows) of the listed rows of artists/tokens/song copies/artist songs (all rows when rows
    // is null). Any sparse part may be empty (no rows): it adds nothing (the population). tokenScale:
    // the tokens' horseshoe scales from prepareTokenScales (only the rows' tokens are read), or
    // null to compute every token's here.
    void offsets(const Eigen::VectorXd& theta, const SparseRows& artists, const SparseRows& tokens, const SparseRows& songCopies,
                 const SparseRows& artistSongs, const std::vector<Eigen::Index>* rows, Eigen::Index count, Eigen::MatrixXd& out,
                 const Eigen::VectorXd* tokenScale = nullptr) const;
    // The artists and tokens a minibatch touches (ascending ids), each with its prior's share in the batch:
    // scale (N / rows) times the batch's count of the rows that hold it over all such training
    // rows. Over the batches of an epoch the shares add up to one prior per artist and token.
    struct BatchShares {
        std::vector<std::int32_t> artists, tokens;
        std::vector<double> artistShare, tokenShare;  // the same order
    };
    // Uses the instance's workspace: one thread at a time.
    void batchShares(const std::vector<Eigen::Index>& rows, double scale, BatchShares& out) const;
    // Appends the coordinates a batch touches (the terms' global scales and copy weights, the shared ones and
    // those of artists and tokens without training rows, which every batch holds whole) with shares.
    void batchCoordinates(const BatchShares& shares, std::vector<Eigen::Index>& coordinates, std::vector<double>& weights) const;

    // Adds the log prior (Jacobians of the log scales included) to the return and its gradient
    // to grad; with shares, the artists' and tokens' prior by their shares in a minibatch.
    double logPrior(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, const BatchShares* shares = nullptr) const;
    // Adds the terms' prior to parts as densities of the natural values (gamma = sigma_artist z,
    // w = s_t z): the artist effects and sigma_artist to artist, the title tokens to rest, the
    // coordinates' Jacobians (non-centered offsets, log scales) to jacobian, the copy weights to
    // rest. Reads only.
    void addLogPriorParts(const Eigen::VectorXd& theta, LogPriorParts& parts) const;
    // The terms' share of LogDensity::hyperparameterTermCoordinates and
    // hyperparameterTermsLogPrior: HalfCauchy(sigma_artist | tau-artist), HalfCauchy(tau_title |
    // tau-title) and Normal(v | 0, copy-scale). The title slab is not among them: it changes the
    // token weights the likelihood reads. Reads only those coordinates.
    void addHyperparameterTermCoordinates(std::vector<Eigen::Index>& coordinates) const;
    double hyperparameterTermsLogPrior(const Eigen::VectorXd& theta) const;
    // The training path (one thread at a time, the instance's workspace): the horseshoe scales of
    // a batch's tokens (shares->tokens) or of all tokens (null), computed once per evaluation.
    const Eigen::VectorXd& prepareTokenScales(const Eigen::VectorXd& theta, const BatchShares* shares) const;
    // Adds to grad the path of offsetGradient (classes x rows, the rows of offsets()) through the
    // training rows' artists and tokens, after prepareTokenScales with the same shares.
    void backward(const Eigen::VectorXd& theta, const std::vector<Eigen::Index>* rows, const Eigen::MatrixXd& offsetGradient,
                  Eigen::VectorXd& grad, const BatchShares* shares) const;
    void samplePrior(Rng& rng, Eigen::VectorXd& theta) const;

    // sigma_artist (classes), the prior scale of an artist's offsets; empty without artist effects.
    Eigen::ArrayXd artistScales(const Eigen::VectorXd& theta) const;
    // Natural values, from theta: gamma (classes x artists) and w (classes x tokens).
    Eigen::MatrixXd artistOffsets(const Eigen::VectorXd& theta) const;
    Eigen::MatrixXd tokenWeights(const Eigen::VectorXd& theta) const;
    // v (classes x classes: logit class x the copies' class); empty without song copies.
    Eigen::MatrixXd copyWeights(const Eigen::VectorXd& theta) const;
    // u (classes x classes: logit class x the artists' other songs' class); empty without artist songs.
    Eigen::MatrixXd artistSongWeights(const Eigen::VectorXd& theta) const;

private:
    // The horseshoe's scale s_t and d s_t / d log(tau lambda_t) of token t.
    void tokenScale(const Eigen::VectorXd& theta, Eigen::Index t, double& scale, double& dScale) const;
    // Sum over tokens of log s_t: the Normal(w | 0, s_t) terms' normalizers, which hold the slab.
    double sumLogTokenScales(const Eigen::VectorXd& theta) const;

    // log Normal(z; 0, 1) of `size` values at theta[offset] times share, gradient into grad.
    static double standardNormal(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, Eigen::Index offset, Eigen::Index size,
                                 double share);
    double tokenLocalPrior(const Eigen::VectorXd& theta, Eigen::VectorXd& grad, Eigen::Index t, double share) const;
    // log Normal(v; 0, copyScale) of the copy and artist-song weights (0 without either), its
    // gradient into grad when given.
    double copyPrior(const Eigen::VectorXd& theta, Eigen::VectorXd* grad) const;
    // The label-share blocks on (song copies, artist songs): offset in theta, the training rows'
    // shares, sparse and dense (classes x rows).
    struct ShareBlock {
        Eigen::Index offset;
        const SparseRows* rows;
        const Eigen::MatrixXd* dense;
    };
    // At most two, held inline: the list is asked for on every evaluation, which should not allocate.
    struct ShareBlocks {
        std::array<ShareBlock, 2> items;
        std::size_t count = 0;
        const ShareBlock* begin() const { return items.data(); }
        const ShareBlock* end() const { return items.data() + count; }
    };
    ShareBlocks shareBlocks() const;
    // The dense form of `shares` when they are the training rows' of a block, else null.
    const Eigen::MatrixXd* trainingShares(const SparseRows& shares) const;

    ModelTerms terms_;
    std::shared_ptr<const ModelData> data_;
    std::vector<int> artistRows_, tokenRows_;             // training rows holding each artist, token
    std::vector<std::int32_t> unseenArtists_, unseenTokens_;  // in no training row: every batch holds their prior
    mutable std::vector<double> artistShareWork_, tokenShareWork_;  // batchShares' workspace, zero between calls
    mutable std::vector<std::uint64_t> artistSeen_, tokenSeen_;     // and its bitmaps of the batch's ids, likewise
    Eigen::Index classes_ = 0, artists_ = 0, tokens_ = 0;
    Eigen::Index offArtistZ_ = -1, offArtistSigma_ = -1, offTokenZ_ = -1, offTokenLocal_ = -1, offTitleGlobal_ = -1, offCopy_ = -1,
                 offArtistSongs_ = -1;
    mutable Eigen::VectorXd tokenScale_, tokenScaleGrad_, tokenScaleDeriv_;  // backward's workspace
    mutable Eigen::MatrixXd shareWork_;                                      // and a minibatch's class shares, dense
    Eigen::MatrixXd trainingCopyShares_, trainingArtistSongShares_;          // classes x training rows
};

} // namespace genrelab
