#pragma once
// Every setting of one run, its defaults, and its two text forms: JSON (a spec file, sessions,
// the reproducibility bundle) and genrelab-cli arguments. A spec names its data by path and
// decides nothing from a table's contents, so it round-trips exactly and reruns headless.
// A default-constructed RunSpec holds THE defaults; the app, the CLI and the experiment presets
// start from it.
#include "data/Prepare.h"
#include "data/Split.h"
#include "data/Table.h"
#include "infer/Nuts.h"
#include "infer/Pathfinder.h"
#include "infer/Svi.h"
#include "models/ModelSpec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

enum class InferenceKind { Svi, Nuts, Prior, Pathfinder };
std::string_view inferenceName(InferenceKind kind);      // "svi", "nuts", "prior", "pathfinder"
InferenceKind inferenceFromName(std::string_view name);  // throws std::invalid_argument

// Where NUTS chains start: Stan's random points, or Pathfinder's draws (one per chain) with the
// warmup's metric started from the variances of its best Gaussian.
enum class NutsInit { Random, Pathfinder };
std::string_view nutsInitName(NutsInit init);            // "random", "pathfinder"
NutsInit nutsInitFromName(std::string_view name);        // throws std::invalid_argument

// The split the command line and the app start from: seed 1 (SplitOptions' own seed is 0).
SplitOptions defaultSplit();

// NutsOptions compared field by field (the initial metric by value, whatever its size).
bool operator==(const NutsOptions& a, const NutsOptions& b);

// Power-scaling sensitivity after the fit (eval/PowerScaling.h): off by default, it reads the
// log-likelihood of every training row once per draw.
struct SensitivityOptions {
    bool enabled = false;
    PriorGroup priors = PriorGroup::All;  // which prior is scaled: all, the hyperpriors, the artist level
    bool operator==(const SensitivityOptions&) const = default;
};

struct RunSpec {
    ModelSpec model;
    InferenceKind inference = InferenceKind::Svi;
    SviOptions svi;
    // Draws from the fitted guide (SVI), or Pathfinder's pooled draws kept by PSIS resampling.
    std::size_t guideDraws = 1000;
    PathfinderOptions pathfinder;         // also the NUTS initializer's (--nuts-init pathfinder)
    NutsOptions nuts;                     // also: samples = number of prior draws for Prior
    // NUTS only: fit the SVI guide for this many steps first and start the warmup's metric
    // from its variances (0: from the identity, as Stan).
    std::size_t nutsPilotSteps = 0;
    NutsInit nutsInit = NutsInit::Random;  // NUTS only; with Pathfinder, the pilot is not run
    PrepOptions prep;
    SplitOptions split = defaultSplit();
    std::size_t predictiveDraws = 400;    // draws averaged for predictions
    SensitivityOptions sensitivity;
    std::vector<std::string> classNames;  // display names, in class order (optional)
    // Where the data comes from, for a headless rerun; runPipeline takes the table itself.
    std::optional<std::string> dataPath;
    std::optional<std::string> target;          // the class column; unset: the reader's default
    std::optional<std::string> classNamesPath;  // CSV of class labels and names

    bool operator==(const RunSpec&) const = default;
};

// How the spec's data file is read: its target, and its group columns kept as text whatever
// their cells look like (artist ids that are numbers still name artists).
TableOptions tableOptionsOf(const RunSpec& spec);

// ---- JSON ("format": "genrelab-runspec-1") ----
// Writes every field (RunSpecJson.cpp). Numbers do not depend on the locale.
std::string specToJson(const RunSpec& spec);
// Reads a spec; a key left out keeps its default. Throws std::invalid_argument naming the source
// and the key for malformed JSON, unknown keys, wrong types and values out of range.
RunSpec specFromJson(std::string_view text, const std::string& sourceName);

// ---- genrelab-cli run arguments ----
struct RunOption {
    std::string name;       // without "--"
    std::string valueName;  // empty for a flag
    std::string help;       // ends with the default, where there is one
};
// The options that set a RunSpec, in --help order.
const std::vector<RunOption>& runSpecOptions();
// The minimal arguments: only what differs from RunSpec{} ("--data" first when set). Class display
// names are not arguments (--classes names their file). Throws std::invalid_argument when the spec
// holds a choice no argument expresses (distinct SVI and NUTS seeds, an Adam setting, ...).
std::vector<std::string> specToArguments(const RunSpec& spec);
// Applies the options given ("--name value", "--name=value" or "--flag") onto base. Throws
// std::invalid_argument naming the option for unknown options, missing values and values out of
// range. "--model prior [--prior-of NAME]" means inference prior on NAME (default flat).
RunSpec specFromArguments(const std::vector<std::string>& args, RunSpec base);

} // namespace genrelab
