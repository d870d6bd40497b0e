#pragma once
// Predictive quality of class probabilities against true labels.
#include <Eigen/Core>

#include <vector>

namespace genrelab {

struct ClassMetrics {
    double precision = 0, recall = 0, f1 = 0;
    long support = 0;   // true rows of the class
};

// One bin of a reliability diagram over the top-class probability (the confidence): rows whose
// confidence lies in [lower, upper) (the last bin includes 1). An empty bin has NaN confidence
// and accuracy: it shows no calibration, good or bad.
struct ReliabilityBin {
    double lower = 0, upper = 0;
    double meanConfidence = 0, accuracy = 0;
    long count = 0;
};

// The binning of ECE and of the reliability diagram: equal-width bins of the top-class probability.
inline constexpr int kCalibrationBins = 15;

struct PredictiveMetrics {
    double accuracy = 0;
    double top2Accuracy = 0;    // the true class is among the two most probable (ties: lower class first)
    double logPredictive = 0;   // mean log p(y_n | x_n) over rows (nats)
    // Standard errors of accuracy and logPredictive as means over rows (sample sd of the per-row
    // values / sqrt(rows)): how far the row sample alone moves them. NaN below two rows.
    double accuracySe = 0, logPredictiveSe = 0;
    double brier = 0;           // mean over rows of sum_c (p_c - onehot_c)^2
    double ece = 0;             // expected calibration error: sum over bins of count/rows * |accuracy - confidence|
    double macroF1 = 0;         // unweighted mean of the per-class F1 (0 for a class never predicted nor present)
    Eigen::MatrixXi confusion;  // true class x predicted class
    std::vector<ClassMetrics> perClass;
    std::vector<ReliabilityBin> reliability;  // `bins` equal-width bins on [0, 1]
};

// probabilities: rows x classes, each row summing to 1; labels in 0..classes-1. With no rows
// every rate (overall, per class and per bin) is NaN: an empty set has no accuracy, not one of 0.
// The predicted class is the argmax, the first class on ties.
PredictiveMetrics evaluatePredictions(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels,
                                      int bins = kCalibrationBins);
// Accuracy alone (argmax, first class on ties).
double accuracyOf(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels);

} // namespace genrelab
