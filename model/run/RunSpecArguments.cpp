#include "run/RunSpec.h"

#include "eval/PowerScaling.h"
#include "run/RunSpecText.h"

#include <algorithm>
#include <functional>

namespace genrelab {
namespace {

using namespace runspec;

std::uint64_t parseCount(const std::string& option, const std::string& text, CountBounds bounds) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < bounds.min || value > bounds.max)
        throw std::invalid_argument("--" + option + " must be " + describe(bounds) + ", not '" + text + "'");
    return value;
}

double parseNumber(const std::string& option, const std::string& text, Interval interval) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !inInterval(value, interval))
        throw std::invalid_argument("--" + option + " must be " + describe(interval) + ", not '" + text + "'");
    return value;
}

// A name the option's table knows; the option named in the message.
template <class F>
auto parseName(const std::string& option, const std::string& text, F fromName) {
    try {
        return fromName(text);
    } catch (const std::invalid_argument& error) {
        const std::string what = error.what();
        if (what.rfind("unknown", 0) == 0) throw;  // "unknown model 'x' (...)" already names the choice
        throw std::invalid_argument("--" + option + " " + what);
    }
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        std::string item = text.substr(start, comma - start);
        const auto first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
        item = first == std::string::npos ? std::string() : item.substr(first, last - first + 1);
        if (!item.empty()) items.push_back(item);
        start = comma + 1;
    }
    return items;
}

// What an argument list decides beyond single fields: "--model prior" and the coordinates.
struct ParseState {
    bool prior = false;
    std::optional<std::string> priorOf;
    std::vector<std::string> coordinateOptions;
    bool separatorsGiven = false;  // the first --artist-separator replaces the default list
    bool groupTermAsked = false;   // --artist-effects or --title-tokens
    bool songCopiesGiven = false;  // --song-copies or --no-song-copies
    bool artistSongsGiven = false;  // --artist-songs or --no-artist-songs
};

struct ArgumentOption {
    RunOption doc;
    std::function<void(RunSpec&, const std::string& value, ParseState&)> apply;
};

std::string defaultNote(const std::string& value) { return " (default " + value + ")"; }

const std::vector<ArgumentOption>& argumentOptions() {
    static const std::vector<ArgumentOption> options = [] {
        const RunSpec d;
        const auto count = [](const std::string& name, CountBounds bounds, auto setter) {
            return [name, bounds, setter](RunSpec& s, const std::string& v, ParseState&) { setter(s, parseCount(name, v, bounds)); };
        };
        const auto number = [](const std::string& name, Interval interval, auto setter) {
            return [name, interval, setter](RunSpec& s, const std::string& v, ParseState&) { setter(s, parseNumber(name, v, interval)); };
        };
        std::vector<ArgumentOption> o = {
            {{"data", "FILE", "CSV file with features and the class column."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.dataPath = v; }},
            {{"target", "NAME", "Name of the class column (default: Class)."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.target = v; }},
            {{"classes", "FILE", "CSV mapping class labels to names (default: a class-names file next to the data, if any)."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.classNamesPath = v; }},
            {{"model", "NAME", "flat, hier-studentt, hier-normal, ard, mlp, or prior (ancestral sampling)" + defaultNote(std::string(modelName(d.model))) + "."},
             [](RunSpec& s, const std::string& v, ParseState& state) {
                 if (v == "prior") state.prior = true;
                 else setModelByName(s.model, v);
             }},
            {{"prior-of", "NAME", "With --model prior: whose prior to sample (default flat)."},
             [](RunSpec& s, const std::string& v, ParseState& state) {
                 ModelSpec check = s.model;
                 setModelByName(check, v);  // refuses unknown names
                 state.priorOf = v;
             }},
            {{"inference", "NAME", "svi, nuts or pathfinder" + defaultNote(std::string(inferenceName(d.inference))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.inference = inferenceFromName(v); }},
            {{"train-size", "N|all", "Training rows: a count or 'all' (what the test rows leave) (default all)."},
             [](RunSpec& s, const std::string& v, ParseState&) {
                 if (v == "all") s.split.trainRows.reset();
                 else s.split.trainRows = parseCount("train-size", v, kTrainRows);
             }},
            {{"test-size", "N|all", "Test rows: a count, or 'all' for every row not used for training (default: 20%)."},
             [](RunSpec& s, const std::string& v, ParseState&) {
                 if (v == "all") {
                     s.split.testIsRest = true;
                     s.split.testRows.reset();
                 } else {
                     s.split.testRows = parseCount("test-size", v, kTestRows);
                     s.split.testIsRest = false;
                 }
             }},
            {{"split-seed", "S", "Seed of the stratified split" + defaultNote(std::to_string(d.split.seed)) + "."},
             count("split-seed", kSeed, [](RunSpec& s, std::uint64_t v) { s.split.seed = v; })},
            {{"seed", "S", "Seed of the inference" + defaultNote(std::to_string(d.svi.seed)) + "."},
             count("seed", kSeed, [](RunSpec& s, std::uint64_t v) { s.svi.seed = s.nuts.seed = s.pathfinder.seed = v; })},
            {{"steps", "N", "SVI steps" + defaultNote(std::to_string(d.svi.steps)) + "."},
             count("steps", kSteps, [](RunSpec& s, std::uint64_t v) { s.svi.steps = v; })},
            {{"lr", "X", "SVI (Adam) learning rate" + defaultNote(numberText(d.svi.learningRate)) + "."},
             number("lr", Interval::Positive, [](RunSpec& s, double v) { s.svi.learningRate = v; })},
            {{"batch", "B", "SVI minibatch size (0: full batch)" + defaultNote(std::to_string(d.svi.batchSize)) + "."},
             count("batch", kBatch, [](RunSpec& s, std::uint64_t v) { s.svi.batchSize = v; })},
            {{"particles", "K", "SVI particles per step" + defaultNote(std::to_string(d.svi.particles)) + "."},
             count("particles", kParticles, [](RunSpec& s, std::uint64_t v) { s.svi.particles = static_cast<int>(v); })},
            {{"convergence-tol", "X", "Stop SVI when windowed ELBO means change by less than this fraction (default 0: off)."},
             number("convergence-tol", Interval::NonNegative, [](RunSpec& s, double v) { s.svi.convergenceTolerance = v; })},
            {{"plateau", "", "Halve the SVI learning rate when the ELBO stops improving."},
             [](RunSpec& s, const std::string&, ParseState&) { s.svi.reduceOnPlateau = true; }},
            {{"guide-draws", "N", "Draws taken from the fitted SVI guide" + defaultNote(std::to_string(d.guideDraws)) + "."},
             count("guide-draws", kGuideDraws, [](RunSpec& s, std::uint64_t v) { s.guideDraws = v; })},
            {{"paths", "N", "Pathfinder paths, run in parallel and pooled" + defaultNote(std::to_string(d.pathfinder.paths)) + "."},
             count("paths", kPaths, [](RunSpec& s, std::uint64_t v) { s.pathfinder.paths = static_cast<int>(v); })},
            {{"path-draws", "N", "Draws from each Pathfinder path's best Gaussian before resampling" + defaultNote(std::to_string(d.pathfinder.drawsPerPath)) + "."},
             count("path-draws", kPathDraws, [](RunSpec& s, std::uint64_t v) { s.pathfinder.drawsPerPath = v; })},
            {{"elbo-draws", "N", "Draws per ELBO estimate along a Pathfinder path" + defaultNote(std::to_string(d.pathfinder.elboDraws)) + "."},
             count("elbo-draws", kElboDraws, [](RunSpec& s, std::uint64_t v) { s.pathfinder.elboDraws = static_cast<int>(v); })},
            {{"lbfgs-history", "N", "L-BFGS pairs Pathfinder keeps" + defaultNote(std::to_string(d.pathfinder.history)) + "."},
             count("lbfgs-history", kHistory, [](RunSpec& s, std::uint64_t v) { s.pathfinder.history = static_cast<int>(v); })},
            {{"predictive-draws", "N", "Posterior draws averaged for predictions" + defaultNote(std::to_string(d.predictiveDraws)) + "."},
             count("predictive-draws", kPredictiveDraws, [](RunSpec& s, std::uint64_t v) { s.predictiveDraws = v; })},
            {{"sensitivity", "", "Power-scaling prior and likelihood sensitivity of every parameter after the fit "
                                 "(Kallioinen et al. 2023)."},
             [](RunSpec& s, const std::string&, ParseState&) { s.sensitivity.enabled = true; }},
            {{"sensitivity-priors", "all|hyper|artist", "The prior --sensitivity scales: every prior, the hyperpriors "
                                                         "(nu, tau, lambda) or the artist level" +
                                                             defaultNote(std::string(priorGroupName(d.sensitivity.priors))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.sensitivity.priors = parseName("sensitivity-priors", v, priorGroupFromName); }},
            {{"warmup", "N", "NUTS warmup iterations per chain" + defaultNote(std::to_string(d.nuts.warmup)) + "."},
             count("warmup", kWarmup, [](RunSpec& s, std::uint64_t v) { s.nuts.warmup = static_cast<int>(v); })},
            {{"samples", "N", "NUTS draws per chain (prior draws for --model prior)" + defaultNote(std::to_string(d.nuts.samples)) + "."},
             count("samples", kSamples, [](RunSpec& s, std::uint64_t v) { s.nuts.samples = static_cast<int>(v); })},
            {{"chains", "K", "NUTS chains" + defaultNote(std::to_string(d.nuts.chains)) + "."},
             count("chains", kChains, [](RunSpec& s, std::uint64_t v) { s.nuts.chains = static_cast<int>(v); })},
            {{"threads", "T", "Threads for the chains and for judging the run (0: one per core)" + defaultNote(std::to_string(d.nuts.threads)) + "."},
             count("threads", kThreads, [](RunSpec& s, std::uint64_t v) { s.nuts.threads = s.pathfinder.threads = static_cast<int>(v); })},
            {{"target-accept", "X", "NUTS target acceptance statistic" + defaultNote(numberText(d.nuts.targetAccept)) + "."},
             number("target-accept", Interval::UnitOpen, [](RunSpec& s, double v) { s.nuts.targetAccept = v; })},
            {{"max-treedepth", "N", "NUTS maximum tree depth" + defaultNote(std::to_string(d.nuts.maxTreeDepth)) + "."},
             count("max-treedepth", kTreeDepth, [](RunSpec& s, std::uint64_t v) { s.nuts.maxTreeDepth = static_cast<int>(v); })},
            {{"metric", "M", "NUTS metric: diag (Stan's default diag_e) or dense (dense_e)" + defaultNote(std::string(metricName(d.nuts.denseMetric))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.nuts.denseMetric = parseName("metric", v, denseFromName); }},
            {{"nuts-pilot", "N", "SVI steps fitted before NUTS to start its metric from (0: identity)" + defaultNote(std::to_string(d.nutsPilotSteps)) + "."},
             count("nuts-pilot", kPilotSteps, [](RunSpec& s, std::uint64_t v) { s.nutsPilotSteps = v; })},
            {{"nuts-init", "NAME", "Where NUTS chains start: random (Stan's) or pathfinder (its draws, and its variances as the first metric)" +
                                   defaultNote(std::string(nutsInitName(d.nutsInit))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.nutsInit = parseName("nuts-init", v, nutsInitFromName); }},
            {{"centered", "", "Hierarchical models in centered form (default: non-centered)."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.regression.coordinates = Coordinates::Centered;
                 state.coordinateOptions.push_back("--centered");
             }},
            {{"partial-centering", "X", "Hierarchical models partially centered, 0 (non-centered) to <1."},
             [](RunSpec& s, const std::string& v, ParseState& state) {
                 s.model.regression.partialCentering = parseNumber("partial-centering", v, Interval::UnitHalfOpen);
                 s.model.regression.coordinates = Coordinates::PartiallyCentered;
                 state.coordinateOptions.push_back("--partial-centering");
             }},
            {{"shift-coordinates", "", "Regression models centered, in shift coordinates: contrasts and the standardized "
                                       "shift the softmax cannot see (the same model; fastest NUTS on many rows)."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.regression.coordinates = Coordinates::Shift;
                 state.coordinateOptions.push_back("--shift-coordinates");
             }},
            {{"precision", "P", "Arithmetic of the likelihood: float (fast) or double" + defaultNote(std::string(precisionName(d.model.regression.precision))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) {
                 s.model.regression.precision = s.model.mlp.precision = parseName("precision", v, precisionFromName);
             }},
            {{"alpha-scale", "X", "Prior sd of the intercepts" + defaultNote(numberText(d.model.regression.alphaScale)) + "."},
             number("alpha-scale", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.alphaScale = v; })},
            {{"beta-scale", "X", "Prior sd of the coefficients (flat)" + defaultNote(numberText(d.model.regression.betaScale)) + "."},
             number("beta-scale", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.betaScale = v; })},
            {{"nu", "X", "StudentT degrees of freedom of mu_beta" + defaultNote(numberText(d.model.regression.nu)) + "."},
             number("nu", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.nu = v; })},
            {{"mu-scale", "X", "StudentT scale of mu_beta" + defaultNote(numberText(d.model.regression.muScale)) + "."},
             number("mu-scale", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.muScale = v; })},
            {{"tau", "X", "HalfCauchy scale of sigma_beta" + defaultNote(numberText(d.model.regression.tau)) + "."},
             number("tau", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.tau = v; })},
            {{"lambda", "X", "Normal scale of mu_beta (hier-normal)" + defaultNote(numberText(d.model.regression.lambda)) + "."},
             number("lambda", Interval::Positive, [](RunSpec& s, double v) { s.model.regression.lambda = v; })},
            {{"hidden", "32,16", "MLP hidden layer sizes" + defaultNote(joinList([&] {
                                     std::vector<std::string> units;
                                     for (int h : d.model.mlp.hidden) units.push_back(std::to_string(h));
                                     return units;
                                 }())) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) {
                 std::vector<int> hidden;
                 for (const auto& item : splitList(v)) {
                     std::uint64_t units = 0;
                     const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), units);
                     if (error != std::errc{} || end != item.data() + item.size() || units < kHiddenUnits.min || units > kHiddenUnits.max)
                         throw std::invalid_argument("--hidden takes layer sizes such as 32,16 (each at most " +
                                                     std::to_string(kHiddenUnits.max) + "), not '" + v + "'");
                     hidden.push_back(static_cast<int>(units));
                 }
                 s.model.mlp.hidden = hidden;
             }},
            {{"activation", "NAME", "MLP activation: tanh or relu" + defaultNote(std::string(activationName(d.model.mlp.activation))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.model.mlp.activation = parseName("activation", v, activationFromName); }},
            {{"prior-scale", "X", "MLP weight prior sd" + defaultNote(numberText(d.model.mlp.priorScale)) + "."},
             number("prior-scale", Interval::Positive, [](RunSpec& s, double v) { s.model.mlp.priorScale = v; })},
            {{"artist-effects", "", "Add per-artist class offsets to the logits (needs an artist column), partially pooled: "
                                    "gamma[a,c] ~ Normal(0, sigma_artist[c])."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.terms.artistEffects = true;
                 state.groupTermAsked = true;
             }},
            {{"tau-artist", "X", "HalfCauchy scale of sigma_artist" + defaultNote(numberText(d.model.terms.tauArtist)) + "."},
             number("tau-artist", Interval::Positive, [](RunSpec& s, double v) { s.model.terms.tauArtist = v; })},
            {{"title-tokens", "", "Add title words and character 3-grams as features with a regularized horseshoe prior "
                                  "(needs a title column)."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.terms.titleTokens = true;
                 state.groupTermAsked = true;
             }},
            {{"tau-title", "X", "HalfCauchy scale of the title tokens' global shrinkage" + defaultNote(numberText(d.model.terms.tauTitle)) + "."},
             number("tau-title", Interval::Positive, [](RunSpec& s, double v) { s.model.terms.tauTitle = v; })},
            {{"title-slab", "X", "Slab scale of the title horseshoe: the largest weight a token keeps unshrunk" +
                                     defaultNote(numberText(d.model.terms.titleSlab)) + "."},
             number("title-slab", Interval::Positive, [](RunSpec& s, double v) { s.model.terms.titleSlab = v; })},
            {{"title-min-count", "N", "Training titles a token must occur in to become a feature" +
                                          defaultNote(std::to_string(d.model.terms.titleMinCount)) + "."},
             count("title-min-count", kTitleMinCount, [](RunSpec& s, std::uint64_t v) { s.model.terms.titleMinCount = static_cast<int>(v); })},
            {{"title-max-tokens", "N", "The most frequent title tokens kept" + defaultNote(std::to_string(d.model.terms.titleMaxTokens)) + "."},
             count("title-max-tokens", kTitleMaxTokens, [](RunSpec& s, std::uint64_t v) { s.model.terms.titleMaxTokens = static_cast<int>(v); })},
            {{"song-copies", "", "Add the genres of each track's song copies in the training rows (same artist and title; "
                                 "a training track's other copies) as features with their own weights (needs artist and "
                                 "title columns; the default with --artist-effects or --title-tokens and both columns)."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.terms.songCopies = true;
                 state.songCopiesGiven = true;
             }},
            {{"no-song-copies", "", "Leave out the song-copy term."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.terms.songCopies = false;
                 state.songCopiesGiven = true;
             }},
            {{"artist-songs", "", "Add the genres of each track's artists' other songs in the training rows (a training "
                                  "track's own song and its copies left out) as features with their own weights (needs an "
                                  "artist column; the default with --artist-effects)."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.terms.artistSongs = true;
                 state.artistSongsGiven = true;
             }},
            {{"no-artist-songs", "", "Leave out the artist-song term."},
             [](RunSpec& s, const std::string&, ParseState& state) {
                 s.model.terms.artistSongs = false;
                 state.artistSongsGiven = true;
             }},
            {{"copy-scale", "X", "Normal prior sd of the song-copy and artist-song weights" + defaultNote(numberText(d.model.terms.copyScale)) + "."},
             number("copy-scale", Interval::Positive, [](RunSpec& s, double v) { s.model.terms.copyScale = v; })},
            {{"imputation", "NAME", "mean, median, constant or drop" + defaultNote(std::string(imputationName(d.prep.imputation))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.prep.imputation = parseName("imputation", v, imputationFromString); }},
            {{"fill", "X", "The constant for --imputation constant" + defaultNote(numberText(d.prep.constant)) + "."},
             number("fill", Interval::Finite, [](RunSpec& s, double v) { s.prep.constant = v; })},
            {{"missing-indicators", "", "Add a 0/1 feature per column with missing cells."},
             [](RunSpec& s, const std::string&, ParseState&) { s.prep.missingIndicators = true; }},
            {{"exclude", "A,B", "Numeric columns to leave out of the features, comma-separated."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.prep.exclude = splitList(v); }},
            {{"no-standardize", "", "Keep features in their units (default: standardize with training statistics)."},
             [](RunSpec& s, const std::string&, ParseState&) { s.prep.standardize = false; }},
            {{"repair-units", "", "Convert unit-mixed columns (minutes among milliseconds) to one unit."},
             [](RunSpec& s, const std::string&, ParseState&) { s.prep.repairUnits = true; }},
            {{"suspicious-as-missing", "", "Read the values inspect reports as suspicious (isolated zeros, spikes) as missing cells."},
             [](RunSpec& s, const std::string&, ParseState&) { s.prep.suspiciousAsMissing = true; }},
            {{"artifact-features", "", "Add collection artifacts as features, named \"artifact: ...\": a flag per unit-mixed column "
                                       "and a missing indicator per column with missing cells."},
             [](RunSpec& s, const std::string&, ParseState&) { s.prep.artifactFeatures = true; }},
            {{"artist-column", "NAME", "Column naming each track's artists (default: none)."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.prep.groups.artistColumn = v; }},
            {{"title-column", "NAME", "Column holding each track's title (default: none)."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.prep.groups.titleColumn = v; }},
            {{"artist-separator", "SEP", "Separator between the artists of one field, matched case-insensitively; repeat it for "
                                         "several, the first replaces the default list; an empty SEP splits nothing (default: " +
                                             [] {
                                                 std::string list;
                                                 for (const auto& sep : defaultArtistSeparators()) list += (list.empty() ? "'" : ", '") + sep + "'";
                                                 return list;
                                             }() + ")."},
             [](RunSpec& s, const std::string& v, ParseState& state) {
                 if (!state.separatorsGiven) s.prep.groups.artistSeparators.clear();
                 state.separatorsGiven = true;
                 if (!v.empty()) s.prep.groups.artistSeparators.push_back(v);
             }},
            {{"duplicates", "POLICY", "Rows of one song (artist and title, case-insensitive): keep, drop (all but the first) or "
                                      "merge" + defaultNote(std::string(duplicatePolicyName(d.prep.groups.duplicates))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) {
                 s.prep.groups.duplicates = parseName("duplicates", v, duplicatePolicyFromName);
             }},
            {{"split", "KIND", "random (stratified), song (no song on both sides) or artist (no artist on both sides)" +
                                   defaultNote(std::string(splitKindName(d.split.kind))) + "."},
             [](RunSpec& s, const std::string& v, ParseState&) { s.split.kind = parseName("split", v, splitKindFromName); }},
        };
        return o;
    }();
    return options;
}

const ArgumentOption* findOption(std::string_view name) {
    for (const auto& option : argumentOptions())
        if (option.doc.name == name) return &option;
    return nullptr;
}

} // namespace

const std::vector<RunOption>& runSpecOptions() {
    static const std::vector<RunOption> docs = [] {
        std::vector<RunOption> d;
        for (const auto& option : argumentOptions()) d.push_back(option.doc);
        return d;
    }();
    return docs;
}

RunSpec specFromArguments(const std::vector<std::string>& args, RunSpec base) {
    ParseState state;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + arg + "'");
        const auto equals = arg.find('=');
        const std::string name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
        const ArgumentOption* option = findOption(name);
        if (!option) throw std::invalid_argument("unknown option '--" + name + "'");
        std::string value;
        if (!option->doc.valueName.empty()) {
            if (equals != std::string::npos) value = arg.substr(equals + 1);
            else if (i + 1 < args.size()) value = args[++i];
            else throw std::invalid_argument("--" + name + " needs a value (" + option->doc.valueName + ")");
        } else if (equals != std::string::npos) {
            throw std::invalid_argument("--" + name + " takes no value");
        }
        option->apply(base, value, state);
    }
    if (state.coordinateOptions.size() > 1) {
        std::vector<std::string> distinct = state.coordinateOptions;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        if (distinct.size() > 1) throw std::invalid_argument(distinct[0] + " and " + distinct[1] + " exclude each other");
    }
    if (state.groupTermAsked && !state.songCopiesGiven && songCopiesByDefault(base)) base.model.terms.songCopies = true;
    if (state.groupTermAsked && !state.artistSongsGiven && artistSongsByDefault(base)) base.model.terms.artistSongs = true;
    if (state.prior) {
        base.inference = InferenceKind::Prior;
        setModelByName(base.model, state.priorOf.value_or("flat"));
    }
    return base;
}

} // namespace genrelab
