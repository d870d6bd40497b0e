// genrelab-cli: the headless face of genrelab. Each subcommand arranges calls into the core.
#include "CliCommon.h"
#include "Commands.h"

#include <QCoreApplication>

#include <cstdio>
#include <exception>
#include <functional>
#include <map>

namespace {

const char* kUsage =
    "usage: genrelab-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  inspect FILE [--target NAME] [--classes FILE] [--json]   data-quality report\n"
    "  synth --rows N --seed S --out FILE                       write a synthetic sample\n"
    "  run --data FILE --model M --inference svi|nuts|pathfinder  fit, judge, predict\n"
    "  experiments --preset study-table2 --data FILE --out DIR  the study's table over seeds [--full --seeds K --jobs J]\n"
    "  experiments --preset grouped-ablation --data FILE --out DIR  artists, titles, artifacts on 3 splits [--seeds K]\n"
    "  sweep --data FILE --nu 1,2,4 --tau 0.5,1 --out DIR       a prior grid on a validation split\n"
    "  compare --data FILE --model M --train-size N --out DIR   SVI against NUTS on the same rows\n"
    "  sbc --model M --inference nuts|svi|pathfinder --sims N --out DIR simulation-based calibration of the inference\n"
    "  bench [--data FILE] [--json] [--preset]                   the speed figures of docs/BENCHMARKS.md\n"
    "\n"
    "'genrelab-cli <command> --help' explains a command.\n";

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("genrelab-cli");
    QCoreApplication::setApplicationVersion(GENRELAB_VERSION);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        std::fputs(kUsage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? genrelab::cli::UsageFailure : genrelab::cli::Ok;
    }
    if (args[1] == "--version") {
        std::printf("genrelab-cli %s\n", GENRELAB_VERSION);
        return 0;
    }
    const std::map<QString, std::function<int(const QStringList&)>> commands = {
        {"inspect", genrelab::cli::runInspect},
        {"synth", genrelab::cli::runSynth},
        {"run", genrelab::cli::runRun},
        {"experiments", genrelab::cli::runExperimentsCommand},
        {"sweep", genrelab::cli::runSweepCommand},
        {"compare", genrelab::cli::runCompareCommand},
        {"bench", genrelab::cli::runBenchCommand},
        {"sbc", genrelab::cli::runSbcCommand},
    };
    const auto command = commands.find(args[1]);
    if (command == commands.end()) {
        std::fprintf(stderr, "genrelab-cli: unknown command '%s'\n\n%s", qPrintable(args[1]), kUsage);
        return genrelab::cli::UsageFailure;
    }
    try {
        return command->second(args);
    } catch (const std::exception& error) {  // last line of defence: a message, never a crash
        return genrelab::cli::dataError(error.what());
    }
}
