#include "run/RunDraws.h"

#include "util/OutputSet.h"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace genrelab {
namespace {

constexpr char kMagic[16] = {'G', 'E', 'N', 'R', 'E', 'L', 'A', 'B', '-', 'D', 'R', 'A', 'W', 'S', '\n', '\0'};
constexpr std::uint32_t kVersion = 3;
constexpr std::uint32_t kVersionWithoutChainStates = 2;  // still read: its NUTS runs cannot be extended
constexpr std::uint32_t kVersionWithoutStopReason = 1;   // still read: its runs end as their partial flag says
constexpr std::size_t kHeaderBytes = sizeof(kMagic) + 4 + 8 + 8;

class Writer {
public:
    void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) { little(v, 4); }
    void u64(std::uint64_t v) { little(v, 8); }
    void i32(int v) { u32(static_cast<std::uint32_t>(v)); }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    void text(std::string_view s) {
        u64(s.size());
        out_.append(s);
    }
    void vector(const Eigen::VectorXd& v) {
        u64(static_cast<std::uint64_t>(v.size()));
        for (Eigen::Index i = 0; i < v.size(); ++i) f64(v[i]);
    }
    void matrix(const Eigen::MatrixXd& m) {  // column after column, as Eigen holds it
        u64(static_cast<std::uint64_t>(m.rows()));
        u64(static_cast<std::uint64_t>(m.cols()));
        for (Eigen::Index i = 0; i < m.size(); ++i) f64(m.data()[i]);
    }
    std::string& bytes() { return out_; }

private:
    void little(std::uint64_t v, int bytes) {
        for (int b = 0; b < bytes; ++b) out_.push_back(static_cast<char>((v >> (8 * b)) & 0xFF));
    }
    std::string out_;
};

class Reader {
public:
    Reader(std::string_view bytes, const std::string& source) : in_(bytes), source_(source) {}
    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(little(4)); }
    std::uint64_t u64() { return little(8); }
    int i32() { return static_cast<int>(u32()); }
    double f64() { return std::bit_cast<double>(u64()); }
    bool flag() {
        const std::uint8_t v = u8();
        if (v > 1) fail("a flag is neither 0 nor 1");
        return v == 1;
    }
    std::string text() {
        const std::uint64_t n = count(1);
        return std::string(take(n));
    }
    Eigen::VectorXd vector() {
        Eigen::VectorXd v(static_cast<Eigen::Index>(count(8)));
        for (Eigen::Index i = 0; i < v.size(); ++i) v[i] = f64();
        return v;
    }
    Eigen::MatrixXd matrix() {
        const std::uint64_t rows = u64(), cols = u64();
        if (cols != 0 && rows > remaining() / 8 / cols) fail("a matrix larger than the file");
        Eigen::MatrixXd m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = f64();
        return m;
    }
    // A count of items of itemBytes each that the rest of the file can hold.
    std::uint64_t count(std::uint64_t itemBytes) {
        const std::uint64_t n = u64();
        if (n > remaining() / itemBytes) fail("a length beyond the end of the file");
        return n;
    }
    std::size_t remaining() const { return in_.size() - at_; }
    [[noreturn]] void fail(const std::string& what) const {
        throw std::invalid_argument(source_ + ": not a readable genrelab draws file: " + what + " (byte " + std::to_string(at_) + ")");
    }

private:
    std::string_view take(std::size_t n) {
        if (n > remaining()) fail("the file ends early (cut short?)");
        const std::string_view out = in_.substr(at_, n);
        at_ += n;
        return out;
    }
    std::uint64_t little(int bytes) {
        const std::string_view b = take(static_cast<std::size_t>(bytes));
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) v |= std::uint64_t{static_cast<unsigned char>(b[static_cast<std::size_t>(i)])} << (8 * i);
        return v;
    }
    std::string_view in_;
    std::string source_;
    std::size_t at_ = 0;
};

void writeRun(Writer& w, const StoredRun& run) {
    w.text(inferenceName(run.spec.inference));  // readable without the spec, for a message about a kind this build lacks
    w.text(specToJson(run.spec));
    w.u32(static_cast<std::uint32_t>(run.extensions.size()));
    for (int e : run.extensions) w.i32(e);
    w.f64(run.inferenceSeconds);
    w.f64(run.totalSeconds);
    w.u8(run.partial);
    w.u8(static_cast<std::uint8_t>(run.ending.reason));
    w.u64(run.ending.convergedAtDrawsPerChain);
    const Posterior& p = run.posterior;
    w.text(p.method);
    w.u8(p.partial);
    w.f64(p.seconds);
    w.u32(static_cast<std::uint32_t>(p.chains.size()));
    for (const Chain& c : p.chains) {
        w.matrix(c.draws);
        w.u64(c.warmupDone);
        w.u64(c.stats.size());
        for (const DrawStats& s : c.stats) {
            w.f64(s.logDensity);
            w.f64(s.acceptStat);
            w.f64(s.stepSize);
            w.i32(s.treeDepth);
            w.i32(s.leapfrogSteps);
            w.u8(s.divergent);
            w.f64(s.energy);
        }
    }
    w.u8(run.sviState.has_value());
    if (run.sviState) {
        const SviState& s = *run.sviState;
        w.vector(s.mean);
        w.vector(s.logScale);
        w.u64(s.elbo.size());
        for (double e : s.elbo) w.f64(e);
        w.u64(s.step);
        w.f64(s.learningRate);
        w.u8(s.converged);
    }
    w.u64(run.svi.stepsRun);
    w.u8(run.svi.converged);
    w.u8(run.svi.stopped);
    w.f64(run.svi.elboFinal);
    w.u64(run.svi.skippedSteps);
    w.f64(run.svi.learningRate);
    w.u32(static_cast<std::uint32_t>(run.nutsRejectedMetrics.size()));
    for (int r : run.nutsRejectedMetrics) w.i32(r);
    w.u32(static_cast<std::uint32_t>(run.nutsStates.size()));
    for (const NutsChainState& state : run.nutsStates) {
        w.vector(state.q);
        w.f64(state.stepSize);
        w.vector(state.invMetric);
        w.matrix(state.denseInvMetric);
        const Rng::State rng = state.rng.state();
        for (std::uint64_t word : rng.words) w.u64(word);
        w.f64(rng.spareNormal);
        w.u8(rng.hasSpare);
    }
}

StoredRun readRun(Reader& r, const std::string& source, std::size_t index, std::uint32_t version) {
    StoredRun run;
    const std::string kind = r.text();
    const std::string spec = r.text();
    try {
        inferenceFromName(kind);
    } catch (const std::invalid_argument&) {
        throw std::invalid_argument(source + ": run " + std::to_string(index + 1) + " was made by the inference \"" + kind +
                                    "\", which this version of genrelab does not know");
    }
    run.spec = specFromJson(spec, source + " (run " + std::to_string(index + 1) + ")");
    const std::uint64_t extensions = r.u32();
    if (extensions > r.remaining() / 4) r.fail("more extensions than the file holds");
    for (std::uint64_t i = 0; i < extensions; ++i) run.extensions.push_back(r.i32());
    run.inferenceSeconds = r.f64();
    run.totalSeconds = r.f64();
    run.partial = r.flag();
    if (version == kVersionWithoutStopReason) {
        run.ending.reason = run.partial ? StopReason::Cancelled : StopReason::Completed;
    } else {
        const std::uint8_t reason = r.u8();
        if (reason > static_cast<std::uint8_t>(StopReason::Cancelled)) r.fail("a stop reason this version of genrelab does not know");
        run.ending.reason = static_cast<StopReason>(reason);
        run.ending.convergedAtDrawsPerChain = r.u64();
    }
    Posterior& p = run.posterior;
    p.method = r.text();
    p.partial = r.flag();
    p.seconds = r.f64();
    const std::uint32_t chains = r.u32();
    if (chains > r.remaining() / 16) r.fail("more chains than the file holds");
    for (std::uint32_t k = 0; k < chains; ++k) {
        Chain c;
        c.draws = r.matrix();
        c.warmupDone = r.u64();
        c.stats.resize(r.count(41));  // three doubles, two 32-bit integers, a flag, a double
        for (DrawStats& s : c.stats) {
            s.logDensity = r.f64();
            s.acceptStat = r.f64();
            s.stepSize = r.f64();
            s.treeDepth = r.i32();
            s.leapfrogSteps = r.i32();
            s.divergent = r.flag();
            s.energy = r.f64();
        }
        if (!c.stats.empty() && c.stats.size() != static_cast<std::size_t>(c.draws.rows())) r.fail("a chain with more statistics than draws");
        if (!p.chains.empty() && c.draws.cols() != p.chains.front().draws.cols()) r.fail("chains of different widths");
        p.chains.push_back(std::move(c));
    }
    if (r.flag()) {
        SviState s;
        s.mean = r.vector();
        s.logScale = r.vector();
        s.elbo.resize(r.count(8));
        for (double& e : s.elbo) e = r.f64();
        s.step = r.u64();
        s.learningRate = r.f64();
        s.converged = r.flag();
        if (s.mean.size() != s.logScale.size() || (!p.chains.empty() && s.mean.size() != p.dim())) r.fail("a guide of the wrong width");
        run.sviState = std::move(s);
    }
    run.svi.stepsRun = r.u64();
    run.svi.converged = r.flag();
    run.svi.stopped = r.flag();
    run.svi.elboFinal = r.f64();
    run.svi.skippedSteps = r.u64();
    run.svi.learningRate = r.f64();
    const std::uint32_t rejected = r.u32();
    if (rejected > r.remaining() / 4) r.fail("more chains than the file holds");
    for (std::uint32_t k = 0; k < rejected; ++k) run.nutsRejectedMetrics.push_back(r.i32());
    if (version >= 3) {
        const std::uint32_t states = r.u32();
        if (states != 0 && states != p.chains.size()) r.fail("chain end states for another number of chains");
        for (std::uint32_t k = 0; k < states; ++k) {
            NutsChainState state;
            state.q = r.vector();
            state.stepSize = r.f64();
            state.invMetric = r.vector();
            state.denseInvMetric = r.matrix();
            Rng::State rng;
            for (std::uint64_t& word : rng.words) word = r.u64();
            rng.spareNormal = r.f64();
            rng.hasSpare = r.flag();
            state.rng = Rng::fromState(rng);
            const Eigen::Index dim = p.dim();
            const bool dense = state.denseInvMetric.size() > 0;
            if (state.q.size() != dim || state.invMetric.size() != dim || (dense && (state.denseInvMetric.rows() != dim || state.denseInvMetric.cols() != dim)))
                r.fail("a chain end state of the wrong width");
            run.nutsStates.push_back(std::move(state));
        }
    }
    if (run.spec.inference == InferenceKind::Svi && !run.sviState) r.fail("an SVI run without its guide");
    return run;
}

} // namespace

StoredRun storedRunOf(const RunResult& result, const RunSpec& spec, std::vector<int> extensions) {
    StoredRun run;
    run.spec = spec;
    run.extensions = std::move(extensions);
    run.posterior = result.posterior;
    if (result.sviState) {
        SviState s;
        s.mean = result.sviState->mean;
        s.logScale = result.sviState->logScale;
        s.elbo = result.sviState->elbo;
        s.step = result.sviState->step;
        s.learningRate = result.sviState->learningRate;
        s.converged = result.sviState->converged;
        run.sviState = std::move(s);
    }
    run.svi = result.svi;
    run.nutsRejectedMetrics = result.nutsRejectedMetrics;
    run.nutsStates = result.nutsStates;
    run.inferenceSeconds = result.inferenceSeconds;
    run.totalSeconds = result.totalSeconds;
    run.partial = result.partial;
    run.ending = result.ending;
    return run;
}

std::string encodeRunDraws(const std::vector<StoredRun>& runs) {
    Writer payload;
    payload.u32(static_cast<std::uint32_t>(runs.size()));
    for (const StoredRun& run : runs) writeRun(payload, run);
    Writer header;
    header.bytes().append(kMagic, sizeof(kMagic));
    header.u32(kVersion);
    header.u64(payload.bytes().size());
    header.u64(fnv1a64(payload.bytes()));
    return header.bytes() + payload.bytes();
}

std::vector<StoredRun> decodeRunDraws(std::string_view bytes, const std::string& sourceName) {
    if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
        throw std::invalid_argument(sourceName + ": not a genrelab draws file (it does not start with \"GENRELAB-DRAWS\")");
    if (bytes.size() < kHeaderBytes) throw std::invalid_argument(sourceName + ": not a readable genrelab draws file: the file ends early (cut short?)");
    Reader header(bytes.substr(sizeof(kMagic), kHeaderBytes - sizeof(kMagic)), sourceName);
    const std::uint32_t version = header.u32();
    if (version != kVersion && version != kVersionWithoutChainStates && version != kVersionWithoutStopReason)
        throw std::invalid_argument(sourceName + ": a genrelab draws file of format version " + std::to_string(version) +
                                    "; this version of genrelab reads versions " + std::to_string(kVersionWithoutStopReason) + " to " +
                                    std::to_string(kVersion));
    const std::uint64_t length = header.u64(), hash = header.u64();
    const std::string_view payload = bytes.substr(kHeaderBytes);
    if (payload.size() != length)
        throw std::invalid_argument(sourceName + ": the draws file has " + std::to_string(payload.size()) + " bytes of draws where its header says " +
                                    std::to_string(length) + " (cut short or appended to?)");
    if (fnv1a64(payload) != hash)
        throw std::invalid_argument(sourceName + ": the draws file was changed after it was written (its checksum does not match)");
    Reader r(payload, sourceName);
    const std::uint32_t count = r.u32();
    std::vector<StoredRun> runs;
    for (std::uint32_t i = 0; i < count; ++i) runs.push_back(readRun(r, sourceName, i, version));
    if (r.remaining() != 0) r.fail("bytes after the last run");
    return runs;
}

RunResult rebuildRun(const Table& table, const StoredRun& run) {
    const RunSpec& spec = run.spec;
    RunResult result;
    result.data = prepareData(table, spec.prep, spec.split);
    ModelGroups groups = buildDesigns(result, spec.model.terms);
    result.model = makeModel(spec.model, trainingData(result.data, spec.classNames, std::move(groups)));
    if (run.posterior.chainCount() > 0 && run.posterior.dim() != result.model->dim())
        throw std::invalid_argument("the stored draws have " + std::to_string(run.posterior.dim()) + " parameters, but the model built from the data has " +
                                    std::to_string(result.model->dim()) + ": the data or its preparation differ from the run's");
    if (spec.inference == InferenceKind::Svi && !run.sviState) throw std::invalid_argument("an SVI run without its guide cannot be judged");
    result.posterior = run.posterior;
    result.sviState = run.sviState;
    result.svi = run.svi;
    result.nutsRejectedMetrics = run.nutsRejectedMetrics;
    result.nutsStates = run.nutsStates;
    result.inferenceSeconds = run.inferenceSeconds;
    result.partial = run.partial;
    result.ending = run.ending;
    judgeRun(result, spec);
    result.totalSeconds = run.totalSeconds;
    return result;
}

} // namespace genrelab
