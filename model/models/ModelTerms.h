#pragma once
// Terms a model adds to its logits beyond the dense features, whatever its architecture and
// prior family (GroupTerms.h holds their priors and arithmetic):
//   artist effects  gamma[a, c] = sigma_artist[c] * z[a, c], z ~ Normal(0, 1) (non-centered),
//                   sigma_artist[c] ~ HalfCauchy(tauArtist); a row adds the weighted sum of its
//                   artists' gamma[a, :] (weights 1/k over the k artists its field names).
//   title tokens    w[t, c] = s_t * z[t, c], z ~ Normal(0, 1), with the regularized horseshoe's
//                   scale s_t = c u / sqrt(c^2 + u^2), u = tau_title * lambda_t,
//                   lambda_t ~ HalfCauchy(1), tau_title ~ HalfCauchy(tauTitle), slab c fixed at
//                   titleSlab; a row adds sum_t value_t * w[t, :] over its known tokens.
//   song copies     v[c, k] ~ Normal(0, copyScale): a row adds sum_k share_k * v[:, k], share_k the
//                   share of class k among its song's copies in the training rows (for a
//                   training row its other copies), so a copy labelled k can make k less likely
//                   and its neighbours more. Rows of songs without training copies add nothing.
//   artist songs    u[c, k] ~ Normal(0, copyScale): a row adds sum_k share_k * u[:, k], share_k the
//                   share of class k among its artists' other songs in the training rows
//                   (ArtistSongs.h). Rows of artists without other training songs add nothing.
// The tokens' vocabulary (TitleVocabulary) is learnt on the training titles.
namespace genrelab {

struct ModelTerms {
    bool artistEffects = false;
    double tauArtist = 1.0;     // HalfCauchy scale of sigma_artist[c]
    bool titleTokens = false;
    double tauTitle = 0.1;      // HalfCauchy scale of the horseshoe's global scale tau_title
    double titleSlab = 2.0;     // the horseshoe's slab scale: no token weight beyond ~this
    int titleMinCount = 3;      // a token enters the vocabulary when this many training titles hold it
    int titleMaxTokens = 4000;  // the most frequent tokens kept
    bool songCopies = false;
    bool artistSongs = false;
    double copyScale = 2.0;     // Normal scale of each copy weight v[c, k] and artist-song weight u[c, k]

    bool any() const { return artistEffects || titleTokens || songCopies || artistSongs; }
    bool operator==(const ModelTerms&) const = default;
};

} // namespace genrelab
