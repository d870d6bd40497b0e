#include "experiments/GroupedAblation.h"

#include "models/ModelSpec.h"
#include "util/Stats.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace genrelab {
namespace {

// The fit every cell shares: the full model is the MLP, and minibatch SVI is what fits
// ~80,000 artist offsets and ~48,000 token weights in minutes. 3,000 steps of 1,024 rows are ~200
// passes over 14,396 training rows; the windowed ELBO stops a run that has settled earlier.
RunSpec ablationBase(const GroupOptions& groups) {
    RunSpec s;
    setModelByName(s.model, "mlp");
    s.inference = InferenceKind::Svi;
    s.svi.batchSize = 1024;
    s.svi.learningRate = 0.01;
    s.svi.steps = 3000;
    s.svi.convergenceTolerance = 1e-4;
    s.svi.window = 250;
    // Draws of the guide cost a full-data gradient each (LOO's importance ratios); 100 keep the
    // judging of the largest model near its fitting time, 100 predictive draws settle accuracy
    // to the third decimal.
    s.guideDraws = 100;
    s.predictiveDraws = 100;
    s.prep.groups = groups;
    s.prep.groups.duplicates = DuplicatePolicy::Keep;
    return s;
}

struct FeatureSet {
    const char* name;
    bool artifacts, titles, artists, songCopies, artistSongs;
};
// "all-copies" adds the genres of each track's song copies in training: on the song and artist
// splits the term is zero by construction, so there it must equal "all". "all-shares" adds the
// genres of each track's artists' other songs too: the CLI's default for the full model when both
// group columns are set.
constexpr FeatureSet kFeatureSets[] = {
    {"numeric", false, false, false, false, false},
    {"artifacts", true, false, false, false, false},
    {"titles", false, true, false, false, false},
    {"artists", false, false, true, false, false},
    {"all", true, true, true, false, false},
    {"all-copies", true, true, true, true, false},
    {"all-shares", true, true, true, true, true},
};

} // namespace

std::vector<Experiment> groupedAblation(const GroupOptions& groups) {
    if (!groups.artistColumn || groups.artistColumn->empty() || !groups.titleColumn || groups.titleColumn->empty())
        throw std::invalid_argument("the grouped ablation needs an artist column and a title column (the song and artist "
                                    "splits and the terms read them)");
    std::vector<Experiment> out;
    for (const SplitKind kind : {SplitKind::Random, SplitKind::Song, SplitKind::Artist})
        for (const FeatureSet& set : kFeatureSets) {
            RunSpec spec = ablationBase(groups);
            spec.split.kind = kind;
            spec.prep.artifactFeatures = set.artifacts;
            spec.model.terms.titleTokens = set.titles;
            spec.model.terms.artistEffects = set.artists;
            spec.model.terms.songCopies = set.songCopies;
            spec.model.terms.artistSongs = set.artistSongs;
            const std::string split(splitKindName(kind));
            out.push_back(Experiment{split + "-" + set.name, split + " split, " + ablationFeatures(spec), spec, std::nullopt, std::nullopt});
        }
    return out;
}

std::string ablationFeatures(const RunSpec& spec) {
    const bool artifacts = spec.prep.artifactFeatures, titles = spec.model.terms.titleTokens, artists = spec.model.terms.artistEffects;
    const std::string copies =
        std::string(spec.model.terms.songCopies ? " + song copies" : "") + (spec.model.terms.artistSongs ? " + artist songs" : "");
    if (artifacts && titles && artists) return "all" + copies;
    std::string out;
    if (artifacts) out += " + artifacts";
    if (titles) out += " + titles";
    if (artists) out += " + artists";
    out += copies;
    return out.empty() ? "numeric" : out.substr(1);
}

ResultTable groupedAblationTable(const std::vector<Experiment>& experiments, const std::vector<ExperimentOutcome>& outcomes) {
    ResultTable t;
    t.title = "Grouped ablation";
    t.decimals = 3;
    t.columns = {"exp", "split", "features", "model", "duplicates", "train_rows", "test_rows", "test_rows_seen_artist",
                 "test_rows_seen_song", "test_accuracy", "test_accuracy_sd", "test_top2_accuracy", "test_top2_accuracy_sd",
                 "test_log_predictive", "test_log_predictive_sd", "test_macro_f1", "test_ece", "test_ece_sd", "seconds", "seeds"};
    for (std::size_t e = 0; e < experiments.size(); ++e) {
        std::vector<double> accuracy, top2, lpd, f1, ece, seenArtist, seenSong, seconds;
        std::size_t trainRows = 0, testRows = 0;
        for (const auto& o : outcomes)
            if (o.experiment == e && o.ok) {
                accuracy.push_back(o.testAccuracy);
                top2.push_back(o.testTop2Accuracy);
                lpd.push_back(o.testLogPredictive);
                f1.push_back(o.testMacroF1);
                ece.push_back(o.testEce);
                seenArtist.push_back(o.testShareSeenArtist);
                seenSong.push_back(o.testShareSeenSong);
                seconds.push_back(o.seconds);
                trainRows = o.trainRows;
                testRows = o.testRows;
            }
        const RunSpec& spec = experiments[e].spec;
        std::vector<Cell> row{experiments[e].id, std::string(splitKindName(spec.split.kind)), ablationFeatures(spec), std::string(modelName(spec.model)),
                  std::string(duplicatePolicyName(spec.prep.groups.duplicates)), static_cast<std::int64_t>(trainRows),
                  static_cast<std::int64_t>(testRows), stats::mean(seenArtist), stats::mean(seenSong), stats::mean(accuracy),
                  stats::sampleSd(accuracy), stats::mean(top2), stats::sampleSd(top2), stats::mean(lpd), stats::sampleSd(lpd),
                  stats::mean(f1), stats::mean(ece), stats::sampleSd(ece), stats::mean(seconds),
                  static_cast<std::int64_t>(accuracy.size())};
        if (!hasOutcome(outcomes, e)) blankRunCells(row, {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19});
        t.addRow(std::move(row));
    }
    return t;
}

} // namespace genrelab
