#include "CliCommon.h"
#include "Commands.h"

#include "data/Prepare.h"
#include "experiments/Sbc.h"
#include "experiments/SbcFiles.h"
#include "run/RunSpec.h"
#include "util/Format.h"

#include <QDir>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>

namespace genrelab::cli {
namespace {

// Ctrl-C stops the study after the running fits and writes what finished; a second one kills.
const CancellationToken* interruptToken = nullptr;
extern "C" void onInterrupt(int) {
    if (interruptToken) interruptToken->cancel();  // an atomic store: safe in a signal handler
    std::signal(SIGINT, SIG_DFL);
}

long long wholeOption(const QCommandLineParser& p, const char* name, long long min, long long max) {
    bool ok = false;
    const long long v = p.value(name).toLongLong(&ok);
    if (!ok || v < min || v > max)
        throw std::invalid_argument(std::string("--") + name + " must be a whole number from " + std::to_string(min) + " to " +
                                    std::to_string(max) + ", not '" + toStd(p.value(name)) + "'");
    return v;
}

} // namespace

int runSbcCommand(const QStringList& args) {
    QCommandLineParser p;
    const SbcOptions defaults;
    p.addOptions({{"model", "Model: flat, hier-studentt, hier-normal, ard, mlp.", "M", "flat"},
                  {"inference", "nuts, svi or pathfinder.", "KIND", "nuts"},
                  {"sims", "Simulations.", "N", "100"},
                  {"rows", "Feature rows labels are simulated for.", "R", "50"},
                  {"seed", "Seed of the prior draws, labels and fits.", "S", "1"},
                  {"data", "Take the features of the first R training rows of this CSV (prepared as run does); else synthetic.", "FILE"},
                  {"features", "Synthetic features (without --data).", "F", "2"},
                  {"classes", "Synthetic classes (without --data).", "C", "3"},
                  {"draws", "Posterior draws kept per simulation (L): ranks run 0..L.", "L", QString::number(defaults.thinnedDraws)},
                  {"warmup", "NUTS warmup iterations per chain.", "N", QString::number(defaults.nuts.warmup)},
                  {"samples", "NUTS draws per chain.", "N", QString::number(defaults.nuts.samples)},
                  {"chains", "NUTS chains per simulation.", "N", QString::number(defaults.nuts.chains)},
                  {"svi-steps", "SVI steps per simulation.", "N", QString::number(defaults.svi.steps)},
                  {"paths", "Pathfinder paths per simulation.", "N", QString::number(defaults.pathfinder.paths)},
                  {"threads", "Simulations at once (0: one per core).", "N", "0"},
                  {"out", "Folder for sbc_ranks.csv, sbc_histogram.csv, sbc_ecdf.csv, sbc.json and sbc.manifest.json.", "DIR"},
                  {"json", "Print sbc.json on stdout (else a table)."},
                  {"quiet", "No progress on stderr."}});
    if (!parseOrExplain(p, args,
                        "genrelab-cli sbc: simulation-based calibration. Draws parameters from the prior, simulates class labels,\n"
                        "fits, and tests that the ranks of the true values among the posterior draws are uniform: a chi-squared\n"
                        "p-value per quantity and whether its rank ECDF leaves the simultaneous 95% band (docs/INFERENCE.md).\n"
                        "The app's Experiments section draws the histograms and ECDF-difference plots from these files."))
        return p.isSet("help") ? Ok : UsageFailure;
    if (!p.isSet("out")) return usageError("sbc needs --out DIR");
    return guarded([&]() -> int {
        SbcOptions options;
        setModelByName(options.model, toStd(p.value("model")));
        options.inference = inferenceFromName(toStd(p.value("inference")));
        options.simulations = static_cast<std::size_t>(wholeOption(p, "sims", 1, 100000));
        options.seed = static_cast<std::uint64_t>(wholeOption(p, "seed", 0, 1LL << 53));
        options.thinnedDraws = static_cast<int>(wholeOption(p, "draws", 1, 100000));
        options.nuts.warmup = static_cast<int>(wholeOption(p, "warmup", 0, 1000000));
        options.nuts.samples = static_cast<int>(wholeOption(p, "samples", 1, 1000000));
        options.nuts.chains = static_cast<int>(wholeOption(p, "chains", 1, 64));
        options.svi.steps = static_cast<std::size_t>(wholeOption(p, "svi-steps", 1, 10000000));
        options.pathfinder.paths = static_cast<int>(wholeOption(p, "paths", 1, 64));
        options.threads = static_cast<int>(wholeOption(p, "threads", 0, 1024));
        const auto rows = static_cast<Eigen::Index>(wholeOption(p, "rows", 1, 10000000));
        SbcFeatures features;
        if (p.isSet("data")) {
            const RunSpec spec;
            features = sbcFeaturesFromData(prepareData(readDataTable(toStd(p.value("data"))), spec.prep, spec.split), rows);
        } else {
            features = syntheticSbcFeatures(rows, wholeOption(p, "features", 1, 1000), static_cast<int>(wholeOption(p, "classes", 2, 100)),
                                            options.seed);
        }
        const QString out = p.value("out");
        prepareOutputFolder(out);

        const bool quiet = p.isSet("quiet");
        std::mutex printing;
        auto lastPrint = std::chrono::steady_clock::now();
        const SbcProgress progress = [&](std::size_t finished, std::size_t planned) {
            if (quiet) return;
            std::lock_guard lock(printing);
            const auto now = std::chrono::steady_clock::now();
            if (finished < planned && std::chrono::duration<double>(now - lastPrint).count() < 1.0) return;
            lastPrint = now;
            std::fprintf(stderr, "sbc: %zu/%zu simulations\n", finished, planned);
        };
        const CancellationToken cancel;
        interruptToken = &cancel;
        std::signal(SIGINT, onInterrupt);
        const SbcResult result = runSbc(features, options, progress, cancel);
        std::signal(SIGINT, SIG_DFL);
        interruptToken = nullptr;

        const std::string json = sbcJson(result, options);
        if (p.isSet("json")) {
            std::fwrite(json.data(), 1, json.size(), stdout);
        } else {
            std::printf("%-32s %12s  %s\n", "quantity", "rank p-value", "ECDF");
            for (std::size_t q = 0; q < result.uniformity.size(); ++q)
                std::printf("%-32s %12s  %s\n", result.names[q].c_str(),
                            std::isnan(result.uniformity[q].pValue) ? "n/a" : fixed(result.uniformity[q].pValue, 4).c_str(),
                            result.uniformity[q].outsideBand ? "OUTSIDE the 95% band" : "inside");
            const std::string sampler = options.inference == InferenceKind::Nuts
                                            ? ", " + std::to_string(result.lowEssSimulations) + " with bulk ESS below " +
                                                  std::to_string(result.maxRank) + ", " + std::to_string(result.divergentSimulations) +
                                                  " with divergences"
                                            : std::string();
            std::printf("\n%lld simulations%s, ranks 0..%d%s, %s s\n", static_cast<long long>(result.ranks.rows()),
                        result.stopped ? " (stopped)" : "", result.maxRank, sampler.c_str(), fixed(result.seconds, 1).c_str());
        }
        const QDir dir(out);
        std::vector<FileContent> files{{toStd(dir.filePath("sbc_ranks.csv")), sbcRanksCsv(result)},
                                       {toStd(dir.filePath("sbc_histogram.csv")), sbcHistogramCsv(result)},
                                       {toStd(dir.filePath("sbc_ecdf.csv")), sbcEcdfCsv(result)},
                                       {toStd(dir.filePath("sbc.json")), json}};
        writeOutputFiles(out, "sbc", files);
        return Ok;
    });
}

} // namespace genrelab::cli
