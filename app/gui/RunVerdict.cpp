#include "RunVerdict.h"

#include "models/ModelTraits.h"
#include "run/RunPipeline.h"
#include "run/RunSpec.h"
#include "util/Format.h"
#include "util/Stats.h"

#include <QObject>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace genrelab {

QString verdictText(const RunSpec& spec, const RunResult& r) {
    QStringList parts;
    const bool noTestSet = r.data.yTest.size() == 0;
    if (noTestSet)  // no held-out rows: nothing to compare the train accuracy with, so no overfitting claim
        parts << QObject::tr("No test set (test size 0): there are no test metrics and no check for overfitting. Train accuracy %1.")
                     .arg(std::isnan(r.train.accuracy) ? QObject::tr("n/a") : QString::number(r.train.accuracy, 'f', 3));
    const double guess = r.test.confusion.size() ? r.test.confusion.rowwise().sum().maxCoeff() / std::max(1.0, double(r.test.confusion.sum())) : 0.0;
    if (!noTestSet)
        parts << QObject::tr("Test accuracy %1 (always guessing the largest class: %2), macro F1 %3, log predictive %4 nats per track.")
                     .arg(r.test.accuracy, 0, 'f', 3).arg(guess, 0, 'f', 3).arg(r.test.macroF1, 0, 'f', 3).arg(r.test.logPredictive, 0, 'f', 3);
    if (!noTestSet && !r.testPredictive.drawAccuracy.empty()) {
        const std::vector<double>& a = r.testPredictive.drawAccuracy;
        parts << QObject::tr("Across posterior draws the accuracy lies in [%1, %2] (90%).")
                     .arg(stats::quantile(a, 0.05), 0, 'f', 3)
                     .arg(stats::quantile(a, 0.95), 0, 'f', 3);
    }
    if (!noTestSet && r.train.accuracy - r.test.accuracy > 0.05) parts << QObject::tr("Train accuracy is %1 higher: some overfitting.").arg(r.train.accuracy - r.test.accuracy, 0, 'f', 3);
    if (spec.inference == InferenceKind::Nuts) {
        // Without identified parameters (a network's swappable hidden units) R-hat is judged on predictions.
        const bool onPredictions = !traitsOf(spec.model).identifiedParameters;
        const double rhat = onPredictions ? r.predictionDiagnostics.rhatMax : r.convergence.rhatMax;
        const bool ok = rhat <= 1.01 && r.convergence.divergences == 0 && (onPredictions || r.convergence.essBulkMin >= 400);
        if (std::isnan(rhat) || !r.convergence.judgeable())
            parts << QObject::tr("The chains cannot be judged: R-hat or ESS is not computable (fewer than 4 draws per chain, or draws "
                                 "that are not finite). Draw more before trusting the posterior.");
        else if (ok)
            parts << QObject::tr("The chains agree (max R-hat %1%2) with %3 effective draws at least and no divergences: trust these numbers.")
                         .arg(rhat, 0, 'f', 3)
                         .arg(onPredictions ? QObject::tr(" on predictions") : QString())
                         .arg(r.convergence.essBulkMin, 0, 'f', 0);
        else
            parts << QObject::tr("Caution: max R-hat %1%2, min bulk ESS %3, %4 divergences: sample longer or reparameterize before trusting the posterior.")
                         .arg(rhat, 0, 'f', 3)
                         .arg(onPredictions ? QObject::tr(" on predictions") : QString())
                         .arg(r.convergence.essBulkMin, 0, 'f', 0)
                         .arg(r.convergence.divergences);
    } else if (spec.inference == InferenceKind::Svi) {
        if (std::isnan(r.paretoK))
            parts << QObject::tr("SVI: Pareto k-hat n/a (the importance ratios could not be computed), so the guide cannot be judged; "
                                 "use NUTS for uncertainty.");
        else
            parts << QObject::tr("SVI: Pareto k-hat %1 — %2").arg(r.paretoK, 0, 'f', 2).arg(r.paretoK < 0.7 ? QObject::tr("the guide is usable.")
                                                                                                    : QObject::tr("predictions are fine, but posterior sds from the mean-field guide are too narrow; use NUTS for uncertainty."));
    } else if (spec.inference == InferenceKind::Pathfinder) {
        int bestPath = -1;
        for (std::size_t p = 0; p < r.pathfinderPaths.size(); ++p)
            if (bestPath < 0 || r.pathfinderPaths[p].bestElbo > r.pathfinderPaths[static_cast<std::size_t>(bestPath)].bestElbo) bestPath = static_cast<int>(p);
        if (bestPath >= 0) {
            const PathfinderPath& best = r.pathfinderPaths[static_cast<std::size_t>(bestPath)];
            parts << QObject::tr("Pathfinder: %1 paths; the best Gaussian (ELBO %2) came from iteration %3 of path %4.")
                         .arg(r.pathfinderPaths.size())
                         .arg(best.bestElbo, 0, 'f', 1)
                         .arg(best.bestIteration)
                         .arg(bestPath + 1);
        }
        if (std::isnan(r.paretoK))
            parts << QObject::tr("Pareto k-hat of the resampling n/a (too few distinct ratios to fit a tail).");
        else
            parts << QObject::tr("Pareto k-hat of the resampling %1 — %2")
                         .arg(r.paretoK, 0, 'f', 2)
                         .arg(r.paretoK < 0.7 ? QObject::tr("the resampled draws stand for the posterior.")
                                              : QObject::tr("few draws carry the weight: predictions are usable, intervals are not; "
                                                            "use NUTS (started from Pathfinder) for uncertainty."));
    } else {
        parts << QObject::tr("Prior draws only: this is the before-learning baseline.");
    }
    if (r.ending.reason == StopReason::Converged)
        parts << QObject::tr("Stopped when converged at %1 draws per chain (the chains met the rule R-hat ≤ 1.01 and ESS ≥ 400 "
                             "there; %2 per chain kept): a complete run, judged on all its draws.")
                     .arg(r.ending.convergedAtDrawsPerChain)
                     .arg(r.posterior.drawsPerChain());
    else if (r.ending.reason == StopReason::Cancelled)
        parts << QObject::tr("PARTIAL: the run was cancelled before its planned draws; these numbers use what was computed.");
    return parts.join(' ');
}

QString endingSuffix(const RunEnding& ending) {
    switch (ending.reason) {
    case StopReason::Completed: return {};
    case StopReason::Converged: return QObject::tr(" (stopped: converged at %1 draws per chain)").arg(ending.convergedAtDrawsPerChain);
    case StopReason::Cancelled: return QObject::tr(" (PARTIAL: cancelled; what was computed is kept)");
    }
    return {};
}

QString differentRowsText(const RunResult& current, const RunResult& previous) {
    if (current.data.split.train == previous.data.split.train && current.data.split.test == previous.data.split.test) return {};
    const auto rows = [](const RunResult& r) {
        return QObject::tr("%1 training and %2 test rows")
            .arg(QString::fromStdString(grouped(static_cast<std::int64_t>(r.data.split.train.size()))),
                 QString::fromStdString(grouped(static_cast<std::int64_t>(r.data.split.test.size()))));
    };
    const bool sameTest = current.data.split.test == previous.data.split.test;
    return QObject::tr("The two runs used different rows: this run %1, the previous run %2%3. Differences between them mix the "
                       "models with the data; train both on the same rows to compare the models.")
        .arg(rows(current), rows(previous), sameTest ? QObject::tr(" (the same test rows)") : QObject::tr(" (other test rows too)"));
}

} // namespace genrelab
