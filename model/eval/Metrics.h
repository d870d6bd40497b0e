#pragma once
// Predictive quality of class probabilities against true labels.
#include <Eigen/Core>

#include <vector>

namespace genrelab {

struct ClassMetrics {
    double precision = 0, recall = 0, f1 = 0;
    long support = 0;   // true rows of the class
};

struct PredictiveMetrics {
    double accuracy = 0;
    double logPredictive = 0;   // mean log p(y_n | x_n) over rows (nats)
    double brier = 0;           // mean over rows of sum_c (p_c - onehot_c)^2
    double ece = 0;             // expected calibration error of the top-class confidence
    double macroF1 = 0;
    Eigen::MatrixXi confusion;  // true class x predicted class
    std::vector<ClassMetrics> perClass;
};

// probabilities: rows x classes, each row summing to 1; labels in 0..classes-1. With no rows
// every rate (overall and per class) is NaN: an empty set has no accuracy, not one of 0.
PredictiveMetrics evaluatePredictions(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels, int bins = 15);
// Accuracy alone (argmax, first class on ties).
double accuracyOf(const Eigen::MatrixXd& probabilities, const Eigen::VectorXi& labels);

} // namespace genrelab
