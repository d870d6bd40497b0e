#include "eval/Metrics.h"

#include "util/Stats.h"

#include <cmath>
#include <stdexcept>

namespace genrelab {
namespace {

// Whether class y is among the two most probable of the row, ranking ties by class index as
// the argmax does (so top-1 of this order is the predicted class).
bool inTopTwo(const Eigen::MatrixXd& probabilities, Eigen::Index row, Eigen::Index y) {
    const double py = probabilities(row, y);
    int ahead = 0;
    for (Eigen::Index c = 0; c < probabilities.cols() && ahead < 2; ++c)
        ahead += probabilities(row, c) > py || (probabilities(row, c) == py && c < y);
    return ahead < 2;
}

} // namespace

double accuracyOf(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels) {
    if (labels.size() == 0) return std::nan("");
    long correct = 0;
    for (Eigen::Index n = 0; n < labels.size(); ++n) {
        Eigen::Index predicted;
        probabilities.row(n).maxCoeff(&predicted);
        correct += predicted == labels[n];
    }
    return static_cast<double>(correct) / static_cast<double>(labels.size());
}

PredictiveMetrics evaluatePredictions(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels, int bins) {
    if (probabilities.rows() != labels.size()) throw std::invalid_argument("probabilities and labels differ in rows");
    if (bins < 1) throw std::invalid_argument("calibration needs at least one bin");
    const Eigen::Index n = labels.size(), classes = probabilities.cols();
    PredictiveMetrics m;
    m.confusion = Eigen::MatrixXi::Zero(classes, classes);
    m.perClass.resize(static_cast<std::size_t>(classes));
    m.reliability.resize(static_cast<std::size_t>(bins));
    for (int b = 0; b < bins; ++b) {
        m.reliability[static_cast<std::size_t>(b)].lower = static_cast<double>(b) / bins;
        m.reliability[static_cast<std::size_t>(b)].upper = static_cast<double>(b + 1) / bins;
    }
    if (n == 0) {  // no rows, no metrics: NaN, never a 0 that reads as a result
        m.accuracy = m.accuracySe = m.logPredictiveSe = m.top2Accuracy = m.logPredictive = m.brier = m.ece = m.macroF1 = std::nan("");
        for (ClassMetrics& k : m.perClass) k.precision = k.recall = k.f1 = std::nan("");
        for (ReliabilityBin& b : m.reliability) b.meanConfidence = b.accuracy = std::nan("");
        return m;
    }
    std::vector<double> binConfidence(static_cast<std::size_t>(bins), 0.0), binCorrect(static_cast<std::size_t>(bins), 0.0);
    std::vector<long> binCount(static_cast<std::size_t>(bins), 0);
    long correct = 0, correctTopTwo = 0;
    std::vector<double> rowCorrect(static_cast<std::size_t>(n)), rowLogPredictive(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        const int y = labels[i];
        Eigen::Index predicted;
        const double confidence = probabilities.row(i).maxCoeff(&predicted);
        ++m.confusion(y, predicted);
        correct += predicted == y;
        correctTopTwo += inTopTwo(probabilities, i, y);
        rowCorrect[static_cast<std::size_t>(i)] = predicted == y ? 1.0 : 0.0;
        rowLogPredictive[static_cast<std::size_t>(i)] = std::log(std::max(probabilities(i, y), 1e-300));
        m.logPredictive += rowLogPredictive[static_cast<std::size_t>(i)];
        for (Eigen::Index c = 0; c < classes; ++c) {
            const double e = probabilities(i, c) - (c == y ? 1.0 : 0.0);
            m.brier += e * e;
        }
        const auto b = static_cast<std::size_t>(std::min<double>(bins - 1, std::floor(confidence * bins)));
        binConfidence[b] += confidence;
        binCorrect[b] += predicted == y ? 1.0 : 0.0;
        ++binCount[b];
    }
    const double dn = static_cast<double>(n);
    m.accuracy = static_cast<double>(correct) / dn;
    m.top2Accuracy = static_cast<double>(correctTopTwo) / dn;
    m.logPredictive /= dn;
    m.accuracySe = stats::standardErrorOfMean(rowCorrect);
    m.logPredictiveSe = stats::standardErrorOfMean(rowLogPredictive);
    m.brier /= dn;
    for (std::size_t b = 0; b < binCount.size(); ++b) {
        ReliabilityBin& bin = m.reliability[b];
        bin.count = binCount[b];
        bin.meanConfidence = bin.accuracy = std::nan("");
        if (binCount[b] == 0) continue;
        m.ece += std::fabs(binCorrect[b] - binConfidence[b]) / dn;
        bin.meanConfidence = binConfidence[b] / static_cast<double>(binCount[b]);
        bin.accuracy = binCorrect[b] / static_cast<double>(binCount[b]);
    }
    for (Eigen::Index c = 0; c < classes; ++c) {
        ClassMetrics& k = m.perClass[static_cast<std::size_t>(c)];
        const double tp = m.confusion(c, c);
        const double predictedAs = m.confusion.col(c).sum();
        k.support = m.confusion.row(c).sum();
        k.precision = predictedAs > 0 ? tp / predictedAs : 0.0;
        k.recall = k.support > 0 ? tp / static_cast<double>(k.support) : 0.0;
        k.f1 = k.precision + k.recall > 0 ? 2 * k.precision * k.recall / (k.precision + k.recall) : 0.0;
        m.macroF1 += k.f1 / static_cast<double>(classes);
    }
    return m;
}

} // namespace genrelab
