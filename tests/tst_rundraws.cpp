// A run kept as its draws (run/RunDraws.h): the binary file round-trips bit for bit, a damaged
// file is refused with a message that says what is wrong, and a run rebuilt from its draws has
// exactly the numbers of the run itself (metrics, summaries, R-hat/ESS, PSIS-LOO, Pareto k).
#include "data/Table.h"
#include "export/ResultTable.h"
#include "export/RunTables.h"
#include "run/RunDraws.h"
#include "run/RunPipeline.h"
#include "run/RunSpecJson.h"
#include "util/OutputSet.h"

#include <QtTest>

#include <bit>
#include <cmath>

using namespace genrelab;

namespace {

// Bitwise equality, so a NaN equals a NaN in the same place.
bool sameBits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

bool samePosterior(const Posterior& a, const Posterior& b) {
    if (a.method != b.method || a.partial != b.partial || !sameBits(a.seconds, b.seconds) || a.chains.size() != b.chains.size()) return false;
    for (std::size_t c = 0; c < a.chains.size(); ++c) {
        const Chain &x = a.chains[c], &y = b.chains[c];
        if (x.draws.rows() != y.draws.rows() || x.draws.cols() != y.draws.cols() || x.warmupDone != y.warmupDone || x.stats.size() != y.stats.size())
            return false;
        for (Eigen::Index i = 0; i < x.draws.size(); ++i)
            if (!sameBits(x.draws.data()[i], y.draws.data()[i])) return false;
        for (std::size_t s = 0; s < x.stats.size(); ++s) {
            const DrawStats &p = x.stats[s], &q = y.stats[s];
            if (!sameBits(p.logDensity, q.logDensity) || !sameBits(p.acceptStat, q.acceptStat) || !sameBits(p.stepSize, q.stepSize) ||
                p.treeDepth != q.treeDepth || p.leapfrogSteps != q.leapfrogSteps || p.divergent != q.divergent || !sameBits(p.energy, q.energy))
                return false;
        }
    }
    return true;
}

// Every table a run shows, as CSV: equal text means equal numbers to the last digit.
QString tablesOf(const RunSpec& spec, const RunResult& r) {
    const std::vector<std::string> names = spec.classNames;
    std::string all;
    for (const ResultTable& t : {metricsTable(spec, r), perClassTable(r, names), parameterTable(r), reliabilityTable(r), confusionTable(r, names),
                                 uncertainTracksTable(r, names, 25)})
        all += exportTable(t, TableFormat::Csv);
    return QString::fromStdString(all);
}

// A draws file of an earlier format version: the header of `bytes` with that version, and the
// payload given (the length and checksum recomputed).
std::string asVersion(const std::string& bytes, std::uint32_t version, const std::string& payload) {
    const auto put64 = [](std::string& out, std::size_t at, std::uint64_t v) {
        for (int b = 0; b < 8; ++b) out[at + static_cast<std::size_t>(b)] = static_cast<char>((v >> (8 * b)) & 0xFF);
    };
    std::string out = bytes.substr(0, 36);
    out[16] = static_cast<char>(version);
    put64(out, 20, payload.size());
    put64(out, 28, fnv1a64(payload));
    return out + payload;
}

RunSpec smallSpec(InferenceKind inference) {
    RunSpec spec;
    setModelByName(spec.model, "hier-studentt");
    spec.inference = inference;
    spec.split.trainRows = 300;
    spec.split.testRows = 150;
    spec.svi.steps = 200;
    spec.svi.learningRate = 0.05;
    spec.guideDraws = 150;
    spec.nuts.chains = 2;
    spec.nuts.warmup = 120;
    spec.nuts.samples = 60;
    spec.nuts.seed = 5;
    spec.predictiveDraws = 80;
    return spec;
}

} // namespace

class TestRunDraws : public QObject {
    Q_OBJECT
    Table sample_ = readTable(GENRELAB_SAMPLE_CSV);

private slots:
    void aRebuiltRunHasTheRunsNumbers_data() {
        QTest::addColumn<int>("inference");
        QTest::newRow("nuts") << static_cast<int>(InferenceKind::Nuts);
        QTest::newRow("svi") << static_cast<int>(InferenceKind::Svi);
        QTest::newRow("prior") << static_cast<int>(InferenceKind::Prior);
    }
    void aRebuiltRunHasTheRunsNumbers() {
        QFETCH(int, inference);
        const RunSpec spec = smallSpec(static_cast<InferenceKind>(inference));
        const RunResult run = runPipeline(sample_, spec);
        const std::string bytes = encodeRunDraws({storedRunOf(run, spec, {40})});
        // Eight bytes a value: the draws are most of the file.
        const std::size_t values = static_cast<std::size_t>(run.posterior.drawsPerChain() * run.posterior.chainCount()) *
                                   static_cast<std::size_t>(run.posterior.dim());
        QVERIFY2(bytes.size() > 8 * values && bytes.size() < 8 * values + 60000, qPrintable(QString::number(bytes.size())));

        const std::vector<StoredRun> read = decodeRunDraws(bytes, "run.draws");
        QCOMPARE(read.size(), std::size_t{1});
        QVERIFY(read[0].spec == spec);
        QCOMPARE(read[0].extensions, std::vector<int>{40});
        QVERIFY(samePosterior(read[0].posterior, run.posterior));
        QCOMPARE(read[0].sviState.has_value(), run.sviState.has_value());
        if (run.sviState) {
            QVERIFY(read[0].sviState->mean == run.sviState->mean);
            QVERIFY(read[0].sviState->logScale == run.sviState->logScale);
            QVERIFY(read[0].sviState->elbo == run.sviState->elbo);
        }
        QCOMPARE(encodeRunDraws(read), bytes);  // and back to the same bytes

        const RunResult rebuilt = rebuildRun(sample_, read[0]);
        QCOMPARE(tablesOf(spec, rebuilt), tablesOf(spec, run));
        QVERIFY(sameBits(rebuilt.test.accuracy, run.test.accuracy));
        QVERIFY(sameBits(rebuilt.test.logPredictive, run.test.logPredictive));
        QVERIFY(sameBits(rebuilt.convergence.rhatMax, run.convergence.rhatMax));
        QVERIFY(sameBits(rebuilt.convergence.essBulkMin, run.convergence.essBulkMin));
        QCOMPARE(rebuilt.convergence.divergences, run.convergence.divergences);
        QVERIFY(sameBits(rebuilt.predictionDiagnostics.rhatMax, run.predictionDiagnostics.rhatMax));
        QVERIFY(sameBits(rebuilt.paretoK, run.paretoK));
        QVERIFY(sameBits(rebuilt.loo.elpd, run.loo.elpd));
        QVERIFY(sameBits(rebuilt.loo.se, run.loo.se));
        QVERIFY(rebuilt.testPredictive.drawAccuracy == run.testPredictive.drawAccuracy);
        QCOMPARE(rebuilt.diagnosticsNote, run.diagnosticsNote);
        QCOMPARE(rebuilt.totalSeconds, run.totalSeconds);
    }

    // Why a run ended comes back from its file; a file of format version 1 (no stop reasons)
    // still opens, its runs ending as their partial flag says (a stopped run reads as cancelled).
    void theStopReasonComesBack() {
        const RunSpec spec = smallSpec(InferenceKind::Prior);
        const RunResult run = runPipeline(sample_, spec);
        StoredRun converged = storedRunOf(run, spec);
        converged.partial = true;
        converged.ending = RunEnding{StopReason::Converged, 240};
        StoredRun completed = storedRunOf(run, spec);
        QCOMPARE(completed.ending, RunEnding{});
        const std::string bytes = encodeRunDraws({converged, completed});
        const std::vector<StoredRun> read = decodeRunDraws(bytes, "r.draws");
        QCOMPARE(read[0].ending, (RunEnding{StopReason::Converged, 240}));
        QCOMPARE(read[1].ending, RunEnding{});
        QCOMPARE(rebuildRun(sample_, read[0]).ending, (RunEnding{StopReason::Converged, 240}));

        // The same runs as version 1 wrote them: no reason after the partial flag (one byte and
        // eight).
        // The payload is the run count and two runs of equal length; in each, the reason follows the
        // inference name, the spec, the (zero) extensions, two timings and the partial flag.
        // Each run ends with its chain end states (from version 3; here a count of zero).
        std::string payload = bytes.substr(36);
        const std::size_t runLength = (payload.size() - 4) / 2;
        const std::size_t reason = 8 + std::string(inferenceName(spec.inference)).size() + 8 + specToJson(spec).size() + 4 + 16 + 1;
        payload.erase(4 + 2 * runLength - 4, 4);  // the second run's first, so the first's offsets hold
        payload.erase(4 + runLength + reason, 9);
        payload.erase(4 + runLength - 4, 4);
        payload.erase(4 + reason, 9);
        const std::vector<StoredRun> old = decodeRunDraws(asVersion(bytes, 1, payload), "old.draws");
        QCOMPARE(old.size(), std::size_t{2});
        QCOMPARE(old[0].ending, (RunEnding{StopReason::Cancelled, 0}));  // partial, in a file that does not say why
        QCOMPARE(old[1].ending, RunEnding{});
        QVERIFY(samePosterior(old[0].posterior, run.posterior));
        QVERIFY(samePosterior(old[1].posterior, run.posterior));
    }

    // A NUTS run's chain end states (position, step size, metric, random stream) come back from
    // its file, so a reopened run extends to exactly the draws the run itself would have drawn.
    // A file of format version 2 (no end states) still opens; its run cannot be extended.
    void aReopenedRunExtendsAsTheRunItself() {
        const RunSpec spec = smallSpec(InferenceKind::Nuts);
        const RunResult run = runPipeline(sample_, spec);
        QCOMPARE(run.nutsStates.size(), std::size_t{2});
        const std::string bytes = encodeRunDraws({storedRunOf(run, spec)});
        const std::vector<StoredRun> read = decodeRunDraws(bytes, "n.draws");
        QCOMPARE(read[0].nutsStates.size(), std::size_t{2});
        for (std::size_t c = 0; c < 2; ++c) {
            const NutsChainState &a = read[0].nutsStates[c], &b = run.nutsStates[c];
            QVERIFY(a.q == b.q && a.invMetric == b.invMetric && a.denseInvMetric == b.denseInvMetric);
            QVERIFY(sameBits(a.stepSize, b.stepSize));
            Rng x = a.rng, y = b.rng;
            for (int i = 0; i < 5; ++i) QVERIFY(sameBits(x.normal(), y.normal()));  // the spare normal too
        }
        const RunResult reopened = rebuildRun(sample_, read[0]);
        const RunResult extended = extendRun(run, spec, 25);
        const RunResult extendedAfterReopening = extendRun(reopened, spec, 25);
        for (std::size_t c = 0; c < 2; ++c)
            QVERIFY(extendedAfterReopening.posterior.chains[c].draws == extended.posterior.chains[c].draws);
        QCOMPARE(tablesOf(spec, extendedAfterReopening), tablesOf(spec, extended));

        // Version 2: the run as it wrote it, without end states (which version 3 writes for this
        // run as a zero count: its last four bytes).
        StoredRun withoutStates = storedRunOf(run, spec);
        withoutStates.nutsStates.clear();
        const std::string v3 = encodeRunDraws({withoutStates});
        const std::vector<StoredRun> old = decodeRunDraws(asVersion(v3, 2, v3.substr(36, v3.size() - 36 - 4)), "old.draws");
        QVERIFY(old[0].nutsStates.empty());
        QVERIFY(samePosterior(old[0].posterior, run.posterior));
        const RunResult oldRun = rebuildRun(sample_, old[0]);
        QCOMPARE(tablesOf(spec, oldRun), tablesOf(spec, run));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, extendRun(oldRun, spec, 5));

        // End states for another number of chains, or of another width: refused.
        StoredRun wrong = storedRunOf(run, spec);
        wrong.nutsStates.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decodeRunDraws(encodeRunDraws({wrong}), "w.draws"));
        wrong = storedRunOf(run, spec);
        wrong.nutsStates[1].q.conservativeResize(3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decodeRunDraws(encodeRunDraws({wrong}), "w.draws"));
    }

    // Every cut, a flipped byte, another version, appended bytes: refused, saying why.
    void aDamagedFileIsRefusedSayingWhy() {
        const RunSpec spec = smallSpec(InferenceKind::Svi);
        const RunResult run = runPipeline(sample_, spec);
        const std::string good = encodeRunDraws({storedRunOf(run, spec)});
        const auto refusal = [](const std::string& bytes) -> QString {
            try {
                decodeRunDraws(bytes, "s.draws");
            } catch (const std::invalid_argument& error) {
                return QString::fromStdString(error.what());
            }
            return {};
        };
        for (std::size_t cut = 0; cut < good.size(); cut += 1 + cut / 3) {
            const QString message = refusal(good.substr(0, cut));
            QVERIFY2(message.startsWith("s.draws: ") && (message.contains("cut short") || message.contains("does not start with")),
                     qPrintable(QString::number(cut) + ": " + message));
        }
        std::string flipped = good;
        flipped[good.size() / 2] ^= 0x10;
        QVERIFY2(refusal(flipped).contains("was changed after it was written (its checksum does not match)"), qPrintable(refusal(flipped)));
        std::string version = good;
        version[16] = 7;
        QCOMPARE(refusal(version), QString("s.draws: a genrelab draws file of format version 7; this version of genrelab reads versions 1 to 3"));
        QVERIFY(refusal(good + "x").contains("appended to?"));
        QVERIFY(refusal("GENRELAB-DRAWZ\n" + std::string(40, '\0')).contains("does not start with \"GENRELAB-DRAWS\""));
        QCOMPARE(refusal(good), QString());
    }

    // Draws that do not fit the model the table gives (another file, other columns): refused.
    void drawsOfOtherDataAreRefused() {
        const RunSpec spec = smallSpec(InferenceKind::Svi);
        const RunResult run = runPipeline(sample_, spec);
        StoredRun stored = storedRunOf(run, spec);
        stored.spec.prep.exclude = {"energy"};  // one feature fewer: a smaller model
        try {
            rebuildRun(sample_, stored);
            QFAIL("draws of another width were accepted");
        } catch (const std::invalid_argument& error) {
            QVERIFY2(QString(error.what()).contains("the data or its preparation differ from the run's"), error.what());
        }
    }
};

QTEST_MAIN(TestRunDraws)
#include "tst_rundraws.moc"
