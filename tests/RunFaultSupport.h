#pragma once
// Shared by the fault and cancellation tests: a quick run spec of any model and inference, and the
// consistency every finished or cancelled run must show.
#include "infer/Posterior.h"
#include "models/ModelSpec.h"
#include "run/RunPipeline.h"
#include "run/RunSpec.h"

#include <QtTest>

#include <cmath>

namespace genrelab::testing {

inline RunSpec quickSpec(const char* model, InferenceKind inference) {
    RunSpec spec;
    setModelByName(spec.model, model);
    spec.inference = inference;
    spec.svi.steps = 400;
    spec.svi.learningRate = 0.05;
    spec.guideDraws = 100;
    spec.nuts.warmup = 150;
    spec.nuts.samples = 100;
    spec.nuts.chains = 2;
    spec.nuts.maxTreeDepth = 7;
    spec.predictiveDraws = 60;
    spec.split.trainRows = 300;
    spec.split.testRows = 200;
    return spec;
}

// Checks what a cancelled or finished run holds: draws and their statistics agree, every draw
// is finite, and metrics are numbers exactly when there are draws to compute them from.
inline void verifyConsistentResult(const RunResult& r, std::size_t testRows) {
    for (const Chain& chain : r.posterior.chains) {
        QVERIFY(chain.draws.allFinite());
        if (r.posterior.method == "nuts") QCOMPARE(chain.stats.size(), static_cast<std::size_t>(chain.draws.rows()));
    }
    QCOMPARE(r.posterior.partial, r.partial);
    if (r.posterior.drawsPerChain() == 0) {
        QVERIFY(r.partial);  // only a stopped run has no draws; it says so with NaN metrics
        QVERIFY(std::isnan(r.test.accuracy) && std::isnan(r.test.logPredictive));
        return;
    }
    QVERIFY(r.test.accuracy >= 0.0 && r.test.accuracy <= 1.0);
    QVERIFY(std::isfinite(r.test.logPredictive));
    QCOMPARE(static_cast<std::size_t>(r.test.confusion.sum()), testRows);
}

} // namespace genrelab::testing
